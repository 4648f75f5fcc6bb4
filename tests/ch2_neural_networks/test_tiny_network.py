import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from snippets.ch2_neural_networks import tiny_network as tn


def test_forward_matches_a_scalar_calculation():
    x1, x2 = tn.x
    h1 = max(0.0, 0.4 * x1 + 0.3 * x2 + 0.1)
    h2 = max(0.0, -0.2 * x1 + 0.6 * x2 - 0.1)
    y_hat = 1 / (1 + math.exp(-(0.7 * h1 + 0.5 * h2 + 0.2)))
    cache = tn.forward(tn.x, tn.params)
    assert cache["a_h"] == pytest.approx([h1, h2])
    assert cache["y_hat"][0] == pytest.approx(y_hat, rel=1e-14)


def random_params(seed):
    rng = np.random.default_rng(seed)
    return {
        "W_h": rng.normal(size=(3, 4)),
        "b_h": rng.normal(size=3),
        "W_o": rng.normal(size=(1, 3)),
        "b_o": rng.normal(size=1),
    }


def test_gradient_check_at_the_worked_example():
    assert tn.max_gradient_error(tn.params, tn.x, tn.y) < 1e-7


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("label", [0, 1])
def test_gradient_check_at_random_weights(seed, label):
    params = random_params(seed)
    x = np.random.default_rng(100 + seed).normal(size=4)
    z_h = params["W_h"] @ x + params["b_h"]
    assert np.min(np.abs(z_h)) > 1e-3  # finite differences must not straddle ReLU's kink
    assert tn.max_gradient_error(params, x, label) < 1e-7


def test_gradient_check_catches_a_wrong_gradient():
    grads, _ = tn.backward(tn.x, tn.y, tn.params, tn.forward(tn.x, tn.params))
    numeric = tn.numerical_gradients(tn.params, tn.x, tn.y)
    wrong = grads["W_h"].T  # a missing transpose: the classic backprop slip
    assert np.max(np.abs(wrong - numeric["W_h"])) > 1e-3


def test_one_update_lowers_the_loss():
    grads, _ = tn.backward(tn.x, tn.y, tn.params, tn.forward(tn.x, tn.params))
    for lr in (0.01, 0.1, 0.5):
        assert tn.loss(tn.sgd_step(tn.params, grads, lr), tn.x, tn.y) < tn.loss(
            tn.params, tn.x, tn.y
        )


def test_update_does_not_modify_the_old_parameters():
    before = {k: v.copy() for k, v in tn.params.items()}
    grads, _ = tn.backward(tn.x, tn.y, tn.params, tn.forward(tn.x, tn.params))
    tn.sgd_step(tn.params, grads, 0.1)
    assert all(np.array_equal(before[k], tn.params[k]) for k in before)


def test_weight_names_cover_every_parameter():
    assert {k: len(v) for k, v in tn.WEIGHT_NAMES.items()} == {
        k: v.size for k, v in tn.params.items()
    }


def test_bad_input_raises_a_clear_error():
    with pytest.raises(ValueError, match=r"x must have shape \(2,\), one value per input"):
        tn.forward([1.0, 2.0, 3.0], tn.params)
    bad = dict(tn.params, b_h=np.zeros(3))
    with pytest.raises(ValueError, match="layer shapes don't fit together"):
        tn.forward(tn.x, bad)
    with pytest.raises(ValueError, match="y must be the label 0 or 1"):
        tn.bce(np.array([0.5]), 2)
    with pytest.raises(ValueError, match="learning_rate must be one number above 0"):
        tn.sgd_step(tn.params, tn.params, 0.0)


# Property-based tests: bad input raises an error that names the argument;
# good input gives gradients that match finite differences.

FAST = settings(derandomize=True, max_examples=50, deadline=None)
bad_numbers = st.sampled_from([np.nan, np.inf, -np.inf, "0.5", None, 1j])


@FAST
@given(bad=bad_numbers, index=st.integers(0, 1))
def test_input_must_be_finite_numbers(bad, index):
    x = [0.5, 0.8]
    x[index] = bad
    with pytest.raises((ValueError, TypeError), match="x must"):
        tn.forward(x, tn.params)


@FAST
@given(name=st.sampled_from(list(tn.params)), bad=bad_numbers)
def test_every_parameter_must_be_finite_numbers(name, bad):
    params = dict(tn.params, **{name: tn.params[name].astype(object)})
    params[name].flat[0] = bad
    with pytest.raises((ValueError, TypeError), match=rf"params\['{name}'\] must"):
        tn.forward(tn.x, params)


@FAST
@given(missing=st.sampled_from(list(tn.params)), extra=st.sampled_from(["W", "w_h", "b"]))
def test_params_must_have_exactly_the_four_names(missing, extra):
    params = {k: v for k, v in tn.params.items() if k != missing}
    with pytest.raises(ValueError, match="params must be a dict with keys"):
        tn.forward(tn.x, params)
    with pytest.raises(ValueError, match="params must be a dict with keys"):
        tn.forward(tn.x, dict(tn.params, **{extra: np.zeros(1)}))


@FAST
@given(y=st.one_of(st.floats(), st.integers(), st.text(max_size=1), st.just([1])))
def test_label_must_be_zero_or_one(y):
    assume(not (np.ndim(y) == 0 and y in (0, 1)))
    cache = tn.forward(tn.x, tn.params)
    for call in (
        lambda: tn.loss(tn.params, tn.x, y),
        lambda: tn.backward(tn.x, y, tn.params, cache),
    ):
        with pytest.raises(ValueError, match="y must be the label 0 or 1"):
            call()


@FAST
@given(
    y_hat=st.one_of(st.floats(1.0, 1e9, exclude_min=True), st.floats(-1e9, 0.0, exclude_max=True))
)
def test_bce_needs_a_probability(y_hat):
    with pytest.raises(ValueError, match=r"y_hat must be one probability in \[0, 1\]"):
        tn.bce(y_hat, 1)


@FAST
@given(value=st.one_of(st.floats(max_value=0.0), st.sampled_from([np.nan, np.inf, "0.1", None])))
def test_step_sizes_must_be_positive_finite_numbers(value):
    grads, _ = tn.backward(tn.x, tn.y, tn.params, tn.forward(tn.x, tn.params))
    with pytest.raises((ValueError, TypeError), match="learning_rate must"):
        tn.sgd_step(tn.params, grads, value)
    with pytest.raises((ValueError, TypeError), match="eps must"):
        tn.numerical_gradients(tn.params, tn.x, tn.y, eps=value)


@FAST
@given(name=st.sampled_from(list(tn.params)), bad=st.sampled_from([np.nan, np.zeros(7)]))
def test_gradients_must_fit_the_parameters(name, bad):
    grads, _ = tn.backward(tn.x, tn.y, tn.params, tn.forward(tn.x, tn.params))
    with pytest.raises(ValueError, match=rf"grads\['{name}'\] must"):
        tn.sgd_step(tn.params, dict(grads, **{name: bad}), 0.1)
    with pytest.raises(ValueError, match="grads must be the dict"):
        tn.sgd_step(tn.params, {k: v for k, v in grads.items() if k != name}, 0.1)


def network_params(n_inputs, n_hidden):
    """Random parameters of a network with n_inputs inputs and n_hidden units."""
    values = st.floats(-2.0, 2.0)
    return st.fixed_dictionaries(
        {
            "W_h": hnp.arrays(float, (n_hidden, n_inputs), elements=values),
            "b_h": hnp.arrays(float, n_hidden, elements=values),
            "W_o": hnp.arrays(float, (1, n_hidden), elements=values),
            "b_o": hnp.arrays(float, 1, elements=values),
        }
    )


@FAST
@given(data=st.data(), n_inputs=st.integers(1, 4), n_hidden=st.integers(1, 4))
def test_backprop_matches_finite_differences(data, n_inputs, n_hidden):
    params = data.draw(network_params(n_inputs, n_hidden))
    x = data.draw(hnp.arrays(float, n_inputs, elements=st.floats(-2.0, 2.0)))
    label = data.draw(st.sampled_from([0, 1, np.int64(1)]))
    z_h = params["W_h"] @ x + params["b_h"]
    assume(np.min(np.abs(z_h)) > 1e-3)  # differences must not straddle ReLU's kink
    assert tn.max_gradient_error(params, x, label) < 1e-6


@FAST
@given(data=st.data(), lr=st.floats(1e-4, 0.05))
def test_a_small_step_never_raises_the_loss(data, lr):
    params = data.draw(network_params(2, 2))
    label = data.draw(st.sampled_from([0, 1]))
    loss = tn.loss(params, tn.x, label)
    grads, _ = tn.backward(tn.x, label, params, tn.forward(tn.x, params))
    assert loss >= 0.0
    assert tn.loss(tn.sgd_step(params, grads, lr), tn.x, label) <= loss + 1e-12
