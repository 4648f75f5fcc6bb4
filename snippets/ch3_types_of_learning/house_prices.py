"""Supervised regression: house prices with linear regression, and a collinear feature.

Chapter 3 ("Types of learning"), section 3.1. Run the whole file to see the output:

    python snippets/ch3_types_of_learning/house_prices.py
"""

# --8<-- [start:data]
import numpy as np

FEATURES = ("sq_ft", "bedrooms", "bathrooms")
HOUSES = np.array(
    [
        [1500, 3, 2],
        [2000, 4, 3],
        [1200, 2, 1],
        [3000, 5, 4],
    ],
    dtype=float,
)
PRICES = np.array([300_000, 450_000, 200_000, 650_000], dtype=float)
# --8<-- [end:data]

# --8<-- [start:model]
from sklearn.linear_model import LinearRegression


def fit_prices(X: np.ndarray, y: np.ndarray) -> LinearRegression:
    """Least-squares fit of price = intercept + sum(coefficient * feature)."""
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2:
        raise ValueError(
            f"X must be a 2-D table (houses x features), got shape {X.shape}"
        )
    if y.ndim != 1:
        raise ValueError(
            f"y must be a 1-D array of prices, got shape {y.shape}"
        )
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X has {X.shape[0]} houses but y has {y.shape[0]} prices"
        )
    if X.shape[0] < 2:
        raise ValueError("need at least two houses to fit a line")
    if not (np.isfinite(X).all() and np.isfinite(y).all()):
        raise ValueError("X and y must not contain NaN or infinity")
    return LinearRegression().fit(X, y)


# --8<-- [end:model]


# --8<-- [start:collinear]
def linear_relations(
    X: np.ndarray, names: tuple[str, ...], tol: float = 1e-9
) -> list[str]:
    """Every column that is exactly a * (another column) + b, written out as an equation."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or X.shape[1] != len(names):
        raise ValueError(
            f"need one name per column: {X.shape} table, {len(names)} names"
        )
    found = []
    for i in range(X.shape[1]):
        for j in range(i + 1, X.shape[1]):
            if np.ptp(X[:, i]) == 0:
                continue
            design = np.column_stack([X[:, i], np.ones(len(X))])
            (a, b), *_ = np.linalg.lstsq(design, X[:, j], rcond=None)
            if np.max(np.abs(design @ [a, b] - X[:, j])) <= tol * max(
                1.0, np.abs(X[:, j]).max()
            ):
                found.append(
                    f"{names[j]} = {a:.2f} * {names[i]} {'+' if b >= 0 else '-'} {abs(b):.2f}"
                )
    return found


# --8<-- [end:collinear]


if __name__ == "__main__":
    # --8<-- [start:fit_demo]
    model = fit_prices(HOUSES, PRICES)
    for name, coefficient in zip(FEATURES, model.coef_):
        print(f"{name:<10} {coefficient:>+12,.2f} $ per unit")
    print(f"{'intercept':<10} {model.intercept_:>+12,.2f} $")
    house = [[1800, 3, 2]]
    print(
        f"Predicted price for 1800 sq ft, 3 bed, 2 bath: ${model.predict(house)[0]:,.0f}"
    )
    # --8<-- [end:fit_demo]

    # --8<-- [start:collinear_demo]
    print(
        "Exact linear relations between columns:",
        linear_relations(HOUSES, FEATURES),
    )
    design = np.column_stack([np.ones(len(HOUSES)), HOUSES])
    print(
        f"Design matrix: {design.shape[1]} columns, rank {np.linalg.matrix_rank(design)}"
    )

    nudged = HOUSES.copy()
    nudged[0, 2] = 2.01  # one house: 2 bathrooms -> 2.01
    fits = {
        "all three features": (fit_prices(HOUSES, PRICES), [0, 1, 2]),
        "bathrooms dropped": (fit_prices(HOUSES[:, :2], PRICES), [0, 1]),
        "one bathroom 2 -> 2.01": (fit_prices(nudged, PRICES), [0, 1, 2]),
    }
    print(
        f"{'fit':<23}{'sq_ft':>9}{'bedrooms':>14}{'bathrooms':>14}{'3 bed 2 bath':>15}{'3 bed 3 bath':>15}"
    )
    for label, (fitted, columns) in fits.items():
        coefficients = dict(zip([FEATURES[c] for c in columns], fitted.coef_))
        cells = [
            f"{coefficients[name]:>+14,.0f}"
            if name in coefficients
            else f"{'-':>14}"
            for name in FEATURES[1:]
        ]
        prices = [
            fitted.predict([[1800, 3, baths][: len(columns)]])[0]
            for baths in (2, 3)
        ]
        print(
            f"{label:<23}{coefficients['sq_ft']:>+9,.1f}{''.join(cells)}"
            f"{prices[0]:>15,.0f}{prices[1]:>15,.0f}"
        )
    # --8<-- [end:collinear_demo]
