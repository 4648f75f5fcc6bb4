"""Every Python block on every page runs as shown and prints its published output."""

import pytest

from tools.pages import PageError


def test_page_block(page_block, fresh_plan):
    if isinstance(page_block, PageError):
        pytest.fail(str(page_block), pytrace=False)
    key = (page_block.page, page_block.index)
    if key in fresh_plan.block_errors:
        pytest.fail(fresh_plan.block_errors[key], pytrace=False)
    problem = page_block.mismatch(fresh_plan.block_outputs[key])
    if problem:
        pytest.fail(problem, pytrace=False)
