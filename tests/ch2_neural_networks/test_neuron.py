import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
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


# Property-based tests: bad input raises an error that names the argument;
# good input gives a probability that matches the formula.

FAST = settings(derandomize=True, max_examples=50, deadline=None)
non_finite = st.sampled_from([np.nan, np.inf, -np.inf])
not_numbers = st.sampled_from(["0.5", None, 1j, [0.5]])


@FAST
@given(n_inputs=st.one_of(st.integers(max_value=0), st.floats(), st.text(), st.none()))
def test_neuron_size_must_be_a_whole_number(n_inputs):
    with pytest.raises(ValueError, match="n_inputs must be a whole number >= 1"):
        Neuron(n_inputs)


@FAST
@given(seed=st.one_of(st.integers(max_value=-1), st.floats(), st.text()))
def test_neuron_seed_must_be_a_whole_number(seed):
    with pytest.raises(ValueError, match="seed must be a whole number >= 0"):
        Neuron(3, seed=seed)


@FAST
@given(bad=st.one_of(non_finite, not_numbers), index=st.integers(0, 2))
def test_neuron_input_must_be_finite_numbers(bad, index):
    x = [0.1, 0.2, 0.3]
    x[index] = bad
    with pytest.raises((ValueError, TypeError), match="x must"):
        Neuron(3).forward(x)


@FAST
@given(
    x=hnp.arrays(float, 4, elements=st.floats(-1e3, 1e3)),
    n_inputs=st.sampled_from([4, np.int64(4), np.int32(4)]),
)
def test_neuron_output_is_sigmoid_of_the_weighted_sum(x, n_inputs):
    neuron = Neuron(n_inputs, seed=np.int64(1))
    y = neuron.forward(x)
    assert 0.0 <= y <= 1.0
    assert y == pytest.approx(float(expit(neuron.weighted_sum(x))), rel=1e-12)


@FAST
@given(value=st.one_of(st.integers(), st.floats(), st.text(max_size=2)), index=st.integers(0, 2))
def test_party_inputs_must_be_yes_or_no(value, index):
    assume(value not in (0, 1))
    inputs = [1, 0, 1]
    inputs[index] = value
    with pytest.raises(ValueError, match=r"inputs must be yes \(1\) or no \(0\)"):
        party_score(inputs)


@FAST
@given(
    argument=st.sampled_from(["weights", "bias", "threshold"]),
    bad=st.one_of(non_finite, not_numbers),
)
def test_party_numbers_must_be_finite(argument, bad):
    with pytest.raises((ValueError, TypeError), match=f"{argument} must be"):
        if argument == "weights":
            party_score((1, 1, 1), weights=(0.5, bad, 0.1))
        elif argument == "bias":
            party_score((1, 1, 1), bias=bad)
        else:
            go_to_party((1, 1, 1), threshold=bad)


@FAST
@given(
    inputs=st.tuples(*[st.sampled_from([0, 1, np.int64(1), True])] * 3),
    threshold=st.floats(-2.0, 2.0),
)
def test_party_decision_is_the_score_against_the_threshold(inputs, threshold):
    expected = math.fsum(w * x for w, x in zip(PARTY_WEIGHTS, inputs, strict=True))
    assert party_score(inputs) == pytest.approx(expected + PARTY_BIAS)
    assert go_to_party(inputs, threshold) == (party_score(inputs) > threshold)
