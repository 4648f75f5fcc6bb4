"""Draw every Mermaid diagram on the site to SVG, ahead of time.

    .venv/bin/python -m tools.diagrams       (`make outputs` runs it)

A diagram is written once, as a ```mermaid fence in its page. This draws each fence
with the pinned Mermaid from node_modules/ in Debian's Chromium (the browser the
tests use), with the settings of Material's own Mermaid integration, and keeps the
SVG in docs/assets/diagrams/<key>.svg (see tools/site_hooks.py for the key). The
build puts each SVG in its page, so readers download a few kilobytes per diagram
and no Mermaid code; serving or building the site needs no browser. Only fences
without a drawing are drawn, and drawings no fence uses are removed.

Colours stay Material's CSS variables, so a drawing follows the light/dark toggle.
The label font is fixed (Helvetica, Arial or a metric twin such as Liberation Sans)
because Mermaid sizes each box to its label as measured here.
"""

from __future__ import annotations

import functools
import http.server
import re
import sys
import threading
from pathlib import Path

from tools.browser import CHROMIUM, CHROMIUM_ARGS
from tools.files import write_atomic
from tools.site_hooks import DIAGRAMS_DIR, PROJECT_ROOT, diagram_path, renderer_versions

DOCS_DIR = PROJECT_ROOT / "docs"
DIAGRAM_FONT = "Helvetica, Arial, sans-serif"
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```mermaid[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.S | re.M
)


def diagram_sources() -> list[tuple[Path, str]]:
    """Every ```mermaid fence in the pages, as (page, source)."""
    found = []
    for page in sorted(DOCS_DIR.rglob("*.md")):
        for fence in FENCE.finditer(page.read_text(encoding="utf-8")):
            indent = fence["indent"]
            lines = fence["body"].splitlines()
            found.append((page, "\n".join(line.removeprefix(indent) for line in lines)))
    return found


def material_diagram_css() -> str:
    """The CSS Material gives Mermaid (`themeCSS`), read from its installed bundle."""
    import material

    bundles = sorted(
        Path(material.__file__).parent.glob("templates/assets/javascripts/bundle.*.min.js")
    )
    found = re.findall(r'="(\.node circle,[^"]*)"', bundles[0].read_text(encoding="utf-8"))
    if len(found) != 1:
        raise RuntimeError("Material's Mermaid CSS was not found in its bundle; has it changed?")
    return found[0]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def draw(diagrams: dict[str, str]) -> dict[str, str]:
    """SVG of each Mermaid source ({id: source}), drawn by the pinned Mermaid in Chromium.

    The id names the SVG element, and Mermaid's CSS rules inside it.
    """
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        sys.exit(f"Drawing diagrams needs Chromium at {CHROMIUM}: apt-get install -y chromium")
    handler = functools.partial(_QuietHandler, directory=str(PROJECT_ROOT / "node_modules"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    # Material's settings (its themeCSS and sequence font sizes), with a fixed font.
    config = {
        "startOnLoad": False,
        "fontFamily": DIAGRAM_FONT,
        "themeCSS": material_diagram_css().replace("var(--md-mermaid-font-family)", DIAGRAM_FONT),
        "sequence": {"actorFontSize": "16px", "messageFontSize": "16px", "noteFontSize": "16px"},
    }
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/mermaid/package.json")
            return page.evaluate(
                """async ([config, diagrams]) => {
                  const { default: mermaid } = await import("/mermaid/dist/mermaid.esm.min.mjs");
                  mermaid.initialize(config);
                  const drawn = {};
                  for (const [id, source] of Object.entries(diagrams)) {
                    drawn[id] = (await mermaid.render(id, source)).svg;
                  }
                  return drawn;
                }""",
                [config, diagrams],
            )
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    versions = renderer_versions()
    wanted = {diagram_path(source, versions): source for _, source in diagram_sources()}
    missing = {path: source for path, source in wanted.items() if not path.is_file()}
    if missing:
        drawn = draw({f"diagram-{path.stem}": source for path, source in missing.items()})
        for path in missing:
            write_atomic(path, (drawn[f"diagram-{path.stem}"] + "\n").encode("utf-8"))
    unused = [path for path in sorted(DIAGRAMS_DIR.glob("*.svg")) if path not in wanted]
    for path in unused:
        path.unlink()
    print(f"diagrams: {len(wanted)} on the pages, {len(missing)} drawn, {len(unused)} removed")


if __name__ == "__main__":
    main()
