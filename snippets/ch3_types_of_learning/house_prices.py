"""Supervised regression: house prices with linear regression.

The data hold a collinear feature, and the page shows what that does to the
coefficients. Chapter 3 ("Types of learning"), section 3.1. Run the whole file
to see the output:

    python snippets/ch3_types_of_learning/house_prices.py
"""

# --8<-- [start:data]
import numpy as np
from sklearn.linear_model import LinearRegression

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
NEW_HOUSE = np.array([1800, 3, 2], dtype=float)  # a house to price
# --8<-- [end:data]


# --8<-- [start:model]
def _finite_array(name: str, values, ndim: int, what: str) -> np.ndarray:
    """`values` as a float array of `ndim` dimensions, every entry finite."""
    try:
        array = np.asarray(values)
    except ValueError:  # rows of different lengths
        raise ValueError(f"{name} must be a rectangular array") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold numbers, got {array.dtype} values")
    array = array.astype(float)
    if array.size == 0:
        raise ValueError(f"{name} is empty; it must be {what}")
    if array.ndim != ndim:
        raise ValueError(f"{name} must be {what}, got shape {array.shape}")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must not contain NaN or infinity")
    return array


def fit_prices(X, y) -> LinearRegression:
    """Least-squares fit of price = intercept + sum(coefficient * feature)."""
    X = _finite_array("X", X, 2, "a 2-D table (houses x features)")
    y = _finite_array("y", y, 1, "a 1-D array of prices")
    if X.shape[0] != y.shape[0]:
        raise ValueError(
            f"X has {X.shape[0]} houses but y has {y.shape[0]} prices"
        )
    if X.shape[0] < 2:
        raise ValueError("X needs at least two houses to fit a line")
    return LinearRegression().fit(X, y)


# --8<-- [end:model]


# --8<-- [start:collinear]
def linear_relations(X, names: tuple[str, ...], tol: float = 1e-9) -> list[str]:
    """Every column that is exactly a * (another column) + b, as an equation."""
    X = _finite_array("X", X, 2, "a 2-D table (rows x columns)")
    if not isinstance(names, list | tuple) or not all(
        isinstance(name, str) for name in names
    ):
        raise TypeError(f"names must be a list of str, got {names!r}")
    if X.shape[1] != len(names):
        raise ValueError(
            f"names needs one name per column of X: X has {X.shape[1]} "
            f"columns, got {len(names)} names"
        )
    if not (isinstance(tol, (int, float)) and 0 <= tol < np.inf):
        raise ValueError(f"tol must be a finite number >= 0, got {tol!r}")
    found = []
    for i in range(X.shape[1]):
        if np.ptp(X[:, i]) == 0:  # a constant column explains nothing
            continue
        for j in range(i + 1, X.shape[1]):
            design = np.column_stack([X[:, i], np.ones(len(X))])
            (a, b), *_ = np.linalg.lstsq(design, X[:, j], rcond=None)
            worst_miss = np.max(np.abs(design @ [a, b] - X[:, j]))
            if worst_miss <= tol * max(1.0, np.abs(X[:, j]).max()):
                sign = "+" if b >= 0 else "-"
                found.append(
                    f"{names[j]} = {a:.2f} * {names[i]} {sign} {abs(b):.2f}"
                )
    return found


# The same houses with one bathroom count nudged off the pattern (2 -> 2.01),
# and a house that breaks it: as many bathrooms as bedrooms.
NUDGED_HOUSES = HOUSES.copy()
NUDGED_HOUSES[0, 2] = 2.01
ODD_HOUSE = np.array([1800, 3, 3], dtype=float)
# --8<-- [end:collinear]


if __name__ == "__main__":
    # --8<-- [start:fit_demo]
    model = fit_prices(HOUSES, PRICES)
    for name, coefficient in zip(FEATURES, model.coef_, strict=True):
        print(f"{name:<10} {coefficient:>+12,.2f} $ per unit")
    print(f"{'intercept':<10} {model.intercept_:>+12,.2f} $")
    sq_ft, bedrooms, bathrooms = NEW_HOUSE
    price = model.predict([NEW_HOUSE])[0]
    print(
        f"Predicted price for {sq_ft:.0f} sq ft, {bedrooms:.0f} bed, "
        f"{bathrooms:.0f} bath: ${price:,.0f}"
    )
    # --8<-- [end:fit_demo]

    # --8<-- [start:collinear_demo]
    relations = linear_relations(HOUSES, FEATURES)
    print("Exact linear relations between columns:", relations)
    design = np.column_stack([np.ones(len(HOUSES)), HOUSES])
    rank = np.linalg.matrix_rank(design)
    print(f"Design matrix: {design.shape[1]} columns, rank {rank}")

    nudge = f"one bathroom {HOUSES[0, 2]:g} -> {NUDGED_HOUSES[0, 2]:g}"
    fits = {  # label -> (fitted model, how many feature columns it uses)
        "all three features": (fit_prices(HOUSES, PRICES), 3),
        "bathrooms dropped": (fit_prices(HOUSES[:, :2], PRICES), 2),
        nudge: (fit_prices(NUDGED_HOUSES, PRICES), 3),
    }
    test_houses = (NEW_HOUSE, ODD_HOUSE)
    header = f"{'fit':<23}{'sq_ft':>9}{'bedrooms':>14}{'bathrooms':>14}"
    for _, bedrooms, bathrooms in test_houses:
        header += f"{f'{bedrooms:.0f} bed {bathrooms:.0f} bath':>15}"
    print(header)
    for label, (fitted, n_used) in fits.items():
        used = FEATURES[:n_used]
        weights = dict(zip(used, fitted.coef_, strict=True))
        row = f"{label:<23}{weights['sq_ft']:>+9,.1f}"
        for name in FEATURES[1:]:
            row += f"{weights[name]:>+14,.0f}" if name in used else f"{'-':>14}"
        for house in test_houses:
            row += f"{fitted.predict([house[:n_used]])[0]:>15,.0f}"
        print(row)
    # --8<-- [end:collinear_demo]
