import math

import numpy as np
import pytest

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
