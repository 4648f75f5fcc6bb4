"""Weight and speed of every page, and the external links, from a local build.

    .venv/bin/python benchmarks/page_report.py

Builds the site strictly into a temporary folder, serves it on loopback and loads
each page in headless Chromium with an empty cache. For each page it prints the
requests made, the bytes of every file fetched (as served, uncompressed, and as a
gzip host such as GitHub Pages sends them) against the 600 KB budget, the share of
that figure spent on diagrams, math (KaTeX), search and plots, and the time until the
network is idle and every diagram and formula is drawn. Load times are noisy on a
shared machine, so each is also given as a ratio to the home page's, measured in the
same run. Then it names the largest pages and the files that make them large, and
lists every external link (read from the HTML, no network needed).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
sys.path.insert(0, str(ROOT))

from tools.browser import CHROMIUM, CHROMIUM_ARGS, OPEN_SHADOW_ROOTS  # noqa: E402

BUDGET_BYTES = 600_000  # gzip, cold cache; tests/site/test_browser.py enforces it
# Diagrams are inlined in the page (tools/site_hooks.py): div.mermaid holds the SVG.
INLINE_DIAGRAM = re.compile(rb'<div class="mermaid"[^>]*>.*?</template></div>', re.S)
DRAWN = """() =>
  [...document.querySelectorAll('.mermaid')]
    .every(d => d.shadowRoot && d.shadowRoot.querySelector('svg'))
  && [...document.querySelectorAll('.arithmatex')].every(m => m.querySelector('.katex'))"""


@dataclass
class PageMeasure:
    path: str
    requests: int
    served: int
    gzipped: int
    load_ms: float
    files: list[tuple[str, int]] = field(default_factory=list)  # (site path, gzipped bytes)
    shares: dict[str, int] = field(default_factory=dict)  # part of the page -> gzipped bytes


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build(site: Path) -> None:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1/")
    result = subprocess.run(
        [str(PYTHON), "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"mkdocs build failed:\n{result.stderr[-3000:]}")


def content_paths(site: Path) -> list[str]:
    pages = sorted(p for p in site.rglob("index.html") if "assets" not in p.relative_to(site).parts)
    folders = [p.parent.relative_to(site).as_posix() for p in pages]
    return ["/" if folder == "." else f"/{folder}/" for folder in folders]


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def part_of_page(site_path: str) -> str:
    """Which part of a page a fetched file serves."""
    if "mermaid" in site_path:
        return "diagrams"
    if "/katex/" in site_path:
        return "math"
    if site_path.startswith("search/") or "/workers/search." in site_path or "/lunr/" in site_path:
        return "search"
    if "/generated/" in site_path and site_path.endswith(".svg"):
        return "plots"
    return "other"


def shares(site: Path, files: list[tuple[str, int]]) -> dict[str, int]:
    """Gzipped bytes per part of the page. Inline diagrams count as what they add to
    the page's HTML: its gzipped size with and without them."""
    parts = dict.fromkeys(["diagrams", "math", "search", "plots", "other"], 0)
    for name, size in files:
        parts[part_of_page(name)] += size
        if name.endswith(".html"):
            html = (site / name).read_bytes()
            inline = size - gzipped(INLINE_DIAGRAM.sub(b"", html))
            parts["diagrams"] += inline
            parts["other"] -= inline
    return parts


def measure_pages(site: Path, paths: list[str]) -> list[PageMeasure]:
    from playwright.sync_api import sync_playwright

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    measures = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for path in paths:
            context = browser.new_context()
            context.add_init_script(OPEN_SHADOW_ROOTS)
            page = context.new_page()
            started = time.perf_counter()
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_function(DRAWN, timeout=30_000)
            load_ms = (time.perf_counter() - started) * 1000
            page.evaluate("document.fonts.ready.then(() => true)")  # KaTeX's fonts
            page.wait_for_load_state("networkidle")
            urls = page.evaluate(
                "() => [location.href,"
                " ...performance.getEntriesByType('resource').map(e => e.name)]"
            )
            files = []
            served = 0
            for url in dict.fromkeys(urls):
                file = site / urlsplit(url).path.lstrip("/")
                file = file / "index.html" if file.is_dir() else file
                if file.is_file():
                    data = file.read_bytes()
                    served += len(data)
                    files.append((file.relative_to(site).as_posix(), gzipped(data)))
            files.sort(key=lambda f: -f[1])
            total = sum(b for _, b in files)
            measures.append(
                PageMeasure(path, len(urls), served, total, load_ms, files, shares(site, files))
            )
            context.close()
        browser.close()
    server.shutdown()
    return measures


class _ExternalLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") or ""
        if tag == "a" and urlsplit(href).scheme in ("http", "https"):
            self.urls.append(href)


def external_links(site: Path) -> dict[str, list[str]]:
    """External link -> the pages that link to it (from the built HTML; no network)."""
    links: dict[str, list[str]] = {}
    for path in content_paths(site):
        parser = _ExternalLinks()
        parser.feed((site / path.lstrip("/") / "index.html").read_text(encoding="utf-8"))
        for url in dict.fromkeys(parser.urls):
            if not url.startswith("http://127.0.0.1/"):
                links.setdefault(url, []).append(path)
    return dict(sorted(links.items()))


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        build(site)
        measures = measure_pages(site, content_paths(site))
        home = next(m for m in measures if m.path == "/")

        parts = ["diagrams", "math", "search", "plots"]
        print("KB gzip on a cold cache, and the part of it spent on diagrams, math, search, plots")
        print(
            f"{'page':<36} {'requests':>8} {'KB served':>9} {'KB gzip':>7} "
            + " ".join(f"{part:>8}" for part in parts)
            + f" {'load ms':>7} {'x home':>6}"
        )
        for m in measures:
            print(
                f"{m.path:<36} {m.requests:>8} {m.served / 1000:>9.0f} {m.gzipped / 1000:>7.0f} "
                + " ".join(f"{m.shares[part] / 1000:>8.0f}" for part in parts)
                + f" {m.load_ms:>7.0f} {m.load_ms / home.load_ms:>6.2f}"
            )
        over = [m.path for m in measures if m.gzipped > BUDGET_BYTES]
        heaviest = max(measures, key=lambda m: m.gzipped)
        print(
            f"\nBudget {BUDGET_BYTES / 1000:.0f} KB gzip per page: "
            + (f"over it: {', '.join(over)}" if over else "every page within it")
            + f" (heaviest {heaviest.path}, {heaviest.gzipped / 1000:.0f} KB)."
        )

        print("\nLargest pages (gzip) and what makes them large:")
        for m in sorted(measures, key=lambda m: -m.gzipped)[:4]:
            top = ", ".join(f"{name} {size / 1000:.0f} KB" for name, size in m.files[:4])
            print(f"  {m.path}: {m.gzipped / 1000:.0f} KB — {top}")

        links = external_links(site)
        print(f"\nExternal links ({len(links)}), not fetched:")
        for url, pages in links.items():
            print(f"  {url}  <- {', '.join(pages)}")


if __name__ == "__main__":
    main()
