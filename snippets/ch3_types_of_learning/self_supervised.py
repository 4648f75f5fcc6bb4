"""Self-supervised learning: the data labels itself.

Two ways to turn plain text into training examples, with no human labelling:
masked language modelling (BERT) and next-token prediction (GPT).
Chapter 3 ("Types of learning"), section 3.2. Run the whole file to see the output:

    python snippets/ch3_types_of_learning/self_supervised.py
"""

# --8<-- [start:tokenize]
import re


def tokenize(sentence: str) -> list[str]:
    """Split a sentence into word and punctuation tokens (a stand-in for a real tokenizer)."""
    if not isinstance(sentence, str):
        raise TypeError(
            f"sentence must be a str, got {type(sentence).__name__}"
        )
    tokens = re.findall(r"\w+|[^\w\s]", sentence)
    if not tokens:
        raise ValueError(
            "the sentence is empty: there is nothing to learn from"
        )
    return tokens


# --8<-- [end:tokenize]

# --8<-- [start:mlm]
from dataclasses import dataclass

import numpy as np

MASK = "[MASK]"


@dataclass
class MaskedExample:
    inputs: list[str]  # what the model sees
    targets: dict[int, str]  # position -> the original token it must predict


def make_mlm_example(
    tokens: list[str],
    rng: np.random.Generator,
    mask_rate: float = 0.15,
    vocab: list[str] | None = None,
) -> MaskedExample:
    """One BERT-style masked-LM training example.

    Choose round(mask_rate * n) positions (at least one). At each chosen position the
    input becomes [MASK] 80% of the time, a random vocabulary token 10% of the time,
    and stays unchanged 10% of the time; the target is always the original token.
    """
    if len(tokens) == 0:
        raise ValueError("tokens is empty: there is nothing to mask")
    if not 0 < mask_rate < 1:
        raise ValueError(
            f"mask_rate must be strictly between 0 and 1, got {mask_rate}"
        )
    vocab = sorted(set(tokens)) if vocab is None else list(vocab)
    if not vocab:
        raise ValueError(
            "vocab is empty: random replacements need at least one token"
        )

    n_masked = max(1, round(mask_rate * len(tokens)))
    positions = sorted(
        rng.choice(len(tokens), size=n_masked, replace=False).tolist()
    )
    inputs = list(tokens)
    for position in positions:
        draw = rng.random()
        if draw < 0.8:
            inputs[position] = MASK
        elif draw < 0.9:
            inputs[position] = vocab[rng.integers(len(vocab))]
        # else: keep the original token, so the model can't assume the input is wrong
    return MaskedExample(
        inputs=inputs, targets={p: tokens[p] for p in positions}
    )


# --8<-- [end:mlm]


# --8<-- [start:next_token]
def next_token_pairs(tokens: list[str]) -> list[tuple[list[str], str]]:
    """Every (context, next token) pair a causal language model learns from."""
    if len(tokens) < 2:
        raise ValueError(
            f"need at least two tokens to predict a next one, got {len(tokens)}"
        )
    return [(tokens[:i], tokens[i]) for i in range(1, len(tokens))]


def shifted_inputs_and_targets(
    tokens: list[str],
) -> tuple[list[str], list[str]]:
    """The same pairs as one sequence: the target at each position is the next token."""
    if len(tokens) < 2:
        raise ValueError(
            f"need at least two tokens to predict a next one, got {len(tokens)}"
        )
    return tokens[:-1], tokens[1:]


# --8<-- [end:next_token]


# --8<-- [start:attention]
def attention_mask(n_tokens: int, causal: bool) -> np.ndarray:
    """mask[i, j] = 1 if position i may look at position j."""
    if n_tokens < 1:
        raise ValueError(f"n_tokens must be at least 1, got {n_tokens}")
    full = np.ones((n_tokens, n_tokens), dtype=int)
    return np.tril(full) if causal else full


# --8<-- [end:attention]


if __name__ == "__main__":
    # --8<-- [start:mlm_demo]
    sentence = "The cat sat on the mat because the rain had soaked the garden and the path outside ."
    tokens = tokenize(sentence)
    print(
        f"{len(tokens)} tokens; 15% of them is {0.15 * len(tokens):.2f}, rounded to "
        f"{max(1, round(0.15 * len(tokens)))} per example"
    )
    rng = np.random.default_rng(0)
    for epoch in range(4):  # new masks every time the sentence is seen
        example = make_mlm_example(tokens, rng, mask_rate=0.15)
        print(f"input : {' '.join(example.inputs)}")
        for position, word in example.targets.items():
            shown = example.inputs[position]
            how = (
                "masked"
                if shown == MASK
                else "unchanged"
                if shown == word
                else f"replaced by {shown!r}"
            )
            print(f"  predict {word!r} at position {position} ({how})")
    # --8<-- [end:mlm_demo]

    # --8<-- [start:next_token_demo]
    tokens = tokenize("The cat sat on the mat")
    pairs = next_token_pairs(tokens)
    print(f"{len(tokens)} tokens give {len(pairs)} training signals:")
    for context, target in pairs:
        print(f"  {' '.join(context):<20} -> {target}")
    inputs, targets = shifted_inputs_and_targets(tokens)
    print(f"inputs : {inputs}")
    print(f"targets: {targets}")
    # --8<-- [end:next_token_demo]

    # --8<-- [start:attention_demo]
    tokens = tokenize("The cat sat on the mat")
    for name, causal in (
        ("bidirectional (BERT)", False),
        ("causal (GPT)", True),
    ):
        mask = attention_mask(len(tokens), causal)
        print(f"{name}: row = the token that looks, 1 = may see that column")
        print(" " * 6 + " ".join(f"{t:>4}" for t in tokens))
        for token, row in zip(tokens, mask):
            print(f"{token:>5} " + " ".join(f"{int(v):>4}" for v in row))
    # --8<-- [end:attention_demo]
