"""The MNIST notebook runs top to bottom, holds no outputs and no Jinja markers.

Its freshness (the committed file is what make_notebook.build() makes from the
current module) is checked with every other published file by
tests/test_outputs.py, since publish.py hands it to `out.notebook`.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient

from snippets.ch2_mnist import make_notebook

NOTEBOOK = Path(__file__).resolve().parents[2] / "docs" / "ch2_mnist" / make_notebook.NOTEBOOK_NAME


def test_notebook_is_stored_without_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def test_notebook_cells_are_the_module_sections():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    sources = [cell.source for cell in notebook.cells if cell.cell_type == "code"]
    for name in ("layers", "forward", "backward", "update", "train", "shapes_demo"):
        assert make_notebook.section(name) in sources, f"section {name!r} is not a cell"


def test_notebook_runs_top_to_bottom_in_a_fresh_kernel(monkeypatch):
    monkeypatch.delenv("MNIST_DIR", raising=False)  # it must find data/mnist by itself
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # One BLAS thread keeps the kernel's time steady when other processes share the cores.
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    outputs = "".join(
        out.get("text", "")
        for cell in notebook.cells
        for out in cell.get("outputs", [])
        if out.get("name") == "stdout"
    )
    assert "Epoch  3/3" in outputs and "training images: (60000, 784)" in outputs
    assert "after the split: 50,000 training, 10,000 validation images" in outputs
    assert "kept epoch" in outputs


def test_notebook_has_no_jinja_markers():
    """mkdocs-macros renders every page's source as a Jinja template, the notebook's JSON
    included (mkdocs-jupyter then discards that text and converts the notebook itself).
    A `{{`, `{%` or `{#` in the notebook would break or alter the build."""
    text = NOTEBOOK.read_text(encoding="utf-8")
    found = [marker for marker in ("{{", "{%", "{#") if marker in text]
    assert not found, f"{NOTEBOOK.name} contains Jinja markers {found}"
