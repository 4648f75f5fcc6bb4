"""Contrastive learning: the InfoNCE loss, one anchor at a time and as a batch.

Chapter 3 ("Types of learning"), section 3.3. Run the whole file to see the output:

    python snippets/ch3_types_of_learning/contrastive.py
"""

# --8<-- [start:loop]
import numpy as np


def _check_temperature(temperature: float) -> None:
    if not temperature > 0:
        raise ValueError(f"temperature must be > 0, got {temperature}")


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """cos(angle between a and b): 1 = same direction, 0 = unrelated, -1 = opposite."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(
            f"need two 1-D embeddings of the same size, got shapes {a.shape} and {b.shape}"
        )
    norms = np.linalg.norm(a) * np.linalg.norm(b)
    if norms == 0:
        raise ValueError(
            "cosine similarity is undefined for an all-zero embedding"
        )
    return float(a @ b / norms)


def logsumexp(values: list[float]) -> float:
    """log(sum(exp(v))), computed without overflow by factoring out the largest value."""
    largest = max(values)
    return largest + float(np.log(sum(np.exp(v - largest) for v in values)))


def info_nce_loop(
    anchor, positive, negatives, temperature: float = 0.1
) -> float:
    """InfoNCE for one anchor: -log( e^(s+/T) / (e^(s+/T) + sum of e^(s-/T)) ).

    s+ is the anchor's cosine similarity with its positive, s- with each negative.
    """
    _check_temperature(temperature)
    if len(negatives) == 0:
        raise ValueError(
            "need at least one negative example to contrast against"
        )
    positive_score = cosine_similarity(anchor, positive) / temperature
    negative_scores = [
        cosine_similarity(anchor, n) / temperature for n in negatives
    ]
    return logsumexp([positive_score] + negative_scores) - positive_score


# --8<-- [end:loop]


# --8<-- [start:batched]
def info_nce_batched(
    z_a: np.ndarray,
    z_b: np.ndarray,
    temperature: float = 0.1,
    symmetric: bool = False,
) -> float:
    """Mean InfoNCE over a batch of N pairs (z_a[i], z_b[i]), all at once.

    Row i of the N x N similarity matrix holds anchor i's scores against every z_b:
    the diagonal is its positive, the other N - 1 entries are its negatives.
    symmetric=True averages both directions (a -> b and b -> a), as CLIP does.
    """
    _check_temperature(temperature)
    z_a, z_b = np.asarray(z_a, dtype=float), np.asarray(z_b, dtype=float)
    if z_a.ndim != 2 or z_a.shape != z_b.shape:
        raise ValueError(
            f"need two (N, dim) arrays of the same shape, got {z_a.shape} and {z_b.shape}"
        )
    if z_a.shape[0] < 2:
        raise ValueError(
            "need a batch of at least 2 pairs, so each anchor has a negative"
        )
    norms_a = np.linalg.norm(z_a, axis=1, keepdims=True)
    norms_b = np.linalg.norm(z_b, axis=1, keepdims=True)
    if (norms_a == 0).any() or (norms_b == 0).any():
        raise ValueError(
            "cosine similarity is undefined for an all-zero embedding"
        )
    scores = (z_a / norms_a) @ (z_b / norms_b).T / temperature  # (N, N)

    def mean_row_loss(s: np.ndarray) -> float:
        largest = s.max(axis=1, keepdims=True)
        row_logsumexp = largest[:, 0] + np.log(np.exp(s - largest).sum(axis=1))
        return float(np.mean(row_logsumexp - np.diag(s)))

    if symmetric:
        return (mean_row_loss(scores) + mean_row_loss(scores.T)) / 2
    return mean_row_loss(scores)


# --8<-- [end:batched]


if __name__ == "__main__":
    # --8<-- [start:loop_demo]
    rng = np.random.default_rng(42)
    anchor = rng.standard_normal(128)  # embedding of a cat photo
    positive = anchor + 0.1 * rng.standard_normal(
        128
    )  # the same photo, augmented
    negatives = [
        rng.standard_normal(128) for _ in range(5)
    ]  # five other photos
    stranger = rng.standard_normal(128)  # a "positive" that is really unrelated

    print(f"cos(anchor, positive) = {cosine_similarity(anchor, positive):.4f}")
    print(
        f"cos(anchor, negatives) = {', '.join(f'{cosine_similarity(anchor, n):+.4f}' for n in negatives)}"
    )
    print(
        f"loss, true positive:       {info_nce_loop(anchor, positive, negatives):.4f}"
    )
    print(
        f"loss, unrelated 'positive': {info_nce_loop(anchor, stranger, negatives):.4f}"
    )
    print(
        f"loss of a blind guess among {1 + len(negatives)}: log({1 + len(negatives)}) = "
        f"{np.log(1 + len(negatives)):.4f}"
    )
    # --8<-- [end:loop_demo]

    # --8<-- [start:batched_demo]
    np.set_printoptions(precision=2, suppress=True, floatmode="fixed")
    rng = np.random.default_rng(7)
    photos = rng.standard_normal((4, 32))  # 4 photos in a batch
    z_a = photos + 0.3 * rng.standard_normal(
        (4, 32)
    )  # first augmented view of each
    z_b = photos + 0.3 * rng.standard_normal(
        (4, 32)
    )  # second augmented view of each

    unit_a = z_a / np.linalg.norm(z_a, axis=1, keepdims=True)
    unit_b = z_b / np.linalg.norm(z_b, axis=1, keepdims=True)
    print(
        "cosine similarities, row = view A of photo i, column = view B of photo j:"
    )
    print(unit_a @ unit_b.T)

    looped = [
        info_nce_loop(z_a[i], z_b[i], [z_b[j] for j in range(4) if j != i])
        for i in range(4)
    ]
    print(f"loop over anchors, mean: {np.mean(looped):.6f}")
    print(f"batched matrix form:     {info_nce_batched(z_a, z_b):.6f}")
    print(
        f"symmetric (CLIP-style):  {info_nce_batched(z_a, z_b, symmetric=True):.6f}"
    )
    # --8<-- [end:batched_demo]

    # --8<-- [start:overflow_demo]
    rng = np.random.default_rng(3)
    near_duplicate = anchor + 0.15 * rng.standard_normal(
        128
    )  # another shot of the same cat
    hard_negatives = negatives + [near_duplicate]
    temperature = 0.001  # very sharp: scores up to 1 / 0.001 = 1000
    scores = [cosine_similarity(anchor, positive) / temperature] + [
        cosine_similarity(anchor, n) / temperature for n in hard_negatives
    ]
    print(
        f"cos(anchor, near duplicate) = {cosine_similarity(anchor, near_duplicate):.4f}"
    )
    print(
        f"largest score: {max(scores):.1f}; exp() overflows float64 above "
        f"log(largest float) = {np.log(np.finfo(float).max):.1f}"
    )
    with np.errstate(over="ignore", invalid="ignore"):
        naive = -scores[0] + np.log(sum(np.exp(s) for s in scores))
    print(f"naive log(sum(exp)): {naive}")
    print(
        f"stable logsumexp:    {info_nce_loop(anchor, positive, hard_negatives, temperature):.3e}"
    )
    # --8<-- [end:overflow_demo]
