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
    out.value("neuron.z", f"{neuron.weighted_sum(nr.EXAMPLE_INPUT):+.6f}")
    out.value("neuron.y", f"{neuron.forward(nr.EXAMPLE_INPUT):.6f}")

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

    gap, _ = act.largest_approximation_gap(act.GAP_POINTS)
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
    out.value("fwd.z_o", f"{z_o[0]:.4f}")
    out.value("fwd.exp_minus_z_o", f"{np.exp(-z_o[0]):.6f}")
    out.value("fwd.y_hat", f"{y_hat[0]:.6f}")
    out.value("fwd.y_hat_4", f"{y_hat[0]:.4f}")
    out.value("fwd.class", str(tn.predicted_class(y_hat)))

    loss_before = tn.loss(p, x, y)
    grads, inner = tn.backward(x, y, p, cache)
    new = tn.sgd_step(p, grads, tn.LEARNING_RATE)
    loss_after = tn.loss(new, x, y)
    _claim(loss_after < loss_before, "one small step lowers the loss")
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
    out.value("bp.y_hat_after", f"{tn.forward(x, new)['y_hat'][0]:.6f}")


VOCAB_SIZE = 50_000  # a typical LLM vocabulary, for the reference point


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

    good = ls.binary_cross_entropy(ls.SPAM_LABELS, ls.GOOD_PREDICTIONS)
    bad = ls.binary_cross_entropy(ls.SPAM_LABELS, ls.BAD_PREDICTIONS)
    out.value("loss.bce_good", f"{good:.4f}")
    out.value("loss.bce_bad", f"{bad:.4f}")
    out.value("loss.bce_ratio", f"{bad / good:.1f}")

    first = ls.CAT_PREDICTIONS[0]
    cce = ls.categorical_cross_entropy(ls.CAT_ONE_HOT, first)
    out.value("loss.cce", f"{cce:.4f}")
    out.value("loss.cce_p_cat", f"{first[int(np.argmax(ls.CAT_ONE_HOT))]:.0%}")
    out.value("loss.vocab_size", f"{VOCAB_SIZE:,}")
    out.value("loss.uniform_vocab", f"{np.log(VOCAB_SIZE):.2f}")


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
    out.value("train.slow_lr", f"{slow:g}")
    out.value("train.fast_lr", f"{fast:g}")
    out.value("train.diverged_lr", f"{diverged:g}")
    out.value("train.slow_final", f"{runs[slow][-1]:.4f}")
    out.value(
        "train.slow_drop_pct", f"{1 - runs[slow][-1] / runs[slow][0]:.0%}"
    )
    out.value("train.fast_final", f"{runs[fast][-1]:.4f}")
    out.value("train.diverged_final", f"{runs[diverged][-1]:.1e}")

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


def publish(out) -> None:
    publish_neuron(out)
    publish_activations(out)
    publish_forward_and_backprop(out)
    publish_losses(out)
    publish_training(out)
