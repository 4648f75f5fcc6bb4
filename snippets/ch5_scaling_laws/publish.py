"""Values, tables and the plot that the chapter-5 page and the exercises quote.

Regenerate with `make outputs`. Every number here is computed by the chapter's
calculator from the published facts in `scaling.MODELS`, the example inputs in
`scaling`, and the cited constants below.
"""

import itertools
import math

from snippets.ch5_scaling_laws.scaling import (
    CHINCHILLA_TOKENS_PER_PARAM,
    EXAMPLE_BUDGETS,
    EXAMPLE_PARAMS,
    EXERCISE4_PARAMS,
    EXERCISE4_TOKENS,
    MODELS,
    OVER_TRAINED_ABOVE,
    UNDER_TRAINED_BELOW,
    chinchilla_multiple,
    chinchilla_optimal_tokens,
    compute_optimal_allocation,
    human,
    matmul_flops,
    training_compute,
    training_regime,
)

# Facts from the literature, cited on the pages (summary/further_reading.md).
LLAMA2_13B_GPU_HOURS = (
    368_640  # Touvron et al. 2023, Llama 2 paper, Table 2 (A100-80GB)
)
A100_BF16_PEAK_FLOPS = (
    312e12  # NVIDIA A100 datasheet, dense BF16 Tensor Core peak
)
LLAMA31_405B_REPORTED_FLOPS = 3.8e25  # Llama 3 herd paper, as stated there
# Llama 3 herd paper, Table 4: 38% to 43% BF16 model FLOPs utilisation.
LLAMA3_MFU_RANGE = (0.38, 0.43)

# Self-check inputs: a small model, and a budget grown a hundredfold.
QUIZ_PARAMS = 1e9
QUIZ_BUDGET_FACTOR = 100

# Where each model's parameter and token counts come from: anchors on the
# further-reading page.
SOURCES = {
    "GPT-2": ("Radford et al. 2019", "ref-gpt2"),
    "GPT-3": ("Brown et al. 2020", "ref-gpt3"),
    "Gopher": ("Rae et al. 2021", "ref-gopher"),
    "Chinchilla": ("Hoffmann et al. 2022", "ref-chinchilla"),
    "Llama 2 7B": ("Touvron et al. 2023", "ref-llama2"),
    "Llama 3.1 8B": ("Llama Team 2024", "ref-llama3"),
    "Llama 3.1 405B": ("Llama Team 2024", "ref-llama3"),
    "DeepSeek-V3": ("DeepSeek-AI 2024", "ref-deepseek-v3"),
}
NOTES = {
    "GPT-2": "40 GB of WebText; the paper gives no token count",
    "Llama 3.1 8B": "model card: more than 15T tokens",
}

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x: float, digits: int = 2) -> str:
    """3.79e25 -> '3.79 × 10²⁵' for the prose."""
    mantissa, exponent = f"{x:.{digits}e}".split("e")
    return f"{mantissa} × 10{str(int(exponent)).translate(_SUPERSCRIPT)}"


def _claim(holds: bool, sentence: str) -> None:
    """Fail the build when a sentence on a page is no longer true."""
    if not holds:
        raise ValueError(f"the page says {sentence!r}, which no longer holds")


def _names(names: list[str]) -> str:
    """['A', 'B', 'C'] -> 'A, B and C'."""
    return (
        names[0]
        if len(names) == 1
        else f"{', '.join(names[:-1])} and {names[-1]}"
    )


def _figure_description() -> str:
    """The plot's alt text, with the regimes the code assigns."""
    trained = [m for m in MODELS if m.training_tokens]
    by_regime = {}
    for m in trained:
        regime = training_regime(m.active_params, m.training_tokens)
        name = m.name
        if m.active_params != m.total_params:
            name += " (by active parameters)"
        by_regime.setdefault(regime, []).append(name)
    under = by_regime.get("under-trained", [])
    optimal = by_regime.get("about compute-optimal", [])
    over = by_regime.get("over-trained", [])
    _claim(
        under and optimal and over,
        "Reading the table: models below, inside and above the band",
    )
    missing = [m.name for m in MODELS if not m.training_tokens]
    low = CHINCHILLA_TOKENS_PER_PARAM * UNDER_TRAINED_BELOW
    high = CHINCHILLA_TOKENS_PER_PARAM * OVER_TRAINED_ABOVE
    fall = "falls" if len(under) == 1 else "fall"
    is_missing = "is" if len(missing) == 1 else "are"
    its = (
        "its token count was"
        if len(missing) == 1
        else "their token counts were"
    )
    return (
        "Horizontal bar chart, log scale, of training tokens per active "
        f"parameter for {len(trained)} models, with the Chinchilla ratio of "
        f"{CHINCHILLA_TOKENS_PER_PARAM} marked and the band from {low:g} to "
        f"{high:g} shaded as about compute-optimal. {_names(under)} {fall} "
        f"below the band (under-trained), {_names(optimal)} inside it, and "
        f"{_names(over)} above it (over-trained). {_names(missing)} "
        f"{is_missing} missing because {its} never published."
    )


def _model(name: str):
    return next(m for m in MODELS if m.name == name)


def _facts_table() -> str:
    rows = [
        "| Model | Parameters (total) | Active per token | Training tokens "
        "| Source |",
        "|---|---|---|---|---|",
    ]
    for m in MODELS:
        cite, anchor = SOURCES[m.name]
        tokens = (
            human(m.training_tokens) if m.training_tokens else "not published"
        )
        note = NOTES.get(m.name, "")
        if m.active_params != m.total_params:
            note = (
                f"mixture of experts: {human(m.active_params)} of "
                f"{human(m.total_params)} active per token"
            )
        note = f" ({note})" if note else ""
        link = f"[{cite}](../summary/further_reading.md#{anchor})"
        rows.append(
            f"| {m.name} | {human(m.total_params)} | {human(m.active_params)} "
            f"| {tokens}{note} | {link} |"
        )
    return "\n".join(rows)


def _tokens_per_param_figure():
    import matplotlib.pyplot as plt

    trained = [m for m in MODELS if m.training_tokens]
    names = [
        m.name if m.active_params == m.total_params else f"{m.name} (active)"
        for m in trained
    ]
    ratios = [m.training_tokens / m.active_params for m in trained]
    colours = {
        "under-trained": "#d95f02",
        "about compute-optimal": "#1b9e77",
        "over-trained": "#7570b3",
    }
    regimes = [
        training_regime(m.active_params, m.training_tokens) for m in trained
    ]

    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    low = CHINCHILLA_TOKENS_PER_PARAM * UNDER_TRAINED_BELOW
    high = CHINCHILLA_TOKENS_PER_PARAM * OVER_TRAINED_ABOVE
    ax.axvspan(
        low,
        high,
        color="#1b9e77",
        alpha=0.12,
        label=f"about compute-optimal ({low:g}–{high:g})",
    )
    ax.axvline(
        CHINCHILLA_TOKENS_PER_PARAM,
        color="#1b9e77",
        linestyle="--",
        linewidth=1,
        label=f"Chinchilla ratio ({CHINCHILLA_TOKENS_PER_PARAM})",
    )
    y = range(len(trained))
    ax.barh(list(y), ratios, color=[colours[r] for r in regimes])
    for i, (ratio, regime) in enumerate(zip(ratios, regimes, strict=True)):
        shown = f"{ratio:,.0f}" if ratio >= 100 else f"{ratio:.3g}"
        ax.text(ratio * 1.08, i, f"{shown} ({regime})", va="center", fontsize=8)
    ax.set_yticks(list(y), names)
    ax.invert_yaxis()
    ax.set_xscale("log")
    ax.set_xlim(0.5, 2e4)
    ax.set_xlabel("Training tokens per active parameter (log scale)")
    ax.set_title("How many tokens each model saw per parameter")
    # Below the axes, where it covers no bar, at any width (phones too).
    ax.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, -0.2),
        fontsize=8,
        frameon=False,
    )
    fig.tight_layout()
    return fig


def publish(out) -> None:
    out.table("model_facts", _facts_table())
    out.figure("tokens_per_param", _tokens_per_param_figure())
    out.value("figure.description", _figure_description())

    # Where the 6 comes from: the page's layer, counted by matmul_flops.
    tokens, d_in, d_out = 32, 512, 2048
    per = tokens * d_in * d_out
    steps = [
        matmul_flops((tokens, d_in), (d_in, d_out)),
        matmul_flops((tokens, d_out), (d_out, d_in)),
        matmul_flops((d_in, tokens), (tokens, d_out)),
    ]
    _claim(
        [flops / per for flops in steps] == [2, 2, 2],
        "2 FLOPs per parameter per token (forward), 2 and 2 more (backward)",
    )

    # The square root of the calculator.
    for small, large in itertools.pairwise(EXAMPLE_BUDGETS):
        n_small, d_small = compute_optimal_allocation(small)
        n_large, d_large = compute_optimal_allocation(large)
        _claim(
            math.isclose(large / small, 100)
            and math.isclose(n_large / n_small, 10)
            and math.isclose(d_large / d_small, 10),
            "a budget 100 times larger buys a model only 10 times larger, "
            "fed 10 times more data",
        )

    # Thresholds, as the page states them.
    out.value("chinchilla_ratio", f"{CHINCHILLA_TOKENS_PER_PARAM}")
    out.value("under_below_multiple", f"{UNDER_TRAINED_BELOW:g}")
    out.value("over_above_multiple", f"{OVER_TRAINED_ABOVE:g}")
    out.value(
        "under_below_tokens",
        f"{CHINCHILLA_TOKENS_PER_PARAM * UNDER_TRAINED_BELOW:g}",
    )
    out.value(
        "over_above_tokens",
        f"{CHINCHILLA_TOKENS_PER_PARAM * OVER_TRAINED_ABOVE:g}",
    )

    out.value("example.params", human(EXAMPLE_PARAMS))
    out.value(
        "example.optimal_tokens",
        human(chinchilla_optimal_tokens(EXAMPLE_PARAMS)),
    )

    # GPT-3 against the Chinchilla rule.
    gpt3, gopher, chinchilla = (
        _model("GPT-3"),
        _model("Gopher"),
        _model("Chinchilla"),
    )
    _claim(
        gpt3.training_tokens < chinchilla_optimal_tokens(gpt3.total_params),
        "By that rule GPT-3 should have seen ... tokens; it saw 300B, only",
    )
    gopher_compute = training_compute(
        gopher.total_params, gopher.training_tokens
    )
    chinchilla_compute = training_compute(
        chinchilla.total_params, chinchilla.training_tokens
    )
    _claim(
        0.8 < chinchilla_compute / gopher_compute < 1.25,
        "Chinchilla: 70B parameters on 1.4T tokens, with about the compute "
        "of their earlier Gopher",
    )
    _claim(
        gopher.total_params > chinchilla.total_params
        and chinchilla.training_tokens > gopher.training_tokens
        and gpt3.total_params > chinchilla.total_params,
        "fewer parameters than Gopher and ... more data ... GPT-3, which has "
        "... its parameters",
    )
    _claim(
        training_regime(gpt3.total_params, gpt3.training_tokens)
        == training_regime(gopher.total_params, gopher.training_tokens)
        == "under-trained",
        "GPT-3 and Gopher are under-trained by the Chinchilla rule",
    )
    _claim(
        chinchilla.training_tokens / chinchilla.total_params
        == CHINCHILLA_TOKENS_PER_PARAM,
        "Chinchilla is compute-optimal by construction: exactly 20 tokens "
        "per parameter",
    )
    out.value(
        "gpt3.optimal_tokens",
        human(chinchilla_optimal_tokens(gpt3.total_params)),
    )
    out.value(
        "gpt3.tokens_per_param",
        f"{gpt3.training_tokens / gpt3.total_params:.1f}",
    )
    out.value(
        "gpt3.multiple",
        f"{chinchilla_multiple(gpt3.total_params, gpt3.training_tokens):.2f}",
    )
    out.value(
        "gopher_over_chinchilla_params",
        f"{gopher.total_params / chinchilla.total_params:.1f}",
    )
    out.value(
        "gpt3_over_chinchilla_params",
        f"{gpt3.total_params / chinchilla.total_params:.1f}",
    )
    out.value("gopher.compute", sci(gopher_compute))
    out.value("chinchilla.compute", sci(chinchilla_compute))
    out.value(
        "chinchilla_over_gopher_data",
        f"{chinchilla.training_tokens / gopher.training_tokens:.1f}",
    )

    # Llama 3.1 8B: tokens per parameter is not the multiple of the ratio.
    l8 = _model("Llama 3.1 8B")
    out.value(
        "llama31_8b.tokens_per_param",
        f"{l8.training_tokens / l8.total_params:,.0f}",
    )
    out.value(
        "llama31_8b.multiple",
        f"{chinchilla_multiple(l8.total_params, l8.training_tokens):.0f}",
    )
    budget_8b = training_compute(l8.total_params, l8.training_tokens)
    n_opt, d_opt = compute_optimal_allocation(budget_8b)
    _claim(
        training_regime(l8.total_params, l8.training_tokens) == "over-trained"
        and n_opt > l8.total_params,
        "Models that will serve many users are deliberately over-trained "
        "(Llama 3.1 8B) ... every token it generates would cost ... as much",
    )
    out.value("llama31_8b.compute", sci(budget_8b))
    out.value("llama31_8b.optimal_params", human(n_opt))
    out.value("llama31_8b.optimal_tokens", human(d_opt))
    out.value(
        "llama31_8b.inference_cost_ratio", f"{n_opt / l8.total_params:.1f}"
    )

    # Llama 3.1 405B: the calculator against the paper's own figure.
    l405 = _model("Llama 3.1 405B")
    out.value(
        "llama31_405b.compute",
        sci(training_compute(l405.total_params, l405.training_tokens)),
    )
    l405_compute = training_compute(l405.total_params, l405.training_tokens)
    _claim(
        abs(l405_compute / LLAMA31_405B_REPORTED_FLOPS - 1) < 0.02,
        "As a check on the calculator, 6ND gives ... and the paper reports ...",
    )
    _claim(
        training_regime(l405.total_params, l405.training_tokens)
        == "about compute-optimal",
        "Llama 3.1 405B lands ... inside the compute-optimal band",
    )
    out.value(
        "llama31_405b.reported_compute", sci(LLAMA31_405B_REPORTED_FLOPS, 1)
    )
    out.value(
        "llama31_405b.multiple",
        f"{chinchilla_multiple(l405.total_params, l405.training_tokens):.2f}",
    )

    # DeepSeek-V3: total versus active parameters.
    ds = _model("DeepSeek-V3")
    out.value(
        "deepseek.per_total", f"{ds.training_tokens / ds.total_params:.1f}"
    )
    out.value(
        "deepseek.multiple_total",
        f"{chinchilla_multiple(ds.total_params, ds.training_tokens):.2f}",
    )
    out.value(
        "deepseek.regime_total",
        training_regime(ds.total_params, ds.training_tokens),
    )
    out.value(
        "deepseek.per_active", f"{ds.training_tokens / ds.active_params:.0f}"
    )
    out.value(
        "deepseek.multiple_active",
        f"{chinchilla_multiple(ds.active_params, ds.training_tokens):.1f}",
    )
    out.value(
        "deepseek.regime_active",
        training_regime(ds.active_params, ds.training_tokens),
    )
    out.value(
        "deepseek.compute_active",
        sci(training_compute(ds.active_params, ds.training_tokens)),
    )
    _claim(
        training_regime(ds.total_params, ds.training_tokens)
        != training_regime(ds.active_params, ds.training_tokens),
        "Counted by total parameters, DeepSeek-V3 would look ...; by active "
        "parameters ...",
    )
    out.value(
        "deepseek.compute_total",
        sci(training_compute(ds.total_params, ds.training_tokens)),
    )

    # Exercise 4 (summary page).
    n, d = EXERCISE4_PARAMS, EXERCISE4_TOKENS
    flops = training_compute(n, d)
    out.value("ex4.params", human(n))
    out.value("ex4.tokens", human(d))
    out.value("ex4.compute", sci(flops))
    out.value("ex4.optimal_tokens", human(chinchilla_optimal_tokens(n)))
    out.value("ex4.multiple", f"{chinchilla_multiple(n, d):.1f}")
    out.value("ex4.regime", training_regime(n, d))
    out.value(
        "ex4.optimal_params_same_budget",
        human(compute_optimal_allocation(flops)[0]),
    )
    out.value(
        "ex4.optimal_tokens_same_budget",
        human(compute_optimal_allocation(flops)[1]),
    )
    out.value("ex4.llama2_13b_gpu_hours", f"{LLAMA2_13B_GPU_HOURS:,}")
    achieved = flops / (LLAMA2_13B_GPU_HOURS * 3600)
    out.value("ex4.achieved_tflops", f"{achieved / 1e12:.0f}")
    out.value("ex4.a100_peak_tflops", f"{A100_BF16_PEAK_FLOPS / 1e12:.0f}")
    utilisation = achieved / A100_BF16_PEAK_FLOPS
    out.value("ex4.utilisation", f"{utilisation:.0%}")
    _claim(
        0.75 * LLAMA3_MFU_RANGE[0] < utilisation < 1.25 * LLAMA3_MFU_RANGE[1],
        "close to the 38–43% that the Llama 3 paper reports for its own "
        "405B run, so the estimate is the right size",
    )
    _claim(
        training_regime(n, d) == "over-trained",
        "the model is over-trained, a sensible choice for a model meant to "
        "be cheap to run",
    )
    out.value("llama3_mfu_low", f"{LLAMA3_MFU_RANGE[0]:.0%}")
    out.value("llama3_mfu_high", f"{LLAMA3_MFU_RANGE[1]:.0%}")

    # Self-check (end of chapter 5).
    out.value("quiz.params", human(QUIZ_PARAMS))
    quiz_tokens = chinchilla_optimal_tokens(QUIZ_PARAMS)
    out.value("quiz.tokens", human(quiz_tokens))
    out.value("quiz.compute", sci(training_compute(QUIZ_PARAMS, quiz_tokens)))
    out.value("quiz.budget_factor", f"{QUIZ_BUDGET_FACTOR:g}")
    n_before, _ = compute_optimal_allocation(1e24)
    n_after, _ = compute_optimal_allocation(1e24 * QUIZ_BUDGET_FACTOR)
    out.value("quiz.size_factor", f"{n_after / n_before:g}")
    out.value(
        "ex4.days_on_1024_gpus", f"{LLAMA2_13B_GPU_HOURS / 1024 / 24:.0f}"
    )
