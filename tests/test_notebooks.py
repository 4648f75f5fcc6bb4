"""Every page with code has a notebook, stored with its outputs, that a fresh kernel
reproduces exactly, and whose cells print what the page shows."""

from __future__ import annotations

import json

import pytest

from tools.notebooks import notebook_path, pages_with_code
from tools.pages import PROJECT_ROOT, all_pages, blocks_of

PAGES = pages_with_code(all_pages())


def page_id(page) -> str:
    return page.relative_to(PROJECT_ROOT).as_posix()


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_stored_notebook_is_what_a_fresh_build_and_run_gives(page, fresh_plan):
    """The plan built the notebook from the page and ran it in a fresh kernel."""
    rel = page_id(page)
    result = fresh_plan.results[f"notebook:{rel}"]
    if result.error:
        pytest.fail(f"the notebook of {rel} failed to build or run:\n{result.error}", pytrace=False)
    stored = notebook_path(page)
    assert stored.is_file(), f"{stored.relative_to(PROJECT_ROOT)} is missing; run `make outputs`"
    (fresh,) = result.files.values()
    assert stored.read_bytes() == fresh, (
        f"{stored.relative_to(PROJECT_ROOT)} differs from a fresh build and run of {rel}; "
        "run `make outputs` and review the change"
    )


@pytest.mark.parametrize("page", PAGES, ids=page_id)
def test_each_code_cell_prints_what_its_page_block_prints(page, fresh_plan):
    """One kernel runs the whole notebook; no block may lean on another's leftovers."""
    notebook = json.loads(notebook_path(page).read_text(encoding="utf-8"))
    cells = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    blocks = blocks_of(page)
    assert len(cells) == len(blocks)
    for cell, block in zip(cells, blocks, strict=True):
        printed = "".join(
            "".join(out["text"])
            for out in cell["outputs"]
            if out["output_type"] == "stream" and out["name"] == "stdout"
        )
        assert printed == fresh_plan.block_outputs[(block.page, block.index)], (
            f"{block.describe()}: its notebook cell prints something else"
        )
