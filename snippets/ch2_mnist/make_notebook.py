"""Build docs/ch2_mnist/mnist_from_scratch.ipynb from the sections of mnist_mlp.py.

The notebook walks through the same code as the page, so its code cells are cut
from the module's named sections, never retyped. Rebuild it after editing the module:

    .venv/bin/python -m snippets.ch2_mnist.make_notebook

tests/ch2_mnist/test_notebook.py fails when the committed notebook differs from what
this builds, and runs it from top to bottom in a fresh kernel. It is stored without
outputs: the published results of the full run are on the page.
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
MODULE = ROOT / "snippets" / "ch2_mnist" / "mnist_mlp.py"
NOTEBOOK = ROOT / "docs" / "ch2_mnist" / "mnist_from_scratch.ipynb"
SUBSET, SUBSET_EPOCHS = 10_000, 3


def section(name: str) -> str:
    """The code between `# --8<-- [start:name]` and `[end:name]`, dedented."""
    text = MODULE.read_text(encoding="utf-8")
    match = re.search(
        rf"^[ \t]*# --8<-- \[start:{name}\]\n(.*?)^[ \t]*# --8<-- \[end:{name}\]",
        text,
        re.M | re.S,
    )
    if not match:
        raise ValueError(f"{MODULE.name} has no section {name!r}")
    return textwrap.dedent(match.group(1)).strip("\n")


def cells() -> list[tuple[str, str]]:
    md, code = "markdown", "code"
    return [
        (
            md,
            textwrap.dedent(f"""\
            # 2.8 MNIST from scratch: the notebook

            <a href="mnist_from_scratch.ipynb" download>Download this notebook (.ipynb)</a>

            A neural network that reads handwritten digits, written with NumPy only. This
            notebook walks through the same code as the course page, section by section.
            Run the cells from top to bottom.

            **It trains on a subset.** To stay quick (the test suite runs this notebook from
            top to bottom), the training cell at the end uses the first {SUBSET:,} training
            images for {SUBSET_EPOCHS} epochs. The course page publishes the full run:
            60,000 images, 20 epochs.

            **Data.** The MNIST database of handwritten digits is by Yann LeCun, Corinna
            Cortes and Christopher J.C. Burges, available under the Creative Commons
            Attribution-Share Alike 3.0 license. The course ships the four original gzip
            files in `data/mnist/`. The loader finds that folder from anywhere inside the
            course repository. If you downloaded only this notebook, set the environment
            variable `MNIST_DIR` to a folder that holds the four files. Nothing is
            downloaded."""),
        ),
        (
            md,
            "## 1. Load and check the data\n\nEach file's SHA-256 is checked before it "
            "is parsed. Images become float32 rows of 784 pixels in [0, 1].",
        ),
        (code, section("loader") + "\n\n" + section("loader_demo")),
        (
            md,
            "## 2. Layers, activations and the loss\n\nHe initialisation, ReLU, sigmoid "
            "(for exercise 3), a numerically stable softmax and the cross-entropy loss.",
        ),
        (code, section("layers")),
        (
            md,
            "## 3. The forward pass\n\nEach layer computes `A @ W + b` on a batch of rows, "
            "then its activation.",
        ),
        (code, section("forward")),
        (
            md,
            "## 4. The backward pass\n\nFor softmax with cross-entropy, the gradient at the "
            "output scores is `(probs - one_hot) / n`; the chain rule does the rest.",
        ),
        (code, section("backward")),
        (
            md,
            "## 5. The update\n\nPlain SGD by default; `momentum=0.9` turns on SGD with "
            "momentum.",
        ),
        (code, section("update")),
        (
            md,
            "## 6. The training loop\n\nEach epoch shuffles an index array and gathers "
            "batches of 128 rows; the data set is never copied as a whole.",
        ),
        (code, section("train")),
        (md, "Check the shapes on five images before training:"),
        (code, section("shapes_demo")),
        (
            md,
            textwrap.dedent(f"""\
            ## 7. Train (on a subset)

            The first {SUBSET:,} training images, {SUBSET_EPOCHS} epochs, scored on all
            10,000 test images. The full run on the page takes the whole training set for
            20 epochs: change the two numbers below to reproduce it."""),
        ),
        (
            code,
            textwrap.dedent(f"""\
            n_train, epochs = {SUBSET}, {SUBSET_EPOCHS}
            params, history = train(X_train[:n_train], y_train[:n_train], X_test, y_test,
                                    epochs=epochs, log_epochs=range(1, epochs + 1))
            print(f"{{np.mean(history['seconds']):.2f}} s per epoch")"""),
        ),
        (md, "## 8. Look at some predictions"),
        (
            code,
            textwrap.dedent("""\
            import matplotlib.pyplot as plt

            probs, _ = forward(params, X_test[:12])
            fig, axes = plt.subplots(2, 6, figsize=(9, 3.5))
            for ax, image, p, label in zip(axes.flat, X_test[:12], probs, y_test[:12]):
                ax.imshow(image.reshape(28, 28), cmap="gray_r")
                ax.set_title(f"true {label}, said {p.argmax()}", fontsize=9)
                ax.set_axis_off()
            plt.show()"""),
        ),
        (
            md,
            textwrap.dedent("""\
            ## Try it yourself

            - Exercise 1: train with `lr=0.001`, `0.01`, `0.1` and `1.0`.
            - Exercise 2: add a third hidden layer, `layer_sizes=(784, 128, 64, 32, 10)`.
            - Exercise 3: use `activation="sigmoid"`.
            - Add momentum: `momentum=0.9`.

            The course page shows the results of each over 20 full epochs."""),
        ),
    ]


def build() -> str:
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
        make = (
            nbformat.v4.new_markdown_cell
            if kind == "markdown"
            else nbformat.v4.new_code_cell
        )
        cell = make(source)
        cell["id"] = f"cell-{i:02d}"
        notebook.cells.append(cell)
    nbformat.validate(notebook)
    return nbformat.writes(notebook) + "\n"


def main() -> int:
    text = build()
    if NOTEBOOK.is_file() and NOTEBOOK.read_text(encoding="utf-8") == text:
        print(f"{NOTEBOOK.relative_to(ROOT)} is up to date")
    else:
        NOTEBOOK.write_text(text, encoding="utf-8")
        print(f"wrote {NOTEBOOK.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
