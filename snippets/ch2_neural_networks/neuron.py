"""One artificial neuron: a weighted sum, a bias and an activation.

Chapter 2.1-2.2 of the course. The page shows this module section by section; run
the whole file to see both demos:

    python snippets/ch2_neural_networks/neuron.py
"""

# --8<-- [start:neuron]
import numpy as np


class Neuron:
    """A single artificial neuron: y = sigmoid(w . x + b)."""

    def __init__(self, n_inputs: int, seed: int = 0):
        if not isinstance(n_inputs, int) or n_inputs < 1:
            raise ValueError(
                f"n_inputs must be a positive whole number, got {n_inputs!r}"
            )
        rng = np.random.default_rng(
            seed
        )  # seeded: the same weights on every run
        self.weights = (
            rng.normal(size=n_inputs) * 0.01
        )  # small random values near zero
        self.bias = 0.0

    def weighted_sum(self, x) -> float:
        """Step 1, the linear part: z = w . x + b."""
        x = np.asarray(x, dtype=float)
        if x.shape != self.weights.shape:
            raise ValueError(
                f"this neuron has {self.weights.size} weights but got an input of shape {x.shape}"
            )
        return float(np.dot(self.weights, x) + self.bias)

    def forward(self, x) -> float:
        """Step 2, the non-linear part: y = sigmoid(z), a number between 0 and 1."""
        z = self.weighted_sum(x)
        return 1.0 / (1.0 + np.exp(-z))


EXAMPLE_SEED = 42
EXAMPLE_INPUT = np.array([1.0, 0.5, -0.3])  # three input features
# --8<-- [end:neuron]


# --8<-- [start:party]
PARTY_FACTORS = ("friends are going", "the weather is nice", "I have homework")
PARTY_WEIGHTS = (0.8, 0.3, -0.6)  # how much each factor matters to me
PARTY_BIAS = 0.1  # my general inclination to go out


def party_score(inputs, weights=PARTY_WEIGHTS, bias=PARTY_BIAS) -> float:
    """The weighted sum z = w1*x1 + w2*x2 + w3*x3 + b for one evening."""
    if len(inputs) != len(weights):
        raise ValueError(
            f"got {len(inputs)} inputs for {len(weights)} weights; they must pair up"
        )
    if any(x not in (0, 1) for x in inputs):
        raise ValueError(
            f"each input is a yes (1) or no (0), got {list(inputs)}"
        )
    return sum(w * x for w, x in zip(weights, inputs)) + bias


def go_to_party(inputs, threshold: float = 0.0) -> bool:
    """A step activation: go if the weighted sum is above the threshold."""
    return party_score(inputs) > threshold


# --8<-- [end:party]


if __name__ == "__main__":
    # --8<-- [start:neuron_demo]
    neuron = Neuron(n_inputs=3, seed=EXAMPLE_SEED)
    x = EXAMPLE_INPUT
    print("weights:", ", ".join(f"{w:+.4f}" for w in neuron.weights))
    print(f"z = w . x + b  = {neuron.weighted_sum(x):+.6f}")
    print(f"y = sigmoid(z) = {neuron.forward(x):.6f}")
    # --8<-- [end:neuron_demo]

    # --8<-- [start:party_demo]
    tonight = (1, 1, 1)  # friends going: yes, nice weather: yes, homework: yes
    for factor, x, w in zip(PARTY_FACTORS, tonight, PARTY_WEIGHTS):
        print(f"{factor:<20} x = {x}  w = {w:+.1f}  w*x = {w * x:+.1f}")
    z = party_score(tonight)
    print(f"bias b = {PARTY_BIAS:+.1f}")
    print(
        f"weighted sum z = {z:+.2f} -> {'go to the party' if go_to_party(tonight) else 'stay home'}"
    )
    # --8<-- [end:party_demo]
