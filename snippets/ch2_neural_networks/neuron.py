"""One artificial neuron: a weighted sum, a bias and an activation.

Chapter 2.1-2.2 of the course. The page shows this module section by section;
run the whole file to see both demos:

    python neuron.py
"""

# --8<-- [start:party]
import math
import numbers

PARTY_FACTORS = ("friends are going", "the weather is nice", "I have homework")
PARTY_WEIGHTS = (0.8, 0.3, -0.6)  # how much each factor matters to me
PARTY_BIAS = 0.1  # my general inclination to go out
TONIGHT = (1, 1, 1)  # friends going: yes, nice weather: yes, homework: yes


def _finite(name: str, value) -> float:
    """value as a float, or an error that names the argument."""
    if not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def _sequence(name: str, values) -> list:
    """values as a list, or an error that names the argument."""
    if isinstance(values, str) or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a list of numbers, got {values!r}")
    return list(values)


def party_score(inputs, weights=PARTY_WEIGHTS, bias=PARTY_BIAS) -> float:
    """The weighted sum z = w1*x1 + w2*x2 + w3*x3 + b for one evening."""
    inputs = _sequence("inputs", inputs)
    weights = [_finite("weights", w) for w in _sequence("weights", weights)]
    if len(inputs) != len(weights):
        raise ValueError(
            f"inputs has {len(inputs)} values for {len(weights)} weights; "
            "pass one yes (1) or no (0) per weight"
        )
    if any(x not in (0, 1) for x in inputs):
        raise ValueError(f"inputs must be yes (1) or no (0), got {inputs!r}")
    total = sum(w * x for w, x in zip(weights, inputs, strict=True))
    return total + _finite("bias", bias)


def go_to_party(inputs, threshold: float = 0.0) -> bool:
    """A step activation: go if the weighted sum is above the threshold."""
    return party_score(inputs) > _finite("threshold", threshold)


# --8<-- [end:party]


# --8<-- [start:neuron]
import numpy as np


def _is_whole(value) -> bool:
    """An int (NumPy's too), but not True or False: they are no count."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool)


class Neuron:
    """A single artificial neuron: y = sigmoid(w . x + b)."""

    def __init__(self, n_inputs: int, seed: int = 0):
        if not _is_whole(n_inputs) or n_inputs < 1:
            raise ValueError(
                f"n_inputs must be a whole number >= 1, got {n_inputs!r}"
            )
        if not _is_whole(seed) or seed < 0:
            raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
        rng = np.random.default_rng(seed)  # the same weights on every run
        self.weights = rng.normal(size=n_inputs) * 0.01  # small, near zero
        self.bias = 0.0

    def weighted_sum(self, x) -> float:
        """Step 1, the linear part: z = w . x + b."""
        x = _as_input(x, n_inputs=self.weights.size)
        return float(np.dot(self.weights, x) + self.bias)

    def forward(self, x) -> float:
        """Step 2, the non-linear part: y = sigmoid(z), between 0 and 1."""
        z = self.weighted_sum(x)
        return 1.0 / (1.0 + np.exp(-z))


def _as_input(x, n_inputs: int) -> np.ndarray:
    """x as a finite float vector of n_inputs values, or a clear error."""
    try:
        x = np.asarray(x)
    except ValueError:  # nested lists of different lengths
        raise ValueError(f"x must be a vector of {n_inputs} numbers") from None
    if x.dtype.kind not in "biuf":  # bool, int, unsigned int, float
        raise TypeError(f"x must hold real numbers, got {x!r}")
    if x.shape != (n_inputs,):
        raise ValueError(
            f"x must have shape ({n_inputs},), one value per weight; "
            f"got shape {x.shape}"
        )
    if not np.all(np.isfinite(x)):
        raise ValueError("x must hold finite numbers, not nan or inf")
    return x.astype(float)


EXAMPLE_SEED = 42
EXAMPLE_INPUT = np.array([1.0, 0.5, -0.3])  # three input features
# --8<-- [end:neuron]


if __name__ == "__main__":
    # --8<-- [start:neuron_demo]
    neuron = Neuron(n_inputs=len(EXAMPLE_INPUT), seed=EXAMPLE_SEED)
    x = EXAMPLE_INPUT
    print("weights:", ", ".join(f"{w:+.4f}" for w in neuron.weights))
    print(f"z = w . x + b  = {neuron.weighted_sum(x):+.6f}")
    print(f"y = sigmoid(z) = {neuron.forward(x):.6f}")
    # --8<-- [end:neuron_demo]

    # --8<-- [start:party_demo]
    for factor, x, w in zip(PARTY_FACTORS, TONIGHT, PARTY_WEIGHTS, strict=True):
        print(f"{factor:<20} x = {x}  w = {w:+.1f}  w*x = {w * x:+.1f}")
    z = party_score(TONIGHT)
    decision = "go to the party" if go_to_party(TONIGHT) else "stay home"
    print(f"bias b = {PARTY_BIAS:+.1f}")
    print(f"weighted sum z = {z:+.2f} -> {decision}")
    # --8<-- [end:party_demo]
