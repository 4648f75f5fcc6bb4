"""Loss functions: mean squared error, binary and categorical cross-entropy.

Chapter 2.5 of the course. The page shows this module section by section; run the
whole file to see every demo:

    python snippets/ch2_neural_networks/losses.py
"""

# --8<-- [start:checks]
import numpy as np

EPSILON = 1e-15  # keeps log() away from log(0) = -infinity


def _as_pair(y_true, y_pred):
    """Both arguments as float arrays of the same, non-empty shape."""
    y_true = np.asarray(y_true, dtype=float)
    y_pred = np.asarray(y_pred, dtype=float)
    if y_true.size == 0 or y_pred.size == 0:
        raise ValueError("y_true and y_pred must not be empty")
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}; "
            "they must match, one prediction per target"
        )
    if not (np.all(np.isfinite(y_true)) and np.all(np.isfinite(y_pred))):
        raise ValueError(
            "y_true and y_pred must be finite numbers (no nan or inf)"
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

    y_true holds labels 0 or 1; y_pred holds the predicted probability of label 1.
    """
    y_true, y_pred = _as_pair(y_true, y_pred)
    if not np.all((y_true == 0) | (y_true == 1)):
        raise ValueError(
            f"binary labels must be 0 or 1, got {np.unique(y_true).tolist()}"
        )
    _check_probabilities(y_pred)
    p = np.clip(y_pred, EPSILON, 1 - EPSILON)
    return float(-np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p)))


# --8<-- [end:bce]


# --8<-- [start:cce]
def categorical_cross_entropy(y_true_onehot, y_pred_probs):
    """-sum over classes of y_c log(y_hat_c), averaged over examples.

    One example is a 1-D vector over the classes; a batch is a 2-D array with one
    row per example. y_true is one-hot (a single 1 per row), y_pred a probability
    distribution per row (for example a softmax output).
    """
    y_true, y_pred = _as_pair(y_true_onehot, y_pred_probs)
    if y_true.ndim not in (1, 2):
        raise ValueError(
            f"expected one example (1-D) or a batch (2-D), got {y_true.ndim} dimensions"
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
HOUSE_PRICES = np.array(
    [300_000, 450_000, 200_000]
)  # true sale prices in dollars
PREDICTED_PRICES = np.array(
    [310_000, 420_000, 215_000]
)  # what a model predicted
# --8<-- [end:mse_example]

# --8<-- [start:bce_example]
SPAM_LABELS = np.array([1, 0, 1, 1])  # spam (1) or not spam (0)
GOOD_PREDICTIONS = np.array([0.9, 0.1, 0.8, 0.7])  # confident and right
BAD_PREDICTIONS = np.array([0.1, 0.9, 0.2, 0.3])  # confident and wrong
# --8<-- [end:bce_example]

# --8<-- [start:cce_example]
CAT_ONE_HOT = np.array(
    [1, 0, 0]
)  # one-hot over [cat, dog, bird]: the image is a cat
CAT_PREDICTIONS = (
    [0.7, 0.2, 0.1],
    [0.4, 0.3, 0.3],
    [0.1, 0.2, 0.7],
)  # three models' outputs
# --8<-- [end:cce_example]


if __name__ == "__main__":
    # --8<-- [start:mse_demo]
    for truth, guess in zip(HOUSE_PRICES, PREDICTED_PRICES):
        print(
            f"true {truth:>9,} predicted {guess:>9,} error {guess - truth:>+8,} squared {(guess - truth) ** 2:>15,}"
        )
    mse = mse_loss(HOUSE_PRICES, PREDICTED_PRICES)
    print(f"MSE  = {mse:,.2f} (squared dollars)")
    print(f"RMSE = {np.sqrt(mse):,.2f} (dollars, the typical size of an error)")
    # --8<-- [end:mse_demo]

    # --8<-- [start:bce_demo]
    print(
        f"BCE, good predictions: {binary_cross_entropy(SPAM_LABELS, GOOD_PREDICTIONS):.4f}"
    )
    print(
        f"BCE, bad predictions:  {binary_cross_entropy(SPAM_LABELS, BAD_PREDICTIONS):.4f}"
    )
    for y, p in zip(SPAM_LABELS, BAD_PREDICTIONS):
        print(
            f"  label {y}, predicted P(spam) = {p:.1f}: this example costs {-np.log(p if y else 1 - p):.4f}"
        )
    # --8<-- [end:bce_demo]

    # --8<-- [start:cce_demo]
    for probs in CAT_PREDICTIONS:
        loss = categorical_cross_entropy(CAT_ONE_HOT, np.array(probs))
        print(
            f"P(cat) = {probs[0]:.1f}: CCE = {loss:.4f} (= -log {probs[0]:.1f})"
        )
    # --8<-- [end:cce_demo]
