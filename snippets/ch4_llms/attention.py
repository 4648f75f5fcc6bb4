"""Causal self-attention in NumPy: how the tokens of a text look at each other.

Chapter 4 of the course ("Large language models"). One attention head, as
in a decoder-only Transformer: every token scores every earlier token, turns
the scores into weights with a softmax, and takes the weighted average of
their values. The causal mask stops a token from seeing the tokens after it.
Run the whole file to see the demo (in the course repository, the file is in
snippets/ch4_llms/):

    python attention.py
"""

# --8<-- [start:attention]
import numpy as np


def softmax(scores: np.ndarray) -> np.ndarray:
    """Softmax along the last axis; -inf scores get weight exactly 0."""
    scores = np.asarray(scores)
    if scores.dtype.kind not in "iuf":
        raise TypeError(f"scores must hold numbers, got {scores.dtype}")
    scores = scores.astype(float)
    if np.isnan(scores).any() or np.isposinf(scores).any():
        raise ValueError("scores hold NaN or +inf")
    if (scores.max(axis=-1) == -np.inf).any():
        raise ValueError("a row of scores is all -inf: it has no weights")
    # Shift so the largest score is 0: exp cannot overflow.
    shifted = scores - scores.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def causal_mask(n_tokens: int) -> np.ndarray:
    """True above the diagonal: where a token would look at a later one."""
    is_int = isinstance(n_tokens, int | np.integer)
    if not is_int or isinstance(n_tokens, bool) or n_tokens < 1:
        raise ValueError(f"n_tokens must be a positive int, got {n_tokens!r}")
    return np.triu(np.ones((n_tokens, n_tokens), dtype=bool), k=1)


def self_attention(
    x: np.ndarray,
    w_query: np.ndarray,
    w_key: np.ndarray,
    w_value: np.ndarray,
    causal: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """One head of scaled dot-product attention over x (tokens x features).

    Returns the outputs (tokens x value size) and the attention weights
    (tokens x tokens): row i says how much token i takes from each token.
    """
    _check_attention_inputs(x, w_query, w_key, w_value, causal)
    queries, keys, values = x @ w_query, x @ w_key, x @ w_value
    scores = queries @ keys.T / np.sqrt(keys.shape[1])
    if causal:
        scores = np.where(causal_mask(len(x)), -np.inf, scores)
    weights = softmax(scores)
    return weights @ values, weights


# Clear errors for the usual mistakes: a list, a wrong shape, a NaN.
def _check_matrix(name: str, array: np.ndarray) -> None:
    if not isinstance(array, np.ndarray) or array.ndim != 2:
        raise TypeError(f"{name} must be a 2-D NumPy array")
    if array.dtype.kind not in "iuf":  # signed, unsigned, floating point
        raise TypeError(f"{name} must hold real numbers, not {array.dtype}")
    if array.size == 0:
        raise ValueError(f"{name} is empty; give at least one row and column")
    if not np.isfinite(array).all():
        raise ValueError(f"{name} holds NaN or infinite values")


def _check_attention_inputs(x, w_query, w_key, w_value, causal) -> None:
    named = {"x": x, "w_query": w_query, "w_key": w_key, "w_value": w_value}
    for name, array in named.items():
        _check_matrix(name, array)
    for name in ("w_query", "w_key", "w_value"):
        if named[name].shape[0] != x.shape[1]:
            raise ValueError(
                f"{name} has {named[name].shape[0]} rows but x has "
                f"{x.shape[1]} features per token; they must match"
            )
    if w_query.shape[1] != w_key.shape[1]:
        raise ValueError(
            f"w_query and w_key must have the same number of columns, "
            f"got {w_query.shape[1]} and {w_key.shape[1]}"
        )
    if not isinstance(causal, bool | np.bool_):
        raise TypeError(f"causal must be True or False, got {causal!r}")


# --8<-- [end:attention]


# --8<-- [start:multi_head]
def multi_head_attention(
    x: np.ndarray,
    heads: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    w_out: np.ndarray,
) -> np.ndarray:
    """Several heads side by side, then one projection back (causal)."""
    if not isinstance(heads, list | tuple):
        raise TypeError("heads must be a list of (w_query, w_key, w_value)")
    if not heads:
        raise ValueError("heads is empty; give at least one head")
    outputs = [self_attention(x, *head)[0] for head in heads]
    combined = np.concatenate(outputs, axis=1)
    _check_matrix("w_out", w_out)
    if w_out.shape[0] != combined.shape[1]:
        raise ValueError(
            f"w_out must have {combined.shape[1]} rows (the heads' value "
            f"sizes added up), got {w_out.shape[0]}"
        )
    return combined @ w_out


# --8<-- [end:multi_head]


# --8<-- [start:layer]
def random_layer(
    vocab_size: int, d_model: int, d_head: int, seed: int
) -> tuple[np.ndarray, ...]:
    """Seeded stand-ins for trained weights: embeddings and one head."""
    for name, size in (
        ("vocab_size", vocab_size),
        ("d_model", d_model),
        ("d_head", d_head),
    ):
        is_int = isinstance(size, int | np.integer)
        if not is_int or isinstance(size, bool):
            raise TypeError(f"{name} must be an int, got {size!r}")
        if size < 1:
            raise ValueError(f"{name} must be at least 1, got {size}")
    is_int = isinstance(seed, int | np.integer) and not isinstance(seed, bool)
    if not is_int or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, got {seed!r}")
    rng = np.random.default_rng(seed)
    embedding = rng.normal(size=(vocab_size, d_model))  # a row per token ID
    # Scaled so a query or key has about unit variance, as in real inits.
    scale = 1 / np.sqrt(d_model)
    w_query, w_key, w_value = rng.normal(0, scale, (3, d_model, d_head))
    return embedding, w_query, w_key, w_value


# --8<-- [end:layer]


# The demo's settings; publish.py reads the same names for the heatmap.
# --8<-- [start:settings]
SENTENCE = "the cat sat on the mat"
D_MODEL = 8  # numbers per token vector
D_HEAD = 4  # size of each query, key and value
SEED = 0
# --8<-- [end:settings]


if __name__ == "__main__":
    # --8<-- [start:demo]
    tokens = SENTENCE.split()  # one token per word, to keep labels short
    vocab = sorted(set(tokens))
    ids = [vocab.index(token) for token in tokens]
    embedding, w_query, w_key, w_value = random_layer(
        len(vocab), D_MODEL, D_HEAD, SEED
    )
    x = embedding[ids]  # step 2: embed each token ID as a vector
    output, weights = self_attention(x, w_query, w_key, w_value)
    print(f"x: {x.shape}, output: {output.shape}, weights: {weights.shape}")
    print(" " * 6 + "".join(f"{token:>6}" for token in tokens))
    for token, row in zip(tokens, weights, strict=True):
        print(f"{token:>6}" + "".join(f"{w:6.2f}" for w in row))
    print("row sums:", weights.sum(axis=1).round(12))
    later = weights[causal_mask(len(x))]  # the masked entries
    print("largest weight on a later token:", later.max())
    # --8<-- [end:demo]

    # --8<-- [start:multi_head_demo]
    rng = np.random.default_rng(SEED)
    scale = 1 / np.sqrt(D_MODEL)
    heads = [rng.normal(0, scale, (3, D_MODEL, D_HEAD)) for _ in range(2)]
    w_out = rng.normal(0, scale, (2 * D_HEAD, D_MODEL))
    mixed = multi_head_attention(x, heads, w_out)
    print(f"2 heads of size {D_HEAD} -> output {mixed.shape}")
    # --8<-- [end:multi_head_demo]
