"""The glossary in the built site: tooltips on every page, and the Glossary page.

tests/test_glossary.py checks the definitions themselves; this checks what a reader
gets. Material turns each <abbr title="..."> into a tooltip when the theme feature
`content.tooltips` is on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.test_glossary import content_pages, terms, terms_used


def built_page(site: Path, page: str) -> Path:
    """Where MkDocs writes docs/<page> (directory URLs)."""
    stem = page.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return site / stem.removesuffix("index") / "index.html"
    return site / stem / "index.html"


def tooltips(html_file: Path) -> dict[str, set[str]]:
    """Term -> the titles its <abbr> elements carry on the page's content."""
    soup = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    found: dict[str, set[str]] = {}
    for abbr in soup.select("article abbr"):
        found.setdefault(abbr.get_text(), set()).add(abbr.get("title", ""))
    return found


@pytest.mark.parametrize("page", sorted(content_pages()))
def test_each_term_a_page_uses_shows_its_definition(site_dir, page):
    shown = tooltips(built_page(site_dir, page))
    wrong = {
        term: sorted(shown.get(term, set()))
        for term in sorted(terms_used(content_pages()[page]))
        if shown.get(term) != {terms()[term]}
    }
    assert not wrong, f"{page}: terms without their definition as a tooltip: {wrong}"


def test_the_glossary_page_lists_exactly_the_terms(site_dir):
    soup = BeautifulSoup((site_dir / "glossary" / "index.html").read_text(), "html.parser")
    listed = [dfn.get_text() for dfn in soup.select("article dl dt dfn")]
    assert sorted(listed) == sorted(terms()), "each term once, and nothing else"
    definitions = {dd.get_text().strip() for dd in soup.select("article dl dd")}
    # Terms inside a definition carry tooltips of their own; their text is unchanged.
    assert definitions == set(terms().values())
    assert not soup.select("article dt abbr"), "a term's tooltip would repeat its definition"


def test_the_tooltips_feature_is_on(site_dir):
    assert '"content.tooltips"' in (site_dir / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_pointing_at_a_term_shows_its_definition(chromium, site_url):
    """Material replaces the title with its own tooltip; the reader sees the text."""
    term = "BPE"
    page = chromium.new_page(viewport={"width": 1280, "height": 800})
    page.goto(site_url + "ch4_llms/tokens_attention/", wait_until="networkidle")
    page.locator("article abbr", has_text=term).first.hover()
    tooltip = page.locator(".md-tooltip2--active[role=tooltip]")
    tooltip.wait_for(state="visible", timeout=5_000)
    shown = tooltip.inner_text()
    page.close()
    assert " ".join(shown.split()) == terms()[term]
