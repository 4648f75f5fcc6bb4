"""MkDocs hook: self-host Mermaid and KaTeX.

The libraries come from `node_modules/` (installed by `npm ci` from package.json and
its lock file). They are added to the build as ordinary static files, so `mkdocs
build` and `mkdocs serve` publish them without committing them.
docs/assets/javascripts/site.js loads them only on pages that need them.

Mermaid is Mermaid 11's ES module build: a 30 KB entry module that imports, from
its `chunks/` folder, only the code the diagram types on a page need. All of the
chunks are published (about 3.6 MB on disk, none of their source maps); a page
fetches a few of them.
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
    ("mermaid/dist/mermaid.esm.min.mjs", "mermaid/mermaid.esm.min.mjs"),
    ("katex/dist/katex.min.js", "katex/katex.min.js"),
    ("katex/dist/katex.min.css", "katex/katex.min.css"),
    ("katex/dist/contrib/auto-render.min.js", "katex/contrib/auto-render.min.js"),
]
# (folder inside node_modules, its site path, which files): Mermaid's entry module
# imports "./chunks/mermaid.esm.min/<name>.mjs", so the layout is kept.
VENDOR_FOLDERS = [
    ("katex/dist/fonts", "katex/fonts", "*"),
    ("mermaid/dist/chunks/mermaid.esm.min", "mermaid/chunks/mermaid.esm.min", "*.mjs"),
]


def vendor_sources() -> list[tuple[Path, str]]:
    """Every self-hosted asset as (absolute source file, site path)."""
    pairs = [(NODE_MODULES / src, f"{VENDOR_DIR}/{dest}") for src, dest in VENDOR_FILES]
    for src, dest, pattern in VENDOR_FOLDERS:
        folder = NODE_MODULES / src
        pairs += [
            (file, f"{VENDOR_DIR}/{dest}/{file.name}")
            for file in sorted(folder.glob(pattern))
            if file.is_file()
        ]
    return pairs


def on_files(files: Files, config) -> Files:
    missing = [
        str(src.relative_to(PROJECT_ROOT)) for src, _ in vendor_sources() if not src.is_file()
    ]
    missing += [
        f"node_modules/{src}" for src, _, _ in VENDOR_FOLDERS if not (NODE_MODULES / src).is_dir()
    ]
    if missing:
        raise PluginError(
            "Self-hosted Mermaid/KaTeX assets are missing: "
            + ", ".join(missing)
            + ". Run `make setup` (it runs `npm ci` from package-lock.json)."
        )
    for src, dest in vendor_sources():
        files.append(File.generated(config, dest, abs_src_path=str(src)))
    return files


# --- `make serve`: outputs follow the snippets ----------------------------------------
# While serving, a saved snippet or data file triggers a rebuild, and each build first
# regenerates the outputs whose inputs changed (`python -m tools.outputs`, cached, in a
# separate process so edited modules are imported afresh). A plain `mkdocs build`
# never regenerates: it publishes what is committed.

_serving = False


def on_startup(command: str, dirty: bool) -> None:
    global _serving
    _serving = command == "serve"


def on_serve(server, config, builder):
    for folder in ("snippets", "data"):
        server.watch(str(PROJECT_ROOT / folder))
    return server


def on_pre_build(config) -> None:
    if _serving:
        _regenerate_outputs()
    _check_generated_files_are_complete()


def incomplete_reason(path: Path) -> str | None:
    """Why a generated file looks cut short or broken, or None if it looks whole."""
    import json

    data = path.read_bytes()
    if not data.strip():
        return "it is empty"
    if path.suffix in (".json", ".ipynb"):
        try:
            json.loads(data)
        except ValueError as error:
            return f"it is not valid JSON ({error})"
    if path.suffix == ".svg" and not data.rstrip().endswith(b"</svg>"):
        return "the SVG does not end with </svg>"
    if path.suffix == ".md" and not data.endswith(b"\n"):
        return "it does not end with a line break"
    return None


def _check_generated_files_are_complete() -> None:
    docs = PROJECT_ROOT / "docs"
    for path in sorted(docs.glob("**/generated/*")):
        reason = path.is_file() and incomplete_reason(path)
        if reason:
            raise PluginError(
                f"{path.relative_to(PROJECT_ROOT)} is incomplete: {reason}. "
                "Run `make outputs` to regenerate it."
            )


def _regenerate_outputs() -> None:
    import logging
    import os
    import subprocess
    import sys

    log = logging.getLogger("mkdocs.hooks.outputs")
    done = subprocess.run(
        [sys.executable, "-m", "tools.outputs", "--quiet"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},  # no writes under snippets/
        capture_output=True,
        text=True,
    )
    for line in done.stdout.splitlines():
        log.info(line)
    if done.returncode:
        log.error("`make outputs` failed; the pages show the last good outputs.\n%s", done.stderr)
