import numpy as np
import pytest
from scipy.special import log_softmax
from sklearn.metrics.pairwise import cosine_similarity as sk_cosine

from snippets.ch3_types_of_learning.contrastive import (
    cosine_similarity,
    info_nce_batched,
    info_nce_loop,
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
        scores = sk_cosine([anchor], [positive] + negatives)[0] / t
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


@pytest.mark.parametrize("t", [0, -0.1, -1])
def test_temperature_must_be_positive(t):
    v = np.ones(3)
    with pytest.raises(ValueError, match="temperature must be > 0"):
        info_nce_loop(v, v, [v], temperature=t)
    with pytest.raises(ValueError, match="temperature must be > 0"):
        info_nce_batched(np.eye(3), np.eye(3), temperature=t)


def test_loop_rejects_mismatched_or_zero_embeddings_and_no_negatives():
    with pytest.raises(ValueError, match="same size"):
        info_nce_loop(np.ones(3), np.ones(4), [np.ones(3)])
    with pytest.raises(ValueError, match="same size"):
        info_nce_loop(np.ones(3), np.ones(3), [np.ones(5)])
    with pytest.raises(ValueError, match="all-zero embedding"):
        info_nce_loop(np.zeros(3), np.ones(3), [np.ones(3)])
    with pytest.raises(ValueError, match="at least one negative"):
        info_nce_loop(np.ones(3), np.ones(3), [])


@pytest.mark.parametrize(
    ("z_a", "z_b", "message"),
    [
        (np.ones((4, 3)), np.ones((4, 5)), "same shape"),
        (np.ones((4, 3)), np.ones((3, 3)), "same shape"),
        (np.ones(3), np.ones(3), "same shape"),
        (np.ones((1, 3)), np.ones((1, 3)), "at least 2 pairs"),
        (np.vstack([np.zeros(3), np.ones(3)]), np.ones((2, 3)), "all-zero embedding"),
    ],
)
def test_batched_rejects_bad_shapes(z_a, z_b, message):
    with pytest.raises(ValueError, match=message):
        info_nce_batched(z_a, z_b)
