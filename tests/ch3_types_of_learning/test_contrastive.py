import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import log_softmax
from scipy.special import logsumexp as scipy_logsumexp
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine

from snippets.ch3_types_of_learning.contrastive import (
    cosine_similarity,
    info_nce_batched,
    info_nce_loop,
    logsumexp,
)


def test_cosine_similarity_matches_scikit_learn():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal(16), rng.standard_normal(16)
    assert cosine_similarity(a, b) == pytest.approx(sk_cosine([a], [b])[0, 0], abs=1e-12)


def test_loop_loss_is_minus_log_softmax_of_the_positive():
    rng = np.random.default_rng(1)
    anchor, positive = rng.standard_normal(32), rng.standard_normal(32)
    negatives = list(rng.standard_normal((7, 32)))
    for t in (0.05, 0.1, 1.0, 3.0):
        scores = sk_cosine([anchor], [positive, *negatives])[0] / t
        assert info_nce_loop(anchor, positive, negatives, t) == pytest.approx(
            -log_softmax(scores)[0], abs=1e-10
        )


def test_equal_similarities_give_the_blind_guess_loss():
    # anchor orthogonal to the positive and to all three negatives: every score is 0
    anchor = np.array([1.0, 0, 0, 0, 0])
    others = [np.eye(5)[k] for k in range(1, 5)]
    assert info_nce_loop(anchor, others[0], others[1:]) == pytest.approx(np.log(4))


@pytest.mark.parametrize(
    ("seed", "n", "dim", "t"),
    [(0, 2, 3, 0.1), (1, 8, 64, 0.07), (2, 16, 5, 1.0), (3, 5, 128, 0.01)],
)
def test_batched_form_agrees_with_the_loop(seed, n, dim, t):
    rng = np.random.default_rng(seed)
    z_a, z_b = rng.standard_normal((n, dim)), rng.standard_normal((n, dim))
    looped = [
        info_nce_loop(z_a[i], z_b[i], [z_b[j] for j in range(n) if j != i], t) for i in range(n)
    ]
    assert info_nce_batched(z_a, z_b, t) == pytest.approx(np.mean(looped), rel=1e-10, abs=1e-12)


def test_batched_form_matches_row_and_column_log_softmax():
    rng = np.random.default_rng(4)
    z_a, z_b = rng.standard_normal((6, 10)), rng.standard_normal((6, 10))
    scores = sk_cosine(z_a, z_b) / 0.2
    rows = -np.mean(np.diag(log_softmax(scores, axis=1)))
    cols = -np.mean(np.diag(log_softmax(scores, axis=0)))
    assert info_nce_batched(z_a, z_b, 0.2) == pytest.approx(rows, abs=1e-10)
    assert info_nce_batched(z_a, z_b, 0.2, symmetric=True) == pytest.approx(
        (rows + cols) / 2, abs=1e-10
    )
    assert info_nce_batched(z_b, z_a, 0.2) == pytest.approx(cols, abs=1e-10)


def test_both_forms_stay_finite_where_the_textbook_formula_overflows():
    rng = np.random.default_rng(5)
    anchor = rng.standard_normal(64)
    positive = anchor + 0.01 * rng.standard_normal(64)
    negatives = [anchor + 0.02 * rng.standard_normal(64)]
    t = 1e-3
    with np.errstate(over="ignore"):
        assert np.isinf(np.exp(cosine_similarity(anchor, positive) / t))
    loop = info_nce_loop(anchor, positive, negatives, t)
    batched = info_nce_batched(np.stack([anchor, anchor]), np.stack([positive, negatives[0]]), t)
    assert np.isfinite(loop) and np.isfinite(batched)
    assert loop >= 0


def test_loop_rejects_mismatched_or_zero_embeddings_and_no_negatives():
    with pytest.raises(ValueError, match="a and b must be the same size"):
        info_nce_loop(np.ones(3), np.ones(4), [np.ones(3)])
    with pytest.raises(ValueError, match="a and b must be the same size"):
        info_nce_loop(np.ones(3), np.ones(3), [np.ones(5)])
    with pytest.raises(ValueError, match="all-zero embedding"):
        info_nce_loop(np.zeros(3), np.ones(3), [np.ones(3)])
    with pytest.raises(ValueError, match="negatives must be a non-empty 2-D array"):
        info_nce_loop(np.ones(3), np.ones(3), [])


@pytest.mark.parametrize(
    ("z_a", "z_b", "message"),
    [
        (np.ones((4, 3)), np.ones((4, 5)), "z_a and z_b must have the same"),
        (np.ones((4, 3)), np.ones((3, 3)), "z_a and z_b must have the same"),
        (np.ones(3), np.ones(3), "z_a must be a non-empty 2-D array"),
        (np.ones((2, 3)), np.ones((2, 3, 1)), "z_b must be a non-empty 2-D array"),
        (np.ones((1, 3)), np.ones((1, 3)), "at least 2 pairs"),
        (np.vstack([np.zeros(3), np.ones(3)]), np.ones((2, 3)), "all-zero embedding"),
    ],
)
def test_batched_rejects_bad_shapes(z_a, z_b, message):
    with pytest.raises(ValueError, match=message):
        info_nce_batched(z_a, z_b)


# Property-based checks: bad input is a clear error that names the argument,
# never a NaN or a silently wrong answer; good input keeps its invariants.

FAST = settings(derandomize=True, max_examples=50, deadline=None)
finite = st.floats(-1e300, 1e300, allow_nan=False, allow_subnormal=True)


def vectors(size):
    return arrays(float, size, elements=finite).filter(lambda v: v.any())


def _unit(v):
    v = v / np.abs(v).max()  # cosine ignores length; this keeps the norm finite
    return v / np.linalg.norm(v)


non_finite = st.sampled_from([math.nan, math.inf, -math.inf])


@FAST
@given(a=vectors(6), b=vectors(6))
def test_cosine_is_in_minus_one_one_and_symmetric_even_for_extreme_values(a, b):
    c = cosine_similarity(a, b)
    assert -1 - 1e-12 <= c <= 1 + 1e-12
    assert c == pytest.approx(cosine_similarity(b, a), abs=1e-12)
    assert cosine_similarity(a, a) == pytest.approx(1.0)


@FAST
@given(
    anchor=vectors(5),
    positive=vectors(5),
    negatives=st.lists(vectors(5), min_size=1, max_size=4),
    temperature=st.floats(1e-3, 1e3),
)
def test_loss_is_finite_non_negative_and_matches_log_softmax(
    anchor, positive, negatives, temperature
):
    loss = info_nce_loop(anchor, positive, negatives, temperature)
    scores = [_unit(anchor) @ _unit(v) / temperature for v in [positive, *negatives]]
    assert math.isfinite(loss) and loss >= 0
    assert loss == pytest.approx(-log_softmax(scores)[0], rel=1e-7, abs=1e-9)


@FAST
@given(
    z_a=arrays(float, (3, 4), elements=st.floats(-1e3, 1e3)).filter(lambda z: z.any(axis=1).all()),
    z_b=arrays(float, (3, 4), elements=st.floats(-1e3, 1e3)).filter(lambda z: z.any(axis=1).all()),
    temperature=st.floats(1e-2, 1e2),
    symmetric=st.booleans(),
)
def test_batched_loss_is_finite_non_negative_and_agrees_with_the_loop(
    z_a, z_b, temperature, symmetric
):
    loss = info_nce_batched(z_a, z_b, temperature, symmetric=symmetric)
    assert math.isfinite(loss) and loss >= 0
    if not symmetric:
        looped = [
            info_nce_loop(z_a[i], z_b[i], [z_b[j] for j in range(3) if j != i], temperature)
            for i in range(3)
        ]
        assert loss == pytest.approx(np.mean(looped), rel=1e-7, abs=1e-9)


@FAST
@given(bad=non_finite, where=st.integers(0, 3), argument=st.sampled_from(["a", "b"]))
def test_cosine_rejects_nan_and_infinity_naming_the_argument(bad, where, argument):
    vectors_ = {"a": np.ones(4), "b": np.ones(4)}
    vectors_[argument][where] = bad
    with pytest.raises(ValueError, match=f"{argument} must not contain NaN or infinity"):
        cosine_similarity(**vectors_)


@FAST
@given(bad=non_finite, argument=st.sampled_from(["z_a", "z_b"]))
def test_batched_rejects_nan_and_infinity_naming_the_argument(bad, argument):
    batch = {"z_a": np.eye(3), "z_b": np.eye(3)}
    batch[argument][1, 2] = bad
    with pytest.raises(ValueError, match=f"{argument} must not contain NaN or infinity"):
        info_nce_batched(**batch)


@FAST
@given(
    temperature=st.one_of(
        st.floats(max_value=0), non_finite, st.text(max_size=3), st.none(), st.just([0.1])
    )
)
def test_temperature_must_be_a_positive_finite_number(temperature):
    v = np.ones(3)
    with pytest.raises(ValueError, match="temperature must be > 0 and finite"):
        info_nce_loop(v, v, [v], temperature=temperature)
    with pytest.raises(ValueError, match="temperature must be > 0 and finite"):
        info_nce_batched(np.eye(3), np.eye(3), temperature=temperature)


@FAST
@given(values=st.one_of(st.text(min_size=1, max_size=3), st.lists(st.text(max_size=2), min_size=1)))
def test_text_is_not_an_embedding(values):
    # NumPy alone would read ["1", "2", "3"] as numbers
    with pytest.raises(TypeError, match=r"^a must hold numbers"):
        cosine_similarity(values, np.ones(3))


def test_symmetric_must_be_a_bool_and_logsumexp_needs_values():
    with pytest.raises(TypeError, match="symmetric must be True or False"):
        info_nce_batched(np.eye(3), np.eye(3), symmetric="yes")
    with pytest.raises(ValueError, match="values must be a non-empty 1-D array"):
        logsumexp([])
    with pytest.raises(ValueError, match="values must not contain NaN"):
        logsumexp([1.0, math.nan])


@FAST
@given(values=st.lists(st.floats(-1e300, 1e300), min_size=1, max_size=8))
def test_logsumexp_matches_scipy_without_overflow(values):
    assert logsumexp(values) == pytest.approx(float(scipy_logsumexp(values)), rel=1e-12)


def test_numpy_scalar_temperatures_are_accepted():
    v, w = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    assert info_nce_loop(v, v, [w], np.float32(0.5)) == pytest.approx(info_nce_loop(v, v, [w], 0.5))
    assert math.isfinite(info_nce_batched(np.eye(2), np.eye(2), np.int64(1)))


@pytest.mark.parametrize("temperature", [5e-324, 1e-310, 1e-301])
def test_a_subnormal_temperature_is_refused_instead_of_overflowing(temperature):
    v = np.ones(3)
    with pytest.raises(ValueError, match="temperature is too small"):
        info_nce_loop(v, v, [np.arange(3.0)], temperature)
    with pytest.raises(ValueError, match="temperature is too small"):
        info_nce_batched(np.eye(3), np.eye(3), temperature)


@FAST
@given(temperature=st.floats(1e-300, 1e-3))
def test_sharp_temperatures_give_a_finite_non_negative_loss(temperature):
    rng = np.random.default_rng(0)
    z_a, z_b = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    for loss in (
        info_nce_batched(z_a, z_b, temperature, symmetric=True),
        info_nce_loop(z_a[0], z_b[0], list(z_b[1:]), temperature),
    ):
        assert math.isfinite(loss) and loss >= 0
