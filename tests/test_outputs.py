"""Generated files are exactly what the code produces now, nothing else lives in a
generated/ folder, and every published value is quoted on some page."""

import json
import re

import pytest

from tools.macros import VALUES_FILE
from tools.outputs import chapters_with_publish
from tools.pages import DOCS_DIR, PROJECT_ROOT


@pytest.mark.parametrize("chapter", chapters_with_publish())
def test_chapter_artifacts_are_fresh(chapter, fresh_plan):
    result = fresh_plan.results[f"publish:{chapter}"]
    if result.error:
        pytest.fail(f"snippets/{chapter}/publish.py failed:\n{result.error}", pytrace=False)
    stale = []
    for rel, data in sorted(result.files.items()):
        path = PROJECT_ROOT / rel
        if not path.is_file():
            stale.append(f"{rel} is missing")
        elif path.read_bytes() != data:
            stale.append(f"{rel} differs from what snippets/{chapter}/publish.py produces now")
    if stale:
        pytest.fail("; ".join(stale) + ". Run `make outputs` and review the change.", pytrace=False)


def test_every_generated_file_has_a_producer(fresh_plan):
    orphans = [str(path.relative_to(PROJECT_ROOT)) for path in fresh_plan.orphans()]
    assert not orphans, f"nothing produces {orphans}; run `make outputs`, which removes them"


_VALUE_CALL = re.compile(r"""value\(\s*["']([^"']+)["']\s*\)""")


def test_every_published_value_is_used_on_a_page(fresh_plan):
    used = set()
    for page in DOCS_DIR.rglob("*.md"):
        chapter = page.parent.relative_to(DOCS_DIR).as_posix()
        for name in _VALUE_CALL.findall(page.read_text(encoding="utf-8")):
            used.add(name if ":" in name else f"{chapter}:{name}")
    unused = []
    for path, data in fresh_plan.files.items():
        if path.name == VALUES_FILE:
            chapter = path.parent.parent.relative_to(DOCS_DIR).as_posix()
            unused += [
                f"{chapter}:{name}" for name in json.loads(data) if f"{chapter}:{name}" not in used
            ]
    assert not unused, (
        f"published but quoted on no page: {sorted(unused)}. Quote each with "
        '{{ value("name") }} or stop publishing it in snippets/<chapter>/publish.py.'
    )
