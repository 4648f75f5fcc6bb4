"""MkDocs hook: the build and the regeneration pipeline agree.

* The build refuses a generated file that is empty or cut short (broken JSON, an SVG
  without its closing tag, a table without its final line break), naming it.
* While `make serve` runs, a saved snippet or data file triggers a rebuild, and each
  build first regenerates the outputs whose inputs changed (`python -m tools.outputs`,
  cached, in a separate process so that edited modules are imported afresh). A plain
  `mkdocs build` never regenerates: it publishes what is committed.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
log = logging.getLogger("mkdocs.hooks.outputs")
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
