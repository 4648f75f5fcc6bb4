"""The record of the MNIST training runs that the page publishes.

Training all the runs takes minutes, so their results are kept in a
committed record, `data/runs/ch2_mnist_training_runs.json`. It lives in data/,
beside the data it was trained on: outside docs/, so the site does not publish
it, and outside every generated/ folder, so `make outputs` never prunes it.

Each run in the record is stored under a key: a SHA-256 of every input that
decides its result (`key_inputs`):

* code: the source of every function and class the run reaches, found by
  following the names that `run_training` and `load_data` use, through
  mnist_mlp.py and this module, and the value of every module constant they
  read. Comments and docstrings are left out: they change no result.
* settings: the run's entry in RUNS;
* data: the SHA-256 of the four MNIST files the loader accepts;
* versions of the libraries that change results: NumPy and Python.

Training happens only when it is asked for:

* MNIST_TRAIN=1            train the runs that are stale or missing;
* MNIST_RETRAIN=all        retrain every run (MNIST_RETRAIN=main,sigmoid:
                           only those; a name that is no run is an error).

Without either, a stale or missing run raises StaleRunError, naming the run
and the command. Each run is written to the record (atomically) as soon as it
finishes, so a later failure never loses it. MNIST_DIR, if set, names the
folder with the MNIST files, as everywhere in the chapter.

    MNIST_TRAIN=1 OPENBLAS_NUM_THREADS=1 .venv/bin/python -m tools.outputs \\
        ch2_mnist
"""

from __future__ import annotations

import ast
import datetime
import hashlib
import inspect
import json
import os
import platform
import sys
import textwrap
import types
from pathlib import Path

import numpy as np

from snippets.ch2_mnist import mnist_mlp
from snippets.ch2_mnist.mnist_mlp import (
    count_params,
    evaluate,
    forward,
    load_mnist,
    split_off_validation,
    train,
)
from tools.files import write_atomic

ROOT = Path(__file__).resolve().parents[2]
RECORD_PATH = ROOT / "data" / "runs" / "ch2_mnist_training_runs.json"
TRAIN_COMMAND = (
    "MNIST_TRAIN=1 OPENBLAS_NUM_THREADS=1 .venv/bin/python -m tools.outputs "
    "ch2_mnist"
)
LOG_EPOCHS = (1, 5, 10, 15, 20)
BASE = {
    "layer_sizes": [784, 128, 64, 10],
    "epochs": 20,
    "batch_size": 128,
    "lr": 0.1,
    "momentum": 0.0,
    "activation": "relu",
    "seed": 0,
}
DEEPER = [784, 128, 64, 32, 10]
# Every run the page shows. "main" is section 2.8's network (and lr = 0.1).
RUNS = {
    "main": BASE,
    "lr_0.001": {**BASE, "lr": 0.001},
    "lr_0.01": {**BASE, "lr": 0.01},
    "lr_1.0": {**BASE, "lr": 1.0},
    "three_hidden": {**BASE, "layer_sizes": DEEPER},
    "sigmoid": {**BASE, "activation": "sigmoid"},
    # The same two networks from another seed: what does the seed alone do?
    "main_seed1": {**BASE, "seed": 1},
    "three_hidden_seed1": {**BASE, "layer_sizes": DEEPER, "seed": 1},
}
N_MISCLASSIFIED = 12
# A re-run must reproduce the published figures within these (tests/ch2_mnist).
ACCURACY_TOLERANCE_POINTS = 0.3
LOSS_TOLERANCE_RELATIVE = 0.05


class StaleRunError(RuntimeError):
    """A run the page needs is missing from the record or out of date."""


class RecordError(ValueError):
    """The record file is not a valid training record."""


# --- What a run depends on -------------------------------------------------


def normalized(source: str) -> str:
    """Code without its comments and docstrings, in one canonical layout."""
    tree = ast.parse(textwrap.dedent(source))
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if (
            isinstance(body, list)
            and body
            and isinstance(body[0], ast.Expr)
            and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)
        ):
            node.body = body[1:] or [ast.Pass()]
    return ast.unparse(tree)


def _is_project_code(obj) -> bool:
    if not (inspect.isfunction(obj) or inspect.isclass(obj)):
        return False
    try:
        path = Path(inspect.getsourcefile(obj)).resolve()
    except (TypeError, OSError):
        return False  # built in: not the project's code
    return path.is_relative_to(ROOT) and ".venv" not in path.parts


def _names_used(code: types.CodeType) -> set[str]:
    """Every global name a code object (or one nested in it) refers to."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names_used(const)
    return names


def code_sources(entry_points=None) -> dict[str, str]:
    """Normalized source of every project function and class the entry
    points reach, and the repr of every module constant they read."""
    todo = list(entry_points or TRAINING_CODE)
    sources: dict[str, str] = {}
    while todo:
        obj = todo.pop()
        name = f"{obj.__module__}.{obj.__qualname__}"
        if name in sources:
            continue
        sources[name] = normalized(inspect.getsource(obj))
        methods = [v for v in vars(obj).values() if inspect.isfunction(v)]
        for function in [obj] if inspect.isfunction(obj) else methods:
            namespace = function.__globals__
            for used in sorted(_names_used(function.__code__)):
                if used.startswith("__"):
                    continue  # __name__ and friends: no input of a run
                value = namespace.get(used)
                if _is_project_code(value):
                    todo.append(value)
                elif used in namespace and not (
                    callable(value) or isinstance(value, types.ModuleType)
                ):
                    if isinstance(value, Path):  # the same in every clone
                        value = _rel(value)
                    sources[f"{function.__module__}.{used}"] = repr(value)
    return dict(sorted(sources.items()))


def data_checksums() -> dict[str, str]:
    """The SHA-256 of each MNIST file, as the loader checks them."""
    return dict(sorted(mnist_mlp.MNIST_FILES.values()))


def library_versions() -> dict[str, str]:
    return {"numpy": np.__version__, "python": platform.python_version()}


def key_inputs(config: dict) -> dict:
    """Everything that decides a run's result (see the module docstring)."""
    return {
        "code": code_sources(),
        "settings": config,
        "data": data_checksums(),
        "versions": library_versions(),
    }


def run_key(config: dict) -> str:
    text = json.dumps(key_inputs(config), sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- Running one training ----------------------------------------------------


def data_dir() -> Path:
    """MNIST_DIR if it is set, else the repository's data/mnist."""
    folder = os.environ.get("MNIST_DIR")
    return Path(folder) if folder else ROOT / "data" / "mnist"


def load_data(folder=None):
    """(X_train, y_train, X_val, y_val, X_test, y_test), the split the
    page uses: 10,000 training images held out for validation."""
    X_train, y_train, X_test, y_test = load_mnist(folder or data_dir())
    split = split_off_validation(X_train, y_train, n_validation=10_000, seed=0)
    return (*split, X_test, y_test)


def machine() -> dict:
    from threadpoolctl import threadpool_info

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    blas = []
    for info in threadpool_info():
        if info["user_api"] == "blas":
            threads = info["num_threads"]
            blas.append(
                f"{info['internal_api']} {info['version']} "
                f"({info.get('architecture')} kernel, {threads} "
                f"thread{'' if threads == 1 else 's'})"
            )
    tuning = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    return {
        "cpu": f"{cpu}, {os.cpu_count()} CPUs",
        "os": f"{platform.system()} {platform.machine()}",
        **library_versions(),
        "blas": "; ".join(blas) or "unknown",
        "openblas_env": ", ".join(
            f"{k}={os.environ[k]}" for k in tuning if k in os.environ
        )
        or "none",
    }


def _finite(value: float, digits: int):
    return (
        round(value, digits) if np.isfinite(value) else None
    )  # no NaN in JSON


def run_training(config: dict, data) -> dict:
    """Train one configuration; return everything the page needs from it.

    The network is chosen on the validation set; the test set is scored
    once, at the end, and gives the confusion matrix and the mistakes.
    """
    X_train, y_train, X_val, y_val, X_test, y_test = data
    log = []
    params, history = train(
        X_train,
        y_train,
        X_val,
        y_val,
        layer_sizes=tuple(config["layer_sizes"]),
        epochs=config["epochs"],
        batch_size=config["batch_size"],
        lr=config["lr"],
        momentum=config["momentum"],
        activation=config["activation"],
        seed=config["seed"],
        log_epochs=LOG_EPOCHS,
        print_fn=log.append,
    )
    test_loss, test_accuracy = evaluate(
        params, X_test, y_test, config["activation"]
    )
    probs, _ = forward(params, X_test, config["activation"])
    predicted = probs.argmax(axis=1)
    confusion = np.zeros((10, 10), dtype=np.int64)
    np.add.at(confusion, (y_test, predicted), 1)
    wrong = np.flatnonzero(predicted != y_test)[:N_MISCLASSIFIED]
    return {
        "config": config,
        "log": log,
        "history": {
            "train_loss": [_finite(v, 6) for v in history["train_loss"]],
            "val_loss": [_finite(v, 6) for v in history["val_loss"]],
            "val_accuracy": [round(v, 6) for v in history["val_accuracy"]],
            "cpu_seconds": [round(v, 3) for v in history["cpu_seconds"]],
        },
        "best_epoch": history["best_epoch"],
        "test": {
            "loss": _finite(test_loss, 6),
            "accuracy": round(test_accuracy, 6),
        },
        "n_params": count_params(params),
        "n_train": len(X_train),
        "n_validation": len(X_val),
        "confusion": confusion.tolist(),
        "misclassified": [
            {
                "index": int(i),
                "label": int(y_test[i]),
                "predicted": int(predicted[i]),
                "confidence": round(float(probs[i, predicted[i]]), 4),
            }
            for i in wrong
        ],
        "machine": machine(),
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d"),
    }


# Where a run's code starts: what the key follows (see code_sources).
TRAINING_CODE = (run_training, load_data)


# --- The record --------------------------------------------------------------


def _rel(path: Path) -> str:
    path = Path(path).resolve()
    return (
        str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
    )


def load_record(path: Path = RECORD_PATH) -> dict:
    """The stored runs by name ({} if there is no record yet)."""
    path = Path(path)
    if not path.is_file():
        return {}
    fix = (
        f"restore it with `git checkout -- {_rel(path)}`, or retrain every "
        f"run with MNIST_RETRAIN=all {TRAIN_COMMAND}"
    )
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise RecordError(
            f"{_rel(path)} is not valid JSON ({error}): the file is "
            f"truncated or damaged; {fix}"
        ) from None
    if not isinstance(record, dict) or not all(
        isinstance(run, dict) and "key" in run for run in record.values()
    ):
        raise RecordError(
            f"{_rel(path)} is not a training record (expected an object "
            f"of runs by name, each with a key); {fix}"
        )
    return record


def save_record(record: dict, path: Path = RECORD_PATH) -> None:
    text = json.dumps(record, indent=1, sort_keys=True) + "\n"
    write_atomic(Path(path), text.encode())


def requested_retrain(value: str) -> set[str]:
    """The run names in an MNIST_RETRAIN value ("all", or names by comma)."""
    value = value.strip()
    if value in ("1", "all"):
        return set(RUNS)
    names = {name.strip() for name in value.split(",") if name.strip()}
    unknown = sorted(names - set(RUNS))
    if unknown:
        raise ValueError(
            f"MNIST_RETRAIN names unknown runs {unknown}; the runs are "
            f"{', '.join(RUNS)} (or all)"
        )
    return names


def runs(
    allow_training: bool | None = None,
    retrain: str | None = None,
    record_path: Path = RECORD_PATH,
    data_folder=None,
) -> dict:
    """Every run of RUNS: from the record when its key matches.

    A stale or missing run trains only when allowed: allow_training=True or
    MNIST_TRAIN=1 (stale or missing runs), or its name in `retrain` or
    MNIST_RETRAIN. Otherwise StaleRunError names the runs and the command.
    """
    if allow_training is None:
        allow_training = os.environ.get("MNIST_TRAIN", "") == "1"
    if retrain is None:
        retrain = os.environ.get("MNIST_RETRAIN", "")
    forced = requested_retrain(retrain)
    record = load_record(record_path)
    keys = {name: run_key(config) for name, config in RUNS.items()}
    stale = [
        name
        for name in RUNS
        if name in forced
        or name not in record
        or record[name]["key"] != keys[name]
    ]
    blocked = [n for n in stale if n not in forced and not allow_training]
    if blocked:
        details = ", ".join(
            f"{name!r} ({'stale' if name in record else 'missing'})"
            for name in blocked
        )
        raise StaleRunError(
            f"the MNIST runs {details} in {_rel(record_path)} do not match "
            "the current training code, settings, data or library versions. "
            f"Retrain them (under a minute each) with: {TRAIN_COMMAND}"
        )
    data = None
    for name in stale:
        if data is None:
            data = load_data(data_folder)
        print(f"ch2_mnist: training {name} ...", file=sys.stderr, flush=True)
        record[name] = {"key": keys[name], **run_training(RUNS[name], data)}
        # Saved at once: a later failure must not throw this run away.
        save_record({n: record[n] for n in RUNS if n in record}, record_path)
    return {name: record[name] for name in RUNS}
