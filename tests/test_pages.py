"""Every Python block on every page runs as shown and prints its published output."""

import pytest

from tools.pages import PageError


def test_page_block(page_block, chain_runner):
    block, page_blocks = page_block
    if isinstance(block, PageError):
        pytest.fail(str(block), pytrace=False)
    printed = chain_runner.output_of(block, page_blocks)
    problem = block.mismatch(printed)
    if problem:
        pytest.fail(problem, pytrace=False)
