"""Values, tables and the plot that the chapter-5 page and the exercises quote.

Regenerate with `make outputs`. Every number here is computed by the chapter's
calculator from the published facts in `scaling.MODELS`, the example inputs in
`scaling`, and the cited constants below.
"""

from snippets.ch5_scaling_laws.scaling import (
    CHINCHILLA_TOKENS_PER_PARAM,
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
LLAMA31_405B_REPORTED_FLOPS = (
    "3.8 × 10²⁵"  # Llama 3 herd paper, as stated there
)

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
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig


def publish(out) -> None:
    out.table("model_facts", _facts_table())
    out.figure("tokens_per_param", _tokens_per_param_figure())

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
    out.value(
        "gopher.compute",
        sci(training_compute(gopher.total_params, gopher.training_tokens)),
    )
    out.value(
        "chinchilla.compute",
        sci(
            training_compute(
                chinchilla.total_params, chinchilla.training_tokens
            )
        ),
    )
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
    out.value("llama31_405b.reported_compute", LLAMA31_405B_REPORTED_FLOPS)
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
    out.value("ex4.utilisation", f"{achieved / A100_BF16_PEAK_FLOPS:.0%}")
    out.value(
        "ex4.days_on_1024_gpus", f"{LLAMA2_13B_GPU_HOURS / 1024 / 24:.0f}"
    )
