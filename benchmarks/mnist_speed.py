"""Speed benchmark: the course's from-scratch NumPy MLP against PyTorch and scikit-learn.

All three train the same network on the real MNIST files in data/mnist/: 784-128-64-10,
ReLU, softmax + cross-entropy, plain mini-batch SGD (batch 128, lr 0.1, no momentum,
no weight decay), float32, 20 epochs, 2 threads. Each epoch is timed alone: the
training loop of the NumPy and PyTorch trainers (their test-set evaluation after each
epoch is not timed), and one `partial_fit` pass for scikit-learn. scikit-learn
initialises with Glorot-uniform weights instead of He; it is otherwise the same.

It prints seconds per epoch, the final test accuracy, the ratio of NumPy's time to each
reference (all measured in this one run), and the fraction of the machine's measured
float32 GEMM peak each trainer reaches (taking the work as 6 x parameters x samples x
epochs FLOPs). A benchmark, not a test: run it by hand.

    .venv/bin/pip install -r benchmarks/requirements-torch.txt   # once, optional
    .venv/bin/python benchmarks/mnist_speed.py [--epochs 20] [--skip-sklearn]

OpenBLAS tuning variables. On some processors the machine's environment sets
OPENBLAS_CORETYPE (and OPENBLAS_L2_SIZE), because older OpenBLAS builds misbehave there;
they force a current NumPy onto an older, slower kernel. For a fair measurement, unset
both for this command alone (the script prints them and the kernel threadpoolctl
reports, so the figures say what ran):

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/mnist_speed.py

Run it on a quiet machine. OpenBLAS's worker threads spin while they wait, so when
other processes compete for the 2 cores, a 2-thread run can slow down many times over;
the script therefore also prints each trainer's fastest epoch beside its mean.
"""

from __future__ import annotations

import argparse
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

from snippets.ch2_mnist.mnist_mlp import count_params, init_params, load_mnist, train  # noqa: E402

LAYERS = (784, 128, 64, 10)
BATCH, LR, THREADS = 128, 0.1, 2
GOAL_RATIO, GOAL_ACCURACY = 0.8, 0.977


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def gemm_peak(threads: int) -> tuple[float, str]:
    """Best float32 GEMM rate (FLOP/s) measured with NumPy and, if present, PyTorch."""
    results = []
    for n in (1024, 2048):
        a = np.random.default_rng(0).standard_normal((n, n), dtype=np.float32)
        b = a.copy()
        a @ b
        best = min(_timed(lambda: a @ b) for _ in range(5))
        results.append((2 * n**3 / best, f"NumPy {n}x{n}"))
    try:
        import torch

        torch.set_num_threads(threads)
        for n in (1024, 2048):
            a = torch.randn(n, n)
            b = a.clone()
            a @ b
            best = min(_timed(lambda: a @ b) for _ in range(5))
            results.append((2 * n**3 / best, f"PyTorch {n}x{n}"))
    except ImportError:
        pass
    return max(results)


def _timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def run_numpy(data, epochs, seed):
    X_train, y_train, X_test, y_test = data
    _, history = train(
        X_train,
        y_train,
        X_test,
        y_test,
        layer_sizes=LAYERS,
        epochs=epochs,
        batch_size=BATCH,
        lr=LR,
        seed=seed,
        print_fn=lambda line: None,
    )
    return history["seconds"], history["test_accuracy"][-1]


def run_numpy_one_blas_thread(data, epochs, seed):
    """The from-scratch trainer with OpenBLAS held to 1 thread (the published run's setting).

    On these small matrices OpenBLAS's second thread spin-waits between GEMMs and takes
    the core that NumPy's single-threaded element-wise work needs, so the whole epoch is
    faster with one BLAS thread. It still uses no more than the 2 threads allowed.
    """
    with threadpool_limits(limits=1, user_api="blas"):
        return run_numpy(data, epochs, seed)


def run_torch(data, epochs, seed):
    import torch
    import torch.nn.functional as F

    torch.manual_seed(seed)
    torch.set_num_threads(THREADS)
    X_train, y_train, X_test, y_test = (torch.from_numpy(a) for a in data)
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
    n, seconds = len(X_train), []
    for _ in range(epochs):
        started = time.perf_counter()
        order = torch.randperm(n, generator=generator)
        for start in range(0, n, BATCH):
            idx = order[start : start + BATCH]
            loss = F.cross_entropy(model(X_train[idx]), y_train[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        seconds.append(time.perf_counter() - started)
        with torch.no_grad():
            accuracy = (model(X_test).argmax(dim=1) == y_test).float().mean().item()
    return seconds, accuracy


def run_sklearn(data, epochs, seed):
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier

    X_train, y_train, X_test, y_test = data
    model = MLPClassifier(
        hidden_layer_sizes=LAYERS[1:-1],
        activation="relu",
        solver="sgd",
        learning_rate="constant",
        learning_rate_init=LR,
        momentum=0.0,
        nesterovs_momentum=False,
        batch_size=BATCH,
        alpha=0.0,
        max_iter=epochs,
        shuffle=True,
        tol=0.0,
        n_iter_no_change=epochs + 1,
        early_stopping=False,
        random_state=seed,
    )
    seconds = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(epochs):  # partial_fit = one epoch (one shuffled pass), timed alone
            started = time.perf_counter()
            model.partial_fit(X_train, y_train, classes=np.arange(10))
            seconds.append(time.perf_counter() - started)
    dtype = model.coefs_[0].dtype
    return seconds, float(np.mean(model.predict(X_test) == y_test)), dtype


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-sklearn", action="store_true")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="train NumPy and PyTorch this many times, alternately, and keep each "
        "one's fastest round (other processes on the machine slow runs down)",
    )
    args = parser.parse_args(argv)

    with threadpool_limits(limits=THREADS):
        data = load_mnist(ROOT / "data" / "mnist")
        n_params = count_params(init_params(LAYERS, np.random.default_rng(0)))
        flops = 6 * n_params * len(data[0]) * args.epochs
        blas = [
            f"{i['internal_api']} {i['version']} ({i.get('architecture')}, "
            f"{i['num_threads']} threads)"
            for i in threadpool_info()
            if i["user_api"] == "blas"
        ]
        print(f"machine : {cpu_name()}, {os.cpu_count()} CPUs, {platform.platform()}")
        print(
            f"python  : {platform.python_version()}, numpy {np.__version__}, BLAS {'; '.join(blas)}"
        )
        print(
            "env     : "
            + ", ".join(
                f"{k}={os.environ.get(k, '(unset)')}"
                for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
            )
        )
        peak, peak_source = gemm_peak(THREADS)
        print(f"GEMM    : float32 peak {peak / 1e9:.1f} GFLOP/s ({peak_source}, {THREADS} threads)")
        print(
            f"work    : {n_params:,} parameters x {len(data[0]):,} samples x {args.epochs} epochs"
            f" x 6 = {flops / 1e9:.1f} GFLOP\n"
        )

        trainers = [
            ("NumPy, 2 BLAS threads", run_numpy),
            ("NumPy, 1 BLAS thread", run_numpy_one_blas_thread),
        ]
        try:
            import torch

            trainers.append((f"PyTorch {torch.__version__} CPU", run_torch))
        except ImportError:
            print("PyTorch is not installed: pip install -r benchmarks/requirements-torch.txt\n")
        best = {}
        for round_ in range(1, args.rounds + 1):
            for name, run in trainers:
                seconds, accuracy = run(data, args.epochs, args.seed)
                print(f"round {round_}: {name:26} {np.mean(seconds):.3f} s/epoch", flush=True)
                if name not in best or np.mean(seconds) < np.mean(best[name][0]):
                    best[name] = (seconds, accuracy)
        rows = [(name, *best[name]) for name, _ in trainers]
        if not args.skip_sklearn:
            import sklearn

            s, acc, dtype = run_sklearn(data, args.epochs, args.seed)
            rows.append((f"scikit-learn {sklearn.__version__} ({dtype})", s, acc))

    n = len(data[0])
    work = 6 * n_params * n  # FLOPs per epoch, the 6 x parameters rule
    # Counted exactly: 2 FLOPs per weight forward, 2 for its gradient, and 2 more for
    # passing the gradient back, except through the first layer (no gradient for pixels).
    weights = [a * b for a, b in zip(LAYERS[:-1], LAYERS[1:])]
    counted = (6 * sum(weights) - 2 * weights[0]) * n
    torch_rows = [r for r in rows if r[0].startswith("PyTorch")]
    reference = torch_rows[0] if torch_rows else rows[0]
    ref_mean, ref_best = float(np.mean(reference[1])), min(reference[1])
    print(
        f"{'trainer':34} {'s/epoch':>8} {'fastest':>8} {'test acc':>9} {'this/' + reference[0].split()[0]:>13} "
        f"{'(fastest)':>10} {'GEMM peak share':>16}"
    )
    for name, seconds, acc in rows:
        mean, best = float(np.mean(seconds)), min(seconds)
        print(
            f"{name:34} {mean:8.3f} {best:8.3f} {acc:9.2%} {mean / ref_mean:12.2f}x "
            f"{best / ref_best:9.2f}x {work / mean / peak:7.1%} /{work / best / peak:6.1%}"
        )
    print(
        f"s/epoch: mean over the epochs of the best of {args.rounds} rounds (scikit-learn: 1 round); "
        "fastest: the quickest epoch.\nGEMM peak share: the "
        "6 x parameters x samples rule over the mean / the fastest epoch. Counted exactly, the\n"
        f"work is {counted / work:.2f} of the rule ({counted / 1e9:.1f} GFLOP per epoch), because no "
        "gradient flows back into the pixels."
    )
    verdicts = []
    for name, seconds, acc in (r for r in rows if r[0].startswith("NumPy")):
        verdict = f"{name}: accuracy {acc:.2%} {'>=' if acc >= GOAL_ACCURACY else '<'} {GOAL_ACCURACY:.1%}"
        if torch_rows:
            ratio, best_ratio = np.mean(seconds) / ref_mean, min(seconds) / ref_best
            verdict += (
                f", time/PyTorch {ratio:.2f}x (fastest epochs {best_ratio:.2f}x) "
                f"{'<=' if max(ratio, best_ratio) <= GOAL_RATIO else 'vs'} {GOAL_RATIO}x"
            )
        verdicts.append(verdict)
    print("\ngoal    : " + "\n          ".join(verdicts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
