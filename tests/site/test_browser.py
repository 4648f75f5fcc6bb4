"""Every page in headless Chromium, at desktop and mobile widths, in light and dark schemes.

Checks: no console errors, no failed requests, no request to another host, every
diagram and formula drawn, every image loaded, KaTeX fetched only where needed and
Mermaid never (diagrams are drawn at build time); every diagram label at least 10 CSS
px tall on screen at 1280 and 390 px; plots on a light card in both schemes; every
page at most 600 KB (gzip) on a cold cache; axe-core finds no serious or critical
violation; search finds each chapter; instant navigation keeps diagrams drawn. A
failing page leaves a screenshot in test-artifacts/. Drives Debian's Chromium
(/usr/bin/chromium) through Playwright; no browser is downloaded.
"""

from __future__ import annotations

import gzip
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tools.browser import OPEN_SHADOW_ROOTS
from tools.pages import DOCS_DIR, PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "test-artifacts"
PAGE_BUDGET_BYTES = 600_000  # every page, on a cold cache: all it fetches, as gzip sends it
SMALLEST_LABEL_PX = 10  # a diagram label's on-screen font size, in CSS px
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"

VIEWS = {
    "desktop-light": ({"width": 1280, "height": 800}, "light"),
    "desktop-dark": ({"width": 1280, "height": 800}, "dark"),
    "mobile-light": ({"width": 390, "height": 844}, "light"),
    "mobile-dark": ({"width": 390, "height": 844}, "dark"),
}
# A term each chapter teaches, and the folder search must lead to.
SEARCH_TERMS = {
    "ch1_ai_ml_dl": "Naive Bayes",
    "ch2_neural_networks": "backpropagation",
    "ch2_mnist": "MNIST",
    "ch3_types_of_learning": "contrastive",
    "ch4_llms": "temperature",
    "ch5_scaling_laws": "Chinchilla",
    "summary": "further reading",
}

# How many diagrams and formulas the page shows as drawn: a Mermaid diagram is an SVG
# in its shadow root, a formula is KaTeX output inside its .arithmatex wrapper.
COUNT_DRAWN = """
() => [
  [...document.querySelectorAll(".mermaid")]
    .filter(d => d.shadowRoot && d.shadowRoot.querySelector("svg")).length,
  [...document.querySelectorAll(".arithmatex")].filter(m => m.querySelector(".katex")).length,
]
"""
# Each diagram's smallest label on screen: its font size times the SVG's on-screen
# scale (rendered width over viewBox width). A diagram may instead keep its natural
# size (scale 1) in a box that scrolls sideways (.diagram-scroll) and says so.
DIAGRAM_LABELS = """
() => [...document.querySelectorAll(".mermaid")].map((diagram, index) => {
  const svg = diagram.shadowRoot && diagram.shadowRoot.querySelector("svg");
  if (!svg) return { index, drawn: false };
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  let smallest = Infinity, label = "";
  const walker = document.createTreeWalker(svg, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!node.textContent.trim() || element.closest("title, desc, style")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some((rect) => rect.height > 0)) continue;
    const px = parseFloat(getComputedStyle(element).fontSize) * scale;
    if (px < smallest) [smallest, label] = [px, node.textContent.trim()];
  }
  const box = diagram.closest(".diagram-scroll");
  const scrolls = !!box && box.scrollWidth > box.clientWidth && Math.abs(scale - 1) < 0.01
    && getComputedStyle(box, "::before").content.length > 2;
  return { index, drawn: true, smallest, label, scale, scrolls };
})
"""
# Generated plots: the card each sits on, as the reader sees it.
PLOT_CARDS = """
() => [...document.querySelectorAll("article img")]
  .filter((img) => /(^|[/])generated[/][^/]+[.]svg$/.test(img.getAttribute("src")))
  .map((img) => {
  const style = getComputedStyle(img);
  const [r, g, b, a = 1] = style.backgroundColor.match(/[\\d.]+/g).map(Number);
  return {
    src: img.getAttribute("src"),
    drawn: img.complete && img.naturalWidth > 0,
    luminance: a < 1 ? 0 : (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255,
    border: parseFloat(style.borderTopWidth),
    padding: parseFloat(style.paddingTop),
  };
})
"""
BROKEN_IMAGES = """
() => [...document.querySelectorAll("article img")]
  .filter(img => !img.complete || img.naturalWidth === 0)
  .map(img => img.getAttribute("src"))
"""

pytestmark = pytest.mark.browser


def url_path(source: Path) -> str:
    """Where MkDocs publishes a page (use_directory_urls): x/index.md -> /x/, x/y.md -> /x/y/."""
    parts = source.relative_to(DOCS_DIR).with_suffix("").parts
    if parts[-1] == "index":
        parts = parts[:-1]
    return "/" + "".join(f"{part}/" for part in parts)


PAGE_PATHS = sorted(
    url_path(p)
    for p in DOCS_DIR.rglob("*")
    if p.suffix in (".md", ".ipynb") and "generated" not in p.parts
)
PAGE_SOURCES = {
    url_path(p): p.read_text(encoding="utf-8")
    for p in DOCS_DIR.rglob("*.md")
    if "generated" not in p.parts
}
DIAGRAM_PAGE_PATHS = sorted(path for path, text in PAGE_SOURCES.items() if "```mermaid" in text)
PLOT_PAGE_PATHS = sorted(
    path for path, text in PAGE_SOURCES.items() if re.search(r"\]\(generated/[^)]+\.svg\)", text)
)


@pytest.fixture(scope="module", params=list(VIEWS))
def view(request, chromium):
    """A browser context (fresh profile) for one width and colour scheme."""
    viewport, scheme = VIEWS[request.param]
    context = chromium.new_context(viewport=viewport, color_scheme=scheme)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.name = request.param
    yield context
    context.close()


@pytest.fixture(scope="module")
def desktop(chromium):
    context = chromium.new_context(viewport=VIEWS["desktop-light"][0])
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.name = "desktop-light"
    yield context
    context.close()


class Visit:
    """One page load, recording what went wrong and what was fetched."""

    def __init__(self, context, url: str) -> None:
        self.page = context.new_page()
        self.name = f"{context.name}{urlsplit(url).path}"
        self.problems: list[str] = []
        self.requested: list[str] = []
        host = urlsplit(url).netloc
        page = self.page
        page.on(
            "console",
            lambda m: m.type == "error" and self.problems.append(f"console error: {m.text}"),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "requestfailed",
            lambda r: self.problems.append(f"failed request: {r.url} ({r.failure})"),
        )
        page.on("request", self._on_request(host))
        response = page.goto(url, wait_until="networkidle")
        if response is None or not response.ok:
            self.problems.append(f"HTTP {response.status if response else 'no response'} for {url}")

    def _on_request(self, host: str):
        def record(request) -> None:
            self.requested.append(request.url)
            if urlsplit(request.url).netloc not in ("", host) and not request.url.startswith(
                "data:"
            ):
                self.problems.append(f"request to another host: {request.url}")

        return record

    def wait_until_drawn(self, expected: list[int]) -> None:
        try:
            self.page.wait_for_function(
                f"({COUNT_DRAWN})().join() === '{expected[0]},{expected[1]}'", timeout=15_000
            )
        except Exception:
            drawn = self.page.evaluate(COUNT_DRAWN)
            self.problems.append(
                f"drawn {drawn[0]} of {expected[0]} diagrams "
                f"and {drawn[1]} of {expected[1]} formulas"
            )

    def finish(self) -> None:
        """Close the page; on problems, keep a screenshot and fail with the list."""
        if self.problems:
            ARTIFACTS.mkdir(exist_ok=True)
            shot = ARTIFACTS / (re.sub(r"[^\w.-]+", "_", self.name).strip("_") + ".png")
            self.page.screenshot(path=str(shot), full_page=True)
            self.problems.append(f"screenshot: {shot.relative_to(PROJECT_ROOT)}")
        self.page.close()
        assert not self.problems, "\n".join(self.problems)


def expected_counts(site_dir: Path, page_path: str) -> list[int]:
    """Diagrams and formulas in the built HTML, before any script runs."""
    html = (site_dir / page_path.lstrip("/") / "index.html").read_text(encoding="utf-8")
    return [html.count('class="mermaid"'), html.count('class="arithmatex"')]


@pytest.mark.parametrize("page_path", PAGE_PATHS)
def test_page_renders_cleanly(view, site_url, site_dir, page_path):
    visit = Visit(view, site_url + page_path.lstrip("/"))
    diagrams, formulas = expected_counts(site_dir, page_path)
    visit.wait_until_drawn([diagrams, formulas])
    broken = visit.page.evaluate(BROKEN_IMAGES)
    if broken:
        visit.problems.append(f"images that did not load: {broken}")
    katex = any(url.endswith("katex.min.js") for url in visit.requested)
    if katex != (formulas > 0):
        visit.problems.append(
            f"katex.min.js {'loaded' if katex else 'not loaded'} on a page with {formulas} formulas"
        )
    mermaid = [url for url in visit.requested if "mermaid" in urlsplit(url).path]
    if mermaid:
        visit.problems.append(
            f"Mermaid code fetched, but diagrams are drawn at build time: {mermaid}"
        )
    visit.finish()


def fresh_visit(chromium, view_name: str, url: str) -> tuple[object, Visit]:
    """A page in a new browser context: an empty cache, one width and scheme."""
    viewport, scheme = VIEWS[view_name]
    context = chromium.new_context(viewport=viewport, color_scheme=scheme)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.name = view_name
    return context, Visit(context, url)


@pytest.mark.parametrize("view_name", ["desktop-light", "mobile-dark"])
@pytest.mark.parametrize("page_path", PAGE_PATHS)
def test_page_weight_within_budget(chromium, site_url, site_dir, page_path, view_name):
    """Everything a page fetches on a cold cache until it is drawn, as gzip sends it."""
    context, visit = fresh_visit(chromium, view_name, site_url + page_path.lstrip("/"))
    visit.wait_until_drawn(expected_counts(site_dir, page_path))
    visit.page.evaluate("document.fonts.ready.then(() => true)")  # KaTeX's fonts
    visit.page.wait_for_load_state("networkidle")
    weight = transferred_bytes(site_dir, site_url, visit.requested)
    if weight > PAGE_BUDGET_BYTES:
        visit.problems.append(
            f"{weight / 1000:.0f} KB transferred on a cold cache, over the "
            f"{PAGE_BUDGET_BYTES / 1000:.0f} KB budget (benchmarks/page_report.py says why)"
        )
    visit.finish()
    context.close()


@pytest.mark.parametrize("page_path", DIAGRAM_PAGE_PATHS)
def test_diagram_labels_are_legible(view, site_url, site_dir, page_path):
    """At 1280 and 390 px, every diagram label is at least 10 CSS px tall on screen."""
    visit = Visit(view, site_url + page_path.lstrip("/"))
    visit.wait_until_drawn(expected_counts(site_dir, page_path))
    for diagram in visit.page.evaluate(DIAGRAM_LABELS):
        if not diagram["drawn"]:
            visit.problems.append(f"diagram {diagram['index'] + 1} is not drawn")
        elif diagram["smallest"] < SMALLEST_LABEL_PX and not diagram["scrolls"]:
            visit.problems.append(
                f"diagram {diagram['index'] + 1}: the label {diagram['label']!r} is "
                f"{diagram['smallest']:.1f} px on screen (drawn at {diagram['scale']:.2f}x), "
                f"under {SMALLEST_LABEL_PX} px: draw it top to bottom, use fewer words per "
                "node, or split it"
            )
    visit.finish()


@pytest.mark.parametrize("view_name", ["desktop-light", "desktop-dark"])
@pytest.mark.parametrize("page_path", PLOT_PAGE_PATHS)
def test_plots_sit_on_a_light_card(chromium, site_url, page_path, view_name):
    """Plots are drawn on white; in both schemes they sit on a bordered, padded card."""
    context, visit = fresh_visit(chromium, view_name, site_url + page_path.lstrip("/"))
    plots = visit.page.evaluate(PLOT_CARDS)
    if not plots:
        visit.problems.append("no generated plot found on a page that shows one")
    for plot in plots:
        if not plot["drawn"]:
            visit.problems.append(f"{plot['src']} is not drawn")
        if plot["luminance"] < 0.9 or plot["border"] < 1 or plot["padding"] < 4:
            visit.problems.append(f"{plot['src']} is not on a light card with a border: {plot}")
    visit.finish()
    context.close()


def transferred_bytes(site_dir: Path, site_url: str, urls: list[str]) -> int:
    """Bytes a gzip-serving host (as GitHub Pages is) sends for the site's files behind `urls`."""
    total = 0
    for url in set(urls):
        if not url.startswith(site_url):
            continue
        file = site_dir / urlsplit(url).path.removeprefix(urlsplit(site_url).path)
        file = file / "index.html" if file.is_dir() else file
        if file.is_file():
            total += len(gzip.compress(file.read_bytes(), compresslevel=6))
    return total


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_path", PAGE_PATHS)
def test_page_has_no_serious_accessibility_violations(
    chromium, site_url, site_dir, page_path, scheme
):
    context = chromium.new_context(viewport=VIEWS["desktop-light"][0], color_scheme=scheme)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.name = f"axe-{scheme}"
    visit = Visit(context, site_url + page_path.lstrip("/"))
    visit.wait_until_drawn(expected_counts(site_dir, page_path))
    visit.page.add_script_tag(path=str(AXE))
    violations = visit.page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => `${v.impact} ${v.id}: ${v.help}`"
        " + ` (${v.nodes.length} elements, e.g. ${v.nodes[0].target})`)"
    )
    visit.problems += violations
    unlabelled = visit.page.evaluate(
        "() => [...document.querySelectorAll('article img')]"
        ".filter(i => !(i.alt || '').trim()).map(i => i.src)"
    )
    if unlabelled:
        visit.problems.append(f"images without alt text: {unlabelled}")
    untitled = visit.page.evaluate(
        "() => [...document.querySelectorAll('.mermaid')].filter(d => !d.shadowRoot"
        " || !d.shadowRoot.querySelector('svg title')"
        " || !d.shadowRoot.querySelector('svg desc')).length"
    )
    if untitled:
        visit.problems.append(f"{untitled} diagrams without an accessible title and description")
    visit.finish()
    context.close()


@pytest.mark.parametrize("page_path", PAGE_PATHS)
def test_shown_python_fits_the_column_at_desktop_width(desktop, site_url, page_path):
    """Python blocks (80 columns at most, snippets/ruff.toml) need no scrollbar at 1280 px."""
    visit = Visit(desktop, site_url + page_path.lstrip("/"))
    scrolling = visit.page.evaluate(
        "() => [...document.querySelectorAll('article .language-python pre > code')]"
        ".filter(code => code.scrollWidth > code.clientWidth + 1)"
        ".map(code => code.textContent.split('\\n')"
        ".reduce((a, b) => (b.length > a.length ? b : a)))"
    )
    visit.problems += [f"Python block scrolls sideways at 1280 px: {line!r}" for line in scrolling]
    visit.finish()


@pytest.mark.parametrize("chapter", sorted(SEARCH_TERMS))
def test_search_finds_each_chapter(desktop, site_url, site_dir, chapter):
    if not (site_dir / chapter).is_dir():
        pytest.fail(f"chapter folder {chapter} is not in the built site")
    visit = Visit(desktop, site_url)
    page = visit.page
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially(SEARCH_TERMS[chapter], delay=50)  # Material searches on key events
    results = page.locator(".md-search-result__item a")
    try:
        results.first.wait_for(timeout=10_000)
    except Exception:
        visit.problems.append(f"no search results for {SEARCH_TERMS[chapter]!r}")
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    if not any(f"/{chapter}/" in (href or "") for href in hrefs):
        visit.problems.append(
            f"searching {SEARCH_TERMS[chapter]!r} finds no page of {chapter}: {hrefs}"
        )
    visit.finish()


def test_instant_navigation_renders_diagrams_on_the_next_page(desktop, site_url, site_dir):
    """Navigate from a page without Mermaid to one with diagrams, without a reload."""
    target = "/ch1_ai_ml_dl/"
    expected = expected_counts(site_dir, target)
    assert expected[0] >= 1, f"{target} should have a diagram"
    visit = Visit(desktop, site_url)
    page = visit.page
    page.evaluate("window.sameDocument = true")  # survives instant navigation, not a reload
    page.locator(f"article a[href$='{target}']").first.click()
    page.wait_for_url(lambda url: target in url)
    visit.wait_until_drawn(expected)
    if not page.evaluate("window.sameDocument === true"):
        visit.problems.append("the click reloaded the page instead of navigating instantly")
    visit.finish()
