"""Contrastive learning: the InfoNCE loss, one anchor at a time and as a batch.

Chapter 3 ("Types of learning"), section 3.3. Run the whole file to see the
output:

    python snippets/ch3_types_of_learning/contrastive.py
"""

# --8<-- [start:loop]
import numpy as np


def _finite_array(name: str, values, ndim: int) -> np.ndarray:
    """`values` as a float array of `ndim` dimensions, NaN and inf rejected."""
    try:
        array = np.asarray(values)
    except ValueError:  # rows of different lengths
        raise ValueError(f"{name} must be a rectangular array") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold numbers, got {array.dtype} values")
    array = array.astype(float)
    if array.ndim != ndim or array.size == 0:
        raise ValueError(
            f"{name} must be a non-empty {ndim}-D array, "
            f"got shape {array.shape}"
        )
    if not np.isfinite(array).all():
        raise ValueError(f"{name} must not contain NaN or infinity")
    return array


def _check_temperature(temperature: float) -> None:
    number = (int, float, np.integer, np.floating)
    if not isinstance(temperature, number) or not 0 < temperature < np.inf:
        raise ValueError(
            f"temperature must be > 0 and finite, got {temperature!r}"
        )
    if temperature < 1e-300:  # similarity / temperature would overflow
        raise ValueError(f"temperature is too small, got {temperature!r}")


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> float:
    """cos(angle between a and b): 1 same direction, 0 unrelated, -1 opposed."""
    a, b = _finite_array("a", a, ndim=1), _finite_array("b", b, ndim=1)
    if a.shape != b.shape:
        raise ValueError(
            "embeddings a and b must be the same size, "
            f"got {a.size} and {b.size}"
        )
    if not (a.any() and b.any()):
        raise ValueError(
            "cosine similarity is undefined for an all-zero embedding"
        )
    # The angle ignores length: scale each to a largest entry of 1 first, so
    # that the norms can neither overflow nor underflow.
    a, b = a / np.abs(a).max(), b / np.abs(b).max()
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def logsumexp(values: list[float]) -> float:
    """log(sum(exp(v))), without overflow: factor out the largest value."""
    values = _finite_array("values", values, ndim=1)
    largest = values.max()
    return float(largest + np.log(np.exp(values - largest).sum()))


def info_nce_loop(
    anchor, positive, negatives, temperature: float = 0.1
) -> float:
    """InfoNCE for one anchor: -log(e^(s+/T) / (e^(s+/T) + sum of e^(s-/T))).

    s+ is the anchor's cosine similarity with its positive, s- with each
    negative.
    """
    _check_temperature(temperature)
    # Checked here, so that an error names the argument that was passed.
    anchor = _finite_array("anchor", anchor, ndim=1)
    positive = _finite_array("positive", positive, ndim=1)
    negatives = _finite_array("negatives", negatives, ndim=2)  # one per row
    positive_score = cosine_similarity(anchor, positive) / temperature
    negative_scores = [
        cosine_similarity(anchor, n) / temperature for n in negatives
    ]
    return logsumexp([positive_score, *negative_scores]) - positive_score


# Example embeddings: random stand-ins for an encoder's output.
rng = np.random.default_rng(42)
ANCHOR = rng.standard_normal(128)  # embedding of a cat photo
POSITIVE = ANCHOR + 0.1 * rng.standard_normal(128)  # the same photo, augmented
NEGATIVES = [rng.standard_normal(128) for _ in range(5)]  # five other photos
STRANGER = rng.standard_normal(128)  # a "positive" that is really unrelated
# --8<-- [end:loop]


# --8<-- [start:batched]
def info_nce_batched(
    z_a: np.ndarray,
    z_b: np.ndarray,
    temperature: float = 0.1,
    symmetric: bool = False,
) -> float:
    """Mean InfoNCE over a batch of N pairs (z_a[i], z_b[i]), all at once.

    Row i of the N x N similarity matrix holds anchor i's scores against
    every z_b: the diagonal is its positive, the other N - 1 entries are its
    negatives. symmetric=True averages both directions (a -> b and b -> a),
    as CLIP does.
    """
    _check_temperature(temperature)
    if not isinstance(symmetric, (bool, np.bool_)):
        raise TypeError(f"symmetric must be True or False, got {symmetric!r}")
    z_a, z_b = _finite_array("z_a", z_a, ndim=2), _finite_array("z_b", z_b, 2)
    if z_a.shape != z_b.shape:
        raise ValueError(
            f"z_a and z_b must have the same (N, dim) shape, "
            f"got {z_a.shape} and {z_b.shape}"
        )
    if z_a.shape[0] < 2:
        raise ValueError(
            "z_a and z_b need at least 2 pairs, so each anchor has a negative"
        )
    if not (z_a.any(axis=1).all() and z_b.any(axis=1).all()):
        raise ValueError(
            "cosine similarity is undefined for an all-zero embedding"
        )
    # Scale each row to a largest entry of 1, then to length 1.
    units = []
    for z in (z_a, z_b):
        z = z / np.abs(z).max(axis=1, keepdims=True)
        units.append(z / np.linalg.norm(z, axis=1, keepdims=True))
    scores = units[0] @ units[1].T / temperature  # (N, N)

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
    similarity = cosine_similarity(ANCHOR, POSITIVE)
    print(f"cos(anchor, positive) = {similarity:.4f}")
    to_negatives = [f"{cosine_similarity(ANCHOR, n):+.4f}" for n in NEGATIVES]
    print(f"cos(anchor, negatives) = {', '.join(to_negatives)}")
    print(
        f"cos(anchor, unrelated) = {cosine_similarity(ANCHOR, STRANGER):+.4f}"
    )
    true_loss = info_nce_loop(ANCHOR, POSITIVE, NEGATIVES)
    print(f"loss, true positive:       {true_loss:.4f}")
    wrong_loss = info_nce_loop(ANCHOR, STRANGER, NEGATIVES)
    print(f"loss, unrelated 'positive': {wrong_loss:.4f}")
    n = 1 + len(NEGATIVES)
    print(f"loss of a blind guess among {n}: log({n}) = {np.log(n):.4f}")
    # --8<-- [end:loop_demo]

    # --8<-- [start:batched_demo]
    np.set_printoptions(precision=2, suppress=True, floatmode="fixed")
    rng = np.random.default_rng(7)
    photos = rng.standard_normal((4, 32))  # 4 photos in a batch
    z_a = photos + 0.3 * rng.standard_normal(photos.shape)  # view A of each
    z_b = photos + 0.3 * rng.standard_normal(photos.shape)  # view B of each

    unit_a = z_a / np.linalg.norm(z_a, axis=1, keepdims=True)
    unit_b = z_b / np.linalg.norm(z_b, axis=1, keepdims=True)
    print(
        "cosine similarities, "
        "row = view A of photo i, column = view B of photo j:"
    )
    print(unit_a @ unit_b.T)

    n = len(photos)
    looped = [
        info_nce_loop(z_a[i], z_b[i], [z_b[j] for j in range(n) if j != i])
        for i in range(n)
    ]
    symmetric = info_nce_batched(z_a, z_b, symmetric=True)
    print(f"loop over anchors, mean: {np.mean(looped):.6f}")
    print(f"batched matrix form:     {info_nce_batched(z_a, z_b):.6f}")
    print(f"symmetric (CLIP-style):  {symmetric:.6f}")
    # --8<-- [end:batched_demo]

    # --8<-- [start:overflow_demo]
    rng = np.random.default_rng(3)
    near_duplicate = ANCHOR + 0.15 * rng.standard_normal(128)  # same cat
    hard_negatives = [*NEGATIVES, near_duplicate]
    temperature = 0.001  # very sharp: scores up to 1 / 0.001 = 1000
    scores = [
        cosine_similarity(ANCHOR, v) / temperature
        for v in [POSITIVE, *hard_negatives]
    ]
    duplicate = cosine_similarity(ANCHOR, near_duplicate)
    print(f"cos(anchor, near duplicate) = {duplicate:.4f}")
    print(
        f"largest score: {max(scores):.1f}; exp() overflows float64 above "
        f"log(largest float) = {np.log(np.finfo(float).max):.1f}"
    )
    with np.errstate(over="ignore", invalid="ignore"):
        naive = -scores[0] + np.log(sum(np.exp(s) for s in scores))
    print(f"naive log(sum(exp)): {naive}")
    stable = info_nce_loop(ANCHOR, POSITIVE, hard_negatives, temperature)
    print(f"stable logsumexp:    {stable:.3e}")
    # --8<-- [end:overflow_demo]
