"""The MNIST page's plots, drawn from the training record (runs.py).

Each function takes stored runs and returns a matplotlib figure; publish.py
hands it to `out.figure`. Nothing here trains or computes a published value.
"""

from __future__ import annotations

import numpy as np

from snippets.ch2_mnist.mnist_mlp import read_mnist_file


def _losses(values) -> np.ndarray:
    """A diverged epoch is stored as None (JSON has no NaN); plots skip NaN."""
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def _epoch_ticks(ax, n_epochs: int) -> None:
    ax.set_xticks(sorted({1, *range(5, n_epochs + 1, 5)}))
    ax.grid(alpha=0.3)


def curves(plt, run: dict):
    """Training and validation loss; validation accuracy, the kept epoch."""
    history = run["history"]
    epochs = np.arange(1, len(history["train_loss"]) + 1)
    best = run["best_epoch"]
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    left.plot(
        epochs, _losses(history["train_loss"]), marker="o", ms=3,
        label="training loss",
    )  # fmt: skip
    left.plot(
        epochs, _losses(history["val_loss"]), marker="s", ms=3,
        label="validation loss",
    )  # fmt: skip
    left.set(xlabel="epoch", ylabel="cross-entropy", title="Loss")
    left.legend()
    accuracy = 100 * np.array(history["val_accuracy"])
    right.plot(epochs, accuracy, marker="o", ms=3, color="C2")
    right.plot(
        [best], [accuracy[best - 1]], marker="*", ms=14, color="C3",
        linestyle="none", label=f"kept: epoch {best}",
    )  # fmt: skip
    right.set(
        xlabel="epoch",
        ylabel="validation accuracy (%)",
        title="Validation accuracy",
    )
    right.legend(loc="lower right")
    for ax in (left, right):
        _epoch_ticks(ax, len(epochs))
    fig.tight_layout()
    return fig


def misclassified(plt, run: dict, data_folder):
    """The first misclassified test images, with label, answer, confidence."""
    images = read_mnist_file(data_folder, "test_images")
    wrong = run["misclassified"]
    columns = len(wrong) // 2
    fig, axes = plt.subplots(2, columns, figsize=(1.3 * columns, 3.2))
    for ax, item in zip(axes.flat, wrong, strict=True):
        ax.imshow(images[item["index"]], cmap="gray_r", interpolation="nearest")
        ax.set_title(
            f"true {item['label']}\nsaid {item['predicted']} "
            f"({item['confidence']:.0%})",
            fontsize=8,
        )
        ax.set_axis_off()
    fig.tight_layout()
    return fig


def _luminance(rgba) -> float:
    """Relative luminance (WCAG 2) of a colour with channels in [0, 1]. Above
    0.179, black text contrasts more with it than white text does."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in rgba[:3]
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def confusion(plt, run: dict):
    """The test set's confusion matrix, the mistakes coloured."""
    counts = np.array(run["confusion"])
    fig, ax = plt.subplots(figsize=(5.6, 5))
    # Colour the mistakes only; the diagonal (correct) would swamp the scale.
    off = np.where(np.eye(10, dtype=bool), 0, counts)
    cmap = plt.get_cmap("Oranges")
    image = ax.imshow(off, cmap=cmap)
    for i in range(10):
        for j in range(10):
            if i == j:
                colour = "#1a5e20"
            else:  # black or white, whichever stands out more on the cell
                cell = cmap(image.norm(off[i, j]))
                colour = "black" if _luminance(cell) > 0.179 else "white"
            ax.text(
                j, i, str(counts[i, j]), ha="center", va="center",
                fontsize=7, color=colour,
                fontweight="bold" if i == j else "normal",
            )  # fmt: skip
    ax.set(
        xticks=range(10),
        yticks=range(10),
        xlabel="predicted digit",
        ylabel="true digit",
        title=f"Confusion matrix ({counts.sum():,} test images)",
    )
    fig.tight_layout()
    return fig


def comparison(plt, labelled_runs, log_loss=False):
    """Training loss and validation accuracy per epoch of several runs."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(9, 3.4))
    for label, run in labelled_runs:
        h = run["history"]
        epochs = np.arange(1, len(h["train_loss"]) + 1)
        left.plot(epochs, _losses(h["train_loss"]), marker="o", ms=3)
        accuracy = 100 * np.array(h["val_accuracy"])
        right.plot(epochs, accuracy, marker="o", ms=3, label=label)
    left.set(
        xlabel="epoch",
        ylabel="training loss (log scale)" if log_loss else "training loss",
        yscale="log" if log_loss else "linear",
        title="Training loss",
    )
    right.set(
        xlabel="epoch",
        ylabel="validation accuracy (%)",
        title="Validation accuracy",
    )
    for ax in (left, right):
        _epoch_ticks(ax, len(epochs))
    right.legend()
    fig.tight_layout()
    return fig
