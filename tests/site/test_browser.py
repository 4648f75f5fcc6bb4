"""Every page in headless Chromium: no console errors, no other host, diagrams and math drawn.

Drives Debian's Chromium (/usr/bin/chromium) through Playwright; no browser is downloaded.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.pages import DOCS_DIR

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Material draws each Mermaid diagram inside a closed shadow root; open them so the
# test can see the SVG. Test-only: the site itself is unchanged.
OPEN_SHADOW_ROOTS = """
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attachShadow.call(this, Object.assign({}, init, { mode: "open" }));
};
"""
# How many diagrams and formulas the page shows as drawn: a Mermaid diagram is an SVG
# in its shadow root, a formula is KaTeX output inside its .arithmatex wrapper.
COUNT_DRAWN = """
() => [
  [...document.querySelectorAll(".mermaid")].filter(d => d.shadowRoot && d.shadowRoot.querySelector("svg")).length,
  [...document.querySelectorAll(".arithmatex")].filter(m => m.querySelector(".katex")).length,
]
"""


def expected_counts(html: str) -> list[int]:
    """Diagrams and formulas in the built HTML, before any script runs."""
    return [html.count('class="mermaid"'), html.count('class="arithmatex"')]


def wait_until_drawn(page, expected: list[int], problems: list[str]) -> None:
    try:
        page.wait_for_function(f"({COUNT_DRAWN})().join() === '{expected[0]},{expected[1]}'", timeout=15_000)
    except Exception:
        drawn = page.evaluate(COUNT_DRAWN)
        problems.append(
            f"drawn {drawn[0]} of {expected[0]} diagrams and {drawn[1]} of {expected[1]} formulas"
        )


pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get install -y chromium` (make test does this as root)")
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        context.add_init_script(OPEN_SHADOW_ROOTS)
        yield context
        context.close()


def url_path(source: Path) -> str:
    """Where MkDocs publishes a page (use_directory_urls): x/index.md -> /x/, x/y.md -> /x/y/."""
    parts = source.relative_to(DOCS_DIR).with_suffix("").parts
    if parts[-1] == "index":
        parts = parts[:-1]
    return "/" + "".join(f"{part}/" for part in parts)


def pytest_generate_tests(metafunc):
    if "page_path" in metafunc.fixturenames:
        sources = [p for p in DOCS_DIR.rglob("*") if p.suffix in (".md", ".ipynb") and "generated" not in p.parts]
        metafunc.parametrize("page_path", sorted(map(url_path, sources)))


def visit(browser, url: str):
    """Open `url`; return (page, problems, requested URLs)."""
    page = browser.new_page()
    problems: list[str] = []
    requested: list[str] = []
    host = urlsplit(url).netloc
    page.on("request", lambda r: requested.append(r.url))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed request: {r.url} ({r.failure})"))
    page.on(
        "request",
        lambda r: urlsplit(r.url).netloc not in ("", host)
        and not r.url.startswith("data:")
        and problems.append(f"request to another host: {r.url}"),
    )
    response = page.goto(url, wait_until="networkidle")
    if response is None or not response.ok:
        problems.append(f"HTTP {response.status if response else 'no response'} for {url}")
    return page, problems, requested


def test_page_renders_cleanly(browser, site_url, site_dir, page_path):
    built = site_dir / page_path.lstrip("/") / "index.html"
    page, problems, requested = visit(browser, site_url + page_path.lstrip("/"))
    diagrams, formulas = expected_counts(built.read_text(encoding="utf-8"))
    wait_until_drawn(page, [diagrams, formulas], problems)
    page.close()
    for library, needed in (("mermaid.min.js", diagrams > 0), ("katex.min.js", formulas > 0)):
        loaded = any(url.endswith(library) for url in requested)
        if loaded != needed:
            problems.append(f"{library} {'loaded' if loaded else 'not loaded'} on a page with "
                            f"{diagrams} diagrams and {formulas} formulas")
    assert not problems, "\n".join(problems)


def test_instant_navigation_renders_diagrams_on_the_next_page(browser, site_url, site_dir):
    """Navigate from a page without Mermaid to one with diagrams, without a reload."""
    target = "ch1_ai_ml_dl/"
    expected = expected_counts((site_dir / target / "index.html").read_text(encoding="utf-8"))
    assert expected[0] >= 1, f"{target} should have a diagram"
    page, problems, _ = visit(browser, site_url)
    assert page.evaluate("typeof mermaid.parse") == "undefined", "the home page should not load Mermaid"
    page.evaluate("window.sameDocument = true")  # survives instant navigation, not a reload
    page.locator(f"article a[href$='/{target}']").first.click()
    page.wait_for_url(lambda url: f"/{target}" in url)
    wait_until_drawn(page, expected, problems)
    instant = page.evaluate("window.sameDocument === true")
    page.close()
    assert instant, "the click reloaded the page instead of navigating instantly"
    assert not problems, "\n".join(problems)
