"""Loss functions: mean squared error, binary and categorical cross-entropy.

Chapter 2.5 of the course. The page shows this module section by section; run
the whole file to see every demo:

    python losses.py
"""

# --8<-- [start:checks]
import numpy as np

EPSILON = 1e-15  # keeps log() away from log(0) = -infinity


def _as_array(values, name: str) -> np.ndarray:
    """values as a non-empty float array, or an error naming the argument."""
    try:
        array = np.asarray(values)
    except ValueError:  # nested lists of different lengths
        raise ValueError(f"{name} must be a rectangular array") from None
    if array.dtype.kind not in "biuf":  # bool, int, unsigned int, float
        raise TypeError(f"{name} must hold real numbers, got {values!r}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers, not nan or inf")
    return array.astype(float)


def _as_pair(y_true, y_pred):
    """Both arguments as float arrays of the same, non-empty shape."""
    y_true, y_pred = _as_array(y_true, "y_true"), _as_array(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true has shape {y_true.shape} but y_pred has shape "
            f"{y_pred.shape}; they must match, one prediction per target"
        )
    return y_true, y_pred


def _check_probabilities(y_pred):
    if np.any((y_pred < 0) | (y_pred > 1)):
        bad = y_pred[(y_pred < 0) | (y_pred > 1)][0]
        raise ValueError(
            f"y_pred must hold probabilities in [0, 1], found {bad:g}; "
            "pass sigmoid/softmax outputs, not raw scores (logits)"
        )


# --8<-- [end:checks]


# --8<-- [start:mse]
def mse_loss(y_true, y_pred):
    """Mean squared error: the average of (y - y_hat)^2. For regression."""
    y_true, y_pred = _as_pair(y_true, y_pred)
    return float(np.mean((y_true - y_pred) ** 2))


def mse_derivative(y_true, y_pred):
    """dMSE/dy_pred: 2 (y_pred - y_true) / n, one entry per prediction."""
    y_true, y_pred = _as_pair(y_true, y_pred)
    return 2.0 * (y_pred - y_true) / y_true.size


# --8<-- [end:mse]


# --8<-- [start:bce]
def binary_cross_entropy(y_true, y_pred):
    """-mean[y log(y_hat) + (1 - y) log(1 - y_hat)]. For yes/no classification.

    y_true holds labels 0 or 1; y_pred the predicted probability of label 1.
    """
    y_true, y_pred = _as_pair(y_true, y_pred)
    if not np.all((y_true == 0) | (y_true == 1)):
        raise ValueError(
            f"y_true must hold labels 0 or 1, got {np.unique(y_true).tolist()}"
        )
    _check_probabilities(y_pred)
    p = np.clip(y_pred, EPSILON, 1 - EPSILON)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))


# --8<-- [end:bce]


# --8<-- [start:cce]
def categorical_cross_entropy(y_true, y_pred):
    """-sum over classes of y_c log(y_hat_c), averaged over examples.

    One example is a 1-D vector over the classes; a batch is a 2-D array with
    one row per example. y_true is one-hot (a single 1 per row), y_pred a
    probability distribution per row (for example a softmax output).
    """
    y_true, y_pred = _as_pair(y_true, y_pred)
    if y_true.ndim not in (1, 2):
        raise ValueError(
            "y_true and y_pred must be one example (1-D) or a batch (2-D), "
            f"got {y_true.ndim} dimensions"
        )
    y_true, y_pred = np.atleast_2d(y_true), np.atleast_2d(y_pred)
    if not (
        np.all((y_true == 0) | (y_true == 1))
        and np.all(y_true.sum(axis=1) == 1)
    ):
        raise ValueError(
            "y_true must be one-hot: each row all 0s except a single 1"
        )
    _check_probabilities(y_pred)
    if not np.allclose(y_pred.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError(
            "each row of y_pred must sum to 1 (a probability distribution)"
        )
    p = np.clip(y_pred, EPSILON, 1.0)
    return float(np.mean(-np.sum(y_true * np.log(p), axis=1)))


# --8<-- [end:cce]


# --8<-- [start:mse_example]
HOUSE_PRICES = np.array([300_000, 450_000, 200_000])  # true prices, dollars
PREDICTED_PRICES = np.array([310_000, 420_000, 215_000])  # a model's guesses
# --8<-- [end:mse_example]

# --8<-- [start:bce_example]
SPAM_LABELS = np.array([1, 0, 1, 1])  # spam (1) or not spam (0)
GOOD_PREDICTIONS = np.array([0.9, 0.1, 0.8, 0.7])  # confident and right
BAD_PREDICTIONS = np.array([0.1, 0.9, 0.2, 0.3])  # confident and wrong
# --8<-- [end:bce_example]

# --8<-- [start:cce_example]
CAT_ONE_HOT = np.array([1, 0, 0])  # over [cat, dog, bird]: the image is a cat
CAT_PREDICTIONS = (  # three models' outputs
    [0.7, 0.2, 0.1],
    [0.4, 0.3, 0.3],
    [0.1, 0.2, 0.7],
)
# --8<-- [end:cce_example]


if __name__ == "__main__":
    # --8<-- [start:mse_demo]
    for truth, guess in zip(HOUSE_PRICES, PREDICTED_PRICES, strict=True):
        error = guess - truth
        print(
            f"true {truth:>9,} predicted {guess:>9,} "
            f"error {error:>+8,} squared {error**2:>15,}"
        )
    mse = mse_loss(HOUSE_PRICES, PREDICTED_PRICES)
    print(f"MSE  = {mse:,.2f} (squared dollars)")
    print(f"RMSE = {np.sqrt(mse):,.2f} (dollars, pulled up by the large error)")
    # --8<-- [end:mse_demo]

    # --8<-- [start:bce_demo]
    good = binary_cross_entropy(SPAM_LABELS, GOOD_PREDICTIONS)
    bad = binary_cross_entropy(SPAM_LABELS, BAD_PREDICTIONS)
    print(f"BCE, good predictions: {good:.4f}")
    print(f"BCE, bad predictions:  {bad:.4f}")
    for y, p in zip(SPAM_LABELS, BAD_PREDICTIONS, strict=True):
        cost = -np.log(p if y else 1 - p)
        print(
            f"  label {y}, predicted P(spam) = {p:.1f}: "
            f"this example costs {cost:.4f}"
        )
    # --8<-- [end:bce_demo]

    # --8<-- [start:cce_demo]
    for probs in CAT_PREDICTIONS:
        loss = categorical_cross_entropy(CAT_ONE_HOT, np.array(probs))
        print(
            f"P(cat) = {probs[0]:.1f}: CCE = {loss:.4f} (= -log {probs[0]:.1f})"
        )
    # --8<-- [end:cce_demo]
