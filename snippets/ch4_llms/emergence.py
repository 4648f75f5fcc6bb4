"""How a smooth improvement can look like a sudden jump: the metric argument.

Chapter 4 of the course ("Large language models"), section on emergent abilities.
If a model gets each token of an answer right with probability p, independently, an
answer of n tokens is exactly right with probability p ** n. Per-token accuracy
can rise steadily while exact-match accuracy stays near zero and then shoots up.
"""


# --8<-- [start:metric]
def exact_match_accuracy(per_token_accuracy: float, n_tokens: int) -> float:
    """Chance that all n_tokens of an answer are right, each right with the given probability."""
    if not 0.0 <= per_token_accuracy <= 1.0:
        raise ValueError(
            f"per_token_accuracy must be a probability in [0, 1], got {per_token_accuracy}"
        )
    if not isinstance(n_tokens, int) or n_tokens < 1:
        raise ValueError(
            f"n_tokens must be a positive integer, got {n_tokens!r}"
        )
    return per_token_accuracy**n_tokens


# --8<-- [end:metric]


if __name__ == "__main__":
    # --8<-- [start:metric_demo]
    print(
        "per-token accuracy | exact match, 1 token | exact match, 10 tokens | 30 tokens"
    )
    for p in (0.50, 0.70, 0.80, 0.90, 0.95, 0.99):
        print(
            f"{p:18.2f} | {exact_match_accuracy(p, 1):20.3f} | "
            f"{exact_match_accuracy(p, 10):22.3f} | {exact_match_accuracy(p, 30):9.3f}"
        )
    # --8<-- [end:metric_demo]
