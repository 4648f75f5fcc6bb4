"""Regenerate every published output: `make outputs` (python -m tools.outputs).

Two sources, one destination (`docs/<chapter>/generated/`):

1. Page blocks. Every Python block whose output fence includes a generated file is
   run exactly as the page shows it, and its stdout is written to that file.
2. Chapter artifacts. `snippets/<chapter>/publish.py` defines `publish(out)`, which
   computes the values quoted in the prose (`{{ value("name") }}`), tables and SVG
   plots through the `Artifacts` object below.

Files are rewritten only when their bytes change, so regenerating an unchanged tree
changes nothing. Files in a generated/ folder that nothing produces any more are
removed, so nothing stale can linger.
"""

from __future__ import annotations

import argparse
import importlib
import io
import json
import re
import sys
import time
from pathlib import Path

from tools.macros import VALUES_FILE
from tools.pages import DOCS_DIR, PROJECT_ROOT, ChainRunner, all_pages, blocks_of

SNIPPETS_DIR = PROJECT_ROOT / "snippets"


class Artifacts:
    """What a chapter's publish(out) hands back: values, tables, text and figures.

    Nothing is written until `files()` or `write()`, so the test suite can compare a
    fresh run with the committed files without touching them.
    """

    def __init__(self, chapter: str) -> None:
        self.chapter = chapter
        self.directory = DOCS_DIR / chapter / "generated"
        self._values: dict[str, str] = {}
        self._files: dict[str, bytes] = {}
        self._notebooks: dict[str, bytes] = {}

    def value(self, name: str, text: str) -> None:
        """A number (or word) quoted in the prose, already formatted by the code."""
        if not isinstance(text, str):
            raise TypeError(
                f"value {name!r} must be formatted by the code (got {type(text).__name__}); "
                "format it at a stated precision, e.g. f'{x:.4f}'"
            )
        if name in self._values:
            raise ValueError(f"value {name!r} published twice in chapter {self.chapter}")
        self._values[name] = text

    def table(self, name: str, markdown: str) -> None:
        """A Markdown table, included in a page with `--8<-- ".../generated/<name>.md"`."""
        self._add(f"{name}.md", markdown.rstrip("\n") + "\n")

    def text(self, name: str, content: str) -> None:
        self._add(f"{name}.txt", content)

    def figure(self, name: str, fig) -> None:
        """A matplotlib figure, saved as an SVG with deterministic metadata."""
        import matplotlib
        import matplotlib.pyplot as plt

        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": f"{self.chapter}/{name}"}):
            fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
        plt.close(fig)
        self._add(f"{name}.svg", buffer.getvalue())

    def notebook(self, filename: str, text: str) -> None:
        """A Jupyter notebook (nbformat JSON text), stored beside the chapter's pages.

        It lives in docs/<chapter>/, not generated/, so mkdocs-jupyter renders it.
        """
        if not filename.endswith(".ipynb"):
            raise ValueError(f"notebook {filename!r} must end in .ipynb")
        self._notebooks[filename] = text.encode()

    def _add(self, filename: str, content: str | bytes) -> None:
        if filename in self._files or filename == VALUES_FILE:
            raise ValueError(f"{self.chapter}/generated/{filename} is published twice")
        self._files[filename] = content.encode() if isinstance(content, str) else content

    def files(self) -> dict[Path, bytes]:
        out = {self.directory / name: data for name, data in self._files.items()}
        out |= {self.directory.parent / name: data for name, data in self._notebooks.items()}
        if self._values:
            text = json.dumps(self._values, indent=2, sort_keys=True, ensure_ascii=False)
            out[self.directory / VALUES_FILE] = (text + "\n").encode()
        return out


def chapters_with_publish() -> list[str]:
    return sorted(p.parent.name for p in SNIPPETS_DIR.glob("*/publish.py"))


def chapter_artifacts(chapter: str) -> Artifacts:
    import matplotlib

    matplotlib.use("Agg")
    module = importlib.import_module(f"snippets.{chapter}.publish")
    out = Artifacts(chapter)
    module.publish(out)
    return out


_OUTPUT_INCLUDE = re.compile(
    r"<!--[-\s]*pytest-codeblocks:expected-output[-\s]*-->\s*\n\s*`{3,}\w*\s*\n"
    r'\s*-{1,}8<-{1,}\s+"([^"]+)"'
)


def create_missing_outputs(page: Path) -> None:
    """A new block's output file doesn't exist yet; start it empty so the page expands."""
    for name in _OUTPUT_INCLUDE.findall(page.read_text(encoding="utf-8")):
        path = PROJECT_ROOT / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"")


def published_form(block, printed: str) -> bytes:
    """The file that, included in an output fence, shows exactly `printed`.

    The fence adds the final line break itself, so the file holds one less.
    """
    if not printed:
        raise ValueError(f"{block.describe()} prints nothing; remove its output fence")
    if not printed.endswith("\n"):
        raise ValueError(f"{block.describe()}: its output must end with a line break")
    return printed[:-1].encode()


def page_outputs(pages: list[Path]) -> dict[Path, bytes]:
    """Run every page block that publishes its output; return file -> stdout bytes."""
    outputs: dict[Path, bytes] = {}
    runner = ChainRunner()
    for page in pages:
        create_missing_outputs(page)
        blocks = blocks_of(page)
        for block in blocks:
            if block.output_file is None:
                continue
            path = PROJECT_ROOT / block.output_file
            if path in outputs:
                raise ValueError(
                    f"{block.describe()}: {block.output_file} is the output of two blocks"
                )
            outputs[path] = published_form(block, runner.output_of(block, blocks))
    return outputs


def write_if_changed(path: Path, data: bytes) -> bool:
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "chapters", nargs="*", help="only these chapter folders (default: every page and chapter)"
    )
    args = parser.parse_args(argv)

    pages = all_pages()
    chapters = chapters_with_publish()
    if args.chapters:
        unknown = set(args.chapters) - {p.parent.name for p in pages} - set(chapters)
        if unknown:
            parser.error(f"no such chapter folder: {', '.join(sorted(unknown))}")
        pages = [p for p in pages if p.parent.name in args.chapters]
        chapters = [c for c in chapters if c in args.chapters]

    started = time.perf_counter()
    # Chapter artifacts first: pages include their tables, so they must exist before
    # the pages are expanded to run their blocks.
    produced: dict[Path, bytes] = {}
    for chapter in chapters:
        produced.update(chapter_artifacts(chapter).files())
    changed = [p for p, data in produced.items() if write_if_changed(p, data)]
    for path, data in page_outputs(pages).items():
        if path in produced:
            raise ValueError(f"{path.relative_to(PROJECT_ROOT)} is produced twice")
        produced[path] = data
        if write_if_changed(path, data):
            changed.append(path)
    touched_dirs = {p.parent for p in produced if p.parent.name == "generated"} | {
        DOCS_DIR / p.parent.relative_to(DOCS_DIR) / "generated" for p in pages
    }
    removed = []
    for directory in sorted(d for d in touched_dirs if d.is_dir()):
        for stale in sorted(directory.iterdir()):
            if stale.is_file() and stale not in produced:
                stale.unlink()
                removed.append(stale)

    for path in changed:
        print(f"updated {path.relative_to(PROJECT_ROOT)}")
    for path in removed:
        print(f"removed {path.relative_to(PROJECT_ROOT)} (nothing produces it)")
    print(
        f"{len(produced)} generated files checked, {len(changed)} updated, {len(removed)} removed "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
