"""Values, tables and plots that the chapter-3 page quotes. Regenerate with `make outputs`."""

import matplotlib.pyplot as plt
import numpy as np

from snippets.ch3_types_of_learning import (
    bandit,
    contrastive,
    house_prices,
    self_supervised,
    sentiment,
)

BANDIT_EPSILONS = (0.0, 0.01, 0.1)
BANDIT_RUNS, BANDIT_STEPS, BANDIT_SEED = 200, 1000, 0
TEMPERATURES = (0.05, 0.1, 0.5, 1.0)


def _sentiment(out) -> None:
    texts = [t for t, _ in sentiment.REVIEWS]
    labels = [y for _, y in sentiment.REVIEWS]
    model = sentiment.train_sentiment_model(texts, labels)
    vectorizer = model.named_steps["tfidfvectorizer"]
    analyse = vectorizer.build_analyzer()
    p = {
        t: sentiment.positive_probability(model, t)
        for t in (
            "This was wonderful!",
            "This was awful!",
            "Fantastic acting, superb story",
        )
    }
    if (
        p["This was wonderful!"] != p["This was awful!"]
        or abs(p["Fantastic acting, superb story"] - 0.5) > 1e-9
    ):
        raise ValueError(
            "the page says 'wonderful' and 'awful' score alike and unseen words give 0.5"
        )
    out.value("sent.n_reviews", str(len(texts)))
    out.value("sent.vocab_size", str(len(vectorizer.vocabulary_)))
    for key, text in (
        ("wonderful", "This was wonderful!"),
        ("awful", "This was awful!"),
        ("unseen", "Fantastic acting, superb story"),
    ):
        out.value(
            f"sent.{key}.p",
            f"{sentiment.positive_probability(model, text):.3f}",
        )
        out.value(
            f"sent.{key}.known", str(len(sentiment.known_features(model, text)))
        )
        out.value(f"sent.{key}.tokens", str(len(analyse(text))))
    if not sentiment.word_weight(model, "this") > 0:
        raise ValueError("the page says 'this' got a positive weight")
    out.value(
        "sent.weight_this", f"{sentiment.word_weight(model, 'this'):+.3f}"
    )
    intercept = model.named_steps["logisticregression"].intercept_[0]
    out.value("sent.intercept", f"{intercept:.3f}".replace("-0.000", "0.000"))
    by_weight = sorted(
        vectorizer.vocabulary_,
        key=lambda w: (-sentiment.word_weight(model, w), w),
    )
    rows = ["| Word | Learned weight | Appears in |", "|---|---|---|"]
    for word in by_weight:
        where = [t for t in texts if word in analyse(t)]
        rows.append(
            f"| {word} | {sentiment.word_weight(model, word):+.3f} | {'; '.join(where)} |"
        )
    out.table("sentiment_weights", "\n".join(rows))


def _dollars(x: float, sign: bool = False, decimals: int = 0) -> str:
    """A dollar amount for the prose; the dollar sign is escaped so it never starts math."""
    text = f"\\${abs(x):,.{decimals}f}"
    if x < 0:
        return "−" + text
    return ("+" + text) if sign else text


def _houses(out) -> None:
    X, y = house_prices.HOUSES, house_prices.PRICES
    full = house_prices.fit_prices(X, y)
    dropped = house_prices.fit_prices(X[:, :2], y)
    nudged_X = X.copy()
    nudged_X[0, 2] = 2.01
    nudged = house_prices.fit_prices(nudged_X, y)
    relations = house_prices.linear_relations(X, house_prices.FEATURES)
    if len(relations) != 1:
        raise ValueError(
            f"the page describes one exact relation, found {relations}"
        )
    design = np.column_stack([np.ones(len(X)), X])
    out.value("house.n", str(len(X)))
    out.value("house.relation", relations[0])
    out.value("house.n_params", str(design.shape[1]))
    out.value("house.rank", str(np.linalg.matrix_rank(design)))
    out.value("house.pred", _dollars(full.predict([[1800, 3, 2]])[0]))
    out.value("house.bed", _dollars(full.coef_[1]))
    out.value("house.bath", _dollars(full.coef_[2]))
    out.value("house.bed_dropped", _dollars(dropped.coef_[1]))
    out.value("house.bed_nudged", _dollars(nudged.coef_[1], sign=True))
    out.value("house.bath_nudged", _dollars(nudged.coef_[2], sign=True))
    out.value("house.pred_33_full", _dollars(full.predict([[1800, 3, 3]])[0]))
    out.value("house.pred_nudged", _dollars(nudged.predict([[1800, 3, 2]])[0]))
    out.value(
        "house.pred_33_nudged", _dollars(nudged.predict([[1800, 3, 3]])[0])
    )
    out.value("house.max_resid", _dollars(np.abs(full.predict(X) - y).max()))
    out.value(
        "house.max_resid_nudged",
        _dollars(np.abs(nudged.predict(nudged_X) - y).max(), decimals=2),
    )


def _self_supervised(out) -> None:
    sentence = "The cat sat on the mat because the rain had soaked the garden and the path outside ."
    tokens = self_supervised.tokenize(sentence)
    out.value("ssl.n_tokens", str(len(tokens)))
    out.value("ssl.n_masked", str(max(1, round(0.15 * len(tokens)))))
    out.value("ssl.n_pairs", str(len(self_supervised.next_token_pairs(tokens))))
    rng = np.random.default_rng(0)
    counts = {"masked": 0, "different": 0, "unchanged": 0}
    n_examples = 10_000
    for _ in range(n_examples):
        example = self_supervised.make_mlm_example(tokens, rng)
        for position, word in example.targets.items():
            shown = example.inputs[position]
            key = (
                "masked"
                if shown == self_supervised.MASK
                else "unchanged"
                if shown == word
                else "different"
            )
            counts[key] += 1
    total = sum(counts.values())
    out.value("ssl.stat_examples", f"{n_examples:,}")
    out.value("ssl.stat_positions", f"{total:,}")
    for key, count in counts.items():
        out.value(f"ssl.share_{key}", f"{count / total:.1%}")
    out.value("ssl.vocab", str(len(set(tokens))))
    out.value("ssl.expected_unchanged", f"{0.1 + 0.1 / len(set(tokens)):.1%}")


def _loss(x: float) -> str:
    return f"{x:.2e}" if x < 1e-3 else f"{x:.3f}"


def _contrastive(out) -> None:
    rng = np.random.default_rng(42)
    anchor = rng.standard_normal(128)
    positive = anchor + 0.1 * rng.standard_normal(128)
    negatives = [rng.standard_normal(128) for _ in range(5)]
    stranger = rng.standard_normal(128)
    rows = [
        '| Temperature T | Loss, true positive | Loss, unrelated "positive" | Blind guess, log(6) |',
        "|---|---|---|---|",
    ]
    for t in TEMPERATURES:
        rows.append(
            f"| {t:g} | {_loss(contrastive.info_nce_loop(anchor, positive, negatives, t))} "
            f"| {_loss(contrastive.info_nce_loop(anchor, stranger, negatives, t))} | {_loss(np.log(6))} |"
        )
    out.table("infonce_temperature", "\n".join(rows))
    true_loss = contrastive.info_nce_loop(anchor, positive, negatives)
    if (
        not true_loss
        < np.log(6)
        < contrastive.info_nce_loop(anchor, stranger, negatives)
    ):
        raise ValueError(
            "the page says the true positive scores below log(6) and the unrelated one above"
        )
    out.value("cl.loss", f"{true_loss:.4f}")
    out.value("cl.log6", f"{np.log(6):.4f}")
    out.value("cl.overflow", f"{np.log(np.finfo(float).max):.1f}")


def _bandit(out) -> None:
    curves = {
        eps: bandit.run_experiment(
            eps, n_runs=BANDIT_RUNS, n_steps=BANDIT_STEPS, seed=BANDIT_SEED
        )
        for eps in BANDIT_EPSILONS
    }
    best = curves[BANDIT_EPSILONS[0]].best_possible
    out.value("bandit.runs", str(BANDIT_RUNS))
    out.value("bandit.steps", f"{BANDIT_STEPS:,}")
    out.value("bandit.best_possible", f"{best:.3f}")
    rows = [
        "| ε | Avg reward, steps 1–100 | Avg reward, last 100 steps | Best arm chosen, last 100 steps "
        "| Total reward per run |",
        "|---|---|---|---|---|",
    ]
    for eps, c in curves.items():
        tag = f"{eps:g}".replace(".", "_")
        out.value(
            f"bandit.optimal_{tag}", f"{c.optimal_share[-100:].mean():.1%}"
        )
        out.value(f"bandit.last_{tag}", f"{c.mean_reward[-100:].mean():.3f}")
        out.value(f"bandit.first_{tag}", f"{c.mean_reward[:100].mean():.3f}")
        rows.append(
            f"| {eps:g} | {c.mean_reward[:100].mean():.3f} | {c.mean_reward[-100:].mean():.3f} "
            f"| {c.optimal_share[-100:].mean():.1%} | {c.mean_reward.sum():.0f} |"
        )
    out.table("bandit_summary", "\n".join(rows))
    ranking = sorted(curves, key=lambda e: curves[e].mean_reward.sum())
    if ranking != [0.0, 0.01, 0.1]:
        raise ValueError(
            f"the page says eps 0.1 earns most and eps 0 least; order is now {ranking}"
        )

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.5, 6.5), sharex=True)
    steps = np.arange(1, BANDIT_STEPS + 1)
    for eps, c in curves.items():
        top.plot(steps, c.mean_reward, linewidth=1.1, label=f"ε = {eps:g}")
        bottom.plot(
            steps, 100 * c.optimal_share, linewidth=1.1, label=f"ε = {eps:g}"
        )
    top.axhline(
        best,
        color="grey",
        linestyle="--",
        linewidth=1,
        label="best arm every time",
    )
    top.set_ylabel("average reward")
    top.set_title(
        f"Epsilon-greedy on a 10-armed bandit ({BANDIT_RUNS} runs, seed {BANDIT_SEED})"
    )
    top.legend(loc="lower right", fontsize=8)
    bottom.set_ylabel("% runs choosing the best arm")
    bottom.set_xlabel("step")
    bottom.set_ylim(0, 100)
    for ax in (top, bottom):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    out.figure("bandit_curves", fig)


def publish(out) -> None:
    _sentiment(out)
    _houses(out)
    _self_supervised(out)
    _contrastive(out)
    _bandit(out)
