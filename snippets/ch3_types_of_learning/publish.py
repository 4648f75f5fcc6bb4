"""Values, tables and plots that the chapter-3 page quotes.

Regenerate with `make outputs`. Every input comes from the modules the page
shows; the checks below fail when a sentence on the page stops being true.
"""

import itertools

import matplotlib.pyplot as plt
import numpy as np

from snippets.ch3_types_of_learning import (
    bandit,
    contrastive,
    house_prices,
    self_supervised,
    sentiment,
)

TEMPERATURES = (0.05, 0.1, 0.5, 1.0)
MLM_STAT_EXAMPLES = 10_000  # masked examples drawn to measure the 80/10/10 mix
OVERFLOW_TEMPERATURE = 0.001  # the page's example of a very small T
QUIZ_SENTENCE_TOKENS = 40  # self-check: targets in a 40-token sentence


def _claim(holds: bool, sentence: str) -> None:
    """Fail the build when a sentence on the page is no longer true."""
    if not holds:
        raise ValueError(f"the page says {sentence!r}, which no longer holds")


def _sentiment(out) -> None:
    texts = [t for t, _ in sentiment.REVIEWS]
    labels = [y for _, y in sentiment.REVIEWS]
    model = sentiment.train_sentiment_model(texts, labels)
    vectorizer = model.named_steps["tfidfvectorizer"]
    analyse = vectorizer.build_analyzer()
    wonderful, awful, unseen, _ = sentiment.NEW_REVIEWS
    vocabulary = vectorizer.vocabulary_
    p = {
        t: sentiment.positive_probability(model, t) for t in (wonderful, awful)
    }
    _claim(p[wonderful] > 0.5, '"Positive", as hoped.')
    _claim(
        "i" not in vocabulary and any("I" in t.split() for t in texts),
        'the default tokenizer also drops one-letter words such as "I"',
    )
    _claim(
        "wonderful" not in vocabulary and "awful" not in vocabulary,
        '"wonderful" is not among them ... "awful" is unknown too',
    )
    this_and_was = analyse(wonderful)[:2]
    _claim(
        this_and_was == ["this", "was"]
        and [t for t in texts if set(this_and_was) & set(analyse(t))]
        == ["This movie was amazing!"]
        and dict(sentiment.REVIEWS)["This movie was amazing!"] == 1,
        '"this" and "was" occur only in the positive training review '
        '"This movie was amazing!"',
    )
    _claim(
        all(sentiment.word_weight(model, w) > 0 for w in this_and_was),
        "and so each got a positive weight",
    )
    _claim(p[wonderful] == p[awful], '"This was awful!" gets exactly the same')
    _claim(
        not sentiment.known_features(model, unseen)
        and abs(sentiment.positive_probability(model, unseen) - 0.5) < 1e-9,
        "its feature vector is all zeros ... It is a coin toss.",
    )
    weight_this = sentiment.word_weight(model, "this")

    out.value("sent.n_reviews", str(len(texts)))
    out.value("sent.vocab_size", str(len(vectorizer.vocabulary_)))
    out.value("sent.awful.p", f"{p[awful]:.3f}")
    for key, text in (("wonderful", wonderful), ("unseen", unseen)):
        known = sentiment.known_features(model, text)
        out.value(f"sent.{key}.known", str(len(known)))
        out.value(f"sent.{key}.tokens", str(len(analyse(text))))
    out.value(
        "sent.unseen.p", f"{sentiment.positive_probability(model, unseen):.3f}"
    )
    out.value("sent.weight_this", f"{weight_this:+.3f}")
    intercept = model.named_steps["logisticregression"].intercept_[0]
    out.value("sent.intercept", f"{intercept:.3f}".replace("-0.000", "0.000"))

    by_weight = sorted(
        vectorizer.vocabulary_,
        key=lambda w: (-sentiment.word_weight(model, w), w),
    )
    rows = ["| Word | Learned weight | Appears in |", "|---|---|---|"]
    for word in by_weight:
        weight = sentiment.word_weight(model, word)
        where = "; ".join(t for t in texts if word in analyse(t))
        rows.append(f"| {word} | {weight:+.3f} | {where} |")
    out.table("sentiment_weights", "\n".join(rows))


def _dollars(x: float, sign: bool = False, decimals: int = 0) -> str:
    """A dollar amount for the prose; the escaped $ never starts math."""
    text = f"\\${abs(x):,.{decimals}f}"
    if x < 0:
        return "−" + text
    return ("+" + text) if sign else text


def _houses(out) -> None:
    X, y = house_prices.HOUSES, house_prices.PRICES
    nudged_X = house_prices.NUDGED_HOUSES
    new, odd = [house_prices.NEW_HOUSE], [house_prices.ODD_HOUSE]
    full = house_prices.fit_prices(X, y)
    dropped = house_prices.fit_prices(X[:, :2], y)
    nudged = house_prices.fit_prices(nudged_X, y)
    relations = house_prices.linear_relations(X, house_prices.FEATURES)
    _claim(
        relations == ["bathrooms = 1.00 * bedrooms - 1.00"],
        "every house has one bathroom fewer than it has bedrooms; "
        "the search finds one exact relation",
    )
    changed = np.argwhere(nudged_X != X)
    _claim(
        len(changed) == 1 and changed[0][1] == 2,
        "Record one house as having ... bathrooms instead of ...",
    )
    house, column = changed[0]
    design = np.column_stack([np.ones(len(X)), X])
    n_params = design.shape[1]
    _claim(
        np.isclose(full.coef_[1], full.coef_[2]),
        "bedrooms and bathrooms get *exactly* the same weight",
    )
    _claim(
        np.linalg.matrix_rank(design) < n_params,
        "its design matrix ... has rank ...: infinitely many coefficient "
        "pairs fit equally well",
    )
    _claim(
        np.isclose(dropped.coef_[1], full.coef_[1] + full.coef_[2])
        and np.isclose(dropped.predict([new[0][:2]])[0], full.predict(new)[0]),
        "Without bathrooms, bedrooms get the whole sum ... every prediction "
        "for a house that follows the pattern ... is the same",
    )
    _claim(
        list(new[0][1:]) == [3, 2] and list(odd[0][1:]) == [3, 3],
        "(3 bedrooms, 2 bathrooms) ... (3 bedrooms, 3 bathrooms)",
    )
    _claim(
        np.isclose(full.predict(odd)[0] - full.predict(new)[0], full.coef_[2]),
        "the three-feature model adds a bathroom's worth",
    )
    _claim(
        not house_prices.linear_relations(nudged_X, house_prices.FEATURES)
        and np.linalg.matrix_rank(np.column_stack([np.ones(len(X)), nudged_X]))
        == n_params
        == len(X),
        "the relation is no longer exact. The houses now determine all "
        "parameters",
    )
    _claim(
        abs(nudged.predict(new)[0] / full.predict(new)[0] - 1) < 0.05
        and nudged.predict(odd)[0] < 0,
        "It still prices the 3-bed, 2-bath house sensibly ..., but the "
        "3-bed, 3-bath house at (a negative price)",
    )
    max_resid = np.abs(full.predict(X) - y).max()
    max_resid_nudged = np.abs(nudged.predict(nudged_X) - y).max()
    _claim(
        len(X) == n_params and max_resid_nudged < 0.005 and max_resid >= 1,
        "With N examples, a model with N parameters can fit *any* N prices "
        "exactly, as long as its design matrix has full rank, as in the "
        "nudged fit ... the original fit misses the training prices",
    )
    out.value("house.n", str(len(X)))
    out.value("house.relation", relations[0])
    out.value("house.n_params", str(n_params))
    out.value("house.rank", str(np.linalg.matrix_rank(design)))
    out.value("house.bathrooms_before", f"{X[house, column]:g}")
    out.value("house.bathrooms_nudged", f"{nudged_X[house, column]:g}")
    out.value("house.pred", _dollars(full.predict(new)[0]))
    out.value("house.bed", _dollars(full.coef_[1]))
    out.value("house.bath", _dollars(full.coef_[2]))
    out.value("house.bed_dropped", _dollars(dropped.coef_[1]))
    out.value("house.bed_nudged", _dollars(nudged.coef_[1], sign=True))
    out.value("house.bath_nudged", _dollars(nudged.coef_[2], sign=True))
    out.value("house.pred_33_full", _dollars(full.predict(odd)[0]))
    out.value("house.pred_nudged", _dollars(nudged.predict(new)[0]))
    out.value("house.pred_33_nudged", _dollars(nudged.predict(odd)[0]))
    out.value("house.max_resid", _dollars(max_resid))
    out.value("house.max_resid_nudged", _dollars(max_resid_nudged, decimals=2))


def _self_supervised(out) -> None:
    tokens = self_supervised.tokenize(self_supervised.SENTENCE)
    out.value("ssl.n_tokens", str(len(tokens)))
    out.value("ssl.n_masked", str(self_supervised.masked_count(len(tokens))))
    out.value("ssl.n_pairs", str(len(self_supervised.next_token_pairs(tokens))))
    rng = np.random.default_rng(0)
    counts = {"masked": 0, "replaced": 0, "unchanged": 0}
    for _ in range(MLM_STAT_EXAMPLES):
        example = self_supervised.make_mlm_example(tokens, rng)
        for position in example.targets:
            counts[example.how_shown(position)] += 1
    total = sum(counts.values())
    out.value("ssl.stat_examples", f"{MLM_STAT_EXAMPLES:,}")
    out.value("ssl.stat_positions", f"{total:,}")
    for key, count in counts.items():
        out.value(f"ssl.share_{key}", f"{count / total:.1%}")
    unchanged = counts["unchanged"] / total
    expected = 0.1 + 0.1 / len(set(tokens))
    # Four standard errors: a seed change may move the share, not the claim.
    spread = 4 * np.sqrt(expected * (1 - expected) / total)
    _claim(
        unchanged > 0.1 and abs(unchanged - expected) < spread,
        'The "unchanged" share is above 10% because a random replacement '
        "sometimes draws the original token ... the expected share is",
    )
    out.value("ssl.vocab", str(len(set(tokens))))
    out.value("ssl.expected_unchanged", f"{expected:.1%}")
    n_pairs = len(self_supervised.next_token_pairs(tokens))
    _claim(
        n_pairs == len(tokens) - 1
        and n_pairs > self_supervised.masked_count(len(tokens)),
        "A sentence of n tokens gives n - 1 training signals ... "
        "next-token targets but only ... masked ones per pass",
    )
    n = QUIZ_SENTENCE_TOKENS
    _claim(
        self_supervised.masked_count(n) < (n - 1) / 2,
        "[self-check 2] the masked model ... gets far fewer targets per pass",
    )
    out.value("quiz.n_tokens", str(n))
    out.value("quiz.next_token_targets", str(n - 1))
    out.value("quiz.masked_targets", str(self_supervised.masked_count(n)))


def _loss(x: float) -> str:
    return f"{x:.2e}" if x < 1e-3 else f"{x:.3f}"


def _contrastive(out) -> None:
    anchor, negatives = contrastive.ANCHOR, contrastive.NEGATIVES
    positive, stranger = contrastive.POSITIVE, contrastive.STRANGER
    n_candidates = 1 + len(negatives)
    blind_guess = np.log(n_candidates)
    rows = [
        "| Temperature T | Loss, true positive | Loss, unrelated "
        f'"positive" | Blind guess, log({n_candidates}) |',
        "|---|---|---|---|",
    ]
    for t in TEMPERATURES:
        true_loss = contrastive.info_nce_loop(anchor, positive, negatives, t)
        wrong_loss = contrastive.info_nce_loop(anchor, stranger, negatives, t)
        rows.append(
            f"| {t:g} | {_loss(true_loss)} | {_loss(wrong_loss)} "
            f"| {_loss(blind_guess)} |"
        )
    out.table("infonce_temperature", "\n".join(rows))
    for sample in (positive, stranger):
        losses = [
            contrastive.info_nce_loop(anchor, sample, negatives, t)
            for t in sorted(TEMPERATURES)
        ]
        gaps = [abs(loss - blind_guess) for loss in losses]
        _claim(
            all(a > b for a, b in itertools.pairwise(gaps)),
            "a large one blurs everything towards the blind guess",
        )
    sharpest = min(TEMPERATURES)
    _claim(
        contrastive.info_nce_loop(anchor, positive, negatives, sharpest) < 1e-6
        and contrastive.info_nce_loop(anchor, stranger, negatives, sharpest)
        > blind_guess,
        "A small T makes the loss almost all-or-nothing",
    )
    true_loss = contrastive.info_nce_loop(anchor, positive, negatives)
    wrong_loss = contrastive.info_nce_loop(anchor, stranger, negatives)
    _claim(
        true_loss < blind_guess < wrong_loss,
        "far below the blind-guess level ... Swap in an unrelated vector as "
        'the "positive" and the loss rises above that level',
    )
    # The stranger and the negatives: the probability the loss gives each,
    # exp(-loss), when it is the one treated as the positive.
    candidates = [stranger, *negatives]
    similarities = [
        contrastive.cosine_similarity(anchor, v) for v in candidates
    ]
    probabilities = [
        np.exp(
            -contrastive.info_nce_loop(
                anchor, candidates[i], candidates[:i] + candidates[i + 1 :]
            )
        )
        for i in range(n_candidates)
    ]
    stranger_p, largest_p = probabilities[0], max(probabilities)
    _claim(
        np.isclose(sum(probabilities), 1)
        and similarities[0] < min(similarities[1:])
        and max(abs(s) for s in similarities) < 0.2
        and stranger_p < 1 / n_candidates
        and largest_p < 0.5,
        "none of the six is much like the anchor ... the unrelated vector is "
        "the least similar ... less than a blind guess ... That is not "
        "confidence: no candidate gets more than ...",
    )
    largest_score = (
        contrastive.cosine_similarity(anchor, positive) / OVERFLOW_TEMPERATURE
    )
    _claim(
        largest_score > np.log(np.finfo(float).max),
        f"at T = {OVERFLOW_TEMPERATURE:g} a similarity near 1 becomes a score "
        "near 1,000, and e^x overflows",
    )
    out.value("cl.loss", f"{true_loss:.4f}")
    out.value("cl.n_candidates", str(n_candidates))
    out.value("cl.n_negatives", str(len(negatives)))
    out.value("cl.blind_guess", f"{blind_guess:.4f}")
    out.value("cl.wrong_loss", f"{wrong_loss:.4f}")
    out.value("cl.stranger_cos", f"{similarities[0]:+.4f}")
    out.value("cl.largest_cos", f"{max(similarities):+.4f}")
    out.value("cl.stranger_p", f"{stranger_p:.1%}")
    out.value("cl.blind_p", f"{1 / n_candidates:.1%}")
    out.value("cl.largest_p", f"{largest_p:.1%}")
    out.value("cl.overflow", f"{np.log(np.finfo(float).max):.1f}")


def _bandit(out) -> None:
    last = bandit.LAST
    curves = {
        eps: bandit.run_experiment(
            eps, bandit.N_RUNS, bandit.N_STEPS, bandit.N_ARMS, seed=bandit.SEED
        )
        for eps in bandit.EPSILONS
    }
    greedy, rare, often = bandit.EPSILONS
    _claim(
        (greedy, often) == (0, 0.1),
        "The purely greedy agent (ε = 0) ... Exploring 10% of the time",
    )
    best = curves[greedy].best_possible
    out.value("bandit.runs", str(bandit.N_RUNS))
    out.value("bandit.last", str(last))
    out.value("bandit.steps", f"{bandit.N_STEPS:,}")
    out.value("bandit.best_possible", f"{best:.3f}")
    rows = [
        f"| ε | Avg reward, steps 1–{last} | Avg reward, last {last} steps "
        f"| Best arm chosen, share of last {last} pulls "
        "| Best arm found, share of runs "
        "| Total reward per run |",
        "|---|---|---|---|---|---|",
    ]
    for eps, c in curves.items():
        tag = f"{eps:g}".replace(".", "_")
        best_share = c.optimal_share[-last:].mean()
        out.value(f"bandit.found_{tag}", f"{c.found_best:.1%}")
        rows.append(
            f"| {eps:g} | {c.mean_reward[:last].mean():.3f} "
            f"| {c.mean_reward[-last:].mean():.3f} "
            f"| {best_share:.1%} | {c.found_best:.1%} "
            f"| {c.mean_reward.sum():.0f} |"
        )
    out.table("bandit_summary", "\n".join(rows))
    ranking = sorted(curves, key=lambda e: curves[e].mean_reward.sum())
    _claim(
        ranking == [greedy, rare, often],
        f"Exploring {often:.0%} of the time ... earns the most; "
        f"the order is now {ranking}",
    )

    def share(eps: float) -> float:
        return curves[eps].optimal_share[-last:].mean()

    def reward(eps: float, steps: slice) -> float:
        return curves[eps].mean_reward[steps].mean()

    _claim(
        share(greedy) < share(rare) < share(often),
        f"ε = {often:g} climbs highest, ε = {rare:g} ... has not caught up, "
        f"ε = {greedy:g} ... at the lowest level",
    )
    early, late = slice(None, last), slice(-last, None)
    _claim(
        reward(greedy, early) < reward(rare, early) < reward(often, early)
        and reward(greedy, late) < reward(rare, late) < reward(often, late),
        f"ε {often:g} rises fastest and ends highest, ε {greedy:g} levels "
        "off lowest",
    )
    _claim(
        reward(often, late) < best,
        "it can never reach the best-arm average",
    )

    def found(eps: float) -> float:
        return curves[eps].found_best

    _claim(
        found(greedy) < found(rare) < found(often),
        f"ε = {greedy:g} ... its top estimate is the best arm in only ...; "
        f"ε = {often:g} ... in ...; ε = {rare:g} ... has not caught up",
    )
    # An agent that knows the best arm still explores: it pulls the best arm
    # when it exploits, and one time in N_ARMS when it explores.
    ceiling = 1 - often + often / bandit.N_ARMS
    _claim(
        share(often) < found(often) and share(often) < ceiling,
        f"Yet only ... of its last {last} pulls go to the best arm, because "
        f"... at most {ceiling:.0%}",
    )
    out.value("bandit.optimal_0_1", f"{share(often):.1%}")
    out.value("bandit.ceiling_0_1", f"{ceiling:.0%}")
    out.value("bandit.arms", str(bandit.N_ARMS))

    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7.5, 6.5), sharex=True)
    steps = np.arange(1, bandit.N_STEPS + 1)
    for eps, c in curves.items():
        label = f"ε = {eps:g}"
        top.plot(steps, c.mean_reward, linewidth=1.1, label=label)
        bottom.plot(steps, 100 * c.optimal_share, linewidth=1.1, label=label)
    top.axhline(
        best,
        color="grey",
        linestyle="--",
        linewidth=1,
        label="best arm every time",
    )
    top.set_ylabel("average reward")
    top.set_title(
        f"Epsilon-greedy on a 10-armed bandit "
        f"({bandit.N_RUNS} runs, seed {bandit.SEED})"
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
