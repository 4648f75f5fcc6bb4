"""Self-supervised learning: the data labels itself.

Two ways to turn plain text into training examples, with no human labelling:
masked language modelling (BERT) and next-token prediction (GPT).
Chapter 3 ("Types of learning"), section 3.2. Run the whole file to see the
output:

    python snippets/ch3_types_of_learning/self_supervised.py
"""

# --8<-- [start:tokenize]
import re
from dataclasses import dataclass

import numpy as np


def tokenize(sentence: str) -> list[str]:
    """Split a sentence into word and punctuation tokens.

    A stand-in for a real tokenizer (chapter 4 builds one).
    """
    if not isinstance(sentence, str):
        raise TypeError(
            f"sentence must be a str, got {type(sentence).__name__}"
        )
    tokens = re.findall(r"\w+|[^\w\s]", sentence)
    if not tokens:
        raise ValueError("sentence is empty: there is nothing to learn from")
    return tokens


def _check_tokens(tokens: list[str], name: str = "tokens") -> list[str]:
    is_list = isinstance(tokens, (list, tuple))
    if not is_list or not all(isinstance(t, str) for t in tokens):
        raise TypeError(f"{name} must be a list of str, such as tokenize(...)")
    return list(tokens)


# --8<-- [end:tokenize]


# --8<-- [start:mlm]
MASK = "[MASK]"
MASK_RATE = 0.15  # BERT's share of positions to predict


@dataclass
class MaskedExample:
    inputs: list[str]  # what the model sees
    targets: dict[int, str]  # position -> the original token to predict

    def how_shown(self, position: int) -> str:
        """'masked', 'replaced' (by a random token) or 'unchanged'."""
        if isinstance(position, bool) or position not in self.targets:
            raise ValueError(
                "position must be one of the positions to predict, "
                f"{sorted(self.targets)}; got {position!r}"
            )
        shown = self.inputs[position]
        if shown == MASK:
            return "masked"
        return "unchanged" if shown == self.targets[position] else "replaced"


def masked_count(n_tokens: int, mask_rate: float = MASK_RATE) -> int:
    """How many positions one example masks: round(rate * n), at least 1."""
    is_int = isinstance(n_tokens, (int, np.integer))
    if not is_int or isinstance(n_tokens, bool) or n_tokens < 1:
        raise ValueError(f"n_tokens must be an int >= 1, got {n_tokens!r}")
    number = (int, float, np.integer, np.floating)
    if not isinstance(mask_rate, number) or not 0 < mask_rate < 1:
        raise ValueError(
            f"mask_rate must be strictly between 0 and 1, got {mask_rate!r}"
        )
    return max(1, round(mask_rate * n_tokens))


def make_mlm_example(
    tokens: list[str],
    rng: np.random.Generator,
    mask_rate: float = MASK_RATE,
    vocab: list[str] | None = None,
) -> MaskedExample:
    """One BERT-style masked-LM training example.

    At each chosen position the input becomes [MASK] 80% of the time, a
    random vocabulary token 10% of the time, and stays unchanged 10% of the
    time; the target is always the original token.
    """
    tokens = _check_tokens(tokens)
    if not tokens:
        raise ValueError("tokens is empty: there is nothing to mask")
    if not isinstance(rng, np.random.Generator):
        raise TypeError("rng must be a np.random.Generator (default_rng(0))")
    n_masked = masked_count(len(tokens), mask_rate)
    vocab = (
        sorted(set(tokens)) if vocab is None else _check_tokens(vocab, "vocab")
    )
    if not vocab:
        raise ValueError(
            "vocab is empty: random replacements need at least one token"
        )

    chosen = rng.choice(len(tokens), size=n_masked, replace=False)
    positions = sorted(chosen.tolist())
    inputs = list(tokens)
    for position in positions:
        draw = rng.random()
        if draw < 0.8:
            inputs[position] = MASK
        elif draw < 0.9:
            inputs[position] = vocab[rng.integers(len(vocab))]
        # else: keep the token, so the model can't assume the input is wrong
    return MaskedExample(inputs, targets={p: tokens[p] for p in positions})


# A sentence long enough that 15% of it is more than one token.
SENTENCE = (
    "The cat sat on the mat because the rain had soaked the garden "
    "and the path outside ."
)
# --8<-- [end:mlm]


# --8<-- [start:next_token]
def _two_or_more(tokens: list[str]) -> list[str]:
    tokens = _check_tokens(tokens)
    if len(tokens) < 2:
        raise ValueError(
            "tokens needs at least two tokens to predict a next one, "
            f"got {len(tokens)}"
        )
    return tokens


def next_token_pairs(tokens: list[str]) -> list[tuple[list[str], str]]:
    """Every (context, next token) pair a causal language model learns from."""
    tokens = _two_or_more(tokens)
    return [(tokens[:i], tokens[i]) for i in range(1, len(tokens))]


def shifted_inputs_and_targets(
    tokens: list[str],
) -> tuple[list[str], list[str]]:
    """The same pairs as one sequence: each target is the next token."""
    tokens = _two_or_more(tokens)
    return tokens[:-1], tokens[1:]


# --8<-- [end:next_token]


# --8<-- [start:attention]
def attention_mask(n_tokens: int, causal: bool) -> np.ndarray:
    """mask[i, j] = 1 if position i may look at position j."""
    whole = (int, np.integer)
    if isinstance(n_tokens, bool) or not isinstance(n_tokens, whole):
        raise TypeError(f"n_tokens must be an int, got {n_tokens!r}")
    if n_tokens < 1:
        raise ValueError(f"n_tokens must be at least 1, got {n_tokens}")
    if not isinstance(causal, (bool, np.bool_)):
        raise TypeError(f"causal must be True or False, got {causal!r}")
    full = np.ones((n_tokens, n_tokens), dtype=int)
    return np.tril(full) if causal else full


# --8<-- [end:attention]


if __name__ == "__main__":
    # --8<-- [start:mlm_demo]
    tokens = tokenize(SENTENCE)
    print(
        f"{len(tokens)} tokens; {MASK_RATE:.0%} of them is "
        f"{MASK_RATE * len(tokens):.2f}, "
        f"rounded to {masked_count(len(tokens))} per example"
    )
    rng = np.random.default_rng(0)
    for _ in range(4):  # new masks every time the sentence is seen
        example = make_mlm_example(tokens, rng)
        print(f"input : {' '.join(example.inputs)}")
        for position, word in example.targets.items():
            how = example.how_shown(position)
            if how == "replaced":
                how += f" by {example.inputs[position]!r}"
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
    # tokens: "The cat sat on the mat", from the block above
    for name, causal in (
        ("bidirectional (BERT)", False),
        ("causal (GPT)", True),
    ):
        mask = attention_mask(len(tokens), causal)
        print(f"{name}: row = the token that looks, 1 = may see that column")
        print(" " * 6 + " ".join(f"{t:>4}" for t in tokens))
        for token, row in zip(tokens, mask, strict=True):
            print(f"{token:>5} " + " ".join(f"{int(v):>4}" for v in row))
    # --8<-- [end:attention_demo]
