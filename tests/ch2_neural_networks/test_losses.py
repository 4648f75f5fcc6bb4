import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.metrics import log_loss, mean_squared_error

from snippets.ch2_neural_networks.losses import (
    binary_cross_entropy,
    categorical_cross_entropy,
    mse_derivative,
    mse_loss,
)

RNG_SEEDS = range(5)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_mse_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    y, y_hat = rng.normal(size=30), rng.normal(size=30)
    assert mse_loss(y, y_hat) == pytest.approx(mean_squared_error(y, y_hat), rel=1e-12)


def test_mse_house_prices_by_hand():
    errors = np.array([10_000, -30_000, 15_000], dtype=float)
    assert mse_loss([300_000, 450_000, 200_000], [310_000, 420_000, 215_000]) == pytest.approx(
        float(np.sum(errors**2) / 3)
    )


def test_mse_derivative_matches_finite_differences():
    y, y_hat = np.array([1.0, -2.0, 0.5]), np.array([0.3, -1.0, 2.0])
    eps = 1e-6
    numeric = [
        (mse_loss(y, y_hat + eps * e) - mse_loss(y, y_hat - eps * e)) / (2 * eps) for e in np.eye(3)
    ]
    assert np.allclose(mse_derivative(y, y_hat), numeric, atol=1e-8)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_bce_matches_sklearn_log_loss(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, size=40)
    y[:2] = [0, 1]  # both classes present
    p = rng.uniform(0.01, 0.99, size=40)
    assert binary_cross_entropy(y, p) == pytest.approx(log_loss(y, p), rel=1e-12)


def test_bce_good_predictions_beat_bad_ones():
    labels = [1, 0, 1, 1]
    assert binary_cross_entropy(labels, [0.9, 0.1, 0.8, 0.7]) < binary_cross_entropy(
        labels, [0.1, 0.9, 0.2, 0.3]
    )


def test_bce_is_finite_at_exactly_zero_and_one():
    assert np.isfinite(binary_cross_entropy([1, 0], [0.0, 1.0]))
    assert binary_cross_entropy([1, 0], [1.0, 0.0]) == pytest.approx(0.0, abs=1e-12)


@pytest.mark.parametrize("seed", RNG_SEEDS)
def test_cce_matches_sklearn_log_loss(seed):
    rng = np.random.default_rng(seed)
    n, k = 25, 4
    labels = rng.integers(0, k, size=n)
    probs = rng.dirichlet(np.ones(k), size=n)
    onehot = np.eye(k)[labels]
    assert categorical_cross_entropy(onehot, probs) == pytest.approx(
        log_loss(labels, probs, labels=range(k)), rel=1e-12
    )


def test_cce_single_example_is_minus_log_of_true_class():
    assert categorical_cross_entropy([1, 0, 0], [0.7, 0.2, 0.1]) == pytest.approx(-np.log(0.7))
    assert categorical_cross_entropy([0, 0, 1], [0.7, 0.2, 0.1]) == pytest.approx(-np.log(0.1))


@pytest.mark.parametrize(
    ("loss", "y_true", "y_pred", "message"),
    [
        # mismatched shapes
        (mse_loss, [1.0, 2.0, 3.0], [1.0, 2.0], r"shape \(3,\) but y_pred has shape \(2,\)"),
        (binary_cross_entropy, [1, 0], [[0.5, 0.5]], "they must match"),
        (categorical_cross_entropy, [1, 0, 0], [0.5, 0.5], "they must match"),
        # empty arrays
        (mse_loss, [], [], "must not be empty"),
        (binary_cross_entropy, [], [], "must not be empty"),
        (categorical_cross_entropy, [], [], "must not be empty"),
        # probabilities outside [0, 1]
        (binary_cross_entropy, [1, 0], [2.3, -0.4], r"probabilities in \[0, 1\], found 2.3"),
        (categorical_cross_entropy, [0, 1], [1.5, -0.5], r"probabilities in \[0, 1\]"),
        # labels that are not 0/1, targets that are not one-hot
        (
            binary_cross_entropy,
            [1, 2],
            [0.5, 0.5],
            r"y_true must hold labels 0 or 1, got \[1.0, 2.0\]",
        ),
        (binary_cross_entropy, [1, -1], [0.5, 0.5], "y_true must hold labels 0 or 1"),
        (categorical_cross_entropy, [1, 1, 0], [0.5, 0.3, 0.2], "one-hot"),
        (categorical_cross_entropy, [0, 0, 0], [0.5, 0.3, 0.2], "one-hot"),
        (categorical_cross_entropy, [0.5, 0.5, 0], [0.5, 0.3, 0.2], "one-hot"),
        (categorical_cross_entropy, [2, 0, 0], [0.5, 0.3, 0.2], "one-hot"),
        # other mistakes
        (categorical_cross_entropy, [1, 0, 0], [0.5, 0.3, 0.1], "sum to 1"),
        (categorical_cross_entropy, np.ones((1, 1, 2)), np.ones((1, 1, 2)), "3 dimensions"),
        (mse_loss, [1.0, np.nan], [1.0, 2.0], "finite"),
    ],
)
def test_bad_input_raises_a_clear_error(loss, y_true, y_pred, message):
    with pytest.raises(ValueError, match=message):
        loss(y_true, y_pred)


# Property-based tests: bad input raises an error that names the argument;
# good input gives a loss with the right properties.

FAST = settings(derandomize=True, max_examples=50, deadline=None)
LOSSES = [mse_loss, mse_derivative, binary_cross_entropy, categorical_cross_entropy]
probabilities = st.floats(0.0, 1.0)
bad_numbers = st.sampled_from([np.nan, np.inf, -np.inf, "0.5", None, 1j, [0.5, 0.5]])


@FAST
@given(loss=st.sampled_from(LOSSES), bad=bad_numbers, which=st.sampled_from(["y_true", "y_pred"]))
def test_bad_values_name_the_argument(loss, bad, which):
    args = {"y_true": [1, 0, 0], "y_pred": [0.7, 0.2, 0.1]}
    args[which] = [bad, 0, 0]
    with pytest.raises((ValueError, TypeError), match=which):
        loss(args["y_true"], args["y_pred"])


@FAST
@given(loss=st.sampled_from(LOSSES), n=st.integers(1, 6), m=st.integers(1, 6))
def test_mismatched_shapes_are_rejected(loss, n, m):
    assume(n != m)
    with pytest.raises(ValueError, match="y_true has shape"):
        loss(np.eye(n)[0], np.full(m, 1 / m))


@FAST
@given(
    loss=st.sampled_from([binary_cross_entropy, categorical_cross_entropy]),
    outside=st.one_of(
        st.floats(1.0, 1e9, exclude_min=True), st.floats(-1e9, 0.0, exclude_max=True)
    ),
)
def test_probabilities_outside_zero_one_are_rejected(loss, outside):
    with pytest.raises(ValueError, match=r"y_pred must hold probabilities in \[0, 1\]"):
        loss([1, 0], [outside, 1 - outside])


@FAST
@given(label=st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers()))
def test_bce_labels_must_be_zero_or_one(label):
    assume(label not in (0, 1))
    # Integers beyond 64 bits are not numbers NumPy can hold: a TypeError.
    with pytest.raises((ValueError, TypeError), match="y_true must hold"):
        binary_cross_entropy([label, 1], [0.5, 0.5])


@FAST
@given(
    y=hnp.arrays(float, st.integers(1, 10), elements=st.floats(-1e3, 1e3)),
    noise=st.floats(-10.0, 10.0),
)
def test_mse_is_zero_only_for_perfect_predictions(y, noise):
    assert mse_loss(y, y) == 0.0
    assert mse_loss(y, y + noise) == pytest.approx(noise**2, rel=1e-6, abs=1e-9)
    assert mse_loss(y, y + noise) >= 0.0


@FAST
@given(
    labels=hnp.arrays(int, st.integers(1, 10), elements=st.integers(0, 1)),
    data=st.data(),
)
def test_bce_is_non_negative_and_the_mean_of_its_terms(labels, data):
    p = data.draw(hnp.arrays(float, labels.shape, elements=st.floats(0.001, 0.999)))
    loss = binary_cross_entropy(labels, p)
    terms = [-np.log(q if y == 1 else 1 - q) for y, q in zip(labels, p, strict=True)]
    assert loss >= 0.0
    assert loss == pytest.approx(np.mean(terms), rel=1e-12)


@FAST
@given(k=st.integers(2, 6), true_class=st.integers(0, 5), data=st.data())
def test_cce_is_minus_log_of_the_true_class(k, true_class, data):
    true_class %= k
    weights = data.draw(hnp.arrays(float, k, elements=st.floats(0.01, 1.0)))
    probs = weights / weights.sum()
    loss = categorical_cross_entropy(np.eye(k)[true_class], probs)
    assert loss >= 0.0
    assert loss == pytest.approx(-np.log(probs[true_class]), rel=1e-12)


@FAST
@given(
    y=hnp.arrays(float, 4, elements=st.floats(-10.0, 10.0)),
    y_hat=hnp.arrays(float, 4, elements=st.floats(-10.0, 10.0)),
)
def test_mse_derivative_matches_finite_differences_everywhere(y, y_hat):
    eps = 1e-5
    numeric = [
        (mse_loss(y, y_hat + eps * e) - mse_loss(y, y_hat - eps * e)) / (2 * eps) for e in np.eye(4)
    ]
    assert np.allclose(mse_derivative(y, y_hat), numeric, atol=1e-6)
