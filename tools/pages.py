"""Read the course pages the way the site does: the one parser of pages and snippets.

One mechanism serves both the regenerate command (`make outputs`) and the test suite:

* A page is expanded with pymdownx.snippets' own preprocessor, configured from
  mkdocs.yml, so the code that runs is exactly the code a reader sees.
* Blocks are parsed with pytest-codeblocks' public `extract_from_buffer()`.
* A Python block's printed output is published as a file under
  `docs/<chapter>/generated/` and pulled into the page after an
  `<!--pytest-codeblocks:expected-output-->` marker. Outputs are never typed.
* `<!--pytest-codeblocks:cont-->` marks a block that continues the previous Python
  block on the page (same namespace), as a reader would paste it into the same
  interpreter. pytest-codeblocks itself merges such blocks and then allows a single
  output per chain; each block here keeps its own output, so the marker is handed to
  the parser as a mark, and `chains()` groups the blocks that tools/runner.py runs
  together.
* An output file's name follows one rule (`output_name`).
"""

from __future__ import annotations

import difflib
import functools
import io
import re
from dataclasses import dataclass
from pathlib import Path

from pytest_codeblocks import extract_from_buffer

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DOCS_DIR = PROJECT_ROOT / "docs"
REGENERATE_COMMAND = "make outputs"

_CONT_MARKER = re.compile(r"<!--[-\s]*pytest-codeblocks:cont[-\s]*-->")
_CONT_MARK = "pytest.mark.continues_previous_block"
_INCLUDE_LINE = re.compile(r'^\s*-{1,}8<-{1,}\s+"([^"]+)"\s*$')
# Any fence opener: backticks or tildes, then the info string.
_FENCE_OPENER = re.compile(r"^\s*(`{3,}|~{3,})\s*(.*?)\s*$")
# Info strings a reader (or Pygments) would take for Python.
_PYTHONISH_INFO = re.compile(r"^\{?\s*\.?(py|python|python3|py3|pycon|ipython|ipython3)\b", re.I)


class PageError(Exception):
    """A page that the pipeline cannot publish or test, with the reason."""


@dataclass(frozen=True)
class PageBlock:
    page: str  # path relative to the project root, e.g. docs/ch1_ai_ml_dl/index.md
    index: int  # 1-based position among the page's Python blocks
    lineno: int  # line of the opening fence in the page source
    code: str  # the code a reader sees, includes expanded
    source: str  # the fence body as written in the page, e.g. an include line
    continues: bool  # runs in the namespace of the previous Python block
    output_file: str | None  # published stdout, relative to the project root
    expected_output: str | None  # that file's current content

    @property
    def test_id(self) -> str:
        return f"{self.page}:block{self.index}:line{self.lineno}"

    def describe(self) -> str:
        includes = [m.group(1) for m in map(_INCLUDE_LINE.match, self.source.split("\n")) if m]
        origin = ", ".join(includes) if includes else "inline code"
        return f"{self.page}, block {self.index} (line {self.lineno}; code from {origin})"

    def mismatch(self, actual: str) -> str | None:
        """Why `actual` stdout differs from the published output, or None if it matches."""
        if self.expected_output is None or actual == self.expected_output:
            return None
        diff = "".join(
            difflib.unified_diff(
                self.expected_output.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"published {self.output_file}",
                tofile="printed now",
            )
        )
        return (
            f"{self.describe()}: the published output is stale; the code now prints "
            f"something else. Run `{REGENERATE_COMMAND}` to regenerate it, then review "
            f"the change.\n{diff}"
        )


def output_name(page: str, source: str) -> str:
    """Where the stdout of a block is published: the one naming rule.

    `docs/<chapter>/generated/<module>.<section>.txt`, from the last
    `--8<-- "snippets/.../<module>.py:<section>"` line of the block as written.
    """
    includes = [m.group(1) for m in map(_INCLUDE_LINE.match, source.split("\n")) if m]
    if not includes or ":" not in includes[-1]:
        raise PageError(
            f"{page}: a block with published output must end with an include of a named "
            'section, e.g. --8<-- "snippets/<chapter>/<module>.py:<name>_demo"'
        )
    path, section = includes[-1].rsplit(":", 1)
    chapter = Path(page).parent.relative_to("docs").as_posix()
    return f"docs/{chapter}/generated/{Path(path).stem}.{section}.txt"


@functools.lru_cache(maxsize=1)
def _snippet_config() -> dict:
    """pymdownx.snippets settings exactly as mkdocs.yml declares them.

    Read with MkDocs' own YAML loader rather than a full config load, which would
    import every plugin (a second and a half, on every regeneration).
    """
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    def relative(loader, node):
        if loader.construct_scalar(node) != "$config_dir":
            raise PageError("tools/pages.py understands only `!relative $config_dir`")
        return str(PROJECT_ROOT)

    loader = get_yaml_loader()
    loader.add_constructor("!relative", relative)
    with open(PROJECT_ROOT / "mkdocs.yml", "rb") as file:
        config = yaml.load(file, Loader=loader)
    for extension in config["markdown_extensions"]:
        if isinstance(extension, dict) and "pymdownx.snippets" in extension:
            return dict(extension["pymdownx.snippets"])
    raise PageError("mkdocs.yml does not configure pymdownx.snippets")


def expand(text: str) -> str:
    """Expand `--8<--` includes with pymdownx.snippets' own preprocessor.

    A missing file or section raises (check_paths is on), naming it.
    """
    import markdown

    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": _snippet_config()},
    )
    lines = md.preprocessors["snippet"].run(text.split("\n"))
    return "\n".join(lines)


def include(path: str, section: str | None = None) -> str:
    """The code a page shows for `--8<-- "path:section"`, expanded the same way.

    The one reader of the snippet-section syntax outside pages: notebooks and the
    regeneration cache use it too, so a section reads the same everywhere.
    """
    target = f"{path}:{section}" if section else path
    return expand(f'--8<-- "{target}"').strip("\n")


def all_pages() -> list[Path]:
    return sorted(p for p in DOCS_DIR.rglob("*.md") if "generated" not in p.parts)


def _parse(text: str):
    return extract_from_buffer(io.StringIO(_CONT_MARKER.sub(f"<!--{_CONT_MARK}-->", text)))


def uncollected_python_fences(text: str) -> list[tuple[int, str]]:
    """Fences that look like Python but that the block runner would not collect.

    pytest-codeblocks collects only fences whose info string is exactly `python`;
    `py`, `python title="x"` or `~~~python` would be shown on the page but never run.
    """
    found = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        match = _FENCE_OPENER.match(line)
        if not match:
            continue
        fence, info = match.groups()
        if _PYTHONISH_INFO.match(info) and not (fence.startswith("`") and info == "python"):
            found.append((lineno, line.strip()))
    return found


def blocks_of(page: Path) -> list[PageBlock]:
    """The page's Python blocks, in order. Raises PageError on a malformed page."""
    return blocks_from_text(
        page.read_text(encoding="utf-8"), page.relative_to(PROJECT_ROOT).as_posix()
    )


def blocks_from_text(raw: str, rel: str) -> list[PageBlock]:
    """The Python blocks of page source `raw`, which `rel` names in messages."""

    odd = uncollected_python_fences(raw)
    if odd:
        listing = "; ".join(f"line {n}: {fence}" for n, fence in odd)
        raise PageError(
            f"{rel}: Python fences that would not be run by the tests ({listing}). "
            "Use a plain ```python fence (no title, no `py` alias, no tildes)."
        )
    try:
        expanded = expand(raw)
    except Exception as error:  # pymdownx raises its own SnippetMissingError
        raise PageError(f"{rel}: cannot expand includes: {error}") from error

    try:
        raw_blocks, expanded_blocks = _parse(raw), _parse(expanded)
    except RuntimeError as error:  # pytest-codeblocks' parse errors, e.g. an unclosed fence
        raise PageError(f"{rel}: cannot parse the code blocks: {error}") from error
    if len(raw_blocks) != len(expanded_blocks):
        raise PageError(
            f"{rel}: an included file adds or removes code fences; "
            "include code and outputs inside a fence instead."
        )

    blocks: list[PageBlock] = []
    for raw_block, block in zip(raw_blocks, expanded_blocks, strict=True):
        continues = _CONT_MARK in block.marks
        if block.syntax != "python":
            if continues:
                raise PageError(
                    f"{rel}, line {raw_block.lineno}: a cont marker must precede a ```python fence."
                )
            if block.expected_output is not None:
                raise PageError(
                    f"{rel}, line {raw_block.lineno}: an expected-output marker follows a "
                    f"```{block.syntax} fence; only Python blocks have published output."
                )
            continue
        if continues and not blocks:
            raise PageError(
                f"{rel}, line {raw_block.lineno}: cont marker on the first Python block."
            )
        output_file = None
        if raw_block.expected_output is not None:
            include = _INCLUDE_LINE.match(raw_block.expected_output.strip())
            if not include or "\n" in raw_block.expected_output.strip():
                raise PageError(
                    f"{rel}, line {raw_block.lineno}: the output of block {len(blocks) + 1} "
                    "is typed into the page. Outputs are generated: put a single "
                    '`--8<-- "docs/<chapter>/generated/<module>.<section>.txt"` line '
                    f"in the output fence and run `{REGENERATE_COMMAND}`."
                )
            output_file = include.group(1)
            expected_name = output_name(rel, raw_block.code)
            if output_file != expected_name:
                raise PageError(
                    f"{rel}, line {raw_block.lineno}: the output of block {len(blocks) + 1} "
                    f"must be {expected_name}: an output file is named after the page's "
                    "chapter and the block's last included section, "
                    "docs/<chapter>/generated/<module>.<section>.txt."
                )
        blocks.append(
            PageBlock(
                page=rel,
                index=len(blocks) + 1,
                lineno=raw_block.lineno,
                code=block.code,
                source=raw_block.code,
                continues=continues,
                output_file=output_file,
                expected_output=block.expected_output,
            )
        )
    return blocks


def chains(blocks: list[PageBlock]) -> list[list[PageBlock]]:
    """The page's blocks grouped into chains: a block and the blocks that continue it."""
    grouped: list[list[PageBlock]] = []
    for block in blocks:
        if block.continues:
            grouped[-1].append(block)
        else:
            grouped.append([block])
    return grouped


def imported_modules(code: str) -> set[str]:
    """Top-level names of the modules `code` imports (`sklearn` for `sklearn.svm`)."""
    import ast

    names = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@functools.cache
def _distributions() -> dict[str, list[str]]:
    import importlib.metadata

    return importlib.metadata.packages_distributions()


def required_packages(blocks: list[PageBlock]) -> set[str]:
    """The PyPI distributions a reader installs to run `blocks` (stdlib excluded)."""
    import sys

    distributions = _distributions()
    packages = set()
    for block in blocks:
        for module in imported_modules(block.code) - set(sys.stdlib_module_names):
            if module not in distributions:
                raise PageError(f"{block.describe()} imports {module!r}, which no package provides")
            packages |= {name.lower() for name in distributions[module]}
    return packages


def shown_modules(blocks: list[PageBlock]) -> list[str]:
    """The snippet files that `blocks` include, in order of first use, relative to the
    project root (e.g. `snippets/ch1_ai_ml_dl/spam_detector.py`)."""
    modules: dict[str, None] = {}
    for block in blocks:
        for line in block.source.split("\n"):
            include = _INCLUDE_LINE.match(line)
            if include:
                modules[include.group(1).split(":")[0]] = None
    return list(modules)
