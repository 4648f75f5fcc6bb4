"""Learning rate, epochs and batch size on a toy problem small enough to watch.

Chapter 2.7 of the course. The toy problem: fit a straight line y = w x + b
(one neuron with no activation) to noisy points, by gradient descent on the
mean squared error. Run the whole file to see both experiments:

    python training.py
"""

# --8<-- [start:setup]
import numpy as np


def make_toy_data(n=200, seed=0):
    """n noisy points around the line y = 3x + 2."""
    rng = np.random.default_rng(_whole(seed, "seed", low=0))
    x = rng.uniform(-1.0, 1.0, size=_whole(n, "n", low=2))
    y = 3.0 * x + 2.0 + rng.normal(0.0, 0.5, size=x.size)
    return x, y


def mse(w, b, x, y):
    """The mean squared error of the line y = w x + b on the points (x, y)."""
    x, y = _as_points(x, y)
    w, b = _number(w, "w"), _number(b, "b")
    return float(np.mean((w * x + b - y) ** 2))


def train(x, y, learning_rate, epochs, batch_size, seed=0):
    """Mini-batch gradient descent for y = w x + b, starting from w = b = 0.

    Returns the loss on the whole data set before training and after every
    update, and the number of updates per epoch. Stops early if the loss
    overflows.
    """
    x, y = _as_points(x, y)
    if _number(learning_rate, "learning_rate") <= 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate}")
    epochs = _whole(epochs, "epochs", low=1)
    batch_size = _whole(batch_size, "batch_size", low=1, high=x.size)
    rng = np.random.default_rng(_whole(seed, "seed", low=0))  # shuffles
    updates_per_epoch = -(-x.size // batch_size)  # n / batch_size, rounded up
    w, b = 0.0, 0.0
    losses = [mse(w, b, x, y)]
    for _ in range(epochs):
        order = rng.permutation(x.size)
        for start in range(0, x.size, batch_size):
            batch = order[start : start + batch_size]
            error = w * x[batch] + b - y[batch]
            grad_w = 2.0 * np.mean(error * x[batch])  # dMSE/dw on this batch
            grad_b = 2.0 * np.mean(error)  # dMSE/db on this batch
            with np.errstate(over="ignore", invalid="ignore"):  # may overflow
                w, b = w - learning_rate * grad_w, b - learning_rate * grad_b
                finite = np.isfinite(w) and np.isfinite(b)
                losses.append(mse(w, b, x, y) if finite else np.inf)
            if not np.isfinite(losses[-1]):  # past the largest float: stop
                return losses, updates_per_epoch
    return losses, updates_per_epoch


def best_possible_loss(x, y):
    """The lowest MSE any line can reach, solved exactly by least squares."""
    x, y = _as_points(x, y)
    if np.ptp(x) == 0:
        raise ValueError("x must hold at least two different values")
    w, b = np.polyfit(x, y, deg=1)
    return mse(w, b, x, y)


def verdict(losses, best):
    """Label a run from its numbers: diverged, converged, or still learning."""
    losses = np.asarray(losses)
    numbers = losses.dtype.kind in "iuf" and losses.ndim == 1 and losses.size
    if not numbers or np.isnan(losses).any():  # inf is fine: a run diverged
        raise ValueError("losses must be a non-empty list of numbers, no nan")
    if _number(best, "best") < 0:
        raise ValueError(f"best must be a loss, 0 or more, got {best}")
    if not losses[-1] <= losses[0]:
        return "diverged"
    if losses[-1] <= 1.01 * best:
        return "converged"
    return "still learning"


# --8<-- [end:setup]


# --8<-- [start:checks]
def _as_points(x, y):
    """x and y as finite 1-D float arrays of one length, or a clear error."""
    x, y = _as_vector(x, "x"), _as_vector(y, "y")
    if x.shape != y.shape:
        raise ValueError(
            f"x and y must have the same length, got {x.size} and {y.size}"
        )
    return x, y


def _as_vector(values, name: str) -> np.ndarray:
    """values as a non-empty 1-D float array, or an error naming it."""
    try:
        array = np.asarray(values)
    except ValueError:  # nested lists of different lengths
        raise ValueError(f"{name} must be a non-empty 1-D array") from None
    if array.dtype.kind not in "biuf":  # bool, int, unsigned int, float
        raise TypeError(f"{name} must hold real numbers, got {values!r}")
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers, not nan or inf")
    return array.astype(float)


def _number(value, name: str) -> float:
    """value as a finite float, or an error that names the argument."""
    number = np.asarray(value)
    if number.dtype.kind not in "iuf" or number.ndim != 0:
        raise TypeError(f"{name} must be one number, got {value!r}")
    if not np.isfinite(number):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(number)


def _whole(value, name: str, low: int, high: float = np.inf) -> int:
    """value as an int from low to high, or an error that names the argument."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise TypeError(f"{name} must be a whole number, got {value!r}")
    if not low <= value <= high:
        span = f">= {low}" if high == np.inf else f"from {low} to {high}"
        raise ValueError(f"{name} must be a whole number {span}, got {value}")
    return int(value)


# --8<-- [end:checks]


# --8<-- [start:lr_experiment]
LEARNING_RATES = (0.001, 0.01, 0.1, 0.5, 1.5)
LR_EPOCHS = 30


def learning_rate_experiment(x, y, epochs=LR_EPOCHS):
    """Full-batch gradient descent at each learning rate: the loss per epoch."""
    x, y = _as_points(x, y)
    return {
        lr: train(x, y, lr, epochs, batch_size=len(x))[0]
        for lr in LEARNING_RATES
    }


def largest_stable_learning_rate(x):
    """The learning rate above which full-batch gradient descent diverges.

    Gradient descent on the MSE converges only if lr < 2 / (its largest
    curvature), and that curvature is its Hessian, (2/n) X^T X, X = [x, 1].
    """
    x, _ = _as_points(x, x)
    X = np.column_stack([x, np.ones_like(x)])
    with np.errstate(over="ignore"):
        hessian = 2.0 / x.size * X.T @ X
    if not np.all(np.isfinite(hessian)):
        raise ValueError("x is too large: its squares overflow; rescale x")
    return 2.0 / float(np.linalg.eigvalsh(hessian).max())


# --8<-- [end:lr_experiment]


# --8<-- [start:batch_experiment]
BATCH_SIZES = (1, 16, 200)
BATCH_LEARNING_RATE = 0.05
BATCH_EPOCHS = 10


def batch_size_experiment(
    x, y, learning_rate=BATCH_LEARNING_RATE, epochs=BATCH_EPOCHS
):
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
    limit = largest_stable_learning_rate(x)
    print(f"largest stable learning rate: {limit:.3f}")

    def loss_column(loss: float, width: int) -> str:
        """Four decimals, or powers of ten once the loss has blown up."""
        return f"{loss:{width}.4f}" if loss < 1e6 else f"{loss:{width}.2e}"

    epoch_1, epoch_n = "loss, epoch 1", f"loss, epoch {LR_EPOCHS}"
    print(f"{'learning rate':>13} {epoch_1:>14} {epoch_n:>15}  verdict")
    for lr, losses in learning_rate_experiment(x, y).items():
        first, final = loss_column(losses[1], 14), loss_column(losses[-1], 15)
        print(f"{lr:13g} {first} {final}  {verdict(losses, best)}")
    # --8<-- [end:lr_demo]

    # --8<-- [start:batch_demo]
    epoch_1, epoch_n = "loss, epoch 1", f"loss, epoch {BATCH_EPOCHS}"
    print(
        f"{'batch size':>10} {'updates/epoch':>14} {epoch_1:>14} {epoch_n:>15}"
    )
    for bs, (losses, per_epoch) in batch_size_experiment(x, y).items():
        first, final = losses[per_epoch], losses[-1]
        print(f"{bs:10d} {per_epoch:14d} {first:14.4f} {final:15.4f}")
    # --8<-- [end:batch_demo]

    # --8<-- [start:quiz_demo]
    print(verdict([8.2, 50.0, 8.0], best=0.26))
    print(verdict([8.2, 0.5, 0.262], best=0.26))
    print(verdict([8.2, 0.3, 8.3], best=0.26))
    # --8<-- [end:quiz_demo]
