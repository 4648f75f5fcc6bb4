"""What the MNIST page publishes: values, tables, figures and the notebook.

The runs come from the training record (runs.py), which trains only when
asked (MNIST_TRAIN=1 or MNIST_RETRAIN=...). The plots are drawn by
figures.py; the notebook is built by make_notebook.py. Every run is chosen
on its validation set; the test set is scored once per run, at the end.
"""

from __future__ import annotations

import json

import numpy as np

from snippets.ch2_mnist import figures, make_notebook, runs
from snippets.ch2_mnist.mnist_mlp import init_params, matmul_flops_per_image


def median_seconds(run: dict) -> float:
    """Median CPU seconds per epoch (1 BLAS thread: an idle core's time)."""
    return float(np.median(run["history"]["cpu_seconds"]))


def relative_spread(run: dict) -> float:
    """Interquartile range of a run's epoch times, relative to the median."""
    q1, median, q3 = np.percentile(run["history"]["cpu_seconds"], [25, 50, 75])
    return float((q3 - q1) / median)


def _claim(holds: bool, sentence: str) -> None:
    """Fail the build when a sentence on the page is no longer true."""
    if not holds:
        raise ValueError(f"the page says {sentence!r}, which no longer holds")


def fmt_acc(value: float) -> str:
    return f"{value:.2%}"


def fmt_loss(value) -> str:
    return "diverged (NaN)" if value is None else f"{value:.4f}"


def test_accuracy(run: dict) -> float:
    return run["test"]["accuracy"]


def best_val_accuracy(run: dict) -> float:
    return run["history"]["val_accuracy"][run["best_epoch"] - 1]


def publish(out) -> None:
    import matplotlib.pyplot as plt

    all_runs = runs.runs()
    main = all_runs["main"]
    _publish_network(out, main)
    _publish_flops(out, main)
    _publish_run(out, main)
    out.figure("curves", figures.curves(plt, main))
    out.figure(
        "misclassified", figures.misclassified(plt, main, runs.data_dir())
    )
    out.figure("confusion", figures.confusion(plt, main))
    _publish_mistakes(out, main)
    _publish_exercise1(out, plt, all_runs)
    _publish_exercise2(out, all_runs)
    _publish_exercise3(out, plt, all_runs)
    out.notebook(make_notebook.NOTEBOOK_NAME, make_notebook.build())
    out.value("notebook_subset", f"{make_notebook.SUBSET:,}")
    out.value("notebook_epochs", str(make_notebook.SUBSET_EPOCHS))
    _publish_speed(out, load_speed_record())


def _publish_network(out, main: dict) -> None:
    """The parameter table, computed from the shapes the code creates."""
    config = main["config"]
    params = init_params(
        config["layer_sizes"], np.random.default_rng(config["seed"])
    )
    rows = [
        "| Layer | W shape | Weights | Biases | Parameters |",
        "|---|---|---:|---:|---:|",
    ]
    for i, layer in enumerate(params, start=1):
        W, b = layer["W"], layer["b"]
        rows.append(
            f"| {i} | {W.shape[0]} × {W.shape[1]} | {W.size:,} | {b.size:,} "
            f"| {W.size + b.size:,} |"
        )
    n_weights = sum(layer["W"].size for layer in params)
    n_biases = sum(layer["b"].size for layer in params)
    n_params = n_weights + n_biases
    rows.append(
        f"| **Total** | | **{n_weights:,}** | **{n_biases:,}** | "
        f"**{n_params:,}** |"
    )
    out.table("param_table", "\n".join(rows))
    if n_params != main["n_params"]:
        raise ValueError("the parameter count differs from the trained one")
    out.value("n_params", f"{n_params:,}")
    out.value("n_weights", f"{n_weights:,}")
    out.value("n_biases", f"{n_biases:,}")
    first = params[0]["W"].size + params[0]["b"].size
    if first <= n_params / 2:
        raise ValueError("the page says the first layer holds most weights")
    out.value("first_layer_share", f"{first / n_params:.0%}")
    n_train, batch = main["n_train"], config["batch_size"]
    out.value("n_train", f"{n_train:,}")
    out.value("n_validation", f"{main['n_validation']:,}")
    out.value("n_batches", str(-(-n_train // batch)))
    out.value("last_batch", str(n_train % batch or batch))


def _publish_flops(out, main: dict) -> None:
    """The matrix-product FLOPs the trainer performs, beside the 6 N rule."""
    sizes = main["config"]["layer_sizes"]
    n_params, n_train = main["n_params"], main["n_train"]
    exact = matmul_flops_per_image(sizes)
    rule = 6 * n_params
    skipped = 2 * sizes[0] * sizes[1]  # dZ @ W.T of the first layer
    n_biases = sum(sizes[1:])
    if rule - exact != skipped + 6 * n_biases:
        raise ValueError("the page's account of exact vs 6 N does not add up")
    out.value("flops_per_image", f"{exact:,}")
    out.value("flops_rule_per_image", f"{rule:,}")
    out.value("flops_ratio", f"{exact / rule:.2f}")
    out.value("flops_skipped_input_grad", f"{skipped:,}")
    out.value("flops_bias_rule", f"{6 * n_biases:,}")
    out.value("gflop_per_epoch", f"{exact * n_train / 1e9:.1f}")
    out.value("gflop_per_epoch_rule", f"{rule * n_train / 1e9:.1f}")
    seconds = median_seconds(main)
    out.value("gflops_achieved", f"{exact * n_train / seconds / 1e9:.0f}")


def _publish_run(out, main: dict) -> None:
    """The training log, its machine, and the figures of the main run."""
    history, config = main["history"], main["config"]
    out.text("training_log", "\n".join(main["log"]))
    m = main["machine"]
    out.value("machine_cpu", m["cpu"])
    out.value("machine_os", m["os"])
    out.value("machine_python", m["python"])
    out.value("machine_numpy", m["numpy"])
    out.value("machine_blas", m["blas"])
    out.value("machine_openblas_env", m["openblas_env"])
    out.value("train_date", main["date"])
    out.value("seed", str(config["seed"]))
    out.value("final_loss", fmt_loss(history["train_loss"][-1]))
    out.value("epoch1_accuracy", fmt_acc(history["val_accuracy"][0]))
    best = main["best_epoch"]
    out.value("best_epoch", str(best))
    out.value("best_val_accuracy", fmt_acc(best_val_accuracy(main)))
    out.value("final_val_accuracy", fmt_acc(history["val_accuracy"][-1]))
    out.value("final_accuracy", fmt_acc(test_accuracy(main)))
    out.value("final_test_loss", fmt_loss(main["test"]["loss"]))
    out.value("seconds_per_epoch", f"{median_seconds(main):.2f}")
    out.value("accuracy_tolerance", f"±{runs.ACCURACY_TOLERANCE_POINTS} points")
    out.value("loss_tolerance", f"±{runs.LOSS_TOLERANCE_RELATIVE:.0%}")

    # The page reads the curves as overfitting: the validation loss bottoms
    # out before the last epoch while the training loss keeps falling.
    val_loss = history["val_loss"]
    lowest = int(np.argmin(val_loss)) + 1
    train_loss = history["train_loss"]
    if not (lowest < len(val_loss) and train_loss[-1] < train_loss[lowest - 1]):
        raise ValueError("the page's overfitting sentence no longer holds")
    out.value("val_loss_lowest_epoch", str(lowest))
    out.value("val_loss_lowest", fmt_loss(val_loss[lowest - 1]))
    out.value("final_val_loss", fmt_loss(val_loss[-1]))
    # The two losses are measured differently: the training loss while the
    # epoch's steps change the weights, the validation loss after them.
    _claim(
        train_loss[0] > val_loss[0],
        "at epoch 1 the training loss is higher than the validation loss",
    )
    out.value("epoch1_train_loss", fmt_loss(train_loss[0]))
    out.value("epoch1_val_loss", fmt_loss(val_loss[0]))
    accuracy = history["val_accuracy"]
    _claim(
        best > lowest and accuracy[best - 1] > accuracy[lowest - 1],
        "the validation accuracy still rose after the lowest validation loss",
    )
    out.value("val_loss_lowest_accuracy", fmt_acc(accuracy[lowest - 1]))

    table = [
        "| Epoch | Training loss | Validation loss | Validation accuracy |",
        "|---:|---:|---:|---:|",
    ]
    for epoch in runs.LOG_EPOCHS:
        i = epoch - 1
        mark = " (kept)" if epoch == best else ""
        table.append(
            f"| {epoch}{mark} | {fmt_loss(history['train_loss'][i])} | "
            f"{fmt_loss(history['val_loss'][i])} | "
            f"{fmt_acc(history['val_accuracy'][i])} |"
        )
    out.table("log_table", "\n".join(table))


def _publish_mistakes(out, main: dict) -> None:
    confusion = np.array(main["confusion"])
    n_errors = int(confusion.sum() - np.trace(confusion))
    out.value("n_test", f"{confusion.sum():,}")
    out.value("n_errors", f"{n_errors:,}")
    off = confusion - np.diag(np.diag(confusion))
    true_digit, predicted_digit = np.unravel_index(off.argmax(), off.shape)
    out.value("top_confusion", f"{true_digit} read as {predicted_digit}")
    out.value("top_confusion_count", str(off.max()))
    per_digit = np.diag(confusion) / confusion.sum(axis=1)
    out.value("worst_digit", str(int(per_digit.argmin())))
    out.value("worst_digit_accuracy", fmt_acc(per_digit.min()))
    out.value("best_digit", str(int(per_digit.argmax())))
    out.value("best_digit_accuracy", fmt_acc(per_digit.max()))


EXERCISE_HEADER = (
    "| {} | Loss, epoch 1 | Loss, epoch 20 | Val. acc., epoch 1 | "
    "Best val. acc. (epoch) | Test acc. | CPU s per epoch |\n"
    "|---|---:|---:|---:|---:|---:|---:|"
)


def _exercise_table(first: str, labelled_runs) -> str:
    rows = [EXERCISE_HEADER.format(first)]
    for label, run in labelled_runs:
        h = run["history"]
        rows.append(
            f"| {label} | {fmt_loss(h['train_loss'][0])} | "
            f"{fmt_loss(h['train_loss'][-1])} | "
            f"{fmt_acc(h['val_accuracy'][0])} | "
            f"{fmt_acc(best_val_accuracy(run))} ({run['best_epoch']}) | "
            f"{fmt_acc(test_accuracy(run))} | {median_seconds(run):.2f} |"
        )
    return "\n".join(rows)


def _largest_drop(run: dict) -> tuple[float, int]:
    """The largest fall of validation accuracy from one epoch to the next:
    (percentage points, the epoch after the fall)."""
    acc = np.array(run["history"]["val_accuracy"])
    drops = acc[:-1] - acc[1:]
    return 100 * max(float(drops.max()), 0.0), int(drops.argmax()) + 2


def _publish_exercise1(out, plt, all_runs: dict) -> None:
    """Learning rates 0.001, 0.01, 0.1 and 1.0."""
    lrs = [("lr_0.001", 0.001), ("lr_0.01", 0.01), ("main", 0.1)]
    lrs.append(("lr_1.0", 1.0))
    labelled = [(f"{lr:g}", all_runs[name]) for name, lr in lrs]
    out.table("ex1_table", _exercise_table("Learning rate", labelled))
    out.figure(
        "ex1_learning_rates",
        figures.comparison(
            plt, [(f"lr = {label}", run) for label, run in labelled], True
        ),
    )
    seconds = [median_seconds(run) for _, run in labelled]
    out.value("ex1_seconds_min", f"{min(seconds):.3f}")
    out.value("ex1_seconds_max", f"{max(seconds):.3f}")
    fast, base = all_runs["lr_1.0"]["history"], all_runs["main"]["history"]
    if fast["train_loss"][0] <= base["train_loss"][0]:
        raise ValueError(
            "the page says lr = 1.0 ends epoch 1 with a higher loss"
        )
    slow = all_runs["lr_0.001"]["history"]["val_accuracy"]
    gain = 100 * (slow[-1] - slow[-6])
    if gain <= 0:
        raise ValueError("the page says lr = 0.001 is still improving")
    out.value("ex1_slow_last5_gain", f"{gain:.2f}")
    for label, run in labelled:
        out.value(f"ex1_acc_{label}", fmt_acc(test_accuracy(run)))
    runs_by_lr = dict(labelled)
    out.value(
        "ex1_acc1_0.1", fmt_acc(runs_by_lr["0.1"]["history"]["val_accuracy"][0])
    )
    for label in ("0.1", "1"):
        points, epoch = _largest_drop(runs_by_lr[label])
        out.value(f"ex1_max_drop_{label}", f"{points:.2f}")
    out.value("ex1_max_drop_epoch_1", str(epoch))
    for label in ("0.001", "1"):
        out.value(
            f"ex1_best_epoch_{label}", str(runs_by_lr[label]["best_epoch"])
        )
    loss = runs_by_lr["1"]["history"]["train_loss"]
    diverged = next((i + 1 for i, v in enumerate(loss) if v is None), None)
    out.value(
        "ex1_outcome_1",
        f"diverged at epoch {diverged}"
        if diverged
        else "never diverged (the loss stayed finite)",
    )


def _publish_exercise2(out, all_runs: dict) -> None:
    """A third hidden layer, from two seeds."""
    main, deeper = all_runs["main"], all_runs["three_hidden"]
    table = _exercise_table(
        "Network",
        [
            ("784-128-64-10 (two hidden layers)", main),
            ("784-128-64-32-10 (three hidden layers)", deeper),
        ],
    )
    out.table("ex2_table", table)
    out.value("ex2_params", f"{deeper['n_params']:,}")
    out.value("ex2_acc", fmt_acc(test_accuracy(deeper)))
    diff = 100 * (test_accuracy(deeper) - test_accuracy(main))
    out.value("ex2_diff", f"{diff:+.2f} points")
    out.value("ex2_best_val_acc", fmt_acc(best_val_accuracy(deeper)))
    out.value("ex2_loss", fmt_loss(deeper["history"]["train_loss"][-1]))
    out.value("ex2_test_loss", fmt_loss(deeper["test"]["loss"]))
    out.value("ex2_main_test_loss", fmt_loss(main["test"]["loss"]))
    seed_table = _exercise_table(
        "Network, seed 1",
        [
            ("784-128-64-10, seed 1", all_runs["main_seed1"]),
            ("784-128-64-32-10, seed 1", all_runs["three_hidden_seed1"]),
        ],
    )
    out.table("ex2_seed_table", seed_table)
    final = {
        name: test_accuracy(all_runs[name])
        for name in ("main", "main_seed1", "three_hidden", "three_hidden_seed1")
    }
    seed_diff = final["three_hidden_seed1"] - final["main_seed1"]
    out.value("ex2_seed_diff", f"{100 * seed_diff:+.2f} points")
    spread_main = abs(final["main"] - final["main_seed1"])
    spread_deep = abs(final["three_hidden"] - final["three_hidden_seed1"])
    out.value("ex2_seed_spread_main", f"{100 * spread_main:.2f}")
    out.value("ex2_seed_spread_deep", f"{100 * spread_deep:.2f}")
    diffs = (diff / 100, seed_diff)
    spread = max(spread_main, spread_deep)
    if diffs[0] * diffs[1] < 0:
        verdict = "The sign of the difference flips with the seed."
    elif min(abs(d) for d in diffs) > 2 * spread:
        verdict = (
            "Both seeds agree, by more than twice what the seed alone changes."
        )
    else:
        verdict = (
            "Both seeds agree in sign, but by no more than twice what the "
            "seed alone changes."
        )
    out.value("ex2_seed_verdict", verdict)
    _claim(
        max(abs(d) for d in diffs) <= spread,
        "both differences are no larger than the bigger of the two seed "
        "effects",
    )
    tighter = (
        deeper["history"]["train_loss"][-1] < main["history"]["train_loss"][-1]
    )
    out.value(
        "ex2_fit_compare",
        "fits its training set more tightly"
        if tighter
        else "does not fit its training set more tightly",
    )
    seed1_loss = {
        name: all_runs[name]["history"]["train_loss"][-1]
        for name in ("main_seed1", "three_hidden_seed1")
    }
    _claim(
        tighter and seed1_loss["three_hidden_seed1"] < seed1_loss["main_seed1"],
        "with both seeds the deeper network ends with the lower training loss",
    )


def _publish_exercise3(out, plt, all_runs: dict) -> None:
    """Sigmoid instead of ReLU."""
    relu_run, sig = all_runs["main"], all_runs["sigmoid"]
    out.table(
        "ex3_table",
        _exercise_table(
            "Hidden activation", [("ReLU", relu_run), ("sigmoid", sig)]
        ),
    )
    out.figure(
        "ex3_sigmoid",
        figures.comparison(plt, [("ReLU", relu_run), ("sigmoid", sig)]),
    )
    sh, rh = sig["history"], relu_run["history"]
    if sh["val_accuracy"][0] >= rh["val_accuracy"][0]:
        raise ValueError("the page says sigmoid learns more slowly per epoch")
    out.value("ex3_acc", fmt_acc(test_accuracy(sig)))
    out.value("ex3_acc1", fmt_acc(sh["val_accuracy"][0]))
    out.value("ex3_seconds", f"{median_seconds(sig):.3f}")
    out.value("ex3_relu_seconds", f"{median_seconds(relu_run):.3f}")
    for label, run in (("sigmoid", sig), ("relu", relu_run)):
        seconds = run["history"]["cpu_seconds"]
        out.value(
            f"ex3_seconds_range_{label}",
            f"{min(seconds):.3f} to {max(seconds):.3f}",
        )
        out.value(f"ex3_quartile_spread_{label}", f"{relative_spread(run):.1%}")
    # Timing noise: a difference of medians within the spread of the middle
    # half of a run's epochs says nothing.
    ratio = median_seconds(sig) / median_seconds(relu_run)
    noise = max(relative_spread(sig), relative_spread(relu_run))
    median_gap = f"{abs(ratio - 1):.1%}"
    if abs(ratio - 1) <= noise:
        compare = "about as fast as"
        verdict = (
            f"The two medians differ by {median_gap}, within that spread, so "
            f"the difference is noise: in this run sigmoid was {compare} ReLU."
        )
    else:
        compare = "slower than" if ratio > 1 else "faster than"
        verdict = (
            f"The two medians differ by {median_gap}, more than that spread: "
            f"in this run sigmoid was {compare} ReLU."
        )
    out.value("ex3_time_compare", compare)
    out.value("ex3_time_verdict", verdict)
    _claim(
        compare == "about as fast as",
        "the activation barely changes the time per epoch",
    )
    # The first epoch at which sigmoid reaches ReLU's epoch-1 accuracy.
    target = rh["val_accuracy"][0]
    reached = next(
        (i + 1 for i, a in enumerate(sh["val_accuracy"]) if a >= target), None
    )
    out.value(
        "ex3_catch_up",
        f"epoch {reached}" if reached else "none of the 20 epochs",
    )


# --- Speed against PyTorch: the benchmark's record ---------------------------

SPEED_RECORD = runs.ROOT / "data" / "runs" / "mnist_speed.json"
SPEED_COMMAND = (
    "env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python "
    "benchmarks/mnist_speed.py --profile --save"
)


class StaleSpeedRecord(ValueError):
    """The benchmark measured another trainer than the page's."""


def load_speed_record(path=SPEED_RECORD) -> dict:
    """The benchmark's last measurement, checked against the current trainer."""
    record = json.loads(path.read_text())
    if record["trainer_key"] != runs.run_key(runs.RUNS["main"]):
        raise StaleSpeedRecord(
            f"{path.name} measured another version of the trainer (its code, "
            "settings, data or NumPy changed since). Measure again, in the "
            f"repository, with PyTorch installed: {SPEED_COMMAND}"
        )
    return record


def _publish_speed(out, record: dict) -> None:
    """Measured seconds per epoch, NumPy against PyTorch, and their ratio."""
    out.value("speed.date", record["measured"])
    out.value("speed.machine", record["machine"])
    out.value("speed.torch", record["versions"]["torch"])
    out.value("speed.rounds", str(record["rounds"]))
    rows = [
        "| BLAS threads | NumPy, s/epoch | PyTorch, s/epoch "
        "| NumPy / PyTorch, median (range) "
        "| share of the matrix-multiply peak: NumPy, PyTorch |",
        "|---:|---:|---:|---:|---:|",
    ]
    ratios = {}
    for threads, measured in sorted(record["threads"].items()):
        numpy_s = np.array(measured["numpy"]["seconds_per_epoch"])
        torch_s = np.array(measured["torch"]["seconds_per_epoch"])
        ratio = numpy_s / torch_s  # round by round: each pair ran back to back
        ratios[threads] = ratio
        rows.append(
            f"| {threads} | {np.median(numpy_s):.3f} "
            f"| {np.median(torch_s):.3f} "
            f"| {np.median(ratio):.2f} ({ratio.min():.2f}-{ratio.max():.2f}) "
            f"| {measured['numpy']['peak_share']:.0%}, "
            f"{measured['torch']['peak_share']:.0%} |"
        )
        _claim(
            measured["numpy"]["peak_share"] > measured["torch"]["peak_share"],
            "PyTorch reaches a smaller share of the peak in the table",
        )
    out.table("speed_table", "\n".join(rows))
    one, two = record["threads"]["1"], record["threads"]["2"]
    _claim(
        all(
            np.median(two[t]["seconds_per_epoch"])
            > np.median(one[t]["seconds_per_epoch"]) / 2
            for t in ("numpy", "torch")
        ),
        "With 2 threads neither trainer runs twice as fast",
    )
    numpy_gain = np.median(one["numpy"]["seconds_per_epoch"]) / np.median(
        two["numpy"]["seconds_per_epoch"]
    )
    out.value(
        "speed.numpy_two_threads",
        "NumPy's trainer even took longer with 2 threads than with 1"
        if numpy_gain < 1
        else f"NumPy's trainer ran {numpy_gain:.2f} times as fast with 2",
    )
    _claim(
        all(ratio.max() < 1 for ratio in ratios.values()),
        "the NumPy trainer took less time per epoch than PyTorch in every "
        "round",
    )

    phases = record["profile"]["cpu_seconds"]
    total = sum(phases.values())
    for phase, seconds in phases.items():
        out.value(f"speed.phase.{phase}", f"{seconds / total:.0%}")
    gemm_share = record["profile"]["matrix_products_alone"] / total
    out.value("speed.gemm_share", f"{gemm_share:.0%}")
    _claim(
        gemm_share > 0.5,
        "the matrix products alone take most of the NumPy epoch",
    )
