import math

import numpy as np
import pytest
from scipy.special import expit

from snippets.ch2_neural_networks.neuron import (
    PARTY_BIAS,
    PARTY_WEIGHTS,
    Neuron,
    go_to_party,
    party_score,
)


def test_same_seed_same_weights_different_seed_different_weights():
    assert np.array_equal(Neuron(4, seed=7).weights, Neuron(4, seed=7).weights)
    assert not np.array_equal(Neuron(4, seed=7).weights, Neuron(4, seed=8).weights)


def test_weights_start_small():
    assert np.all(np.abs(Neuron(100, seed=0).weights) < 0.1)


def test_forward_is_sigmoid_of_weighted_sum():
    neuron = Neuron(3, seed=1)
    neuron.weights = np.array([0.5, -1.0, 2.0])
    neuron.bias = 0.25
    x = [1.0, 2.0, 3.0]
    z = 0.5 * 1.0 - 1.0 * 2.0 + 2.0 * 3.0 + 0.25
    assert neuron.weighted_sum(x) == pytest.approx(z)
    assert neuron.forward(x) == pytest.approx(float(expit(z)))


@pytest.mark.parametrize("n_inputs", [0, -2, 2.5, "3"])
def test_neuron_needs_a_positive_whole_number_of_inputs(n_inputs):
    with pytest.raises(ValueError, match="n_inputs must be a whole number >= 1"):
        Neuron(n_inputs)


def test_neuron_rejects_an_input_of_the_wrong_size():
    with pytest.raises(ValueError, match=r"x must have shape \(3,\), one value per weight"):
        Neuron(3).forward([1.0, 2.0])


def test_party_score_is_the_weighted_sum():
    for inputs in [(1, 1, 1), (0, 1, 0), (0, 0, 0)]:
        expected = math.fsum(w * x for w, x in zip(PARTY_WEIGHTS, inputs, strict=True)) + PARTY_BIAS
        assert party_score(inputs) == pytest.approx(expected)
        assert go_to_party(inputs) == (expected > 0)


def test_party_rejects_bad_inputs():
    with pytest.raises(ValueError, match="inputs has 2 values for 3 weights"):
        party_score((1, 1))
    with pytest.raises(ValueError, match=r"inputs must be yes \(1\) or no \(0\)"):
        party_score((1, 2, 0))
