"""Every Python block on every page runs as shown and prints its published output."""

import re
from itertools import pairwise

import pytest

from tools.pages import PROJECT_ROOT, PageError, all_pages, expand


def test_page_block(page_block, fresh_plan):
    if isinstance(page_block, PageError):
        pytest.fail(str(page_block), pytrace=False)
    key = (page_block.page, page_block.index)
    if key in fresh_plan.block_errors:
        pytest.fail(fresh_plan.block_errors[key], pytrace=False)
    problem = page_block.mismatch(fresh_plan.block_outputs[key])
    if problem:
        pytest.fail(problem, pytrace=False)


_INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"(snippets/[^"]+)"\s*$')


def test_back_to_back_includes_are_separated_by_a_blank_line():
    """Two sections glued together read as one, and break in the classic Python prompt."""
    glued = []
    for page in all_pages():
        lines = page.read_text(encoding="utf-8").split("\n")
        for number, (first, second) in enumerate(pairwise(lines), start=1):
            back_to_back = _INCLUDE.match(first) and _INCLUDE.match(second)
            if back_to_back and not expand(first.strip()).endswith("\n\n"):
                glued.append(f"{page.relative_to(PROJECT_ROOT)}:{number}")
    assert not glued, f"put a blank line after the include at {glued}"
