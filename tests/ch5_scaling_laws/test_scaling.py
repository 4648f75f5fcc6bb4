import math

import numpy as np
import pytest

from snippets.ch5_scaling_laws.scaling import (
    CHINCHILLA_TOKENS_PER_PARAM,
    MODELS,
    OVER_TRAINED_ABOVE,
    UNDER_TRAINED_BELOW,
    chinchilla_multiple,
    chinchilla_optimal_tokens,
    compute_optimal_allocation,
    human,
    matmul_flops,
    training_compute,
    training_regime,
)


def test_matmul_flops_counts_a_multiply_and_an_add_per_term():
    # Count the operations of a naive triple loop: k multiplies and k adds per output
    # (starting the sum from 0), which is the 2k convention.
    m, k, n = 3, 4, 5
    a, b = np.ones((m, k)), np.ones((k, n))
    ops = 0
    out = np.zeros((m, n))
    for i in range(m):
        for j in range(n):
            for t in range(k):
                out[i, j] += a[i, t] * b[t, j]
                ops += 2
    assert matmul_flops(a.shape, b.shape) == ops
    np.testing.assert_array_equal(out, a @ b)


def test_linear_layer_backward_costs_twice_the_forward():
    tokens, d_in, d_out = 7, 11, 13
    forward = matmul_flops((tokens, d_in), (d_in, d_out))
    grad_input = matmul_flops((tokens, d_out), (d_out, d_in))
    grad_weights = matmul_flops((d_in, tokens), (tokens, d_out))
    params = d_in * d_out
    assert forward == 2 * params * tokens
    assert grad_input + grad_weights == 2 * forward
    assert (forward + grad_input + grad_weights) / (params * tokens) == 6


@pytest.mark.parametrize(
    "a, b, match",
    [((2, 3), (4, 5), "inner sizes 3 != 4"), ((2, 3, 4), (4, 5), "two 2-D shapes")],
)
def test_matmul_flops_rejects_shapes_that_do_not_chain(a, b, match):
    with pytest.raises(ValueError, match=match):
        matmul_flops(a, b)


def test_training_compute_is_six_n_d():
    assert training_compute(70e9, 1.4e12) == pytest.approx(6 * 70e9 * 1.4e12)
    # Doubling either factor doubles the compute.
    assert training_compute(2e9, 1e12) == pytest.approx(2 * training_compute(1e9, 1e12))
    assert training_compute(1e9, 2e12) == pytest.approx(2 * training_compute(1e9, 1e12))


def test_llama_405b_matches_the_compute_its_paper_reports():
    model = next(m for m in MODELS if m.name == "Llama 3.1 405B")
    # The Llama 3 paper reports 3.8e25 FLOPs for the flagship's pre-training.
    assert training_compute(model.active_params, model.training_tokens) == pytest.approx(
        3.8e25, rel=0.01
    )


def test_chinchilla_optimal_tokens_is_twenty_per_parameter():
    assert chinchilla_optimal_tokens(10e9) == pytest.approx(200e9)
    assert chinchilla_optimal_tokens(175e9) == pytest.approx(3.5e12)


@pytest.mark.parametrize("budget", [1e18, 5.88e23, 3.8e25])
def test_compute_optimal_allocation_spends_the_budget_at_twenty_tokens_per_param(budget):
    n, d = compute_optimal_allocation(budget)
    assert d / n == pytest.approx(CHINCHILLA_TOKENS_PER_PARAM)
    assert training_compute(n, d) == pytest.approx(budget)


def test_compute_optimal_allocation_is_the_best_split_of_a_budget():
    # Among all (N, D) with 6 N D = C, the Chinchilla split is the one closest to
    # 20 tokens per parameter; scanning N confirms the closed form.
    budget = 1e23
    n_opt, _ = compute_optimal_allocation(budget)
    grid = np.logspace(9, 12, 20001)
    ratios = (budget / (6 * grid)) / grid
    best = grid[np.argmin(np.abs(np.log(ratios / 20)))]
    assert best == pytest.approx(n_opt, rel=1e-3)


def test_chinchilla_itself_is_compute_optimal():
    assert chinchilla_multiple(70e9, 1.4e12) == pytest.approx(1.0)
    assert training_regime(70e9, 1.4e12) == "about compute-optimal"


@pytest.mark.parametrize(
    "tokens_per_param, expected",
    [
        (1.7, "under-trained"),
        (20 * UNDER_TRAINED_BELOW * 0.99, "under-trained"),
        (20 * UNDER_TRAINED_BELOW, "about compute-optimal"),
        (20 * OVER_TRAINED_ABOVE, "about compute-optimal"),
        (20 * OVER_TRAINED_ABOVE * 1.01, "over-trained"),
        (1875, "over-trained"),
    ],
)
def test_regime_thresholds(tokens_per_param, expected):
    assert training_regime(1e9, tokens_per_param * 1e9) == expected


def test_models_are_labelled_by_the_code_not_by_hand():
    labels = {
        m.name: training_regime(m.active_params, m.training_tokens)
        for m in MODELS
        if m.training_tokens
    }
    assert labels["GPT-3"] == "under-trained"
    assert labels["Chinchilla"] == "about compute-optimal"
    assert labels["Llama 3.1 8B"] == "over-trained"
    # Llama 3.1 8B saw 1875 tokens per parameter: about 94x the Chinchilla ratio, not 1875x.
    assert chinchilla_multiple(8e9, 15e12) == pytest.approx(1875 / 20)


def test_moe_uses_active_parameters():
    ds = next(m for m in MODELS if m.name == "DeepSeek-V3")
    assert ds.active_params < ds.total_params
    # Counted by total parameters it would look compute-optimal; by active ones it is not.
    assert training_regime(ds.total_params, ds.training_tokens) == "about compute-optimal"
    assert training_regime(ds.active_params, ds.training_tokens) == "over-trained"


def test_dense_models_have_all_parameters_active():
    for m in MODELS:
        if m.name != "DeepSeek-V3":
            assert m.active_params == m.total_params, m.name


@pytest.mark.parametrize("bad", [0, -1e9, math.inf, math.nan])
def test_calculator_rejects_non_positive_or_non_finite_values(bad):
    with pytest.raises(ValueError, match="n_params must be a positive, finite number"):
        training_compute(bad, 1e12)
    with pytest.raises(ValueError, match="n_tokens must be a positive, finite number"):
        training_compute(1e9, bad)
    with pytest.raises(ValueError, match="compute_budget must be a positive, finite number"):
        compute_optimal_allocation(bad)
    with pytest.raises(ValueError, match="n_params must be a positive, finite number"):
        chinchilla_optimal_tokens(bad)


@pytest.mark.parametrize("bad", ["7e9", None, True, [7e9]])
def test_calculator_rejects_non_numbers(bad):
    with pytest.raises(TypeError, match="n_params must be a number"):
        training_compute(bad, 1e12)
    with pytest.raises(TypeError, match="n_tokens must be a number"):
        training_regime(1e9, bad)


@pytest.mark.parametrize(
    "count, text",
    [
        (1.5e9, "1.5B"),
        (15.6e12, "15.6T"),
        (2e12, "2T"),
        (77.46e9, "77.5B"),
        (3e6, "3M"),
        (512, "512"),
    ],
)
def test_human(count, text):
    assert human(count) == text
