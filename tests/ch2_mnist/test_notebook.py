"""The MNIST notebook is built from the module's sections and runs top to bottom."""

from __future__ import annotations

import nbformat
from nbclient import NotebookClient

from snippets.ch2_mnist import make_notebook


def test_notebook_is_built_from_the_current_module():
    committed = make_notebook.NOTEBOOK.read_text(encoding="utf-8")
    assert committed == make_notebook.build(), (
        f"{make_notebook.NOTEBOOK.name} is out of date with mnist_mlp.py; rebuild it with "
        "`.venv/bin/python -m snippets.ch2_mnist.make_notebook`"
    )


def test_notebook_is_stored_without_outputs():
    notebook = nbformat.read(make_notebook.NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")


def test_notebook_runs_top_to_bottom_in_a_fresh_kernel(monkeypatch):
    monkeypatch.delenv("MNIST_DIR", raising=False)  # it must find data/mnist by itself
    monkeypatch.setenv("MPLBACKEND", "Agg")
    # One BLAS thread keeps the kernel's time steady when other processes share the cores.
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    notebook = nbformat.read(make_notebook.NOTEBOOK, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(make_notebook.NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, if any cell fails
    outputs = "".join(
        out.get("text", "")
        for cell in notebook.cells
        for out in cell.get("outputs", [])
        if out.get("name") == "stdout"
    )
    assert "Epoch  3/3" in outputs and "training images: (60000, 784)" in outputs


def test_notebook_has_no_jinja_markers():
    """mkdocs-macros renders every page's source as a Jinja template, the notebook's JSON
    included (mkdocs-jupyter then discards that text and converts the notebook itself).
    A `{{`, `{%` or `{#` in the notebook would break or alter the build."""
    text = make_notebook.NOTEBOOK.read_text(encoding="utf-8")
    found = [marker for marker in ("{{", "{%", "{#") if marker in text]
    assert not found, f"{make_notebook.NOTEBOOK.name} contains Jinja markers {found}"
