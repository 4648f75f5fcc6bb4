"""Activation functions and their derivatives, in NumPy.

Chapter 2.3 of the course. The page shows this module section by section; run the
whole file to see every demo:

    python snippets/ch2_neural_networks/activations.py
"""

# --8<-- [start:relu]
import numpy as np


def relu(x):
    """ReLU: x where x is positive, 0 elsewhere."""
    return np.maximum(0.0, x)


def relu_derivative(x):
    """1 where x > 0, else 0 (at exactly 0 we pick 0, a common convention)."""
    return (np.asarray(x) > 0).astype(float)


def leaky_relu(x, alpha=0.01):
    """Like ReLU, but negative inputs keep a small slope alpha instead of 0."""
    return np.where(np.asarray(x) > 0, x, alpha * np.asarray(x))


def leaky_relu_derivative(x, alpha=0.01):
    return np.where(np.asarray(x) > 0, 1.0, alpha)


# --8<-- [end:relu]


# --8<-- [start:sigmoid_tanh]
import numpy as np


def sigmoid(x):
    """Squashes any number into (0, 1)."""
    return 1.0 / (1.0 + np.exp(-np.asarray(x, dtype=float)))


def sigmoid_derivative(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    """Squashes any number into (-1, 1), centred on 0."""
    return np.tanh(x)


def tanh_derivative(x):
    return 1.0 - np.tanh(x) ** 2


# --8<-- [end:sigmoid_tanh]


# --8<-- [start:gelu]
import numpy as np
from scipy.special import erf

SQRT_2_OVER_PI = np.sqrt(2.0 / np.pi)


def gelu(x):
    """Exact GELU: x * Phi(x), where Phi is the standard normal CDF."""
    x = np.asarray(x, dtype=float)
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


def gelu_derivative(x):
    """d/dx [x * Phi(x)] = Phi(x) + x * phi(x), phi being the normal density."""
    x = np.asarray(x, dtype=float)
    cdf = 0.5 * (1.0 + erf(x / np.sqrt(2.0)))
    pdf = np.exp(-0.5 * x**2) / np.sqrt(2.0 * np.pi)
    return cdf + x * pdf


def gelu_tanh(x):
    """The tanh approximation of GELU used by GPT-2 and BERT."""
    x = np.asarray(x, dtype=float)
    return 0.5 * x * (1.0 + np.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x**3)))


def gelu_tanh_derivative(x):
    x = np.asarray(x, dtype=float)
    t = np.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x**3))
    dt_dx = (1.0 - t**2) * SQRT_2_OVER_PI * (1.0 + 3 * 0.044715 * x**2)
    return 0.5 * (1.0 + t) + 0.5 * x * dt_dx


# --8<-- [end:gelu]


# --8<-- [start:softmax]
import numpy as np


def softmax(logits):
    """Turn a vector of scores (logits) into probabilities that sum to 1.

    Subtracting the largest logit first changes nothing mathematically (it cancels
    in the fraction) but keeps exp() from overflowing.
    """
    logits = np.asarray(logits, dtype=float)
    if logits.ndim != 1 or logits.size == 0:
        raise ValueError(
            f"softmax expects a non-empty 1-D vector of logits, got shape {logits.shape}"
        )
    if not np.all(np.isfinite(logits)):
        raise ValueError("logits must be finite numbers (no inf or nan)")
    exp = np.exp(logits - logits.max())
    return exp / exp.sum()


def softmax_jacobian(logits):
    """Softmax's derivative is a matrix: d s_i / d x_j = s_i * (delta_ij - s_j)."""
    s = softmax(logits)
    return np.diag(s) - np.outer(s, s)


# --8<-- [end:softmax]


# --8<-- [start:naive_softmax]
def naive_softmax(logits):
    """The textbook formula, without subtracting the maximum. Don't use it."""
    exp = np.exp(np.asarray(logits, dtype=float))
    return exp / exp.sum()


# --8<-- [end:naive_softmax]


# --8<-- [start:table]
ACTIVATIONS = {
    "ReLU": (relu, relu_derivative),
    "Leaky ReLU": (leaky_relu, leaky_relu_derivative),
    "Sigmoid": (sigmoid, sigmoid_derivative),
    "Tanh": (tanh, tanh_derivative),
    "GELU (exact)": (gelu, gelu_derivative),
    "GELU (tanh approx.)": (gelu_tanh, gelu_tanh_derivative),
}


def comparison_rows(points):
    """One row per activation: its values, then its derivatives, at `points`.

    The column labels come from the same array the functions are evaluated at, so a
    label can never name a point other than the one computed.
    """
    points = np.asarray(points, dtype=float)
    header = [f"f({p:g})" for p in points] + [f"f'({p:g})" for p in points]
    rows = []
    for name, (f, df) in ACTIVATIONS.items():
        rows.append(
            (
                name,
                [float(v) for v in f(points)] + [float(v) for v in df(points)],
            )
        )
    return header, rows


TABLE_POINTS = np.array(
    [-2.0, 0.0, 2.0]
)  # the x values the comparison table reports
# --8<-- [end:table]


if __name__ == "__main__":
    # --8<-- [start:relu_demo]
    x = np.array([-2.0, -1.0, 0.0, 1.0, 2.0, 3.0])
    print("x          :", "  ".join(f"{v:6.2f}" for v in x))
    print("ReLU       :", "  ".join(f"{v:6.2f}" for v in relu(x)))
    print("Leaky ReLU :", "  ".join(f"{v:6.2f}" for v in leaky_relu(x)))
    print("ReLU'      :", "  ".join(f"{v:6.2f}" for v in relu_derivative(x)))
    # --8<-- [end:relu_demo]

    # --8<-- [start:sigmoid_tanh_demo]
    x = np.array([-5.0, -2.0, 0.0, 2.0, 5.0])
    print("x        :", "  ".join(f"{v:7.4f}" for v in x))
    print("sigmoid  :", "  ".join(f"{v:7.4f}" for v in sigmoid(x)))
    print("sigmoid' :", "  ".join(f"{v:7.4f}" for v in sigmoid_derivative(x)))
    print("tanh     :", "  ".join(f"{v:7.4f}" for v in tanh(x)))
    print("tanh'    :", "  ".join(f"{v:7.4f}" for v in tanh_derivative(x)))
    # --8<-- [end:sigmoid_tanh_demo]

    # --8<-- [start:gelu_demo]
    x = np.linspace(-4.0, 4.0, 801)
    gap = np.abs(gelu(x) - gelu_tanh(x))
    print(f"GELU exact  at x = -1: {float(gelu(-1.0)):.6f}")
    print(f"GELU approx at x = -1: {float(gelu_tanh(-1.0)):.6f}")
    print(
        f"largest gap on [-4, 4]: {gap.max():.1e} at |x| = {abs(x[gap.argmax()]):.2f}"
    )
    # --8<-- [end:gelu_demo]

    # --8<-- [start:softmax_demo]
    classes = ["cat", "dog", "bird"]
    logits = np.array([2.0, 1.0, 0.1])
    probs = softmax(logits)
    for name, z, p in zip(classes, logits, probs):
        print(f"{name:<5} logit {z:4.1f} -> probability {p:.4f}")
    print(f"sum of probabilities: {probs.sum():.4f}")
    print(f"prediction: {classes[int(np.argmax(probs))]}")
    # --8<-- [end:softmax_demo]

    # --8<-- [start:stability_demo]
    big = np.array(
        [1000.0, 999.0, 998.0]
    )  # the same gaps as [2, 1, 0], shifted up
    with np.errstate(
        over="ignore", invalid="ignore"
    ):  # silence numpy's overflow warning
        print("exp(1000) overflows to:", np.exp(1000.0))
        print("naive  :", ", ".join(f"{p:.4f}" for p in naive_softmax(big)))
    print("stable :", ", ".join(f"{p:.4f}" for p in softmax(big)))
    print("[2,1,0]:", ", ".join(f"{p:.4f}" for p in softmax([2.0, 1.0, 0.0])))
    # --8<-- [end:stability_demo]

    # --8<-- [start:grid_slip_demo]
    import numpy as np

    grid = np.linspace(-5, 5, 100)  # 100 points for a plot
    for i in (20, 50, 80):
        print(f"grid[{i}] = {grid[i]:+.4f}")
    # --8<-- [end:grid_slip_demo]

    # --8<-- [start:table_demo]
    header, rows = comparison_rows(TABLE_POINTS)
    print(f"{'':<20}" + "".join(f"{h:>9}" for h in header))
    for name, values in rows:
        print(f"{name:<20}" + "".join(f"{v:9.4f}" for v in values))
    # --8<-- [end:table_demo]
