"""Activation functions and their derivatives, in NumPy.

Chapter 2.3 of the course. The page shows this module section by section; run
the whole file to see every demo:

    python activations.py
"""

# --8<-- [start:checks]
import numpy as np


def _as_finite(x, name: str = "x") -> np.ndarray:
    """x as a float array, or an error that names the argument."""
    try:
        array = np.asarray(x)
    except ValueError:  # nested lists of different lengths
        raise ValueError(f"{name} must be a rectangular array") from None
    if array.dtype.kind not in "biuf":  # bool, int, unsigned int, float
        raise TypeError(f"{name} must hold real numbers, got {x!r}")
    array = array.astype(float)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers, not nan or inf")
    return array


# --8<-- [end:checks]


# --8<-- [start:relu]
def relu(x):
    """ReLU: x where x is positive, 0 elsewhere."""
    return np.maximum(0.0, _as_finite(x))


def relu_derivative(x):
    """1 where x > 0, else 0 (at exactly 0 we pick 0, a common convention)."""
    return (_as_finite(x) > 0).astype(float)


def _as_slope(alpha) -> float:
    """alpha as one float in [0, 1), or an error that names it."""
    alpha = _as_finite(alpha, "alpha")
    if alpha.ndim != 0 or not 0 <= alpha < 1:
        raise ValueError(f"alpha must be one number in [0, 1), got {alpha}")
    return float(alpha)


def leaky_relu(x, alpha=0.01):
    """Like ReLU, but negative inputs keep a small slope alpha instead of 0."""
    x = _as_finite(x)
    return np.where(x > 0, x, _as_slope(alpha) * x)


def leaky_relu_derivative(x, alpha=0.01):
    return np.where(_as_finite(x) > 0, 1.0, _as_slope(alpha))


# --8<-- [end:relu]


# --8<-- [start:sigmoid_tanh]
def sigmoid(x):
    """Squashes any number into (0, 1)."""
    return 1.0 / (1.0 + np.exp(-_as_finite(x)))


def sigmoid_derivative(x):
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x):
    """Squashes any number into (-1, 1), centred on 0."""
    return np.tanh(_as_finite(x))


def tanh_derivative(x):
    return 1.0 - tanh(x) ** 2


# --8<-- [end:sigmoid_tanh]


# --8<-- [start:gelu]
from scipy.special import erf

SQRT_2_OVER_PI = np.sqrt(2.0 / np.pi)


def gelu(x):
    """Exact GELU: x * Phi(x), where Phi is the standard normal CDF."""
    x = _as_finite(x)
    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


def gelu_derivative(x):
    """d/dx [x * Phi(x)] = Phi(x) + x * phi(x), phi being the normal density."""
    x = _as_finite(x)
    cdf = 0.5 * (1.0 + erf(x / np.sqrt(2.0)))
    pdf = np.exp(-0.5 * x**2) / np.sqrt(2.0 * np.pi)
    return cdf + x * pdf


def gelu_tanh(x):
    """The tanh approximation of GELU used by GPT-2 and BERT."""
    x = _as_finite(x)
    return 0.5 * x * (1.0 + np.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x**3)))


def gelu_tanh_derivative(x):
    # Beyond |x| = 1e6 the slope is exactly 0 or 1; clipping there keeps x**2
    # from overflowing into inf * 0 = nan.
    x = np.clip(_as_finite(x), -1e6, 1e6)
    t = np.tanh(SQRT_2_OVER_PI * (x + 0.044715 * x**3))
    dt_dx = (1.0 - t**2) * SQRT_2_OVER_PI * (1.0 + 3 * 0.044715 * x**2)
    return 0.5 * (1.0 + t) + 0.5 * x * dt_dx


# --8<-- [end:gelu]


# --8<-- [start:gelu_gap]
GAP_POINTS = np.linspace(-4.0, 4.0, 801)  # from -4 to 4 in steps of 0.01


def largest_approximation_gap(points):
    """The largest |GELU - its tanh approximation| at `points`, and where."""
    points = _as_finite(points, "points")
    if points.ndim != 1 or points.size == 0:
        raise ValueError("points must be a non-empty 1-D array")
    gap = np.abs(gelu(points) - gelu_tanh(points))
    return float(gap.max()), float(points[gap.argmax()])


# --8<-- [end:gelu_gap]


# --8<-- [start:softmax]
def softmax(logits):
    """Turn a vector of scores (logits) into probabilities that sum to 1.

    Subtracting the largest logit first changes nothing mathematically (it
    cancels in the fraction) but keeps exp() from overflowing.
    """
    logits = _as_finite(logits, "logits")
    if logits.ndim != 1 or logits.size == 0:
        raise ValueError(
            f"logits must be a non-empty 1-D vector, got shape {logits.shape}"
        )
    exp = np.exp(logits - logits.max())
    return exp / exp.sum()


def softmax_jacobian(logits):
    """Softmax's derivative is a matrix: ds_i/dx_j = s_i * (delta_ij - s_j)."""
    s = softmax(logits)
    return np.diag(s) - np.outer(s, s)


# --8<-- [end:softmax]


# --8<-- [start:softmax_example]
CLASSES = ("cat", "dog", "bird")
LOGITS = np.array([2.0, 1.0, 0.1])  # an image classifier's raw scores
# --8<-- [end:softmax_example]


# --8<-- [start:naive_softmax]
def naive_softmax(logits):
    """The textbook formula, without subtracting the maximum. Don't use it."""
    exp = np.exp(_as_finite(logits, "logits"))
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

    The column labels come from the same array the functions are evaluated
    at, so a label can never name a point other than the one computed.
    """
    points = _as_finite(points, "points")
    if points.ndim != 1 or points.size == 0:
        raise ValueError("points must be a non-empty 1-D array")
    header = [f"f({p:g})" for p in points] + [f"f'({p:g})" for p in points]
    rows = []
    for name, (f, df) in ACTIVATIONS.items():
        values = [float(v) for v in f(points)] + [float(v) for v in df(points)]
        rows.append((name, values))
    return header, rows


# The x values the comparison table reports
TABLE_POINTS = np.array([-2.0, 0.0, 2.0])
# --8<-- [end:table]


# --8<-- [start:grid_slip]
import numpy as np

PLOT_GRID = np.linspace(-5, 5, 100)  # 100 points for a plot
SLIP_INDICES = (20, 50, 80)  # meant as "the points at -2, 0 and 2"
# --8<-- [end:grid_slip]


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
    print(f"GELU exact  at x = -1: {float(gelu(-1.0)):.6f}")
    print(f"GELU approx at x = -1: {float(gelu_tanh(-1.0)):.6f}")
    gap, where = largest_approximation_gap(GAP_POINTS)
    span = f"[{GAP_POINTS[0]:g}, {GAP_POINTS[-1]:g}]"
    print(f"largest gap on {span}: {gap:.1e} at |x| = {abs(where):.2f}")
    # --8<-- [end:gelu_demo]

    # --8<-- [start:softmax_demo]
    probs = softmax(LOGITS)
    for name, z, p in zip(CLASSES, LOGITS, probs, strict=True):
        print(f"{name:<5} logit {z:4.1f} -> probability {p:.4f}")
    print(f"sum of probabilities: {probs.sum():.4f}")
    print(f"prediction: {CLASSES[int(np.argmax(probs))]}")
    # --8<-- [end:softmax_demo]

    # --8<-- [start:stability_demo]
    big = np.array([1000.0, 999.0, 998.0])  # the gaps of [2, 1, 0], shifted
    with np.errstate(over="ignore", invalid="ignore"):  # silence the warning
        print("exp(1000) overflows to:", np.exp(1000.0))
        print("naive  :", ", ".join(f"{p:.4f}" for p in naive_softmax(big)))
    print("stable :", ", ".join(f"{p:.4f}" for p in softmax(big)))
    print("[2,1,0]:", ", ".join(f"{p:.4f}" for p in softmax([2.0, 1.0, 0.0])))
    # --8<-- [end:stability_demo]

    # --8<-- [start:grid_slip_demo]
    for i in SLIP_INDICES:
        print(f"grid[{i}] = {PLOT_GRID[i]:+.4f}")
    # --8<-- [end:grid_slip_demo]

    # --8<-- [start:table_demo]
    header, rows = comparison_rows(TABLE_POINTS)
    print(f"{'':<20}" + "".join(f"{h:>9}" for h in header))
    for name, values in rows:
        print(f"{name:<20}" + "".join(f"{v:9.4f}" for v in values))
    # --8<-- [end:table_demo]
