"""A notebook for every page with code, built from the page itself and run in a kernel.

`page_notebook()` turns a page into cells, in page order: its prose becomes Markdown
cells (includes expanded, `{{ value(...) }}` filled in, admonitions and tabs turned into
plain headings) and its Python blocks become code cells. Output fences are left out:
the notebook holds the outputs of really running its cells, top to bottom, in one
Jupyter kernel (nbclient). The notebook is stored as
`docs/<chapter>/generated/<page>.ipynb`, and the site offers it for download.

Everything that varies from run to run is fixed, so the same page gives the same
bytes: cell ids are numbered, timing metadata is not recorded, each cell's printed text is
kept as one output however the kernel chunked it, and the kernel runs with one BLAS
thread.
"""

from __future__ import annotations

import json
import os
import re
import textwrap
from collections.abc import Mapping
from pathlib import Path

from tools.macros import VALUES_FILE, install_line
from tools.pages import DOCS_DIR, PROJECT_ROOT, PageError, expand

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,})(?P<info>[^`]*)$")
_MARKER = re.compile(r"^\s*<!--[-\s]*pytest-codeblocks:(?P<kind>[\w-]+)[-\s]*-->\s*$")
_GENERATED_INCLUDE = re.compile(
    r'^(?P<indent>\s*)-{1,}8<-{1,}\s+"(?P<path>docs/[^"]*/generated/[^"]+)"\s*$'
)
_VALUE = re.compile(r"""\{\{\s*value\(\s*["']([^"']+)["']\s*\)\s*\}\}""")
_INSTALL = re.compile(r"""\{\{\s*install_line\(([^)]*)\)\s*\}\}""")
_BLOCK_HEADER = re.compile(
    r"""^(?P<indent>\s*)(?:!!!|\?\?\?\+?|===)\s*(?P<kind>[\w-]*)\s*(?:"(?P<title>[^"]*)")?\s*$"""
)
KERNEL_ENV = {
    "OPENBLAS_NUM_THREADS": "1",
    "PYTHONHASHSEED": "0",
    # Plots appear in the notebook as images, whatever backend the caller chose.
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
}


def notebook_path(page: Path) -> Path:
    """Where a page's notebook is stored: docs/<chapter>/generated/<page>.ipynb."""
    return page.parent / "generated" / f"{page.stem}.ipynb"


class _Generated:
    """Generated files as the plan has them (falling back to the files on disk)."""

    def __init__(self, planned: Mapping[str, bytes]) -> None:
        self.planned = planned

    def text(self, rel: str) -> str:
        if rel in self.planned:
            return self.planned[rel].decode()
        path = PROJECT_ROOT / rel
        if not path.is_file():
            raise PageError(f"{rel} does not exist; run `make outputs`")
        return path.read_text(encoding="utf-8")

    def value(self, page_chapter: str, name: str) -> str:
        chapter, _, key = name.rpartition(":")
        values = json.loads(self.text(f"docs/{chapter or page_chapter}/generated/{VALUES_FILE}"))
        if key not in values:
            raise PageError(f"no generated value {name!r}")
        return values[key]


def _fill_macros(text: str, chapter: str, generated: _Generated) -> str:
    text = _VALUE.sub(lambda m: generated.value(chapter, m.group(1)), text)

    def install(match: re.Match) -> str:
        names = re.findall(r"""["']([^"']+)["']""", match.group(1))
        return install_line(*names)

    return _INSTALL.sub(install, text)


def page_cells(page: Path, planned: Mapping[str, bytes] = {}) -> list[tuple[str, str]]:
    """The page as [("markdown" | "code", source), ...], in page order."""
    rel = page.relative_to(PROJECT_ROOT).as_posix()
    chapter = page.parent.relative_to(DOCS_DIR).as_posix()
    generated = _Generated(planned)
    lines = _fill_macros(page.read_text(encoding="utf-8"), chapter, generated).split("\n")

    cells: list[tuple[str, str]] = []
    prose: list[str] = []
    skip_next_fence = False  # the fence after an expected-output marker

    def flush_prose() -> None:
        text = "\n".join(prose).strip("\n")
        if text.strip():
            cells.append(("markdown", text))
        prose.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        marker = _MARKER.match(line)
        if marker:
            skip_next_fence = marker.group("kind") == "expected-output"
            i += 1
            continue
        fence = _FENCE.match(line)
        if fence:
            ticks, info = fence.group("fence"), fence.group("info")
            end = i + 1
            while end < len(lines) and lines[end].strip() != ticks:
                end += 1
            body = textwrap.dedent("\n".join(lines[i + 1 : end]))
            if skip_next_fence:
                skip_next_fence = False
            elif info.strip() == "python":
                flush_prose()
                try:
                    code = expand(body)
                except Exception as error:
                    raise PageError(f"{rel}, line {i + 1}: {error}") from error
                cells.append(("code", code.strip("\n")))
            else:
                prose.append(f"{ticks}{info}\n{expand(body)}\n{ticks}")
            i = end + 1
            continue
        include = _GENERATED_INCLUDE.match(line)
        if include:
            prose.append(generated.text(include.group("path")).rstrip("\n"))
        elif header := _BLOCK_HEADER.match(line):
            title = header.group("title") or header.group("kind").capitalize()
            prose.append(f"**{title}**" if title else "")
        else:
            # Admonition and tab bodies are indented by 4; a notebook shows them flat.
            prose.append(line[4:] if line.startswith("    ") else line)
        i += 1
    flush_prose()
    # Images and files beside the notebook: it lives in generated/.
    return [
        (kind, source.replace("](generated/", "](") if kind == "markdown" else source)
        for kind, source in cells
    ]


def page_notebook(page: Path, planned: Mapping[str, bytes] = {}):
    """The page's notebook, not yet run."""
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    for number, (kind, source) in enumerate(page_cells(page, planned), start=1):
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        notebook.cells.append(make(source, id=f"cell-{number}"))
    return notebook


def execute(notebook, folder: Path):
    """Run every cell in a fresh kernel started in `folder`; a failing cell raises."""
    from nbclient import NotebookClient

    saved = {key: os.environ.get(key) for key in KERNEL_ENV}
    os.environ.update(KERNEL_ENV)
    try:
        NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(folder)}},
        ).execute()
    finally:
        _coalesce_streams(notebook)
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return notebook


def _coalesce_streams(notebook) -> None:
    """One stdout output per cell, however the kernel happened to chunk the text."""
    for cell in notebook.cells:
        merged = []
        for output in cell.get("outputs", []):
            previous = merged[-1] if merged else None
            if (
                output.output_type == "stream"
                and previous is not None
                and previous.output_type == "stream"
                and previous.name == output.name
            ):
                previous.text += output.text
            else:
                merged.append(output)
        if "outputs" in cell:
            cell.outputs = merged


def to_bytes(notebook) -> bytes:
    import nbformat

    return (nbformat.writes(notebook) + "\n").encode()


def build(page: Path, planned: Mapping[str, bytes] = {}) -> bytes:
    """The stored form of a page's notebook: built from the page, then run."""
    folder = notebook_path(page).parent
    folder.mkdir(parents=True, exist_ok=True)
    return to_bytes(execute(page_notebook(page, planned), folder))


def pages_with_code(pages: list[Path]) -> list[Path]:
    return [
        p for p in pages if re.search(r"^\s*```python\s*$", p.read_text(encoding="utf-8"), re.M)
    ]
