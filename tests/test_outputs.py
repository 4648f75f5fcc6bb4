"""Generated files are exactly what the code produces now, and nothing else lives there."""

import functools

import pytest

from tools.outputs import chapter_artifacts, chapters_with_publish
from tools.pages import DOCS_DIR, PROJECT_ROOT, all_pages, blocks_of


@functools.cache
def artifacts_of(chapter: str) -> dict:
    return chapter_artifacts(chapter).files()


@pytest.mark.parametrize("chapter", chapters_with_publish())
def test_chapter_artifacts_are_fresh(chapter):
    stale = []
    for path, data in sorted(artifacts_of(chapter).items()):
        rel = path.relative_to(PROJECT_ROOT)
        if not path.is_file():
            stale.append(f"{rel} is missing")
        elif path.read_bytes() != data:
            stale.append(f"{rel} differs from what snippets/{chapter}/publish.py produces now")
    if stale:
        pytest.fail("; ".join(stale) + ". Run `make outputs` and review the change.", pytrace=False)


def test_every_generated_file_has_a_producer():
    produced = {path for chapter in chapters_with_publish() for path in artifacts_of(chapter)}
    for page in all_pages():
        produced |= {PROJECT_ROOT / b.output_file for b in blocks_of(page) if b.output_file}
    orphans = sorted(
        str(path.relative_to(PROJECT_ROOT))
        for path in DOCS_DIR.glob("**/generated/*")
        if path.is_file() and path not in produced
    )
    assert not orphans, f"nothing produces {orphans}; run `make outputs`, which removes them"
