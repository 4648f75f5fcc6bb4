"""Learning rate, epochs and batch size on a toy problem small enough to watch.

Chapter 2.7 of the course. The toy problem: fit a straight line y = w x + b (one
neuron with no activation) to noisy points, by gradient descent on the mean squared
error. Run the whole file to see both experiments:

    python snippets/ch2_neural_networks/training.py
"""

# --8<-- [start:setup]
import numpy as np


def make_toy_data(n=200, seed=0):
    """n noisy points around the line y = 3x + 2."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=n)
    y = 3.0 * x + 2.0 + rng.normal(0.0, 0.5, size=n)
    return x, y


def mse(w, b, x, y):
    return float(np.mean((w * x + b - y) ** 2))


def train(x, y, learning_rate, epochs, batch_size, seed=0):
    """Mini-batch gradient descent for y = w x + b, starting from w = b = 0.

    Returns the loss on the whole data set before training and after every update,
    and the number of updates per epoch. Stops early if the loss overflows.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or x.size == 0:
        raise ValueError(
            f"x and y must be non-empty 1-D arrays of the same length, got {x.shape} and {y.shape}"
        )
    if learning_rate <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    if not (isinstance(epochs, int) and epochs >= 1):
        raise ValueError(f"epochs must be a whole number >= 1, got {epochs!r}")
    if not (isinstance(batch_size, int) and 1 <= batch_size <= x.size):
        raise ValueError(
            f"batch_size must be a whole number from 1 to {x.size}, got {batch_size!r}"
        )
    rng = np.random.default_rng(seed)  # shuffles the examples each epoch
    w, b = 0.0, 0.0
    losses = [mse(w, b, x, y)]
    for epoch in range(epochs):
        order = rng.permutation(x.size)
        for start in range(0, x.size, batch_size):
            batch = order[start : start + batch_size]
            error = w * x[batch] + b - y[batch]
            grad_w = 2.0 * np.mean(error * x[batch])  # dMSE/dw on this batch
            grad_b = 2.0 * np.mean(error)  # dMSE/db on this batch
            w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
            with np.errstate(over="ignore", invalid="ignore"):
                losses.append(mse(w, b, x, y))
            if not np.isfinite(
                losses[-1]
            ):  # blew up past the largest float: stop
                break
    updates_per_epoch = -(-x.size // batch_size)  # n / batch_size, rounded up
    return losses, updates_per_epoch


def best_possible_loss(x, y):
    """The lowest MSE any line can reach, solved exactly by least squares."""
    w, b = np.polyfit(x, y, deg=1)
    return mse(w, b, x, y)


def verdict(losses, best):
    """Label a run from its numbers: diverged, converged, or still learning."""
    if not losses[-1] <= losses[0]:
        return "diverged"
    if losses[-1] <= 1.01 * best:
        return "converged"
    return "still learning"


# --8<-- [end:setup]


# --8<-- [start:lr_experiment]
LEARNING_RATES = (0.001, 0.01, 0.1, 0.5, 1.5)


def learning_rate_experiment(x, y, epochs=30):
    """Full-batch gradient descent at each learning rate; the loss after each epoch."""
    return {
        lr: train(x, y, lr, epochs, batch_size=x.size)[0]
        for lr in LEARNING_RATES
    }


def largest_stable_learning_rate(x):
    """Full-batch gradient descent on MSE converges only if lr < 2 / (largest curvature).

    The curvature of the MSE is its Hessian, (2/n) * X^T X with X = [x, 1].
    """
    X = np.column_stack([x, np.ones_like(x)])
    hessian = 2.0 / x.size * X.T @ X
    return 2.0 / float(np.linalg.eigvalsh(hessian).max())


# --8<-- [end:lr_experiment]


# --8<-- [start:batch_experiment]
BATCH_SIZES = (1, 16, 200)


def batch_size_experiment(x, y, learning_rate=0.05, epochs=10):
    """The same learning rate and epochs, three batch sizes."""
    return {
        bs: train(x, y, learning_rate, epochs, batch_size=bs)
        for bs in BATCH_SIZES
    }


# --8<-- [end:batch_experiment]


if __name__ == "__main__":
    # --8<-- [start:lr_demo]
    x, y = make_toy_data()
    best = best_possible_loss(x, y)
    print(f"{len(x)} points; the best line reaches MSE {best:.4f}")
    print(
        f"largest stable learning rate: {largest_stable_learning_rate(x):.3f}"
    )
    epochs = 30
    print(
        f"{'learning rate':>13} {'loss, epoch 1':>14} {f'loss, epoch {epochs}':>15}  verdict"
    )
    for lr, losses in learning_rate_experiment(x, y, epochs).items():
        first = (
            f"{losses[1]:14.4f}" if losses[1] < 1e6 else f"{losses[1]:14.2e}"
        )
        last = (
            f"{losses[-1]:15.4f}" if losses[-1] < 1e6 else f"{losses[-1]:15.2e}"
        )
        print(f"{lr:13g} {first} {last}  {verdict(losses, best)}")
    # --8<-- [end:lr_demo]

    # --8<-- [start:batch_demo]
    epochs = 10
    print(
        f"{'batch size':>10} {'updates/epoch':>14} {'loss, epoch 1':>14} {f'loss, epoch {epochs}':>15}"
    )
    for bs, (losses, per_epoch) in batch_size_experiment(
        x, y, epochs=epochs
    ).items():
        print(
            f"{bs:10d} {per_epoch:14d} {losses[per_epoch]:14.4f} {losses[-1]:15.4f}"
        )
    # --8<-- [end:batch_demo]
