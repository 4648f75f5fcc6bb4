"""A tiny language model in NumPy: the LLM generation loop, made real.

Chapter 4 of the course ("Large language models"). A word-level bigram model
(the next word depends only on the current one) is trained by gradient descent
on a short text written for the course, then generates text one token at a
time with temperature and top-k sampling. Run the whole file to see every demo:

    python snippets/ch4_llms/tiny_lm.py
"""

# --8<-- [start:imports]
import re

import numpy as np

# --8<-- [end:imports]

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
        return " ".join(self.tokens[i] for i in ids).replace(" .", ".")


# --8<-- [end:tokenizer]


# --8<-- [start:model]
def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    """softmax(logits / T) along the last axis, computed stably."""
    if not temperature > 0:  # also rejects NaN
        raise ValueError(
            f"temperature must be > 0, got {temperature}; "
            "use greedy decoding for T = 0"
        )
    z = np.asarray(logits, dtype=float) / temperature
    # Shift so the largest logit is 0: exp cannot overflow.
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def bigram_pairs(ids: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Next-token training examples: (current token, next token) pairs."""
    if len(ids) < 2:
        raise ValueError(
            "need at least 2 tokens to make a (current, next) pair, "
            f"got {len(ids)}"
        )
    ids = np.asarray(ids)
    return ids[:-1], ids[1:]


def loss_and_gradient(
    W: np.ndarray, current: np.ndarray, nxt: np.ndarray
) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of predicting `nxt` from `current`, and dLoss/dW.

    W[i] holds the logits (scores) of every possible next token after token i.
    """
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
    if epochs < 1:
        raise ValueError(f"epochs must be at least 1, got {epochs}")
    if not lr > 0:
        raise ValueError(f"learning rate must be > 0, got {lr}")
    current, nxt = bigram_pairs(ids)
    if (
        max(current.max(), nxt.max()) >= vocab_size
        or min(current.min(), nxt.min()) < 0
    ):
        raise ValueError(f"token IDs must lie in 0..{vocab_size - 1}")
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
def top_k_filter(logits: np.ndarray, k: int | None) -> np.ndarray:
    """Keep the k largest logits; the rest become -inf (probability 0)."""
    logits = np.asarray(logits, dtype=float)
    if k is None:
        return logits
    if not 1 <= k <= logits.shape[-1]:
        raise ValueError(
            "top_k must be between 1 and the vocabulary size "
            f"{logits.shape[-1]}, got {k}"
        )
    kth_largest = np.sort(logits)[-k]
    return np.where(logits >= kth_largest, logits, -np.inf)


def sample_next(
    logits: np.ndarray,
    rng: np.random.Generator,
    temperature: float = 1.0,
    top_k: int | None = None,
) -> int:
    """Pick the next token ID; temperature 0 is greedy (the top logit)."""
    if temperature == 0:
        return int(np.argmax(logits))
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
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
    rng = np.random.default_rng(seed)
    tokens = vocab.encode(prompt)  # 1. tokenize
    if not tokens:
        raise ValueError("the prompt has no tokens; give at least one word")
    for _ in range(max_tokens):
        logits = W[tokens[-1]]  # 2-3. score every possible next token
        next_token = sample_next(logits, rng, temperature, top_k)  # 4. sample
        tokens.append(next_token)  # 5. append and continue
        if vocab.tokens[next_token] == EOS:  # 6. stop at end of sequence
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
    top = np.argsort(logits)[::-1][:5]  # the 5 likeliest next words
    words = "".join(f"{vocab.tokens[i]:>8}" for i in top)
    print(f"next word after {CONTEXT_WORD!r}:{words}")
    for T in TEMPERATURES:
        probs = "".join(f"{softmax(logits, T)[i]:8.3f}" for i in top)
        print(f"T = {T:<3}  probability:{probs}")
    # --8<-- [end:temperature_demo]

    # --8<-- [start:generate_demo]
    settings = [(0, None), (0.5, None), (1.0, None), (1.0, 3), (2.0, None)]
    for T, k in settings:
        for seed in (1, 2):
            text = generate(W, vocab, PROMPT, MAX_NEW_TOKENS, T, k, seed)
            print(f"T = {T:<3} top_k = {k!s:<4} seed {seed}: {text}")
    # --8<-- [end:generate_demo]
