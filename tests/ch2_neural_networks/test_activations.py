import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy.special import expit
from scipy.special import softmax as scipy_softmax
from scipy.stats import norm

from snippets.ch2_neural_networks import activations as act

# Points away from 0, where ReLU and Leaky ReLU have a kink.
POINTS = np.array([-3.7, -2.0, -0.9, -0.15, 0.2, 0.75, 1.3, 2.0, 4.1])


def central_difference(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


@pytest.mark.parametrize("name", list(act.ACTIVATIONS))
def test_each_derivative_matches_finite_differences(name):
    f, df = act.ACTIVATIONS[name]
    assert np.max(np.abs(df(POINTS) - central_difference(f, POINTS))) < 1e-7


def test_functions_match_independent_definitions():
    x = np.linspace(-6, 6, 121)
    assert np.allclose(act.sigmoid(x), expit(x), rtol=0, atol=1e-15)
    assert np.allclose(act.gelu(x), x * norm.cdf(x), rtol=0, atol=1e-12)
    assert np.allclose(act.gelu_derivative(x), norm.cdf(x) + x * norm.pdf(x), rtol=0, atol=1e-12)
    assert np.allclose(act.relu(x), np.where(x > 0, x, 0.0))
    assert np.allclose(act.leaky_relu(x, alpha=0.1), np.where(x > 0, x, 0.1 * x))
    assert np.allclose(act.tanh(x), (np.exp(x) - np.exp(-x)) / (np.exp(x) + np.exp(-x)))


def test_gelu_tanh_approximation_is_close():
    x = np.linspace(-4, 4, 801)
    assert np.max(np.abs(act.gelu(x) - act.gelu_tanh(x))) < 1e-3


def test_relu_derivative_convention_at_zero():
    assert act.relu_derivative(0.0) == 0.0
    assert act.leaky_relu_derivative(0.0, alpha=0.01) == 0.01


def test_softmax_matches_scipy_and_sums_to_one():
    rng = np.random.default_rng(0)
    for _ in range(20):
        logits = rng.normal(scale=5.0, size=rng.integers(1, 10))
        probs = act.softmax(logits)
        assert np.allclose(probs, scipy_softmax(logits), rtol=0, atol=1e-14)
        assert probs.sum() == pytest.approx(1.0)


def test_softmax_is_stable_where_the_naive_formula_fails():
    big = np.array([1000.0, 999.0, 998.0])
    assert np.allclose(act.softmax(big), act.softmax([2.0, 1.0, 0.0]))
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.all(np.isnan(act.naive_softmax(big)))
    assert np.allclose(act.naive_softmax([2.0, 1.0, 0.1]), act.softmax([2.0, 1.0, 0.1]))


def test_softmax_jacobian_matches_finite_differences():
    logits = np.array([2.0, 1.0, 0.1, -0.5])
    eps = 1e-6
    numeric = np.column_stack(
        [
            (act.softmax(logits + eps * e) - act.softmax(logits - eps * e)) / (2 * eps)
            for e in np.eye(4)
        ]
    )
    assert np.max(np.abs(act.softmax_jacobian(logits) - numeric)) < 1e-8


@pytest.mark.parametrize(
    ("logits", "message"),
    [
        ([], "non-empty 1-D vector"),
        ([[1.0, 2.0]], r"shape \(1, 2\)"),
        ([1.0, np.inf], "finite"),
        ([np.nan, 0.0], "finite"),
    ],
)
def test_softmax_rejects_bad_logits(logits, message):
    with pytest.raises(ValueError, match=message):
        act.softmax(logits)


def test_comparison_table_labels_are_the_points_evaluated():
    points = np.array([-2.0, 0.0, 2.0])
    header, rows = act.comparison_rows(points)
    assert header == ["f(-2)", "f(0)", "f(2)", "f'(-2)", "f'(0)", "f'(2)"]
    for name, values in rows:
        f, df = act.ACTIVATIONS[name]
        assert values == pytest.approx(list(f(points)) + list(df(points)))
    sigmoid_row = dict(rows)["Sigmoid"]
    assert sigmoid_row[0] == pytest.approx(1 / (1 + np.exp(2.0)))


# Property-based tests: every function either rejects bad input with an error
# that names the argument, or returns an answer with the right properties.

FAST = settings(derandomize=True, max_examples=50, deadline=None)
ELEMENTWISE = [f for pair in act.ACTIVATIONS.values() for f in pair]
finite_floats = st.floats(-30.0, 30.0, allow_nan=False)
vectors = hnp.arrays(float, st.integers(1, 8), elements=finite_floats)
non_finite = st.sampled_from([np.nan, np.inf, -np.inf])
not_numbers = st.sampled_from(["1.5", None, 1j, [1.0, "a"], {"x": 1.0}, object()])


def with_one(values, bad, index):
    values = values.astype(object)
    values[index % values.size] = bad
    return values.tolist()


@FAST
@given(f=st.sampled_from(ELEMENTWISE), x=vectors, bad=non_finite, index=st.integers(0, 7))
def test_activations_reject_nan_and_inf(f, x, bad, index):
    with pytest.raises(ValueError, match="x must hold finite numbers"):
        f(with_one(x, bad, index))


@FAST
@given(f=st.sampled_from(ELEMENTWISE), bad=not_numbers)
def test_activations_reject_what_is_not_a_number(f, bad):
    with pytest.raises(TypeError, match="x must hold real numbers"):
        f(bad)


@FAST
@given(
    f=st.sampled_from([act.softmax, act.softmax_jacobian, act.naive_softmax]),
    logits=vectors,
    bad=st.one_of(non_finite, not_numbers),
    index=st.integers(0, 7),
)
def test_softmax_names_its_argument(f, logits, bad, index):
    with pytest.raises((ValueError, TypeError), match="logits must"):
        f(with_one(logits, bad, index))


@FAST
@given(points=st.one_of(st.just([]), st.just([[0.0, 1.0]]), st.just([np.nan]), st.just(["2"])))
def test_table_and_gap_name_their_argument(points):
    for f in (act.comparison_rows, act.largest_approximation_gap):
        with pytest.raises((ValueError, TypeError), match="points must"):
            f(points)


@FAST
@given(
    alpha=st.one_of(non_finite, st.floats(1.0, 1e6), st.floats(-1e6, -1e-9), st.just([0.1, 0.2]))
)
def test_leaky_relu_slope_must_be_in_zero_one(alpha):
    for f in (act.leaky_relu, act.leaky_relu_derivative):
        with pytest.raises(ValueError, match="alpha must"):
            f([1.0, -1.0], alpha=alpha)


@FAST
@given(logits=vectors, shift=finite_floats)
def test_softmax_is_a_distribution_that_ignores_shifts(logits, shift):
    probs = act.softmax(logits)
    assert np.all((probs >= 0) & (probs <= 1))
    assert probs.sum() == pytest.approx(1.0)
    assert np.allclose(act.softmax(logits + shift), probs, atol=1e-12)
    assert probs[np.argmax(logits)] == probs.max()
    assert np.allclose(act.softmax_jacobian(logits).sum(axis=1), 0.0, atol=1e-12)


@FAST
@given(x=vectors)
def test_activations_stay_in_their_ranges(x):
    assert np.all((act.sigmoid(x) >= 0) & (act.sigmoid(x) <= 1))
    assert np.all(np.abs(act.tanh(x)) <= 1)
    assert np.all(act.relu(x) >= 0)
    assert np.all(act.gelu(x) >= -0.17)  # GELU's minimum is about -0.17
    for f in ELEMENTWISE:
        assert np.all(np.isfinite(f(x)))


@FAST
@given(
    name=st.sampled_from(list(act.ACTIVATIONS)),
    x=st.floats(-6.0, 6.0).filter(lambda v: abs(v) > 1e-3),  # away from kinks
)
def test_every_derivative_matches_finite_differences(name, x):
    f, df = act.ACTIVATIONS[name]
    assert float(df(x)) == pytest.approx(float(central_difference(f, x)), abs=1e-7)


def test_integer_like_numpy_scalars_are_accepted():
    assert act.relu(np.int64(3)) == 3.0
    assert act.leaky_relu(np.int32(-2), alpha=np.float32(0.5)) == -1.0


@FAST
@given(
    x=hnp.arrays(
        float, st.integers(1, 8), elements=st.floats(allow_nan=False, allow_infinity=False)
    )
)
def test_no_activation_returns_nan_or_inf_for_a_finite_input(x):
    with np.errstate(over="ignore", under="ignore"):  # exp() may overflow on the way
        for f in ELEMENTWISE:
            assert np.all(np.isfinite(f(x))), f.__name__
        assert np.isclose(act.softmax(x).sum(), 1.0)
