import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from snippets.ch3_types_of_learning.house_prices import (
    FEATURES,
    HOUSES,
    NUDGED_HOUSES,
    PRICES,
    fit_prices,
    linear_relations,
)

FAST = settings(derandomize=True, max_examples=50, deadline=None)


def _lstsq_predictions(X, y, X_new):
    """Least-squares predictions from NumPy directly (unique even when coefficients aren't)."""
    design = np.column_stack([np.ones(len(X)), X])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    return np.column_stack([np.ones(len(X_new)), X_new]) @ beta


def test_fit_predicts_what_plain_least_squares_predicts():
    model = fit_prices(HOUSES, PRICES)
    new = np.array([[1800, 3, 2], [2500, 4, 3], [1000, 1, 0]], dtype=float)
    np.testing.assert_allclose(
        model.predict(new), _lstsq_predictions(HOUSES, PRICES, new), rtol=1e-9
    )


def test_the_source_data_has_exactly_one_linear_relation():
    assert linear_relations(HOUSES, FEATURES) == ["bathrooms = 1.00 * bedrooms - 1.00"]
    np.testing.assert_array_equal(HOUSES[:, 2], HOUSES[:, 1] - 1)
    assert np.linalg.matrix_rank(np.column_stack([np.ones(4), HOUSES])) == 3


def test_linear_relations_finds_a_planted_relation_and_nothing_in_random_data():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((10, 3))
    assert linear_relations(X, ("a", "b", "c")) == []
    X[:, 2] = 3 * X[:, 0] + 5
    assert linear_relations(X, ("a", "b", "c")) == ["c = 3.00 * a + 5.00"]


def test_only_the_sum_of_the_collinear_coefficients_is_determined():
    full = fit_prices(HOUSES, PRICES)
    dropped = fit_prices(HOUSES[:, :2], PRICES)
    assert full.coef_[1] + full.coef_[2] == pytest.approx(dropped.coef_[1])
    assert full.coef_[1] == pytest.approx(full.coef_[2])  # minimum-norm split
    np.testing.assert_allclose(full.predict(HOUSES), dropped.predict(HOUSES[:, :2]), rtol=1e-9)


def test_breaking_the_relation_makes_four_houses_fit_exactly():
    model = fit_prices(NUDGED_HOUSES, PRICES)
    assert np.count_nonzero(NUDGED_HOUSES != HOUSES) == 1
    np.testing.assert_allclose(model.predict(NUDGED_HOUSES), PRICES, atol=1e-4)
    assert abs(model.coef_[1]) > 10 * abs(fit_prices(HOUSES, PRICES).coef_[1])


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.ones(4), PRICES, "X must be a 2-D table"),
        (HOUSES, PRICES.reshape(-1, 1), "y must be a 1-D array of prices"),
        (HOUSES, PRICES[:3], "4 houses but y has 3 prices"),
        (HOUSES[:1], PRICES[:1], "X needs at least two houses"),
        (np.where(HOUSES == 3, np.nan, HOUSES), PRICES, "X must not contain NaN or infinity"),
        (HOUSES, [1, 2, 3, math.inf], "y must not contain NaN or infinity"),
        ([[1, 2], [3]], PRICES[:2], "X must be a rectangular array"),
    ],
)
def test_fit_rejects_bad_input(X, y, message):
    with pytest.raises(ValueError, match=message):
        fit_prices(X, y)


def test_linear_relations_needs_one_name_per_column():
    with pytest.raises(ValueError, match="names needs one name per column"):
        linear_relations(HOUSES, ("sq_ft", "bedrooms"))


# Property-based checks: bad input is a clear error that names the argument,
# never a NaN or a silently wrong answer; good input keeps its invariants.

# Integer tables, as real house data are: well scaled, sometimes collinear.
tables = arrays(
    np.int64, st.tuples(st.integers(3, 8), st.integers(1, 3)), elements=st.integers(-9999, 9999)
)


@FAST
@given(X=tables, seed=st.integers(0, 1000))
def test_fit_is_least_squares_for_any_finite_table(X, seed):
    y = np.random.default_rng(seed).normal(size=len(X)) * 1e3
    model = fit_prices(X, y)
    # Fitted values are the projection of y: unique even when coefficients aren't.
    fitted = model.predict(X)
    assert np.isfinite(fitted).all()
    np.testing.assert_allclose(fitted, _lstsq_predictions(X, y, X), rtol=1e-6, atol=1e-3)
    assert np.sum((y - fitted) ** 2) <= np.sum((y - y.mean()) ** 2) * (1 + 1e-9) + 1e-6


@FAST
@given(
    bad=st.sampled_from([math.nan, math.inf, -math.inf]),
    row=st.integers(0, 3),
    argument=st.sampled_from(["X", "y"]),
)
def test_nan_and_infinity_are_rejected_naming_the_argument(bad, row, argument):
    data = {"X": HOUSES.copy(), "y": PRICES.copy()}
    if argument == "X":
        data["X"][row, 1] = bad
    else:
        data["y"][row] = bad
    with pytest.raises(ValueError, match=f"{argument} must not contain NaN or infinity"):
        fit_prices(**data)


@FAST
@given(X=st.one_of(st.text(max_size=3), st.none(), st.lists(st.text(max_size=2), min_size=1)))
def test_text_is_not_a_table_of_numbers(X):
    with pytest.raises(TypeError, match="X must hold numbers"):
        fit_prices(X, PRICES)


@FAST
@given(a=st.floats(-100, 100).filter(lambda a: abs(a) > 0.01), b=st.floats(-100, 100))
def test_a_planted_relation_is_always_found(a, b):
    x = np.array([1.0, 2.0, 4.0, 7.0, 11.0])
    X = np.column_stack([x, a * x + b])
    assert len(linear_relations(X, ("x", "z"))) == 1


def test_numpy_integer_tables_are_accepted():
    model = fit_prices(HOUSES.astype(np.int64), PRICES.astype(np.int32))
    np.testing.assert_allclose(model.predict(HOUSES), fit_prices(HOUSES, PRICES).predict(HOUSES))
