import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.ch5_scaling_laws.scaling import (
    CHINCHILLA_TOKENS_PER_PARAM,
    MODELS,
    OVER_TRAINED_ABOVE,
    UNDER_TRAINED_BELOW,
    PublishedModel,
    chinchilla_multiple,
    chinchilla_optimal_tokens,
    compute_optimal_allocation,
    human,
    matmul_flops,
    print_scaling_table,
    training_compute,
    training_regime,
)

FAST = settings(derandomize=True, max_examples=50, deadline=None)


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
    [
        ((2, 3), (4, 5), "inner sizes 3 != 4"),
        ((2, 3, 4), (4, 5), r"a_shape must be a 2-D shape like \(3, 4\)"),
        ((2, 3), 5, r"b_shape must be a 2-D shape like \(3, 4\)"),
        ((2, -3), (-3, 4), "a_shape must not be negative"),
    ],
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
        (999.96e9, "1T"),  # rounds up across the unit boundary, never "1e+03B"
        (999_999, "1M"),
        (999.5, "1000"),
        (1.5e15, "1500T"),
        (0, "0"),
    ],
)
def test_human(count, text):
    assert human(count) == text


# Property-based checks: bad input is a clear error that names the argument,
# never a NaN, an inf or a silently wrong answer; good input keeps its invariants.

positive = st.floats(1e-3, 1e30)
not_numbers = st.one_of(
    st.text(max_size=4), st.none(), st.booleans(), st.lists(st.floats(), max_size=1)
)
bad_numbers = st.one_of(st.floats(max_value=0), st.sampled_from([math.nan, math.inf, -math.inf]))


@FAST
@given(m=st.integers(0, 10**6), k=st.integers(0, 10**6), n=st.integers(0, 10**6))
def test_matmul_flops_is_two_m_k_n_for_any_sizes(m, k, n):
    assert matmul_flops((m, k), (k, n)) == 2 * m * k * n
    assert matmul_flops((np.int64(m), np.int32(k)), [k, n]) == 2 * m * k * n


@FAST
@given(size=st.one_of(st.text(max_size=3), st.floats(), st.none(), st.booleans()))
def test_matmul_flops_never_multiplies_a_string_or_a_float(size):
    with pytest.raises(TypeError, match="a_shape must hold whole numbers"):
        matmul_flops((size, 3), (3, 4))
    with pytest.raises(TypeError, match="b_shape must hold whole numbers"):
        matmul_flops((2, 3), (3, size))


@FAST
@given(n=positive, d=positive)
def test_compute_and_regime_are_finite_and_consistent(n, d):
    c = training_compute(n, d)
    assert math.isfinite(c) and c > 0
    assert c == pytest.approx(6 * n * d)
    multiple = chinchilla_multiple(n, d)
    assert multiple == pytest.approx(d / (20 * n))
    assert training_regime(n, d) in {"under-trained", "about compute-optimal", "over-trained"}


@FAST
@given(budget=st.floats(1e-3, 1e300))
def test_optimal_allocation_spends_exactly_the_budget(budget):
    n, d = compute_optimal_allocation(budget)
    assert d / n == pytest.approx(CHINCHILLA_TOKENS_PER_PARAM)
    assert 6 * n * d == pytest.approx(budget)


@FAST
@given(
    function=st.sampled_from(
        [
            lambda v: training_compute(v, 1e12),
            lambda v: chinchilla_optimal_tokens(v),
            lambda v: chinchilla_multiple(v, 1e12),
            lambda v: training_regime(v, 1e12),
        ]
    ),
    value=bad_numbers,
)
def test_non_positive_or_non_finite_parameter_counts_are_rejected(function, value):
    with pytest.raises(ValueError, match="n_params must be a positive, finite number"):
        function(value)


@FAST
@given(value=not_numbers)
def test_non_numbers_are_rejected_naming_the_argument(value):
    with pytest.raises(TypeError, match="n_tokens must be a number"):
        training_compute(1e9, value)
    with pytest.raises(TypeError, match="compute_budget must be a number"):
        compute_optimal_allocation(value)
    with pytest.raises(TypeError, match="count must be a number"):
        human(value)


@FAST
@given(count=st.one_of(st.just(0.0), st.floats(1, 1e18)))
def test_human_has_three_significant_figures_and_a_plain_number(count):
    text = human(count)
    assert "e" not in text
    number, scale = text, 1.0
    for suffix, unit in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
        if text.endswith(suffix):
            number, scale = text[:-1], unit
    assert float(number) * scale == pytest.approx(count, rel=5e-3, abs=0.5)
    if scale > 1:
        assert 1 <= float(number) < 1000 or text.endswith("T")


@FAST
@given(count=bad_numbers.filter(lambda c: c != 0))
def test_human_rejects_negative_and_non_finite_counts(count):
    with pytest.raises(ValueError, match="count must be finite and >= 0"):
        human(count)


def test_numpy_scalars_are_accepted():
    assert training_compute(np.int64(7_000_000_000), np.float32(2e12)) == pytest.approx(
        6 * 7e9 * 2e12, rel=1e-6
    )
    assert human(np.int64(2_000_000_000)) == "2B"


def test_published_models_check_their_facts():
    with pytest.raises(ValueError, match="active_params can't exceed total_params"):
        PublishedModel("odd", 1e9, 2e9, 1e12)
    with pytest.raises(ValueError, match="training_tokens must be a positive"):
        PublishedModel("odd", 1e9, 1e9, -1.0)
    with pytest.raises(TypeError, match="total_params must be a number"):
        PublishedModel("odd", "7B", 7e9, None)
    with pytest.raises(TypeError, match="models must hold PublishedModel"):
        print_scaling_table([("GPT-3", 175e9)])


def test_overflowing_results_are_refused_not_returned_as_infinity():
    with pytest.raises(ValueError, match="n_params \\* n_tokens is too large"):
        training_compute(1e308, 1e12)
    with pytest.raises(ValueError, match="n_params is too large"):
        chinchilla_optimal_tokens(1e308)
    with pytest.raises(ValueError, match="n_params is too large"):
        training_regime(1e308, 1e12)
    assert human(-0.0) == "0"
