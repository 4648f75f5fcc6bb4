import numpy as np
import pytest

from snippets.ch3_types_of_learning.house_prices import (
    FEATURES,
    HOUSES,
    PRICES,
    fit_prices,
    linear_relations,
)


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
    nudged = HOUSES.copy()
    nudged[0, 2] = 2.01
    model = fit_prices(nudged, PRICES)
    np.testing.assert_allclose(model.predict(nudged), PRICES, atol=1e-4)
    assert abs(model.coef_[1]) > 10 * abs(fit_prices(HOUSES, PRICES).coef_[1])


@pytest.mark.parametrize(
    ("X", "y", "message"),
    [
        (np.ones(4), PRICES, "2-D table"),
        (HOUSES, PRICES.reshape(-1, 1), "1-D array of prices"),
        (HOUSES, PRICES[:3], "4 houses but y has 3 prices"),
        (HOUSES[:1], PRICES[:1], "at least two houses"),
        (np.where(HOUSES == 3, np.nan, HOUSES), PRICES, "NaN or infinity"),
    ],
)
def test_fit_rejects_bad_input(X, y, message):
    with pytest.raises(ValueError, match=message):
        fit_prices(X, y)


def test_linear_relations_needs_one_name_per_column():
    with pytest.raises(ValueError, match="one name per column"):
        linear_relations(HOUSES, ("sq_ft", "bedrooms"))
