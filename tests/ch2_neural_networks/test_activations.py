import numpy as np
import pytest
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
