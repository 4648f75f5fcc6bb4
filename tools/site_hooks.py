"""MkDocs hook: self-host Mermaid and KaTeX.

The libraries come from `node_modules/` (installed by `npm ci` from package.json and
its lock file). They are added to the build as ordinary static files, so `mkdocs
build` and `mkdocs serve` publish them without committing them.
docs/assets/javascripts/vendor-loader.js loads them only on pages that need them.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

PROJECT_ROOT = Path(__file__).resolve().parents[1]
NODE_MODULES = PROJECT_ROOT / "node_modules"
VENDOR_DIR = "assets/vendor"

# (file inside node_modules, path inside the site's vendor folder)
VENDOR_FILES = [
    ("mermaid/dist/mermaid.min.js", "mermaid/mermaid.min.js"),
    ("katex/dist/katex.min.js", "katex/katex.min.js"),
    ("katex/dist/katex.min.css", "katex/katex.min.css"),
    ("katex/dist/contrib/auto-render.min.js", "katex/contrib/auto-render.min.js"),
]
KATEX_FONTS = "katex/dist/fonts"


def vendor_sources() -> list[tuple[Path, str]]:
    """Every self-hosted asset as (absolute source file, site path)."""
    pairs = [(NODE_MODULES / src, f"{VENDOR_DIR}/{dest}") for src, dest in VENDOR_FILES]
    fonts = NODE_MODULES / KATEX_FONTS
    if fonts.is_dir():
        pairs += [
            (font, f"{VENDOR_DIR}/katex/fonts/{font.name}") for font in sorted(fonts.iterdir())
        ]
    return pairs


def on_files(files: Files, config) -> Files:
    missing = [
        str(src.relative_to(PROJECT_ROOT)) for src, _ in vendor_sources() if not src.is_file()
    ]
    if missing or not (NODE_MODULES / KATEX_FONTS).is_dir():
        raise PluginError(
            "Self-hosted Mermaid/KaTeX assets are missing: "
            + (", ".join(missing) or KATEX_FONTS)
            + ". Run `make setup` (it runs `npm ci` from package-lock.json)."
        )
    for src, dest in vendor_sources():
        files.append(File.generated(config, dest, abs_src_path=str(src)))
    return files
