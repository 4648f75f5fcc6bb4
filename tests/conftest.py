"""Test-suite wiring. The page-block tests are generated here.

Every Markdown page under docs/ is expanded with pymdownx.snippets' own
preprocessor, its blocks are parsed with pytest-codeblocks' public
`extract_from_buffer()` (see tools/pages.py), and each Python block becomes one
`test_page_block[...]` test in tests/test_pages.py. A page that cannot be read that
way (a missing snippet or section, a typed output, a Python fence the runner would
skip) becomes a failing test that names the page and says why.

The blocks and publish steps run once per session, through the same plan that
`make outputs` builds (tools/outputs.py), but never from its cache.
"""

from __future__ import annotations

import pytest

from tools.outputs import Plan, make_plan
from tools.pages import PROJECT_ROOT, PageError, all_pages, blocks_of


def _page_params():
    params = []
    for page in all_pages():
        try:
            blocks = blocks_of(page)
        except PageError as error:
            params.append(pytest.param(error, id=f"{page.relative_to(PROJECT_ROOT)}:unreadable"))
            continue
        params += [pytest.param(block, id=block.test_id) for block in blocks]
    return params


def pytest_generate_tests(metafunc):
    if "page_block" in metafunc.fixturenames:
        metafunc.parametrize("page_block", _page_params())


@pytest.fixture(scope="session")
def fresh_plan() -> Plan:
    """Every page chain and publish step run now, each in its own process."""
    return make_plan()


def pytest_collection_modifyitems(config, items):
    """With pytest-xdist (`-n 2 --dist loadgroup`), the tests that share the one plan run
    on one worker, so the plan is built once; the rest spread over the workers."""
    for item in items:
        if "fresh_plan" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("plan"))
