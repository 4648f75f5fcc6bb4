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
DIAGRAMS_AND_MATH_DRAWN = """
() => {
  const diagrams = [...document.querySelectorAll("div.mermaid, pre.mermaid")];
  const math = [...document.querySelectorAll(".arithmatex")];
  return diagrams.every(d => d.shadowRoot && d.shadowRoot.querySelector("svg"))
      && math.every(m => m.querySelector(".katex"));
}
"""

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
    """Open `url`; return (page, problems) where problems lists what went wrong."""
    page = browser.new_page()
    problems: list[str] = []
    host = urlsplit(url).netloc
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
    return page, problems


def test_page_renders_cleanly(browser, site_server, page_path):
    page, problems = visit(browser, site_server.rstrip("/") + page_path)
    try:
        page.wait_for_function(DIAGRAMS_AND_MATH_DRAWN, timeout=15_000)
    except Exception:
        counts = page.evaluate(
            "() => [document.querySelectorAll('div.mermaid, pre.mermaid').length,"
            " document.querySelectorAll('.arithmatex').length]"
        )
        problems.append(f"diagrams or math not rendered ({counts[0]} diagrams, {counts[1]} math)")
    page.close()
    assert not problems, "\n".join(problems)


def test_instant_navigation_renders_diagrams_on_the_next_page(browser, site_server):
    """Navigate from a page without Mermaid to one with a diagram, without a reload."""
    page, problems = visit(browser, site_server)
    assert page.evaluate("typeof mermaid") == "undefined", "the home page should not load Mermaid"
    page.locator("article a[href$='/ch1_ai_ml_dl/']").first.click()
    page.wait_for_url("**/ch1_ai_ml_dl/")
    page.wait_for_function(DIAGRAMS_AND_MATH_DRAWN, timeout=15_000)
    diagrams = page.evaluate("() => document.querySelectorAll('div.mermaid').length")
    page.close()
    assert diagrams >= 1
    assert not problems, "\n".join(problems)
