"""MkDocs hook: self-hosted KaTeX, and Mermaid diagrams drawn ahead of time.

KaTeX comes from `node_modules/` (installed by `npm ci` from package.json and its
lock file). It is added to the build as ordinary static files, so `mkdocs build` and
`mkdocs serve` publish it without committing it. docs/assets/javascripts/site.js
loads it only on pages that have a formula.

Diagrams are written once, as ```mermaid fences in the pages. `make outputs` draws
each one to SVG (tools/diagrams.py, with the pinned Mermaid in Chromium) and keeps
it in docs/assets/diagrams/<key>.svg, where the key hashes the fence and the
renderer's versions. This hook puts each SVG in place of its fence, inside an open
shadow root as Material's own integration does, so no Mermaid code runs in the
reader's browser. A fence without its SVG fails the build and says to run
`make outputs`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from importlib.metadata import version
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

PROJECT_ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = PROJECT_ROOT / "node_modules"
VENDOR_DIR = "assets/vendor"
DIAGRAMS_DIR = PROJECT_ROOT / "docs" / "assets" / "diagrams"

# (file inside node_modules, path inside the site's vendor folder)
VENDOR_FILES = [
    ("katex/dist/katex.min.js", "katex/katex.min.js"),
    ("katex/dist/katex.min.css", "katex/katex.min.css"),
    ("katex/dist/contrib/auto-render.min.js", "katex/contrib/auto-render.min.js"),
]
KATEX_FONTS = "katex/dist/fonts"

# What pymdownx.superfences makes of a ```mermaid fence (custom fence, class mermaid).
MERMAID_FENCE_HTML = re.compile(r'<pre class="mermaid"><code>(.*?)</code></pre>', re.S)


def vendor_sources() -> list[tuple[Path, str]]:
    """Every self-hosted asset as (absolute source file, site path)."""
    pairs = [(NODE_MODULES / src, f"{VENDOR_DIR}/{dest}") for src, dest in VENDOR_FILES]
    fonts = NODE_MODULES / KATEX_FONTS
    if fonts.is_dir():
        pairs += [
            (font, f"{VENDOR_DIR}/katex/fonts/{font.name}") for font in sorted(fonts.iterdir())
        ]
    return pairs


def renderer_versions() -> str:
    """The versions that shape a drawn diagram: Mermaid's, and Material's diagram CSS."""
    package = NODE_MODULES / "mermaid" / "package.json"
    if not package.is_file():
        raise PluginError("node_modules/mermaid is missing. Run `make setup` (npm ci).")
    mermaid = json.loads(package.read_text(encoding="utf-8"))["version"]
    return f"mermaid {mermaid}, mkdocs-material {version('mkdocs-material')}"


def diagram_key(source: str, versions: str) -> str:
    """The file name stem of a diagram's SVG: its source and the renderer's versions."""
    text = f"{versions}\n{source.strip()}\n"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def diagram_path(source: str, versions: str) -> Path:
    return DIAGRAMS_DIR / f"{diagram_key(source, versions)}.svg"


def on_files(files: Files, config) -> Files:
    missing = [
        str(src.relative_to(PROJECT_ROOT)) for src, _ in vendor_sources() if not src.is_file()
    ]
    if missing or not (NODE_MODULES / KATEX_FONTS).is_dir():
        raise PluginError(
            "Self-hosted KaTeX assets are missing: "
            + (", ".join(missing) or KATEX_FONTS)
            + ". Run `make setup` (it runs `npm ci` from package-lock.json)."
        )
    for src, dest in vendor_sources():
        files.append(File.generated(config, dest, abs_src_path=str(src)))
    # The drawn diagrams are inlined into their pages, not published as files.
    for file in [f for f in files if f.src_uri.startswith("assets/diagrams/")]:
        files.remove(file)
    return files


def on_page_content(content: str, page, config, files) -> str:
    versions = renderer_versions()

    def inline(match: re.Match) -> str:
        source = html.unescape(match.group(1))
        svg = diagram_path(source, versions)
        if not svg.is_file():
            first_lines = " / ".join(source.strip().splitlines()[:2])
            raise PluginError(
                f"{page.file.src_uri}: the diagram '{first_lines} …' has no drawing "
                f"({svg.relative_to(PROJECT_ROOT)}). Run `make outputs`."
            )
        drawing = svg.read_text(encoding="utf-8")
        # Its natural width, for a diagram kept at natural size in a .diagram-scroll box.
        width = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+)', drawing).group(1)
        return (
            f'<div class="mermaid" style="--diagram-width: {width}px">'
            f'<template shadowrootmode="open">{drawing}</template></div>'
        )

    return MERMAID_FENCE_HTML.sub(inline, content)
