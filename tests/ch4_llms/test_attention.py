"""Causal self-attention: weights, mask, a loop-based reference, stability, errors."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import softmax as scipy_softmax

from snippets.ch4_llms.attention import (
    D_HEAD,
    D_MODEL,
    SEED,
    SENTENCE,
    causal_mask,
    multi_head_attention,
    random_layer,
    self_attention,
    softmax,
)

# Bounded and derandomized: the same examples on every run, a small share of the suite.
FEW = settings(max_examples=60, derandomize=True, deadline=None)

shapes = st.tuples(
    st.integers(1, 7),  # tokens
    st.integers(1, 6),  # features per token
    st.integers(1, 5),  # key size
    st.integers(1, 5),  # value size
    st.integers(0, 2**32 - 1),  # seed
    st.sampled_from([0.1, 1.0, 10.0, 1000.0]),  # scale of the inputs
)


def random_inputs(n, d, k, v, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    x = rng.normal(0, scale, (n, d))
    return x, rng.normal(size=(d, k)), rng.normal(size=(d, k)), rng.normal(size=(d, v))


def loop_attention(x, w_query, w_key, w_value, causal=True):
    """The formula one number at a time, with the textbook softmax: an independent reference."""
    q, k, v = x @ w_query, x @ w_key, x @ w_value
    n = len(x)
    weights = np.zeros((n, n))
    for i in range(n):
        visible = range(i + 1) if causal else range(n)
        scores = [sum(q[i, c] * k[j, c] for c in range(k.shape[1])) for j in visible]
        scores = [s / math.sqrt(k.shape[1]) for s in scores]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        for j, e in zip(visible, exps, strict=True):
            weights[i, j] = e / sum(exps)
    return weights @ v, weights


@FEW
@given(shapes)
def test_each_row_of_weights_sums_to_one(shape):
    n, d, k, v, seed, scale = shape
    output, weights = self_attention(*random_inputs(n, d, k, v, seed, scale))
    assert weights.shape == (n, n) and output.shape == (n, v)
    np.testing.assert_allclose(weights.sum(axis=1), 1.0, rtol=1e-12)
    assert np.isfinite(output).all() and (weights >= 0).all()


@FEW
@given(shapes)
def test_masked_entries_are_exactly_zero(shape):
    n, d, k, v, seed, scale = shape
    _, weights = self_attention(*random_inputs(n, d, k, v, seed, scale))
    assert (weights[np.triu_indices(n, k=1)] == 0.0).all()
    assert weights[0, 0] == 1.0  # the first token can only look at itself


@FEW
@given(shapes, st.booleans())
def test_matches_a_loop_based_reference(shape, causal):
    n, d, k, v, seed, _ = shape
    inputs = random_inputs(n, d, k, v, seed)
    output, weights = self_attention(*inputs, causal=causal)
    ref_output, ref_weights = loop_attention(*inputs, causal=causal)
    np.testing.assert_allclose(weights, ref_weights, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(output, ref_output, rtol=1e-9, atol=1e-12)


def test_without_the_mask_tokens_see_later_ones():
    _, weights = self_attention(*random_inputs(5, 4, 3, 3, seed=1), causal=False)
    assert (weights[np.triu_indices(5, k=1)] > 0).all()


def test_an_earlier_output_ignores_later_tokens():
    x, wq, wk, wv = random_inputs(6, 4, 3, 2, seed=2)
    changed = x.copy()
    changed[4:] += 100.0  # change only the last two tokens
    before, _ = self_attention(x, wq, wk, wv)
    after, _ = self_attention(changed, wq, wk, wv)
    np.testing.assert_array_equal(before[:4], after[:4])


def test_softmax_is_stable_for_large_scores():
    scores = np.array([[1e4, 1e4 - 1.0, -1e4], [1e300, 0.0, -1e300]])
    weights = softmax(scores)
    assert np.isfinite(weights).all()
    np.testing.assert_allclose(weights[0], scipy_softmax([1.0, 0.0, -2e4]))
    np.testing.assert_array_equal(weights[1], [1.0, 0.0, 0.0])


def test_softmax_gives_minus_infinity_a_weight_of_zero():
    weights = softmax(np.array([[0.0, -np.inf, 1.0]]))
    assert weights[0, 1] == 0.0
    np.testing.assert_allclose(weights[0], scipy_softmax([0.0, -np.inf, 1.0]))


def test_large_inputs_do_not_overflow():
    x, wq, wk, wv = random_inputs(5, 4, 3, 3, seed=3, scale=1e6)
    output, weights = self_attention(x, wq, wk, wv)
    assert np.isfinite(output).all() and np.isfinite(weights).all()


def test_causal_mask_marks_the_upper_triangle():
    np.testing.assert_array_equal(
        causal_mask(3), [[False, True, True], [False, False, True], [False, False, False]]
    )


def test_one_head_with_an_identity_projection_is_self_attention():
    x, wq, wk, wv = random_inputs(5, 4, 3, 4, seed=4)
    single, _ = self_attention(x, wq, wk, wv)
    np.testing.assert_allclose(multi_head_attention(x, [(wq, wk, wv)], np.eye(4)), single)


def test_heads_are_concatenated_then_projected():
    x, wq, wk, wv = random_inputs(5, 4, 3, 2, seed=5)
    _, wq2, wk2, wv2 = random_inputs(5, 4, 3, 3, seed=6)
    w_out = np.random.default_rng(7).normal(size=(5, 4))
    both = np.hstack([self_attention(x, wq, wk, wv)[0], self_attention(x, wq2, wk2, wv2)[0]])
    np.testing.assert_allclose(
        multi_head_attention(x, [(wq, wk, wv), (wq2, wk2, wv2)], w_out), both @ w_out
    )


def test_the_demo_layer_is_seeded():
    tokens = SENTENCE.split()
    first = random_layer(len(set(tokens)), D_MODEL, D_HEAD, SEED)
    second = random_layer(len(set(tokens)), D_MODEL, D_HEAD, SEED)
    for a, b in zip(first, second, strict=True):
        np.testing.assert_array_equal(a, b)
    assert first[0].shape == (len(set(tokens)), D_MODEL)
    assert first[1].shape == (D_MODEL, D_HEAD)


# --- bad input ------------------------------------------------------------------


@FEW
@given(
    st.sampled_from(["x", "w_query", "w_key", "w_value"]),
    st.sampled_from([np.nan, np.inf, -np.inf]),
    st.integers(0, 100),
)
def test_nan_or_infinite_inputs_are_named(name, bad, position):
    inputs = dict(
        zip(["x", "w_query", "w_key", "w_value"], random_inputs(4, 3, 2, 2, 0), strict=True)
    )
    inputs[name].flat[position % inputs[name].size] = bad
    with pytest.raises(ValueError, match=f"{name} holds NaN or infinite values"):
        self_attention(**inputs)


@FEW
@given(st.sampled_from(["x", "w_query", "w_key", "w_value"]), st.integers(0, 3))
def test_wrong_kinds_of_array_are_named(name, kind):
    inputs = dict(
        zip(["x", "w_query", "w_key", "w_value"], random_inputs(4, 3, 2, 2, 0), strict=True)
    )
    inputs[name] = [
        inputs[name].tolist(),  # a list, not an array
        inputs[name].ravel(),  # 1-D
        inputs[name] > 0,  # booleans
        inputs[name].astype(str),  # text
    ][kind]
    with pytest.raises(TypeError, match=name):
        self_attention(**inputs)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda i: i.update(w_query=i["w_query"][:2]), "w_query has 2 rows but x has 3 features"),
        (lambda i: i.update(w_value=np.ones((4, 2))), "w_value has 4 rows but x has 3 features"),
        (lambda i: i.update(w_key=np.ones((3, 5))), "w_query and w_key must have the same number"),
        (lambda i: i.update(x=np.ones((0, 3))), "x is empty"),
    ],
)
def test_mismatched_shapes_are_explained(change, message):
    inputs = dict(
        zip(["x", "w_query", "w_key", "w_value"], random_inputs(4, 3, 2, 2, 0), strict=True)
    )
    change(inputs)
    with pytest.raises(ValueError, match=message):
        self_attention(**inputs)


@pytest.mark.parametrize("causal", [1, "yes", None])
def test_causal_must_be_a_bool(causal):
    with pytest.raises(TypeError, match="causal must be True or False"):
        self_attention(*random_inputs(3, 2, 2, 2, 0), causal=causal)


def test_multi_head_errors():
    x, wq, wk, wv = random_inputs(3, 2, 2, 2, 0)
    with pytest.raises(ValueError, match="heads is empty"):
        multi_head_attention(x, [], np.eye(2))
    with pytest.raises(ValueError, match="w_out must have 4 rows"):
        multi_head_attention(x, [(wq, wk, wv)] * 2, np.eye(2))
    with pytest.raises(ValueError, match="w_out holds NaN"):
        multi_head_attention(x, [(wq, wk, wv)], np.full((2, 2), np.nan))


@FEW
@given(
    st.sampled_from(["vocab_size", "d_model", "d_head"]),
    st.one_of(st.integers(max_value=0), st.floats(), st.booleans(), st.none()),
)
def test_random_layer_sizes_are_checked(name, bad):
    sizes = {"vocab_size": 5, "d_model": 4, "d_head": 2}
    sizes[name] = bad
    error = ValueError if isinstance(bad, int) and not isinstance(bad, bool) else TypeError
    with pytest.raises(error, match=name):
        random_layer(**sizes, seed=0)


@FEW
@given(st.sampled_from([np.nan, np.inf]), st.integers(0, 5))
def test_softmax_refuses_nan_and_plus_infinity(bad, position):
    scores = np.zeros((2, 3))
    scores.flat[position] = bad
    with pytest.raises(ValueError, match=r"scores hold NaN or \+inf"):
        softmax(scores)


def test_softmax_refuses_a_row_without_any_finite_score():
    with pytest.raises(ValueError, match="a row of scores is all -inf"):
        softmax(np.array([[0.0, 1.0], [-np.inf, -np.inf]]))


@pytest.mark.parametrize("n_tokens", [0, -3, 2.0, "4", None])
def test_causal_mask_needs_a_positive_int(n_tokens):
    with pytest.raises(ValueError, match="n_tokens must be a positive int"):
        causal_mask(n_tokens)
