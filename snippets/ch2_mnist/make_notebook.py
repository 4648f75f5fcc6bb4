"""The notebook docs/ch2_mnist/mnist_from_scratch.ipynb, from mnist_mlp.py.

The notebook walks through the same code as the page, so its code cells are
the module's named sections, read with `tools.pages.include` exactly as the
page shows them, never retyped. publish.py hands `build()` to
`out.notebook(...)`, so `make outputs` rebuilds it and the freshness test of
tests/test_outputs.py fails when it is stale. It is stored with its outputs,
run in a fresh kernel by tools/notebooks.py (one BLAS thread), so the site's
notebook page shows what each cell printed and drew.
"""

from __future__ import annotations

import re
import textwrap
from itertools import pairwise

import nbformat

from tools import notebooks
from tools.pages import PROJECT_ROOT, include

MODULE = "snippets/ch2_mnist/mnist_mlp.py"
NOTEBOOK = PROJECT_ROOT / "docs" / "ch2_mnist" / "mnist_from_scratch.ipynb"
NOTEBOOK_NAME = NOTEBOOK.name
SUBSET, SUBSET_EPOCHS = 10_000, 3


TRAIN_CELL = textwrap.dedent(f"""\
    n_train, epochs = {SUBSET}, {SUBSET_EPOCHS}
    params, history = train(
        X_train[:n_train], y_train[:n_train], X_val, y_val,
        epochs=epochs, log_epochs=range(1, epochs + 1),
    )
    test_loss, test_accuracy = evaluate(params, X_test, y_test)
    print(f"kept epoch {{history['best_epoch']}}, "
          f"test accuracy {{test_accuracy:.2%}}")""")
# The Markdown cell after the training cell describes its log, so it is
# written from that log once the notebook has run (see training_note).
TRAINING_NOTE = "(written from the training log after the run)"
SHARP_FALL_POINTS = 1.0  # the note calls a fall of this much "sharp"


def section(name: str) -> str:
    return include(MODULE, name)


def _text(block: str) -> str:
    return textwrap.dedent(block).strip("\n")


def cells() -> list[tuple[str, str]]:
    md, code = "markdown", "code"
    return [
        (
            md,
            _text(f"""
            # 2.8 MNIST from scratch: the notebook

            <a href="{NOTEBOOK_NAME}" download>Download this notebook</a>

            A neural network that reads handwritten digits, written with
            NumPy only. This notebook walks through the same code as the
            course page, section by section. Run the cells from top to
            bottom.

            **It trains on a subset.** To stay quick, the training cell at
            the end uses the first {SUBSET:,} training images for
            {SUBSET_EPOCHS} epochs. The outputs stored here come from running
            it top to bottom with one BLAS thread; the test suite checks that
            a fresh kernel prints them again, byte for byte. The course page
            publishes the full run: 50,000 training images (10,000 more are
            held out for validation), 20 epochs.

            **Data.** The MNIST database of handwritten digits is by Yann
            LeCun, Corinna Cortes and Christopher J.C. Burges, available
            under the Creative Commons Attribution-Share Alike 3.0 license.
            The course ships the four original gzip files in `data/mnist/`,
            and the loader finds that folder from anywhere inside the course
            repository. If you downloaded only this notebook, download the
            four files from the MNIST page's "Run this page yourself" box
            into one folder, and set the environment variable `MNIST_DIR` to
            it or pass it: `load_mnist("path/to/folder")`.
            Nothing is downloaded."""),
        ),
        (
            md,
            _text("""
            ## 1. Load and check the data

            Each file's SHA-256 is checked before it is parsed. Images
            become float32 rows of 784 pixels in [0, 1]. A seeded split
            holds 10,000 training images out for validation."""),
        ),
        (code, section("loader") + "\n\n" + section("loader_demo")),
        (
            md,
            _text("""
            ## 2. Checks, layers, activations and the loss

            Input checks, He initialisation, ReLU, sigmoid (for exercise 3),
            a numerically stable softmax and the cross-entropy loss."""),
        ),
        (code, section("layers")),
        (
            md,
            _text("""
            ## 3. The forward pass

            Each layer computes `A @ W + b` on a batch of rows, then its
            activation."""),
        ),
        (code, section("forward")),
        (
            md,
            _text("""
            ## 4. The backward pass

            For softmax with cross-entropy, the gradient at the output
            scores is `(probs - one_hot) / n`; the chain rule does the
            rest."""),
        ),
        (code, section("backward")),
        (
            md,
            _text("""
            ## 5. The update

            Plain SGD by default; `momentum=0.9` turns on SGD with
            momentum."""),
        ),
        (code, section("update")),
        (
            md,
            _text("""
            ## 6. The training loop

            Each epoch shuffles an index array and gathers batches of 128
            rows. After each epoch the network is scored on the validation
            set, and the best epoch's parameters are kept."""),
        ),
        (code, section("train")),
        (md, "Check the shapes on five images before training:"),
        (code, section("shapes_demo")),
        (
            md,
            _text(f"""
            ## 7. Train (on a subset)

            The first {SUBSET:,} training images, {SUBSET_EPOCHS} epochs,
            monitored on the 10,000 validation images. The test set is
            scored once, at the end. The full run on the page takes all
            50,000 training images for 20 epochs: change the two numbers
            below to reproduce it."""),
        ),
        (code, TRAIN_CELL),
        (md, TRAINING_NOTE),
        (md, "## 8. Look at some predictions"),
        (
            code,
            _text("""
            import matplotlib.pyplot as plt

            probs, _ = forward(params, X_test[:12])
            fig, axes = plt.subplots(2, 6, figsize=(9, 3.5))
            for ax, image, p, label in zip(
                axes.flat, X_test[:12], probs, y_test[:12]
            ):
                ax.imshow(image.reshape(28, 28), cmap="gray_r")
                ax.set_title(f"true {label}, said {p.argmax()}", fontsize=9)
                ax.set_axis_off()
            plt.show()"""),
        ),
        (
            md,
            _text("""
            ## Try it yourself

            - Exercise 1: train with `lr=0.001`, `0.01`, `0.1` and `1.0`.
            - Exercise 2: add a third hidden layer,
              `layer_sizes=(784, 128, 64, 32, 10)`.
            - Exercise 3: use `activation="sigmoid"`.
            - Add momentum: `momentum=0.9`.

            The course page shows the results of each over 20 full
            epochs."""),
        ),
    ]


def training_note(log: str) -> str:
    """The note after the training cell, from the log that cell printed."""
    accuracies = [
        float(a) for a in re.findall(r"validation accuracy ([\d.]+)%", log)
    ]
    kept = re.search(r"kept epoch (\d+)", log)
    if len(accuracies) != SUBSET_EPOCHS or not kept:
        raise ValueError(
            f"the training cell printed an unexpected log: {log!r}"
        )
    falls = [before - after for before, after in pairwise(accuracies)]
    worst = max(range(len(falls)), key=falls.__getitem__)
    best = accuracies.index(max(accuracies)) + 1
    if falls[worst] < SHARP_FALL_POINTS or int(kept.group(1)) != best:
        raise ValueError(
            "the notebook says an epoch's validation accuracy fell sharply "
            "and train kept the best epoch, which no longer holds"
        )
    note = f"""
        **An epoch can go backwards.** At epoch {worst + 2} the validation
        accuracy fell by {falls[worst]:.2f} points, from
        {accuracies[worst]:.2f}% to {accuracies[worst + 1]:.2f}%. This
        early in training, on a small subset, that can happen: at learning
        rate 0.1 the steps are large, and the validation set is scored
        wherever the epoch's last steps left the weights. Such a fall
        costs nothing here: `train` returns the epoch with the best
        validation accuracy, epoch {best}, and only that network is scored
        on the test set."""
    return textwrap.fill(" ".join(note.split()), width=72)


def _fill_training_note(notebook) -> None:
    by_source = {cell.source: cell for cell in notebook.cells}
    log = "".join(
        output.get("text", "") for output in by_source[TRAIN_CELL].outputs
    )
    by_source[TRAINING_NOTE].source = training_note(log)


def build() -> str:
    """The notebook, run top to bottom in a fresh kernel, as JSON text."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {
        "kernelspec": {
            "display_name": "Python 3",
            "language": "python",
            "name": "python3",
        },
        "language_info": {"name": "python"},
    }
    for i, (kind, source) in enumerate(cells(), start=1):
        if kind == "markdown":
            cell = nbformat.v4.new_markdown_cell(source)
        else:
            cell = nbformat.v4.new_code_cell(source)
        cell["id"] = f"cell-{i:02d}"
        notebook.cells.append(cell)
    nbformat.validate(notebook)
    notebooks.execute(notebook, NOTEBOOK.parent)
    _fill_training_note(notebook)
    text = nbformat.writes(notebook) + "\n"
    # mkdocs-macros renders every page's source as a Jinja template, the
    # notebook's JSON included: a marker there would break the build.
    found = [m for m in ("{{", "{%", "{#") if m in text]
    if found:
        raise ValueError(f"the notebook contains Jinja markers {found}")
    return text
