"""Values, tables and plots that the chapter-2 pages quote.

`make outputs` runs it. Every input comes from the modules the pages show.
"""

import itertools

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import FormatStrFormatter, LogLocator, NullFormatter

from snippets.ch2_neural_networks import activations as act
from snippets.ch2_neural_networks import losses as ls
from snippets.ch2_neural_networks import neuron as nr
from snippets.ch2_neural_networks import tiny_network as tn
from snippets.ch2_neural_networks import training as tr


def _num(v: float, fmt: str = "g") -> str:
    """A number for a LaTeX formula; negatives in parentheses."""
    text = format(v, fmt)
    return f"({text})" if v < 0 else text


def _plain_log_axis(ax) -> None:
    """A log-scale y axis labelled 0.2, 0.5, 1, 2, 5, ..., not powers of ten."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(NullFormatter())


def _claim(holds: bool, sentence: str) -> None:
    """Fail the build when a sentence on a page is no longer true."""
    if not holds:
        raise ValueError(f"the page says {sentence!r}, which no longer holds")


def publish_neuron(out) -> None:
    neuron = nr.Neuron(n_inputs=len(nr.EXAMPLE_INPUT), seed=nr.EXAMPLE_SEED)
    z = neuron.weighted_sum(nr.EXAMPLE_INPUT)
    y = neuron.forward(nr.EXAMPLE_INPUT)
    _claim(
        abs(z) < 0.01 and abs(y - 0.5) < 0.01,
        "the output is almost exactly 0.5: z is close to 0",
    )
    out.value("neuron.z", f"{z:+.6f}")
    out.value("neuron.y", f"{y:.6f}")

    tonight = nr.TONIGHT
    for i, (x, w) in enumerate(zip(tonight, nr.PARTY_WEIGHTS, strict=True)):
        out.value(f"party.x{i + 1}", str(x))
        out.value(f"party.w{i + 1}", f"{w:g}")
    out.value("party.bias", f"{nr.PARTY_BIAS:g}")
    z = nr.party_score(tonight)
    terms = " + ".join(
        f"{_num(w)} \\cdot {x}"
        for w, x in zip(nr.PARTY_WEIGHTS, tonight, strict=True)
    )
    out.value("party.sum", f"{terms} + {_num(nr.PARTY_BIAS)} = {z:.2f}")
    out.value("party.z", f"{z:.2f}")
    out.value(
        "party.decision",
        "go to the party" if nr.go_to_party(tonight) else "stay home",
    )

    rows = [
        "| Friends going | Nice weather | Homework "
        "| Weighted sum $z$ | Decision |",
        "|---|---|---|---|---|",
    ]
    evenings = list(itertools.product((1, 0), repeat=len(tonight)))
    for inputs in evenings:
        answers = " | ".join("yes" if v else "no" for v in inputs)
        score = nr.party_score(inputs)
        decision = "go" if nr.go_to_party(inputs) else "stay home"
        rows.append(f"| {answers} | {score:+.2f} | {decision} |")
    out.table("party_all_evenings", "\n".join(rows))
    going = [e for e in evenings if nr.go_to_party(e)]
    out.value("party.n_evenings", str(len(evenings)))
    out.value("party.n_go", str(len(going)))
    friends, homework = 0, 2  # positions in PARTY_FACTORS
    _claim(
        {e for e in evenings if e not in going}
        == {e for e in evenings if not e[friends] and e[homework]},
        "only the evenings without friends and with homework keep you home",
    )
    no_friends = (0, *tonight[1:])
    out.value("party.no_friends_z", f"{nr.party_score(no_friends):+.2f}")
    out.value(
        "party.no_friends_decision",
        "go" if nr.go_to_party(no_friends) else "stay home",
    )


def publish_activations(out) -> None:
    header, rows = act.comparison_rows(act.TABLE_POINTS)
    lines = [
        "| Activation | " + " | ".join(f"${h}$" for h in header) + " |",
        "|---" * (len(header) + 1) + "|",
    ]
    for name, values in rows:
        cells = " | ".join(f"{v:.4f}" for v in values)
        lines.append(f"| {name} | {cells} |")
    out.table("activation_table", "\n".join(lines))

    for i in act.SLIP_INDICES:
        out.value(f"act.grid_{i}", f"{act.PLOT_GRID[i]:.4f}")
    grid = act.PLOT_GRID
    _claim(
        len(grid) == 100
        and np.allclose(np.diff(grid), 10 / 99)
        and not np.isin(act.TABLE_POINTS, grid).any(),
        "100 points from -5 to 5 are 10/99 apart; none is exactly -2, 0 or 2",
    )

    fine = np.linspace(-6.0, 6.0, 1201)  # steps of 0.01
    sigmoid_slope = act.sigmoid_derivative(fine)
    _claim(
        np.isclose(sigmoid_slope.max(), 0.25)
        and fine[np.argmax(sigmoid_slope)] == 0.0,
        "the sigmoid's gradient is at most 0.25, at x = 0",
    )
    _claim(
        np.isclose(act.tanh_derivative(0.0) / act.sigmoid_derivative(0.0), 4),
        "tanh's slope at 0 is 1, four times the sigmoid's",
    )
    at_five = np.array([-5.0, 5.0])
    _claim(
        (act.sigmoid_derivative(at_five) < 0.01).all()
        and (act.tanh_derivative(at_five) < 0.01).all(),
        "at x = ±5 both derivatives are already close to zero",
    )
    _claim(act.gelu(fine).min() < 0, "the GELU curve dips slightly below zero")
    # The plot's description: GELU's slope on the plotted range, x in [-4, 4].
    plotted = np.linspace(-4.0, 4.0, 8001)  # steps of 0.001
    gelu_slope = act.gelu_derivative(plotted)
    lowest, highest = np.argmin(gelu_slope), np.argmax(gelu_slope)
    _claim(
        -0.2 < gelu_slope[lowest] < 0
        and plotted[lowest] < 0 < plotted[highest]
        and 1.0 < gelu_slope[highest] < 1.2
        and abs(gelu_slope[-1] - 1) < 0.01,
        "GELU's slope dips below 0 for negative x, peaks slightly above 1 "
        "for positive x, and settles back towards 1",
    )
    out.value("act.gelu_slope_min", f"{gelu_slope[lowest]:.2f}")
    out.value("act.gelu_slope_min_at", f"{plotted[lowest]:.1f}")
    out.value("act.gelu_slope_max", f"{gelu_slope[highest]:.2f}")
    out.value("act.gelu_slope_max_at", f"{plotted[highest]:.1f}")
    largest_float = np.finfo(np.float64).max
    _claim(
        709 < np.log(largest_float) < 710,
        "e^710 is already larger than the largest 64-bit float",
    )
    big = np.array([1000.0, 999.0, 998.0])
    with np.errstate(over="ignore", invalid="ignore"):
        naive = act.naive_softmax(big)
    _claim(
        np.isnan(naive).all()
        and np.allclose(act.softmax(big), act.softmax([2.0, 1.0, 0.0])),
        "the naive version gives nan, the stable one the answer for [2, 1, 0]",
    )

    gap, _ = act.largest_approximation_gap(act.GAP_POINTS)
    _claim(
        gap < 0.01, "on the plot the two GELU curves lie on top of each other"
    )
    out.value("act.gelu_gap", f"{gap:.1e}")
    span = f"[{act.GAP_POINTS[0]:g}, {act.GAP_POINTS[-1]:g}]"
    out.value("act.gap_span", span)

    probs = act.softmax(act.LOGITS)
    for name, p in zip(act.CLASSES, probs, strict=True):
        out.value(f"act.p_{name}", f"{p:.4f}")
    _claim(
        act.CLASSES[int(np.argmax(probs))] == "cat",
        "the largest logit, cat's, gets the largest probability",
    )

    x = np.linspace(-4.0, 4.0, 401)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    styles = {
        "ReLU": ("tab:blue", "-"),
        "Leaky ReLU": ("tab:cyan", ":"),
        "Sigmoid": ("tab:orange", "-"),
        "Tanh": ("tab:green", "-"),
        "GELU (exact)": ("tab:red", "-"),
        "GELU (tanh approx.)": ("black", "--"),
    }
    for name, (f, df) in act.ACTIVATIONS.items():
        color, line = styles[name]
        left.plot(x, f(x), color=color, linestyle=line, label=name)
        right.plot(x, df(x), color=color, linestyle=line, label=name)
    for ax, title in ((left, "Activation f(x)"), (right, "Derivative f'(x)")):
        ax.axhline(0, color="grey", linewidth=0.5)
        ax.axvline(0, color="grey", linewidth=0.5)
        ax.set_title(title)
        ax.set_xlabel("x")
        ax.grid(alpha=0.3)
    left.set_ylim(-1.5, 4.0)
    right.set_ylim(-0.3, 1.3)
    left.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    out.figure("activations", fig)


def _given_values_table(x, params) -> str:
    """The network's inputs and parameters, named as in the diagram."""

    def named(names, values):
        return ", ".join(
            f"${n[0]}_{n[1:]} = {v:g}$"
            for n, v in zip(names, values, strict=True)
        )

    w_h, w_o = tn.WEIGHT_NAMES["W_h"], tn.WEIGHT_NAMES["W_o"]
    b_h, b_o = tn.WEIGHT_NAMES["b_h"], tn.WEIGHT_NAMES["b_o"]
    n_inputs = len(x)
    cells = [named([f"x{j + 1}" for j in range(n_inputs)], x)]
    for i in range(len(b_h)):
        row = w_h[i * n_inputs : (i + 1) * n_inputs]
        cells.append(
            named([*row, b_h[i]], [*params["W_h"][i], params["b_h"][i]])
        )
    cells.append(named([*w_o, *b_o], [*params["W_o"][0], *params["b_o"]]))
    into = [f"Into $h_{i + 1}$" for i in range(len(b_h))] + ["Into $o_1$"]
    return "\n".join(
        [
            "| Inputs | " + " | ".join(into) + " |",
            "|---" * len(cells) + "|",
            "| " + " | ".join(cells) + " |",
        ]
    )


def publish_forward_and_backprop(out) -> None:
    x, y, p = tn.x, tn.y, tn.params
    out.table("tiny_network_values", _given_values_table(x, p))
    cache = tn.forward(x, p)
    W_h, b_h, W_o, b_o = p["W_h"], p["b_h"], p["W_o"], p["b_o"]
    z_h, a_h, z_o, y_hat = (cache[k] for k in ("z_h", "a_h", "z_o", "y_hat"))
    for i in range(len(b_h)):
        terms = " + ".join(
            f"{_num(W_h[i, j])} \\cdot {_num(x[j])}" for j in range(len(x))
        )
        total = f"{terms} + {_num(b_h[i])} = {z_h[i]:.4f}"
        out.value(f"fwd.z_h{i + 1}_sum", total)
        out.value(f"fwd.a_h{i + 1}", f"{a_h[i]:.4f}")
    terms = " + ".join(
        f"{_num(W_o[0, j])} \\cdot {a_h[j]:.4f}" for j in range(len(a_h))
    )
    out.value("fwd.z_o_sum", f"{terms} + {_num(b_o[0])} = {z_o[0]:.4f}")
    _claim((z_h > 0).all(), "both hidden sums are positive")
    _claim(
        y_hat[0] > 0.5 and tn.predicted_class(y_hat) == 1,
        "the predicted class is 1, with a probability of about y_hat",
    )
    out.value("fwd.z_o", f"{z_o[0]:.4f}")
    exp_minus_z_o = np.exp(-z_o[0])
    out.value("fwd.exp_minus_z_o", f"{exp_minus_z_o:.6f}")
    rounded = round(exp_minus_z_o, 2)
    from_rounded = 1 / (1 + rounded)
    _claim(
        f"{from_rounded:.4f}" != f"{y_hat[0]:.4f}",
        "rounding e^-z_o first changes the fourth decimal place",
    )
    out.value("fwd.exp_rounded", f"{rounded:.2f}")
    out.value("fwd.y_hat_from_rounded", f"{from_rounded:.4f}")
    out.value("fwd.y_hat", f"{y_hat[0]:.6f}")
    out.value("fwd.y_hat_4", f"{y_hat[0]:.4f}")
    out.value("fwd.class", str(tn.predicted_class(y_hat)))

    loss_before = tn.loss(p, x, y)
    grads, inner = tn.backward(x, y, p, cache)
    new = tn.sgd_step(p, grads, tn.LEARNING_RATE)
    loss_after = tn.loss(new, x, y)
    _claim(loss_after < loss_before, "one small step lowers the loss")
    _claim(y == 1, "the worked example's label is 1")
    _claim(inner["dz_o"][0] < 0, "dL/dz_o is negative")
    _claim(
        all((g < 0).all() for g in grads.values()),
        "every gradient is negative, so every parameter will increase",
    )
    y_hat_after = tn.forward(x, new)["y_hat"][0]
    _claim(y_hat_after > y_hat[0], "with the new weights the prediction rises")
    n_params = sum(g.size for g in grads.values())
    out.value("bp.n_params", str(n_params))
    grad_error = tn.max_gradient_error(p, x, y)
    _claim(grad_error < 1e-9, "all the gradients agree to well within 1e-7")

    trained, losses, y_hats = p, [loss_before], [y_hat[0]]
    for _ in range(REPEATED_STEPS):
        step_grads, _ = tn.backward(x, y, trained, tn.forward(x, trained))
        trained = tn.sgd_step(trained, step_grads, tn.LEARNING_RATE)
        losses.append(tn.loss(trained, x, y))
        y_hats.append(tn.forward(x, trained)["y_hat"][0])
    _claim(
        (np.diff(losses) < 0).all() and (np.diff(y_hats) > 0).all(),
        "repeated steps lower the loss every time and raise y_hat towards 1",
    )

    # The self-check: the same example with the label 0.
    grads_0, inner_0 = tn.backward(x, 0, p, cache)
    _claim(
        (x > 0).all() and (W_o > 0).all() and (a_h > 0).all(),
        "every input, weight into the output and hidden activation is positive",
    )
    _claim(
        all((g > 0).all() for g in grads_0.values()),
        "with the label 0 every gradient is positive: every parameter falls",
    )
    out.value("quiz.dz_o_label_0", f"{inner_0['dz_o'][0]:+.6f}")
    out.value("bp.y", f"{y:.0f}")
    out.value("bp.loss_before", f"{loss_before:.6f}")
    out.value("bp.loss_after", f"{loss_after:.6f}")
    out.value("bp.loss_drop", f"{loss_before - loss_after:.6f}")
    out.value("bp.lr", f"{tn.LEARNING_RATE:g}")
    out.value("bp.dz_o", f"{inner['dz_o'][0]:+.6f}")
    out.value("bp.dw5", f"{grads['W_o'][0, 0]:+.6f}")
    out.value("bp.dw6", f"{grads['W_o'][0, 1]:+.6f}")
    out.value("bp.da_h1", f"{inner['da_h'][0]:+.6f}")
    out.value("bp.dz_h1", f"{inner['dz_h'][0]:+.6f}")
    out.value("bp.dw1", f"{grads['W_h'][0, 0]:+.6f}")
    out.value("bp.w1_new", f"{new['W_h'][0, 0]:.6f}")
    out.value("bp.w5_new", f"{new['W_o'][0, 0]:.6f}")
    out.value("bp.y_hat_after", f"{y_hat_after:.6f}")


REPEATED_STEPS = 50  # as many as the page's repeat_demo runs
GPT2_VOCAB_SIZE = 50_257  # Radford et al. (2019), the GPT-2 paper


def publish_losses(out) -> None:
    mse = ls.mse_loss(ls.HOUSE_PRICES, ls.PREDICTED_PRICES)
    out.value("loss.mse", f"{mse:,.0f}")
    out.value("loss.rmse", f"{np.sqrt(mse):,.0f}")
    squared = (ls.PREDICTED_PRICES - ls.HOUSE_PRICES) ** 2
    largest = int(np.argmax(squared))
    out.value("loss.largest_error", f"{np.sqrt(squared[largest]):,.0f}")
    _claim(
        squared[largest] > 2 * (squared.sum() - squared[largest]),
        "the one largest error contributes far more than the others together",
    )
    out.value("loss.largest_share", f"{squared[largest] / squared.sum():.0%}")
    mae = np.mean(np.abs(ls.PREDICTED_PRICES - ls.HOUSE_PRICES))
    _claim(
        np.sqrt(mse) > mae,
        "the RMSE sits above the average size of an error",
    )
    out.value("loss.mae", f"{mae:,.0f}")

    good = ls.binary_cross_entropy(ls.SPAM_LABELS, ls.GOOD_PREDICTIONS)
    bad = ls.binary_cross_entropy(ls.SPAM_LABELS, ls.BAD_PREDICTIONS)
    out.value("loss.bce_good", f"{good:.4f}")
    out.value("loss.bce_bad", f"{bad:.4f}")
    out.value("loss.bce_ratio", f"{bad / good:.1f}")

    p_cat = [row[0] for row in ls.CAT_PREDICTIONS]  # cat is class 0
    cces = [
        ls.categorical_cross_entropy(ls.CAT_ONE_HOT, row)
        for row in ls.CAT_PREDICTIONS
    ]
    _claim(
        ls.CAT_ONE_HOT[0] == 1
        and (np.diff(p_cat) < 0).all()
        and (np.diff(cces) > 0).all(),
        "as the model moves probability to the wrong classes, the loss climbs",
    )
    first = ls.CAT_PREDICTIONS[0]
    cce = ls.categorical_cross_entropy(ls.CAT_ONE_HOT, first)
    out.value("loss.cce", f"{cce:.4f}")
    out.value("loss.cce_p_cat", f"{first[int(np.argmax(ls.CAT_ONE_HOT))]:.0%}")
    out.value("loss.vocab_size", f"{GPT2_VOCAB_SIZE:,}")
    out.value("loss.uniform_vocab", f"{np.log(GPT2_VOCAB_SIZE):.2f}")


def publish_training(out) -> None:
    x, y = tr.make_toy_data()
    best = tr.best_possible_loss(x, y)
    threshold = tr.largest_stable_learning_rate(x)
    out.value("train.n_points", str(len(x)))
    out.value("train.best", f"{best:.4f}")
    out.value("train.threshold", f"{threshold:.3f}")
    out.value("train.n_learning_rates", str(len(tr.LEARNING_RATES)))
    out.value("train.lr_epochs", str(tr.LR_EPOCHS))

    runs = tr.learning_rate_experiment(x, y)
    verdicts = {lr: tr.verdict(losses, best) for lr, losses in runs.items()}
    slow = min(runs)
    fast = next(lr for lr, v in verdicts.items() if v == "converged")
    diverged = max(runs)
    _claim(
        verdicts[diverged] == "diverged", "the largest learning rate diverges"
    )
    _claim(
        fast < threshold < diverged, "fast is below the bound, diverged above"
    )
    _claim(
        (np.diff(runs[diverged]) > 0).all(),
        "with the largest rate each step overshoots: the loss grows each epoch",
    )
    below_fast = [lr for lr in runs if lr < fast]
    _claim(
        all(verdicts[lr] == "still learning" for lr in below_fast)
        and runs[slow][-1] > 10 * best,
        "the curves below the fast rate stay above the best loss, "
        "the smallest far above it",
    )
    fast_epochs = next(
        epoch for epoch, loss in enumerate(runs[fast]) if loss <= 1.01 * best
    )
    _claim(
        fast_epochs <= tr.LR_EPOCHS // 3,
        "the fast rate reaches the best loss within a few epochs",
    )
    out.value("train.fast_epochs", str(fast_epochs))
    out.value("train.slow_lr", f"{slow:g}")
    out.value("train.fast_lr", f"{fast:g}")
    out.value("train.diverged_lr", f"{diverged:g}")
    out.value("train.slow_final", f"{runs[slow][-1]:.4f}")
    out.value(
        "train.slow_drop_pct", f"{1 - runs[slow][-1] / runs[slow][0]:.0%}"
    )
    out.value("train.fast_final", f"{runs[fast][-1]:.4f}")
    out.value("train.diverged_final", f"{runs[diverged][-1]:.2e}")

    fig, ax = plt.subplots(figsize=(7, 4))
    for lr, losses in runs.items():
        ax.plot(
            range(len(losses)),
            losses,
            marker="o",
            markersize=3,
            label=f"lr = {lr:g} ({verdicts[lr]})",
        )
    ax.axhline(
        best,
        color="grey",
        linestyle="--",
        linewidth=1,
        label=f"best possible ({best:.3f})",
    )
    _plain_log_axis(ax)
    ax.set_ylim(0.1, 1e3)
    ax.set_xlabel("epoch")
    ax.set_ylabel("MSE on all points (log scale)")
    ax.set_title(f"Same problem, same start, {len(runs)} learning rates")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    fig.tight_layout()
    out.figure("learning_rates", fig)

    batch_runs = tr.batch_size_experiment(x, y)
    sgd, minibatch, full = tr.BATCH_SIZES
    _claim(sgd == 1 and full == len(x), "SGD and the full batch are compared")
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for bs, (losses, per_epoch) in batch_runs.items():
        label = {sgd: "SGD", full: "full batch"}.get(bs, "mini-batch")
        left.plot(
            range(len(losses[::per_epoch])),
            losses[::per_epoch],
            marker="o",
            markersize=3,
            label=f"batch {bs} ({label})",
        )
        right.plot(
            range(len(losses)),
            losses,
            linewidth=1,
            label=f"batch {bs} ({label})",
        )
    left.set_xlabel("epoch")
    left.set_title("Loss per epoch")
    right.set_xlabel("update (weight change)")
    right.set_title("Loss after every update")
    updates_shown = 2 * x.size
    right.set_xlim(0, updates_shown)
    for ax in (left, right):
        _plain_log_axis(ax)
        ax.axhline(best, color="grey", linestyle="--", linewidth=1)
        ax.set_ylabel("MSE on all points (log scale)")
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=8)
    fig.tight_layout()
    out.figure("batch_sizes", fig)
    sgd_updates = batch_runs[sgd][1]
    per_epoch = {bs: run[0][:: run[1]] for bs, run in batch_runs.items()}
    sgd_rises = int((np.diff(per_epoch[sgd][1:]) > 0).sum())
    minibatch_rises = int((np.diff(per_epoch[minibatch][1:]) > 0).sum())
    _claim(
        per_epoch[sgd][1] < 1.1 * best,
        "SGD is near the floor after one epoch",
    )
    _claim(
        per_epoch[full][-1] > 2 * best,
        "the full batch is still far above the floor at the end",
    )
    _claim(
        sgd_rises > 0 and minibatch_rises == 0,
        "SGD's loss jitters up and down; the mini-batches' only falls",
    )
    _claim(
        per_epoch[minibatch][-1] < min(per_epoch[sgd][-1], 1.01 * best),
        "mini-batches end closer to the best loss than SGD",
    )
    minibatch_near = next(
        epoch
        for epoch, loss in enumerate(per_epoch[minibatch])
        if loss <= 1.1 * best
    )
    _claim(
        minibatch_near <= tr.BATCH_EPOCHS // 2,
        "batch size 16 comes near the best loss after a few epochs",
    )
    out.value("train.minibatch_near_epochs", str(minibatch_near))
    later_epochs = len(per_epoch[sgd]) - 2  # after the first
    out.value(
        "train.sgd_rises",
        f"{sgd_rises} of the {later_epochs} epochs after the first",
    )
    full_batches, last_batch = divmod(len(x), minibatch)
    out.value(
        "quiz.minibatches",
        f"{full_batches} batches of {minibatch}"
        + (f" and a last one of {last_batch}" if last_batch else ""),
    )
    out.value("train.updates_shown", str(updates_shown))
    out.value("train.batch_lr", f"{tr.BATCH_LEARNING_RATE:g}")
    out.value("train.batch_epochs", str(tr.BATCH_EPOCHS))
    out.value("train.minibatch_size", str(minibatch))
    out.value("train.sgd_updates_per_epoch", str(sgd_updates))
    out.value(
        "train.minibatch_updates_per_epoch", str(batch_runs[minibatch][1])
    )
    out.value("train.sgd_epoch1", f"{batch_runs[sgd][0][sgd_updates]:.4f}")
    out.value("train.full_final", f"{batch_runs[full][0][-1]:.4f}")


def publish_quiz(out) -> None:
    """Numbers for the chapter's self-check, at the end of section 2.7."""
    n_layers = 4
    out.value("quiz.sigmoid_layers", str(n_layers))
    out.value(
        "quiz.sigmoid_product",
        f"{float(act.sigmoid_derivative(0.0)) ** n_layers:.4f}",
    )
    verdicts = [
        tr.verdict([8.2, 50.0, 8.0], best=0.26),
        tr.verdict([8.2, 0.5, 0.262], best=0.26),
        tr.verdict([8.2, 0.3, 8.3], best=0.26),
    ]
    _claim(
        verdicts == ["still learning", "converged", "diverged"],
        "the self-check's answer: verdict compares only the first and last "
        "loss (the training.quiz_demo block)",
    )


def publish(out) -> None:
    publish_neuron(out)
    publish_activations(out)
    publish_forward_and_backprop(out)
    publish_losses(out)
    publish_training(out)
    publish_quiz(out)
