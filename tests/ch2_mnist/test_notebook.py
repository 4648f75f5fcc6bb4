"""The MNIST notebook holds its outputs, its cells are the module's sections, and it
carries no Jinja markers.

That a fresh kernel reproduces the stored outputs byte for byte (text and the PNG of
the predictions plot) is checked with every other published file by
tests/test_outputs.py: publish.py hands the notebook, built and run by
make_notebook.build(), to `out.notebook`.
"""

from __future__ import annotations

import nbformat

from snippets.ch2_mnist import make_notebook


def code_cells():
    notebook = nbformat.read(make_notebook.NOTEBOOK, as_version=4)
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_notebook_is_stored_with_its_outputs_and_a_plot():
    cells = code_cells()
    assert all(cell.outputs for cell in cells if "def " not in cell.source), (
        "a cell that prints or draws has no stored output; run `make outputs`"
    )
    images = [o for c in cells for o in c.outputs if "image/png" in o.get("data", {})]
    assert images, "the predictions plot is missing from the stored notebook"
    printed = "".join(o.get("text", "") for c in cells for o in c.outputs)
    assert "after the split: 50,000 training, 10,000 validation images" in printed
    assert "kept epoch" in printed


def test_notebook_cells_are_the_module_sections():
    sources = [cell.source for cell in code_cells()]
    for name in ("layers", "forward", "backward", "update", "train", "shapes_demo"):
        assert make_notebook.section(name) in sources, f"section {name!r} is not a cell"


def test_notebook_has_no_jinja_markers():
    """mkdocs-macros renders every page's source as a Jinja template, the notebook's JSON
    included (mkdocs-jupyter then discards that text and converts the notebook itself).
    A `{{`, `{%` or `{#` in the notebook would break or alter the build."""
    text = make_notebook.NOTEBOOK.read_text(encoding="utf-8")
    found = [marker for marker in ("{{", "{%", "{#") if marker in text]
    assert not found, f"{make_notebook.NOTEBOOK.name} contains Jinja markers {found}"
