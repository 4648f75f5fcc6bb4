"""Values, tables and plots that the chapter-2 pages quote. Regenerate with `make outputs`."""

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
    """A log-scale y axis labelled 0.2, 0.5, 1, 2, 5, ... instead of powers of ten."""
    ax.set_yscale("log")
    ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.yaxis.set_major_formatter(FormatStrFormatter("%g"))
    ax.yaxis.set_minor_formatter(NullFormatter())


def publish_neuron(out) -> None:
    neuron = nr.Neuron(n_inputs=3, seed=nr.EXAMPLE_SEED)
    x = nr.EXAMPLE_INPUT
    out.value("neuron.z", f"{neuron.weighted_sum(x):+.6f}")
    out.value("neuron.y", f"{neuron.forward(x):.6f}")

    tonight = (1, 1, 1)
    z = nr.party_score(tonight)
    terms = " + ".join(
        f"{_num(w)} \\cdot {x}" for w, x in zip(nr.PARTY_WEIGHTS, tonight)
    )
    out.value("party.sum", f"{terms} + {_num(nr.PARTY_BIAS)} = {z:.2f}")
    out.value("party.z", f"{z:.2f}")
    out.value(
        "party.decision",
        "go to the party" if nr.go_to_party(tonight) else "stay home",
    )

    rows = [
        "| Friends going | Nice weather | Homework | Weighted sum $z$ | Decision |",
        "|---|---|---|---|---|",
    ]
    going = 0
    for friends in (1, 0):
        for weather in (1, 0):
            for homework in (1, 0):
                inputs = (friends, weather, homework)
                go = nr.go_to_party(inputs)
                going += go
                yes = ["yes" if v else "no" for v in inputs]
                rows.append(
                    f"| {' | '.join(yes)} | {nr.party_score(inputs):+.2f} | {'go' if go else 'stay home'} |"
                )
    out.table("party_all_evenings", "\n".join(rows))
    out.value("party.n_go", str(going))
    no_friends = (0, 1, 1)
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
        lines.append(
            f"| {name} | " + " | ".join(f"{v:.4f}" for v in values) + " |"
        )
    out.table("activation_table", "\n".join(lines))

    grid = np.linspace(-5, 5, 100)
    out.value("act.grid_20", f"{grid[20]:.4f}")
    out.value("act.grid_50", f"{grid[50]:.4f}")
    out.value("act.grid_80", f"{grid[80]:.4f}")

    xs = np.linspace(-4.0, 4.0, 801)
    gap = np.abs(act.gelu(xs) - act.gelu_tanh(xs))
    out.value("act.gelu_gap", f"{gap.max():.1e}")

    probs = act.softmax([2.0, 1.0, 0.1])
    out.value("act.p_cat", f"{probs[0]:.4f}")
    out.value("act.p_dog", f"{probs[1]:.4f}")
    out.value("act.p_bird", f"{probs[2]:.4f}")
    out.value("act.p_cat_pct", f"{probs[0]:.1%}")

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


def publish_forward_and_backprop(out) -> None:
    x, y, p = tn.x, tn.y, tn.params
    cache = tn.forward(x, p)
    W_h, b_h, W_o, b_o = p["W_h"], p["b_h"], p["W_o"], p["b_o"]
    z_h, a_h, z_o, y_hat = (
        cache["z_h"],
        cache["a_h"],
        cache["z_o"],
        cache["y_hat"],
    )
    for i in range(2):
        terms = " + ".join(
            f"{_num(W_h[i, j])} \\cdot {_num(x[j])}" for j in range(2)
        )
        out.value(
            f"fwd.z_h{i + 1}_sum", f"{terms} + {_num(b_h[i])} = {z_h[i]:.4f}"
        )
        out.value(f"fwd.z_h{i + 1}", f"{z_h[i]:.4f}")
        out.value(f"fwd.a_h{i + 1}", f"{a_h[i]:.4f}")
    terms = " + ".join(
        f"{_num(W_o[0, j])} \\cdot {a_h[j]:.4f}" for j in range(2)
    )
    out.value("fwd.z_o_sum", f"{terms} + {_num(b_o[0])} = {z_o[0]:.4f}")
    out.value("fwd.z_o", f"{z_o[0]:.4f}")
    out.value("fwd.exp_minus_z_o", f"{np.exp(-z_o[0]):.6f}")
    out.value("fwd.y_hat", f"{y_hat[0]:.6f}")
    out.value("fwd.y_hat_4", f"{y_hat[0]:.4f}")
    out.value("fwd.class", str(int(y_hat[0] > 0.5)))

    loss_before = tn.loss(p, x, y)
    grads, inner = tn.backward(x, y, p, cache)
    lr = 0.1
    new = tn.sgd_step(p, grads, lr)
    loss_after = tn.loss(new, x, y)
    if not loss_after < loss_before:
        raise ValueError("the page promises that one update lowers the loss")
    out.value("bp.y", f"{y:.0f}")
    out.value("bp.loss_before", f"{loss_before:.6f}")
    out.value("bp.loss_after", f"{loss_after:.6f}")
    out.value("bp.loss_drop", f"{loss_before - loss_after:.6f}")
    out.value("bp.lr", f"{lr:g}")
    out.value("bp.dz_o", f"{inner['dz_o'][0]:+.6f}")
    out.value("bp.dw5", f"{grads['W_o'][0, 0]:+.6f}")
    out.value("bp.dw6", f"{grads['W_o'][0, 1]:+.6f}")
    out.value("bp.da_h1", f"{inner['da_h'][0]:+.6f}")
    out.value("bp.dz_h1", f"{inner['dz_h'][0]:+.6f}")
    out.value("bp.dw1", f"{grads['W_h'][0, 0]:+.6f}")
    out.value("bp.w1_new", f"{new['W_h'][0, 0]:.6f}")
    out.value("bp.w5_new", f"{new['W_o'][0, 0]:.6f}")
    out.value("bp.y_hat_after", f"{tn.forward(x, new)['y_hat'][0]:.6f}")


def publish_losses(out) -> None:
    mse = ls.mse_loss(ls.HOUSE_PRICES, ls.PREDICTED_PRICES)
    out.value("loss.mse", f"{mse:,.0f}")
    out.value("loss.rmse", f"{np.sqrt(mse):,.0f}")
    good = ls.binary_cross_entropy(ls.SPAM_LABELS, ls.GOOD_PREDICTIONS)
    bad = ls.binary_cross_entropy(ls.SPAM_LABELS, ls.BAD_PREDICTIONS)
    out.value("loss.bce_good", f"{good:.4f}")
    out.value("loss.bce_bad", f"{bad:.4f}")
    out.value("loss.bce_ratio", f"{bad / good:.1f}")
    out.value(
        "loss.cce",
        f"{ls.categorical_cross_entropy(ls.CAT_ONE_HOT, ls.CAT_PREDICTIONS[0]):.4f}",
    )
    out.value("loss.uniform_50k", f"{np.log(50_000):.2f}")


def publish_training(out) -> None:
    x, y = tr.make_toy_data()
    best = tr.best_possible_loss(x, y)
    threshold = tr.largest_stable_learning_rate(x)
    out.value("train.best", f"{best:.4f}")
    out.value("train.threshold", f"{threshold:.3f}")
    runs = tr.learning_rate_experiment(x, y, epochs=30)
    verdicts = {lr: tr.verdict(losses, best) for lr, losses in runs.items()}
    for lr, v in verdicts.items():
        out.value(f"train.verdict_{lr:g}", v)
    out.value("train.n_points", str(len(x)))
    slow, fast = runs[0.001], runs[0.5]
    out.value("train.slow_final", f"{slow[-1]:.4f}")
    out.value("train.fast_final", f"{fast[-1]:.4f}")
    out.value("train.slow_drop_pct", f"{1 - slow[-1] / slow[0]:.0%}")
    out.value("train.diverged_final", f"{runs[1.5][-1]:.1e}")

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
    ax.set_title("Same problem, same start, five learning rates")
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize=8)
    fig.tight_layout()
    out.figure("learning_rates", fig)

    batch_runs = tr.batch_size_experiment(x, y, learning_rate=0.05, epochs=10)
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    for bs, (losses, per_epoch) in batch_runs.items():
        label = {1: "SGD", x.size: "full batch"}.get(bs, "mini-batch")
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
    right.set_xlim(0, 2 * x.size)
    for ax in (left, right):
        _plain_log_axis(ax)
        ax.axhline(best, color="grey", linestyle="--", linewidth=1)
        ax.set_ylabel("MSE on all points (log scale)")
        ax.grid(alpha=0.3, which="both")
        ax.legend(fontsize=8)
    fig.tight_layout()
    out.figure("batch_sizes", fig)
    sgd_updates = batch_runs[1][1]
    out.value("train.sgd_updates_per_epoch", str(sgd_updates))
    out.value("train.minibatch_updates_per_epoch", str(batch_runs[16][1]))
    out.value("train.sgd_epoch1", f"{batch_runs[1][0][sgd_updates]:.4f}")
    out.value("train.full_epoch10", f"{batch_runs[x.size][0][-1]:.4f}")


def publish(out) -> None:
    publish_neuron(out)
    publish_activations(out)
    publish_forward_and_backprop(out)
    publish_losses(out)
    publish_training(out)
