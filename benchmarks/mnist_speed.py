"""Speed benchmark: the course's from-scratch NumPy MLP against PyTorch (and scikit-learn).

All trainers train the same network on the page's split of the real MNIST files
(50,000 training images; 10,000 held out for validation; the 10,000 test images):
784-128-64-10, ReLU, softmax + cross-entropy, plain mini-batch SGD (batch 128, lr 0.1,
no momentum, no weight decay), float32, 20 epochs. After each epoch both trainers score the
validation set and keep the best epoch's parameters. Each run is timed whole, in
wall-clock and in CPU seconds, and divided by the number of epochs: the same work
for both trainers.

It prints, for 1 and for 2 threads (BLAS threads for NumPy, torch.set_num_threads for
PyTorch):
- seconds per epoch of each trainer, round by round; the rounds alternate the trainers,
  so a slow spell of the machine hits both;
- CPU seconds per epoch (all threads added up): on a busy machine, wall-clock time
  measures the other processes as much as the trainer, while CPU time counts only
  this process's own work (with 1 thread it is what the epoch takes on an idle core);
- the ratio NumPy / PyTorch per round, then its median and its range (min-max) over
  the rounds (at least 3);
- the share of the machine's measured float32 GEMM peak that each trainer reaches:
  the FLOPs of an epoch's matrix products, counted exactly (`matmul_flops_per_image`),
  plus the validation forward pass, over the seconds per epoch; the 6 x parameters
  rule beside it; and the same by CPU time, against the peak per CPU second;
- NumPy's test accuracy of the epoch kept on validation, against the 97.7% bar.

`--profile` first splits one NumPy epoch into its phases (batching, forward, loss,
backward, update) and times the same epoch's matrix products alone.

`--save` writes what it measured (with --profile, 20 epochs, 1 and 2 threads and
PyTorch: the page's settings) to data/runs/mnist_speed.json, which the MNIST page
publishes. The record carries the key of the page's main training run
(snippets/ch2_mnist/runs.py): when the trainer, its settings, the data or NumPy
change, the page's build stops and asks for a new measurement.

    .venv/bin/pip install -r benchmarks/requirements-torch.txt   # once, optional
    .venv/bin/python benchmarks/mnist_speed.py [--rounds 3] [--epochs 20] [--profile]
                                                [--sklearn] [--save]

OpenBLAS tuning variables. On some processors the machine's environment sets
OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE), which force a current NumPy onto an older,
slower kernel. For a fair measurement unset both for this command alone (the script
prints them and the kernel threadpoolctl reports):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/mnist_speed.py

Run it on a quiet machine. OpenBLAS's and PyTorch's worker threads spin while they
wait, so when other processes compete for the 2 cores, 2-thread runs can slow down
many times over; the 1-thread figures are the steadier ones. A benchmark, not a test.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import platform
import sys
import time
import warnings
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from snippets.ch2_mnist import mnist_mlp  # noqa: E402
from snippets.ch2_mnist.runs import BASE, load_data, run_key  # noqa: E402
from tools.files import write_atomic  # noqa: E402

RECORD_PATH = ROOT / "data" / "runs" / "mnist_speed.json"

LAYERS = (784, 128, 64, 10)
BATCH, LR = 128, 0.1
GOAL_RATIO, GOAL_ACCURACY = 0.5, 0.977


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _timed(fn) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds of this process) that fn() takes."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def gemm_peak(threads: int) -> tuple[float, float, str]:
    """Best float32 GEMM rate measured with NumPy and, if present, PyTorch:
    (FLOP per wall-clock second, FLOP per CPU second, which product)."""
    results = []
    products = []
    with threadpool_limits(limits=threads, user_api="blas"):
        for n in (1024, 2048):
            a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
            products.append((f"NumPy {n}x{n}", n, lambda a=a: a @ a))
    try:
        import torch

        torch.set_num_threads(threads)
        for n in (1024, 2048):
            a = torch.randn(n, n)
            products.append((f"PyTorch {n}x{n}", n, lambda a=a: a @ a))
    except ImportError:
        pass
    for name, n, product in products:
        with threadpool_limits(limits=threads, user_api="blas"):
            product()
            times = [_timed(product) for _ in range(5)]
        wall, cpu = min(t[0] for t in times), min(t[1] for t in times)
        results.append((2 * n**3 / wall, 2 * n**3 / max(cpu, 1e-9), name))
    return max(results)


def run_numpy(data, epochs, seed, threads):
    X_train, y_train, X_val, y_val, X_test, y_test = data
    with threadpool_limits(limits=threads, user_api="blas"):  # train keeps the best epoch
        params, _ = mnist_mlp.train(
            X_train, y_train, X_val, y_val, layer_sizes=LAYERS, epochs=epochs,
            batch_size=BATCH, lr=LR, seed=seed, print_fn=lambda line: None,
        )  # fmt: skip
        _, test_accuracy = mnist_mlp.evaluate(params, X_test, y_test)
    return test_accuracy


def run_torch(data, epochs, seed, threads):
    import torch
    import torch.nn.functional as F

    torch.manual_seed(seed)
    torch.set_num_threads(threads)
    X_train, y_train, X_val, y_val, X_test, y_test = (torch.from_numpy(a) for a in data)
    model = torch.nn.Sequential(
        torch.nn.Linear(784, 128),
        torch.nn.ReLU(),
        torch.nn.Linear(128, 64),
        torch.nn.ReLU(),
        torch.nn.Linear(64, 10),
    )
    for layer in model:
        if isinstance(layer, torch.nn.Linear):  # He initialisation, zero biases, as in NumPy
            torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
            torch.nn.init.zeros_(layer.bias)
    optimizer = torch.optim.SGD(model.parameters(), lr=LR)
    generator = torch.Generator().manual_seed(seed)
    n, best = len(X_train), (-1.0, None)
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, BATCH):
            idx = order[start : start + BATCH]
            loss = F.cross_entropy(model(X_train[idx]), y_train[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        with torch.no_grad():  # keep the epoch best on validation, as NumPy's train does
            val_accuracy = (model(X_val).argmax(dim=1) == y_val).float().mean().item()
        if val_accuracy > best[0]:
            best = (val_accuracy, {k: v.clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[1])
    with torch.no_grad():
        accuracy = (model(X_test).argmax(dim=1) == y_test).float().mean().item()
    return accuracy


def run_sklearn(data, epochs, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X_train, y_train, _, _, X_test, y_test = data
    model = MLPClassifier(
        hidden_layer_sizes=LAYERS[1:-1], activation="relu", solver="sgd",
        learning_rate="constant", learning_rate_init=LR, momentum=0.0,
        nesterovs_momentum=False, batch_size=BATCH, alpha=0.0, max_iter=epochs,
        shuffle=True, tol=0.0, n_iter_no_change=epochs + 1, early_stopping=False,
        random_state=seed,
    )  # fmt: skip
    seconds = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(epochs):  # partial_fit = one epoch (one shuffled pass), timed alone
            started = time.perf_counter()
            model.partial_fit(X_train, y_train, classes=np.arange(10))
            seconds.append(time.perf_counter() - started)
    return seconds, float(np.mean(model.predict(X_test) == y_test))


def profile_epoch(data, seed=0, threads=1):
    """CPU seconds of one NumPy epoch by phase, and of its matrix products alone.

    The loop is mnist_mlp.train's, with a clock around each phase: it calls the
    steps without their checks, as train does once it has checked its arguments.
    """
    X_train, y_train = data[0], data[1]
    phases = dict.fromkeys(("batching", "forward", "loss", "backward", "update"), 0.0)
    clock = time.process_time  # CPU time: steady on a busy machine (1 thread)
    with threadpool_limits(limits=threads, user_api="blas"):
        rng = np.random.default_rng(seed)
        params = mnist_mlp.init_params(LAYERS, rng)
        order = rng.permutation(len(X_train))
        for start in range(0, len(X_train), BATCH):
            t0 = clock()
            idx = order[start : start + BATCH]
            X, labels = X_train[idx], y_train[idx]
            t1 = clock()
            probs, outputs = mnist_mlp._forward(params, X, "relu")
            t2 = clock()
            mnist_mlp._cross_entropy(probs, labels)
            t3 = clock()
            grads = mnist_mlp._backward(params, outputs, labels, "relu")
            t4 = clock()
            mnist_mlp._sgd_update(params, grads, LR, None, 0.0)
            t5 = clock()
            for phase, a, b in zip(phases, (t0, t1, t2, t3, t4), (t1, t2, t3, t4, t5), strict=True):
                phases[phase] += b - a
        # The same products on the same shapes, nothing else: the floor of this code.
        Ws = [p["W"] for p in params]
        acts = [X_train[:BATCH]] + [np.ones((BATCH, n), np.float32) for n in LAYERS[1:]]
        started = clock()
        for _ in range(0, len(X_train), BATCH):
            for i, W in enumerate(Ws):
                acts[i] @ W  # forward
                acts[i].T @ acts[i + 1]  # weight gradient
                if i:
                    acts[i + 1] @ W.T  # gradient passed back
        gemm_only = clock() - started
    return phases, gemm_only


def _spread(values) -> str:
    values = np.asarray(values)
    return f"median {np.median(values):.2f}, range {values.min():.2f}-{values.max():.2f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--rounds", type=int, default=3, help="at least 3")
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--sklearn", action="store_true", help="also time scikit-learn")
    parser.add_argument(
        "--save", action="store_true", help=f"write the figures to {RECORD_PATH.relative_to(ROOT)}"
    )
    args = parser.parse_args(argv)
    if args.rounds < 3:
        parser.error("--rounds must be at least 3: a spread needs several rounds")
    if args.save and (
        args.epochs != BASE["epochs"] or sorted(args.threads) != [1, 2] or not args.profile
    ):
        parser.error(
            f"--save records what the page shows: --profile, --epochs {BASE['epochs']} and "
            "--threads 1 2 (the defaults)"
        )

    data = load_data(ROOT / "data" / "mnist")
    n_train = len(data[0])
    n_params = mnist_mlp.count_params(mnist_mlp.init_params(LAYERS, np.random.default_rng(0)))
    exact = mnist_mlp.matmul_flops_per_image(LAYERS) * n_train  # FLOPs per epoch
    rule = 6 * n_params * n_train
    blas = [
        f"{i['internal_api']} {i['version']} ({i.get('architecture')})"
        for i in threadpool_info()
        if i["user_api"] == "blas"
    ]
    print(f"machine : {cpu_name()}, {os.cpu_count()} CPUs, {platform.platform()}")
    print(f"python  : {platform.python_version()}, numpy {np.__version__}, BLAS {'; '.join(blas)}")
    print(
        "env     : "
        + ", ".join(
            f"{k}={os.environ.get(k, '(unset)')}" for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
        )
    )
    print(
        f"work    : {exact / 1e9:.2f} GFLOP per epoch of {n_train:,} images, counted exactly "
        f"({exact // n_train:,} per image); the 6 x {n_params:,} parameters rule says "
        f"{rule / 1e9:.2f} ({exact / rule:.2f} of it)"
    )
    try:
        import torch

        torch_name = f"PyTorch {torch.__version__}"
    except ImportError:
        torch_name = None
        print("PyTorch is not installed: pip install -r benchmarks/requirements-torch.txt")
        if args.save:
            parser.error("--save needs PyTorch: pip install -r benchmarks/requirements-torch.txt")
    record = {
        "measured": datetime.date.today().isoformat(),
        "trainer_key": run_key(BASE),
        "machine": f"{cpu_name()}, {os.cpu_count()} CPUs",
        "versions": {"numpy": np.__version__, "blas": "; ".join(blas), "torch": torch_name},
        "openblas_env": {k: os.environ.get(k) for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")},
        "epochs": args.epochs,
        "rounds": args.rounds,
        "gflop_per_epoch": exact / 1e9,
        "threads": {},
    }

    if args.profile:
        phases, gemm_only = profile_epoch(data, args.seed)
        total = sum(phases.values())
        print(f"\nprofile : one NumPy epoch, 1 BLAS thread, {total:.3f} CPU s")
        for phase, seconds in phases.items():
            print(f"          {phase:9} {seconds:6.3f} s  {seconds / total:5.1%}")
        print(
            f"          the same matrix products alone: {gemm_only:.3f} s "
            f"({gemm_only / total:.0%} of the epoch)"
        )
        record["profile"] = {"cpu_seconds": phases, "matrix_products_alone": gemm_only}

    verdicts = []
    # Scoring the validation set each epoch: a forward pass, 2 FLOPs per weight.
    validation = 2 * sum(a * b for a, b in itertools.pairwise(LAYERS)) * len(data[2])
    for threads in args.threads:
        peak, cpu_peak, peak_source = gemm_peak(threads)
        print(
            f"\n== {threads} thread{'s' if threads > 1 else ''}: float32 GEMM peak "
            f"{peak / 1e9:.0f} GFLOP/s, {cpu_peak / 1e9:.0f} GFLOP per CPU second "
            f"({peak_source})"
        )
        trainers = [("NumPy", run_numpy)]
        if torch_name:
            trainers.append((torch_name, run_torch))
        results = {name: [] for name, _ in trainers}
        for round_ in range(1, args.rounds + 1):
            line = f"round {round_}:"
            for name, run in trainers:
                accuracy = []
                wall, cpu = _timed(
                    lambda run=run, out=accuracy, threads=threads: out.append(
                        run(data, args.epochs, args.seed, threads)
                    )
                )
                wall, cpu = wall / args.epochs, cpu / args.epochs
                results[name].append((wall, accuracy[0], cpu))
                line += f"  {name} {wall:.3f} s/epoch ({cpu:.3f} CPU s)"
            if torch_name:
                numpy_row, torch_row = results["NumPy"][-1], results[torch_name][-1]
                line += (
                    f"  ratio {numpy_row[0] / torch_row[0]:.2f} "
                    f"(CPU {numpy_row[2] / torch_row[2]:.2f})"
                )
            print(line, flush=True)
        work, work_rule = exact + validation, rule + validation
        for name, rows in results.items():
            means, cpu = [row[0] for row in rows], [row[2] for row in rows]
            print(
                f"{name:22} s/epoch {_spread(means)}; CPU s/epoch {_spread(cpu)}; "
                f"GEMM peak share {work / np.median(means) / peak:.1%} "
                f"(fastest round {work / min(means) / peak:.1%}; by the 6N rule "
                f"{work_rule / np.median(means) / peak:.1%}), by CPU time "
                f"{work / np.median(cpu) / cpu_peak:.1%}; "
                f"test accuracy {rows[-1][1]:.2%}"
            )
        record["threads"][str(threads)] = {
            "gemm_peak_gflops": peak / 1e9,
            **{
                key: {
                    "seconds_per_epoch": [row[0] for row in rows],
                    "cpu_seconds_per_epoch": [row[2] for row in rows],
                    "test_accuracy": rows[-1][1],
                    "peak_share": work / np.median([row[0] for row in rows]) / peak,
                }
                for key, rows in zip(("numpy", "torch"), results.values(), strict=False)
            },
        }
        accuracy = results["NumPy"][-1][1]
        verdict = (
            f"{threads} thread(s): NumPy test accuracy {accuracy:.2%} "
            f"{'>=' if accuracy >= GOAL_ACCURACY else '<'} {GOAL_ACCURACY:.1%}"
        )
        if torch_name:
            pairs = list(zip(results["NumPy"], results[torch_name], strict=True))
            ratios = [a[0] / b[0] for a, b in pairs]
            cpu_ratios = [a[2] / b[2] for a, b in pairs]
            print(
                f"{'NumPy / PyTorch':22} wall {_spread(ratios)}; CPU "
                f"{_spread(cpu_ratios)} (per round, same run)"
            )
            verdict += (
                f"; time / PyTorch {np.median(ratios):.2f}x (range "
                f"{min(ratios):.2f}-{max(ratios):.2f}) "
                f"{'<=' if max(ratios) <= GOAL_RATIO else 'vs the goal'} {GOAL_RATIO}x; "
                f"CPU time {np.median(cpu_ratios):.2f}x (range {min(cpu_ratios):.2f}-"
                f"{max(cpu_ratios):.2f})"
            )
        verdicts.append(verdict)

    if args.sklearn:
        import sklearn

        with threadpool_limits(limits=1):
            seconds, accuracy = run_sklearn(data, args.epochs, args.seed)
        print(
            f"\nscikit-learn {sklearn.__version__} (1 thread, 1 round): "
            f"{np.mean(seconds):.3f} s/epoch, test accuracy {accuracy:.2%}"
        )
    print("\ngoal    : " + "\n          ".join(verdicts))
    if args.save:
        write_atomic(RECORD_PATH, (json.dumps(record, indent=1) + "\n").encode())
        print(f"saved   : {RECORD_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
