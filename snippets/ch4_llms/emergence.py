"""How a smooth improvement can look like a sudden jump: the metric argument.

Chapter 4 of the course ("Large language models"), on emergent abilities. If
a model gets each token of an answer right with probability p, independently,
an answer of n tokens is exactly right with probability p ** n. Per-token
accuracy can rise steadily while exact-match accuracy stays near zero and
then shoots up.
"""

# --8<-- [start:metric]
from numbers import Integral, Real


def exact_match_accuracy(per_token_accuracy: float, n_tokens: int) -> float:
    """Chance that all n_tokens of an answer are right.

    Each token is right with probability per_token_accuracy, independently.
    """
    p, n = per_token_accuracy, n_tokens
    if isinstance(p, bool) or not isinstance(p, Real):
        raise TypeError(f"per_token_accuracy must be a number, got {p!r}")
    if not 0.0 <= p <= 1.0:  # also rejects NaN
        raise ValueError(
            f"per_token_accuracy must be a probability in [0, 1], got {p}"
        )
    if isinstance(n, bool) or not isinstance(n, Integral):
        raise TypeError(f"n_tokens must be a positive integer, got {n!r}")
    if n < 1:
        raise ValueError(f"n_tokens must be a positive integer, got {n}")
    return float(p) ** int(n)


# --8<-- [end:metric]

# --8<-- [start:metric_settings]
ANSWER_LENGTHS = (1, 10, 30)  # tokens per answer
# --8<-- [end:metric_settings]

if __name__ == "__main__":
    # --8<-- [start:metric_demo]
    labels = "".join(f"{'n = ' + str(n):>11}" for n in ANSWER_LENGTHS)
    print("per-token accuracy | exact match of an n-token answer")
    print(f"{'':18} |{labels}")
    for p in (0.50, 0.70, 0.80, 0.90, 0.95, 0.99):
        row = "".join(
            f"{exact_match_accuracy(p, n):11.3f}" for n in ANSWER_LENGTHS
        )
        print(f"{p:18.2f} |{row}")
    # --8<-- [end:metric_demo]

    # --8<-- [start:quiz]
    for n_tokens in (1, 2, 3):
        accuracy = exact_match_accuracy(0.9, n_tokens)
        print(f"{n_tokens}-token answer right: {accuracy:.3f}")
    # --8<-- [end:quiz]
