"""A tiny language model in NumPy: the LLM generation loop, made real.

Chapter 4 of the course ("Large language models"). A word-level bigram model
(the next word depends only on the current one) is trained by gradient descent
on a short text written for the course, then generates text one token at a
time with temperature and top-k sampling. Run the whole file to see every demo
(in the course repository, the file is in snippets/ch4_llms/):

    python tiny_lm.py
"""

# --8<-- [start:imports]
import re

import numpy as np

# --8<-- [end:imports]


# --8<-- [start:checks]
# Clear errors for the usual mistakes: a float where a count belongs, a NaN,
# an ID outside the vocabulary. NumPy's own number types are accepted.
def check_int(name: str, value, minimum: int) -> int:
    for label, number in ((name, value), ("minimum", minimum)):
        if isinstance(number, bool) or not isinstance(number, int | np.integer):
            raise TypeError(f"{label} must be an integer, got {number!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def check_finite(name: str, value) -> float:
    real = int | float | np.integer | np.floating
    if isinstance(value, bool) or not isinstance(value, real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}")
    return float(value)


def check_ids(
    ids, vocab_size: int | None = None, name: str = "ids"
) -> np.ndarray:
    """Token IDs as a 1-D integer array, each in 0 .. vocab_size - 1."""
    ids = np.asarray(ids)
    if ids.ndim != 1 or (ids.size and ids.dtype.kind not in "iu"):
        raise TypeError(f"{name}: token IDs must be a flat list of integers")
    top = np.inf
    if vocab_size is not None:
        top = check_int("vocab_size", vocab_size, 1)
    outside = ids[(ids < 0) | (ids >= top)]
    if outside.size:
        raise ValueError(
            f"{name}: token IDs must lie in 0..{top - 1}, got {outside[0]}"
        )
    return ids


def check_logits(logits) -> np.ndarray:
    """One row of logits as floats; -inf (a token ruled out) is allowed."""
    z = np.asarray(logits)
    if z.dtype.kind not in "iuf" or z.ndim != 1 or z.size == 0:
        raise TypeError("logits must be a non-empty 1-D array of numbers")
    if np.isnan(z).any() or np.isposinf(z).any():
        raise ValueError("logits hold NaN or +inf")
    return z.astype(float)


def check_table(W: np.ndarray, vocab_size: int) -> None:
    """W must be a finite vocab_size x vocab_size array of logits."""
    check_int("vocab_size", vocab_size, 1)
    if not isinstance(W, np.ndarray) or W.shape != (vocab_size, vocab_size):
        shape = getattr(W, "shape", type(W).__name__)
        raise ValueError(
            f"W must be a {vocab_size} x {vocab_size} array, got {shape}"
        )
    if W.dtype.kind not in "iuf":
        raise TypeError(f"W must hold numbers, got {W.dtype}")
    if not np.isfinite(W).all():
        raise ValueError("W holds NaN or infinite values")


# --8<-- [end:checks]

# --8<-- [start:corpus]
# A short text written for this course (free to publish with the project).
CORPUS = """
The cat sat on the mat. The dog sat on the rug. The cat saw the dog.
The dog saw the cat and the cat ran. The cat ran into the garden.
The dog ran after the cat. A bird sang in the tree.
The cat looked at the bird. The bird flew over the garden.
The dog slept on the rug. The cat slept on the mat.
The sun rose over the garden. The bird sang in the sun.
The dog looked at the sun. A cat and a dog can be friends.
The cat and the dog sat in the sun.
The bird sat in the tree and sang. The dog ran into the house.
The cat ran into the house after the dog. The house was warm.
The cat slept in the house. The dog slept in the garden.
"""
# --8<-- [end:corpus]

# --8<-- [start:tokenizer]
EOS = "."  # the end-of-sequence token: generation stops when it is produced


def tokenize(text: str) -> list[str]:
    """Lowercase words, with "." as a token of its own."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return re.findall(r"[a-z]+|\.", text.lower())


class Vocabulary:
    """Maps each distinct token to an integer ID and back."""

    def __init__(self, tokens: list[str]) -> None:
        if not isinstance(tokens, list | tuple) or not all(
            isinstance(t, str) for t in tokens
        ):
            raise TypeError("tokens must be a list of str, e.g. tokenize(text)")
        if not tokens:
            raise ValueError(
                "cannot build a vocabulary from an empty list of tokens"
            )
        self.tokens = sorted(set(tokens))
        self.ids = {token: i for i, token in enumerate(self.tokens)}

    def __len__(self) -> int:
        return len(self.tokens)

    def encode(self, text: str) -> list[int]:
        unknown = [t for t in tokenize(text) if t not in self.ids]
        if unknown:
            words = ", ".join(sorted(set(unknown)))
            raise ValueError(f"words not in the vocabulary: {words}")
        return [self.ids[t] for t in tokenize(text)]

    def decode(self, ids: list[int]) -> str:
        ids = check_ids(ids, len(self))
        return " ".join(self.tokens[i] for i in ids).replace(" .", ".")


# --8<-- [end:tokenizer]


# --8<-- [start:model]
def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """softmax(logits / T) along the last axis, computed stably."""
    if check_finite("temperature", temperature) <= 0:
        raise ValueError(
            f"temperature must be > 0, got {temperature}; "
            "use greedy decoding for T = 0"
        )
    z = np.asarray(logits)
    if z.dtype.kind not in "iuf":
        raise TypeError(f"logits must hold numbers, got {z.dtype}")
    z = z.astype(float)
    # -inf is allowed (a token ruled out), NaN and +inf are not.
    if np.isnan(z).any() or np.isposinf(z).any():
        raise ValueError("logits hold NaN or +inf")
    if (z.max(axis=-1) == -np.inf).any():
        raise ValueError("every logit is -inf; at least one must be finite")
    z = z / temperature
    # Shift so the largest logit is 0: exp cannot overflow.
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def bigram_pairs(ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Next-token training examples: (current token, next token) pairs."""
    ids = check_ids(ids)
    if len(ids) < 2:
        raise ValueError(
            "need at least 2 tokens to make a (current, next) pair, "
            f"got {len(ids)}"
        )
    return ids[:-1], ids[1:]


def loss_and_gradient(
    W: np.ndarray, current: np.ndarray, nxt: np.ndarray
) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of predicting `nxt` from `current`, and dLoss/dW.

    W[i] holds the logits (scores) of every possible next token after token i.
    """
    if not isinstance(W, np.ndarray) or W.ndim != 2 or W.size == 0:
        raise TypeError("W must be a 2-D NumPy array, one row per token")
    check_table(W, len(W))
    current = check_ids(current, len(W), name="current")
    nxt = check_ids(nxt, len(W), name="nxt")
    if len(current) != len(nxt) or len(current) == 0:
        raise ValueError("current and nxt must be equally long, not empty")
    probs = softmax(W[current])  # (n_pairs, vocab_size)
    n = len(current)
    loss = -np.log(probs[np.arange(n), nxt]).mean()
    delta = probs
    delta[np.arange(n), nxt] -= 1.0  # d loss / d logits = probs - one_hot(next)
    grad = np.zeros_like(W)
    # Each pair adds its gradient to the row of its current token.
    np.add.at(grad, current, delta / n)
    return float(loss), grad


def train_bigram(
    ids: list[int],
    vocab_size: int,
    epochs: int,
    lr: float,
    seed: int = 0,
) -> tuple[np.ndarray, list[float]]:
    """Fit the logit table W (vocab_size x vocab_size) by gradient descent.

    Every epoch is one step on all pairs at once (full-batch).
    """
    check_int("vocab_size", vocab_size, 1)
    check_int("epochs", epochs, 1)
    if check_finite("lr", lr) <= 0:
        raise ValueError(f"lr (the learning rate) must be > 0, got {lr}")
    check_int("seed", seed, 0)
    current, nxt = bigram_pairs(check_ids(ids, vocab_size))
    rng = np.random.default_rng(seed)
    W = rng.normal(0.0, 0.01, size=(vocab_size, vocab_size))
    history = []
    for _ in range(epochs):
        loss, grad = loss_and_gradient(W, current, nxt)
        history.append(loss)
        W -= lr * grad
    return W, history


# --8<-- [end:model]


# --8<-- [start:sampling]
def top_k_filter(logits: np.ndarray, top_k: int | None) -> np.ndarray:
    """Keep exactly top_k logits; the rest become -inf (probability 0).

    On a tie the lower token ID is kept, as np.argmax picks it.
    """
    logits = check_logits(logits)
    if top_k is None:
        return logits
    if not 1 <= check_int("top_k", top_k, 1) <= logits.size:
        raise ValueError(
            "top_k must be between 1 and the vocabulary size "
            f"{logits.size}, got {top_k}"
        )
    # Largest first; a stable sort keeps tied logits in order of ID.
    keep = np.argsort(-logits, kind="stable")[:top_k]
    kept = np.full_like(logits, -np.inf)
    kept[keep] = logits[keep]
    return kept


def sample_next(
    logits: np.ndarray,
    rng: np.random.Generator,
    temperature: float = 1.0,
    top_k: int | None = None,
) -> int:
    """Pick the next token ID; temperature 0 is greedy (the top logit)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a np.random.Generator (default_rng)")
    if check_finite("temperature", temperature) < 0:
        raise ValueError(f"temperature must be >= 0, got {temperature}")
    if temperature == 0:
        return int(np.argmax(check_logits(logits)))
    probs = softmax(top_k_filter(logits, top_k), temperature)
    return int(rng.choice(len(probs), p=probs))


# --8<-- [end:sampling]


# --8<-- [start:generate]
def generate(
    W: np.ndarray,
    vocab: Vocabulary,
    prompt: str,
    max_tokens: int = 20,
    temperature: float = 1.0,
    top_k: int | None = None,
    seed: int = 0,
) -> str:
    """The LLM generation loop, with a bigram table for the Transformer."""
    if not isinstance(vocab, Vocabulary):
        raise TypeError("vocab must be a Vocabulary")
    check_table(W, len(vocab))
    check_int("max_tokens", max_tokens, 1)
    if not isinstance(prompt, str):
        raise TypeError(f"prompt must be a str, got {type(prompt).__name__}")
    rng = np.random.default_rng(check_int("seed", seed, 0))
    tokens = vocab.encode(prompt)  # 1. tokenize
    if not tokens:
        raise ValueError("the prompt has no tokens; give at least one word")
    for _ in range(max_tokens):
        # 2-4. embed, transform, score: one row of the table
        logits = W[tokens[-1]]
        next_token = sample_next(logits, rng, temperature, top_k)  # 5. sample
        tokens.append(next_token)  # 6. append; stop at end of sequence
        if vocab.tokens[next_token] == EOS:
            break
    return vocab.decode(tokens)


# --8<-- [end:generate]


# The demos' settings. The page shows them, and publish.py reads these same
# names for the figures it quotes, so each is written once.
# --8<-- [start:train_settings]
EPOCHS = 1000
LEARNING_RATE = 20.0  # large: each row's gradient is divided by all pairs
# --8<-- [end:train_settings]

# --8<-- [start:temperature_settings]
CONTEXT_WORD = "the"  # the word whose possible followers we look at
TEMPERATURES = (0.5, 1.0, 2.0)
# --8<-- [end:temperature_settings]

# --8<-- [start:generate_settings]
PROMPT = "the cat"
MAX_NEW_TOKENS = 12
# (temperature, top_k) pairs: T = 0 is greedy; top_k None keeps every token.
DECODING = [(0, None), (0.5, None), (1.0, None), (1.0, 3), (2.0, None)]
SEEDS = (1, 2)
# --8<-- [end:generate_settings]


if __name__ == "__main__":
    # --8<-- [start:tokenizer_demo]
    tokens = tokenize(CORPUS)
    vocab = Vocabulary(tokens)
    ids = vocab.encode(CORPUS)
    print(f"{len(tokens)} tokens, vocabulary of {len(vocab)} distinct tokens")
    print("first tokens:", tokens[:8])
    print("their IDs:   ", ids[:8])
    print("decoded back:", vocab.decode(ids[:8]))
    # --8<-- [end:tokenizer_demo]

    # --8<-- [start:train_demo]
    W, history = train_bigram(ids, len(vocab), EPOCHS, LEARNING_RATE)
    for epoch in (1, 10, 100, 500, EPOCHS):
        print(f"epoch {epoch:>4}: cross-entropy loss {history[epoch - 1]:.4f}")
    # --8<-- [end:train_demo]

    # --8<-- [start:temperature_demo]
    logits = W[vocab.ids[CONTEXT_WORD]]
    # The 5 likeliest next words, tied ones in order of ID.
    top = np.argsort(-logits, kind="stable")[:5]
    words = "".join(f"{vocab.tokens[i]:>8}" for i in top)
    print(f"next word after {CONTEXT_WORD!r}:{words}")
    for T in TEMPERATURES:
        probs = "".join(f"{softmax(logits, T)[i]:8.3f}" for i in top)
        print(f"T = {T:<3}  probability:{probs}")
    # --8<-- [end:temperature_demo]

    # --8<-- [start:generate_demo]
    for T, k in DECODING:
        for seed in SEEDS:
            text = generate(W, vocab, PROMPT, MAX_NEW_TOKENS, T, k, seed)
            print(f"T = {T:<3} top_k = {k!s:<4} seed {seed}: {text}")
    # --8<-- [end:generate_demo]
