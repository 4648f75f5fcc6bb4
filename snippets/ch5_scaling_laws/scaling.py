"""A scaling-law calculator: training compute, Chinchilla-optimal data, and
real models measured against the rule.

Chapter 5 of the course ("Scaling laws"). The page shows this module section
by section; run the whole file to see every printed example:

    python snippets/ch5_scaling_laws/scaling.py
"""

# --8<-- [start:matmul_flops]
import numpy as np


def _dimension(name: str, shape) -> tuple[int, int]:
    """`shape` as two whole numbers >= 0 (NumPy integers included)."""
    if not isinstance(shape, (tuple, list)) or len(shape) != 2:
        raise ValueError(
            f"{name} must be a 2-D shape like (3, 4), got {shape!r}"
        )
    for size in shape:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
            raise TypeError(f"{name} must hold whole numbers, got {shape!r}")
        if size < 0:
            raise ValueError(f"{name} must not be negative, got {shape!r}")
    return int(shape[0]), int(shape[1])


def matmul_flops(a_shape: tuple[int, int], b_shape: tuple[int, int]) -> int:
    """FLOPs of the matrix product A @ B, counting a multiply and an add as two.

    Each of the m * n outputs is a dot product of length k: k multiplications
    and (k - 1) additions, which the usual convention rounds to 2k.
    """
    m, k = _dimension("a_shape", a_shape)
    k_b, n = _dimension("b_shape", b_shape)
    if k != k_b:
        raise ValueError(
            f"shapes {a_shape} and {b_shape} don't chain: "
            f"inner sizes {k} != {k_b}"
        )
    return 2 * m * k * n


# --8<-- [end:matmul_flops]


# --8<-- [start:calculator]
import math
import numbers

FLOPS_PER_PARAM_PER_TOKEN = 6  # 2 forward + 4 backward, see the page
CHINCHILLA_TOKENS_PER_PARAM = 20  # Hoffmann et al. (2022): D_opt ≈ 20 N


def _check_positive(name: str, value) -> float:
    """`value` as a float; it must be a real number, finite and above 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not math.isfinite(value) or value <= 0:
        raise ValueError(
            f"{name} must be a positive, finite number, got {value!r}"
        )
    return float(value)


def training_compute(n_params: float, n_tokens: float) -> float:
    """Training FLOPs, C ≈ 6 * N * D.

    N counts the parameters each token passes through: for a
    mixture-of-experts model that is the *active* parameters, not the total.
    Per parameter and per token: 2 FLOPs in the forward pass (a multiply and
    an add), and 4 in the backward pass (2 for the gradient with respect to
    the layer's input, 2 for the gradient with respect to its weights).
    """
    n_params = _check_positive("n_params", n_params)
    n_tokens = _check_positive("n_tokens", n_tokens)
    compute = FLOPS_PER_PARAM_PER_TOKEN * n_params * n_tokens
    if math.isinf(compute):
        raise ValueError("n_params * n_tokens is too large: C overflows")
    return compute


def chinchilla_optimal_tokens(n_params: float) -> float:
    """Training tokens for a compute-optimal model of n_params parameters."""
    tokens = CHINCHILLA_TOKENS_PER_PARAM * _check_positive("n_params", n_params)
    if math.isinf(tokens):
        raise ValueError(f"n_params is too large, got {n_params!r}")
    return tokens


def compute_optimal_allocation(compute_budget: float) -> tuple[float, float]:
    """Model size N and tokens D that spend a FLOP budget C the Chinchilla way.

    Substitute D = 20 N into C = 6 N D:  C = 120 N², so N = sqrt(C / 120).
    """
    compute_budget = _check_positive("compute_budget", compute_budget)
    n_params = math.sqrt(
        compute_budget
        / (FLOPS_PER_PARAM_PER_TOKEN * CHINCHILLA_TOKENS_PER_PARAM)
    )
    return n_params, CHINCHILLA_TOKENS_PER_PARAM * n_params


def human(count: float) -> str:
    """1.5e9 -> '1.5B', 15.6e12 -> '15.6T': three significant figures."""
    if isinstance(count, bool) or not isinstance(count, numbers.Real):
        raise TypeError(f"count must be a number, got {type(count).__name__}")
    if not math.isfinite(count) or count < 0:
        raise ValueError(f"count must be finite and >= 0, got {count!r}")
    # Round first, so that 999.96e9 becomes '1T', not '1e+03B'.
    rounded = float(f"{abs(count):.3g}")  # abs: -0.0 prints as 0
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6)):
        if rounded >= scale:
            return f"{rounded / scale:.15g}{suffix}"
    return f"{rounded:.15g}"


# --8<-- [end:calculator]


# --8<-- [start:regime]
# Stated thresholds, in multiples of the Chinchilla ratio (20 tokens per
# parameter). The Chinchilla loss curves are flat near the optimum, so a
# factor of 2 either way still counts as "about compute-optimal".
UNDER_TRAINED_BELOW = 0.5  # fewer than 10 tokens per parameter
OVER_TRAINED_ABOVE = 2.0  # more than 40 tokens per parameter


def chinchilla_multiple(n_params: float, n_tokens: float) -> float:
    """Tokens per parameter, as a multiple of the Chinchilla ratio of 20."""
    n_tokens = _check_positive("n_tokens", n_tokens)
    return n_tokens / chinchilla_optimal_tokens(n_params)


def training_regime(n_params: float, n_tokens: float) -> str:
    """'under-trained', 'about compute-optimal' or 'over-trained'."""
    multiple = chinchilla_multiple(n_params, n_tokens)
    if multiple < UNDER_TRAINED_BELOW:
        return "under-trained"
    if multiple > OVER_TRAINED_ABOVE:
        return "over-trained"
    return "about compute-optimal"


# --8<-- [end:regime]


# --8<-- [start:models]
from dataclasses import dataclass


@dataclass(frozen=True)
class PublishedModel:
    """Facts from the literature (cited on the page), not computed."""

    name: str
    total_params: float
    active_params: float  # parameters used per token; = total_params if dense
    training_tokens: float | None  # None: the paper gives no token count

    def __post_init__(self) -> None:
        if not isinstance(self.name, str):
            raise TypeError(f"name must be a str, got {self.name!r}")
        _check_positive("total_params", self.total_params)
        _check_positive("active_params", self.active_params)
        if self.active_params > self.total_params:
            raise ValueError("active_params can't exceed total_params")
        if self.training_tokens is not None:
            _check_positive("training_tokens", self.training_tokens)


MODELS = (
    PublishedModel("GPT-2", 1.5e9, 1.5e9, None),  # 40 GB of text, no count
    PublishedModel("GPT-3", 175e9, 175e9, 300e9),
    PublishedModel("Gopher", 280e9, 280e9, 300e9),
    PublishedModel("Chinchilla", 70e9, 70e9, 1.4e12),
    PublishedModel("Llama 2 7B", 7e9, 7e9, 2.0e12),
    PublishedModel("Llama 3.1 8B", 8e9, 8e9, 15e12),  # "over 15T tokens"
    PublishedModel("Llama 3.1 405B", 405e9, 405e9, 15.6e12),
    PublishedModel("DeepSeek-V3", 671e9, 37e9, 14.8e12),  # mixture of experts
)
# --8<-- [end:models]


# --8<-- [start:table]
def print_scaling_table(models: list[PublishedModel]) -> None:
    """One row per model: compute, tokens per parameter and regime."""
    if not isinstance(models, list | tuple):
        raise TypeError(f"models must be a list, got {type(models).__name__}")
    for m in models:
        if not isinstance(m, PublishedModel):
            raise TypeError(f"models must hold PublishedModel, got {m!r}")
    print(
        f"{'Model':<15} {'Active N':>9} {'Tokens D':>9} {'C = 6ND':>9} "
        f"{'D / N':>7} {'x Chinchilla':>12}  Regime"
    )
    for m in models:
        n, d = m.active_params, m.training_tokens
        name = f"{m.name:<15} {human(n):>9}"
        if d is None:
            print(
                f"{name} {'unknown':>9} {'-':>9} {'-':>7} {'-':>12}  "
                "(no published token count)"
            )
            continue
        print(
            f"{name} {human(d):>9} {training_compute(n, d):>9.2e} "
            f"{d / n:>7.1f} {chinchilla_multiple(n, d):>11.2f}x  "
            f"{training_regime(n, d)}"
        )


# --8<-- [end:table]


# --8<-- [start:calculator_inputs]
EXAMPLE_PARAMS = 10e9  # a 10B-parameter model
EXAMPLE_BUDGETS = (1e21, 1e23, 1e25)  # FLOPs
# --8<-- [end:calculator_inputs]

# --8<-- [start:exercise4_inputs]
# Exercise 4: 13B parameters trained on 2T tokens.
EXERCISE4_PARAMS, EXERCISE4_TOKENS = 13e9, 2e12
# --8<-- [end:exercise4_inputs]


if __name__ == "__main__":
    # --8<-- [start:matmul_demo]
    # One linear layer, y = x @ W, for a batch of 32 tokens.
    rng = np.random.default_rng(0)
    tokens, d_in, d_out = 32, 512, 2048
    x = rng.standard_normal((tokens, d_in))
    W = rng.standard_normal((d_in, d_out))

    y = x @ W  # forward pass
    grad_y = rng.standard_normal(y.shape)  # stands in for dLoss/dy from above
    grad_x = grad_y @ W.T  # backward 1: the gradient for the layer below
    grad_W = x.T @ grad_y  # backward 2: the gradient used to update W

    per = W.size * tokens  # parameters x tokens
    steps = [
        ("forward   y = x @ W", matmul_flops(x.shape, W.shape)),
        ("backward  dx = dy @ W.T", matmul_flops(grad_y.shape, W.T.shape)),
        ("backward  dW = x.T @ dy", matmul_flops(x.T.shape, grad_y.shape)),
    ]
    total = sum(flops for _, flops in steps)
    for name, flops in [*steps, ("total", total)]:
        print(
            f"{name:<25} {flops:>11,} FLOPs "
            f"= {flops / per:.0f} per parameter per token"
        )
    # --8<-- [end:matmul_demo]

    print()
    # --8<-- [start:calculator_demo]
    n = EXAMPLE_PARAMS
    d = chinchilla_optimal_tokens(n)
    print(
        f"A {human(n)}-parameter model, compute-optimally: {human(d)} tokens, "
        f"{training_compute(n, d):.2e} FLOPs"
    )

    for budget in EXAMPLE_BUDGETS:
        n_opt, d_opt = compute_optimal_allocation(budget)
        print(
            f"Budget {budget:.0e} FLOPs -> N = {human(n_opt)} parameters, "
            f"D = {human(d_opt)} tokens"
        )
    # --8<-- [end:calculator_demo]

    print()
    # --8<-- [start:table_demo]
    print_scaling_table(MODELS)
    # --8<-- [end:table_demo]

    print()
    # --8<-- [start:exercise4]
    n_params, n_tokens = EXERCISE4_PARAMS, EXERCISE4_TOKENS
    flops = training_compute(n_params, n_tokens)
    optimal = human(chinchilla_optimal_tokens(n_params))
    print(
        f"Training compute: 6 x {human(n_params)} x {human(n_tokens)} "
        f"= {flops:.3e} FLOPs"
    )
    print(f"Chinchilla-optimal data for {human(n_params)}: {optimal} tokens")
    print(
        f"{human(n_tokens)} tokens is "
        f"{chinchilla_multiple(n_params, n_tokens):.1f}x that: "
        f"{training_regime(n_params, n_tokens)}"
    )
    # --8<-- [end:exercise4]
