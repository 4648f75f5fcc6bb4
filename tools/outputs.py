"""Regenerate every published output: `make outputs` (python -m tools.outputs).

Two kinds of job produce the files in `docs/<chapter>/generated/` (tools/runner.py
runs each in its own process):

1. Page chains. Every Python block is run exactly as the page shows it; a block whose
   output fence includes a generated file publishes its stdout there.
2. Notebooks. Every page with code becomes `generated/<page>.ipynb`, run top to bottom
   in a Jupyter kernel and stored with its outputs (tools/notebooks.py).
3. Publish steps. `snippets/<chapter>/publish.py` defines `publish(out)`, which computes
   the values quoted in the prose (`{{ value("name") }}`), tables, SVG plots and
   notebooks through the `Artifacts` object below.

It works in two steps. `make_plan()` decides which files must exist and with which
bytes; `apply()` then writes the files whose bytes differ (atomically) and removes the
files in a generated/ folder that the plan does not hold. The test suite builds the
same plan, without the cache, and compares it with the files on disk.

The cache (`.cache/outputs/`, not committed) makes an edit-and-look loop fast: a job
runs again only when its code, or a project file it read last time (a module it
imported, the data it opened), or the pipeline itself changed. The test suite never
uses it, so a stale cache can't hide a change.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import io
import json
import os
import platform
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tools import notebooks
from tools.files import write_atomic, write_if_changed
from tools.macros import VALUES_FILE
from tools.pages import (
    DOCS_DIR,
    PROJECT_ROOT,
    REGENERATE_COMMAND,
    PageBlock,
    PageError,
    all_pages,
    blocks_of,
    chains,
)
from tools.runner import ChainJob, JobResult, NotebookJob, PublishJob, run_jobs

SNIPPETS_DIR = PROJECT_ROOT / "snippets"
CACHE_DIR = PROJECT_ROOT / ".cache" / "outputs"
# A change to any of these may change every output, so they salt every cache key.
PIPELINE_FILES = ("tools/outputs.py", "tools/pages.py", "tools/runner.py", "requirements.txt")
# Settings read from the environment by publish steps (MNIST_DIR, MNIST_TRAIN, ...).
SETTING_PREFIXES = ("MNIST_",)
# Requests to redo work: while one is set, no job is answered from the cache.
RERUN_REQUESTS = ("MNIST_RETRAIN",)


# A phone's column is about 350 CSS px; a figure this wide (in inches, at 96 px each
# when shown at its natural size) shows its text at nearly the size it was set in.
NARROW_WIDTH_IN = 4.2
NARROW_MAX_PANELS = 3  # a grid of more (a gallery of digits) keeps its layout


def narrow_layout(fig) -> bool:
    """Lay `fig` out again for a phone: its panels one below the other, each
    NARROW_WIDTH_IN wide and as tall as before. False (and `fig` unchanged) for a
    figure of more panels than NARROW_MAX_PANELS, or one nearly that narrow already."""
    from matplotlib.gridspec import GridSpec

    panels = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    width, height = fig.get_size_inches()
    if not panels or len(panels) > NARROW_MAX_PANELS or width <= 1.25 * NARROW_WIDTH_IN:
        return False  # (or it is nearly narrow already)
    rows, _ = panels[0].get_subplotspec().get_gridspec().get_geometry()
    grid = GridSpec(len(panels), 1, figure=fig)
    for row, ax in enumerate(panels):
        ax.set_subplotspec(grid[row, 0])
    # Each panel keeps its height: its labels and bars need it, whatever the width.
    fig.set_size_inches(NARROW_WIDTH_IN, height / rows * len(panels))
    fig.tight_layout()
    return True


class Artifacts:
    """What a chapter's publish(out) hands back: values, tables, text, figures, notebooks.

    Nothing is written here; the plan collects the files.
    """

    def __init__(self, chapter: str) -> None:
        self.chapter = chapter
        self.directory = DOCS_DIR / chapter / "generated"
        self._values: dict[str, str] = {}
        self._files: dict[str, bytes] = {}
        self._notebooks: dict[str, bytes] = {}

    @property
    def values(self) -> dict[str, str]:
        """The values published so far (a copy), e.g. for a test of publish()."""
        return dict(self._values)

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
        """A matplotlib figure, saved as an SVG with deterministic metadata.

        A figure of at most NARROW_MAX_PANELS panels is also saved laid out for a
        phone, as `<name>.narrow.svg` (see narrow_layout); the site shows it on narrow
        screens (tools/reader_hooks.py).
        """
        import matplotlib.pyplot as plt

        self._add(f"{name}.svg", self._svg(name, fig))
        if narrow_layout(fig):
            self._add(f"{name}.narrow.svg", self._svg(f"{name}.narrow", fig))
        plt.close(fig)

    def _svg(self, name: str, fig) -> bytes:
        import matplotlib

        buffer = io.BytesIO()
        with matplotlib.rc_context({"svg.hashsalt": f"{self.chapter}/{name}"}):
            fig.savefig(buffer, format="svg", metadata={"Date": None}, bbox_inches="tight")
        return buffer.getvalue()

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
    """Run snippets/<chapter>/publish.py in this process (tools/runner.py calls this)."""
    import matplotlib

    matplotlib.use("Agg")
    module = importlib.import_module(f"snippets.{chapter}.publish")
    out = Artifacts(chapter)
    module.publish(out)
    return out


def published_form(block: PageBlock, printed: str) -> bytes:
    """The file that, included in an output fence, shows exactly `printed`.

    The fence adds the final line break itself, so the file holds one less.
    """
    if not printed:
        raise PageError(f"{block.describe()} prints nothing; remove its output fence")
    if not printed.endswith("\n"):
        raise PageError(f"{block.describe()}: its output must end with a line break")
    return printed[:-1].encode()


# --- The cache --------------------------------------------------------------------------


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_hash(rel: str) -> str | None:
    path = PROJECT_ROOT / rel
    return _sha256(path.read_bytes()) if path.is_file() else None


def pipeline_salt() -> str:
    """What every job depends on: the pipeline, the pinned packages, Python, settings."""
    parts = [f"{name}:{_file_hash(name)}" for name in PIPELINE_FILES]
    parts.append(f"python:{platform.python_version()}")
    parts += sorted(f"{k}={v}" for k, v in os.environ.items() if k.startswith(SETTING_PREFIXES))
    return _sha256("\n".join(parts).encode())


def job_fingerprint(job: ChainJob | PublishJob, salt: str) -> str:
    text = "\n\x00".join([salt, job.id, *getattr(job, "codes", ())])
    return _sha256(text.encode())


class Cache:
    """Job results keyed by the job's code and the hashes of every file it read."""

    def __init__(self, directory: Path = CACHE_DIR) -> None:
        self.directory = directory
        self.index_path = directory / "index.json"
        try:
            self.index = json.loads(self.index_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.index = {}  # no cache yet, or a damaged one: everything runs again

    def lookup(self, job_id: str, fingerprint: str) -> JobResult | None:
        if any(os.environ.get(name) for name in RERUN_REQUESTS):
            return None
        entry = self.index.get(job_id)
        if not entry or entry["fingerprint"] != fingerprint:
            return None
        if any(_file_hash(rel) != sha for rel, sha in entry["inputs"].items()):
            return None
        files = {}
        for rel, sha in entry["files"].items():
            blob = self.directory / "blobs" / sha
            if not blob.is_file():
                return None
            files[rel] = blob.read_bytes()
        return JobResult(stdouts=entry["stdouts"], files=files, inputs=sorted(entry["inputs"]))

    def store(self, job_id: str, fingerprint: str, result: JobResult) -> None:
        if result.error:
            self.index.pop(job_id, None)
            return
        file_shas = {}
        for rel, data in result.files.items():
            file_shas[rel] = sha = _sha256(data)
            write_if_changed(self.directory / "blobs" / sha, data)
        self.index[job_id] = {
            "fingerprint": fingerprint,
            "inputs": {rel: _file_hash(rel) for rel in result.inputs},
            "files": file_shas,
            "stdouts": result.stdouts,
        }

    def save(self) -> None:
        live = {sha for entry in self.index.values() for sha in entry["files"].values()}
        blobs = self.directory / "blobs"
        if blobs.is_dir():
            for blob in blobs.iterdir():
                if blob.name not in live:
                    blob.unlink()
        write_atomic(self.index_path, json.dumps(self.index, indent=1, sort_keys=True).encode())


# --- The plan ---------------------------------------------------------------------------


@dataclass
class Plan:
    """Every generated file that should exist, with its bytes, and how each job went."""

    files: dict[Path, bytes] = field(default_factory=dict)
    owned_dirs: set[Path] = field(default_factory=set)  # generated/ folders the plan covers
    results: dict[str, JobResult] = field(default_factory=dict)
    block_outputs: dict[tuple[str, int], str] = field(default_factory=dict)
    block_errors: dict[tuple[str, int], str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)  # pages that could not be parsed
    cached: int = 0  # jobs whose result came from the cache

    def add(self, path: Path, data: bytes, producer: str) -> None:
        if path in self.files:
            raise PageError(f"{path} is produced twice (again by {producer})")
        self.files[path] = data

    def stale(self) -> list[Path]:
        """Planned files whose bytes on disk differ (or that are missing)."""
        return [p for p, d in sorted(self.files.items()) if not p.is_file() or p.read_bytes() != d]

    def orphans(self) -> list[Path]:
        """Files in the covered generated/ folders that nothing produces any more."""
        return sorted(
            path
            for directory in self.owned_dirs
            if directory.is_dir()
            for path in directory.iterdir()
            if path.is_file() and path not in self.files
        )


_GENERATED_INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"(docs/[^"]*/generated/[^"]+)"\s*$', re.M)


def create_missing_includes(pages: list[Path]) -> None:
    """A new page include of a generated file that doesn't exist yet starts empty,
    so that the page can be expanded and its blocks run to produce it."""
    for page in pages:
        for name in _GENERATED_INCLUDE.findall(page.read_text(encoding="utf-8")):
            path = PROJECT_ROOT / name
            if not path.exists():
                write_atomic(path, b"")


def _chain_jobs(pages: list[Path], plan: Plan) -> tuple[list[ChainJob], dict[str, list[PageBlock]]]:
    """One job per chain of blocks; a page that can't be read is an error in the plan."""
    jobs, members = [], {}
    for page in pages:
        try:
            blocks = blocks_of(page)
        except PageError as error:
            plan.errors.append(str(error))
            plan.unreadable.add(page.relative_to(PROJECT_ROOT).as_posix())
            continue
        for chain in chains(blocks):
            job = ChainJob(chain[0].page, chain[0].index, tuple(b.code for b in chain))
            jobs.append(job)
            members[job.id] = chain
    return jobs, members


def _run_with_cache(jobs: list, cache: Cache | None, plan: Plan) -> dict[str, JobResult]:
    salt = pipeline_salt()
    results, to_run = {}, []
    for job in jobs:
        hit = cache.lookup(job.id, job_fingerprint(job, salt)) if cache else None
        if hit is None:
            to_run.append(job)
        else:
            results[job.id] = hit
            plan.cached += 1
    fresh = run_jobs(to_run)
    if cache is not None:
        for job in to_run:
            cache.store(job.id, job_fingerprint(job, salt), fresh[job.id])
    results.update(fresh)
    return results


def _add_files_of(jobs: list, cache: Cache | None, plan: Plan, name) -> None:
    """Run `jobs` (or take them from the cache) and add the files they produce."""
    plan.results |= _run_with_cache(jobs, cache, plan)
    for job in jobs:
        result = plan.results[job.id]
        if result.error:
            plan.errors.append(f"{name(job)} failed:\n{result.error}")
        for rel, data in result.files.items():
            plan.add(PROJECT_ROOT / rel, data, job.id)


def make_plan(
    pages: list[Path] | None = None,
    chapters: list[str] | None = None,
    cache: Cache | None = None,
) -> Plan:
    """Run (or take from `cache`) every job, and collect the files they produce."""
    pages = all_pages() if pages is None else pages
    chapters = chapters_with_publish() if chapters is None else chapters
    plan = Plan()
    plan.owned_dirs = {DOCS_DIR / c / "generated" for c in chapters} | {
        p.parent / "generated" for p in pages
    }

    # Publish steps first: their tables and values are part of the pages, and a
    # page is expanded (to find its blocks) only after they are in place.
    publish = [PublishJob(chapter) for chapter in chapters]
    _add_files_of(publish, cache, plan, lambda job: f"snippets/{job.chapter}/publish.py")

    jobs, members = _chain_jobs(pages, plan)
    plan.results |= _run_with_cache(jobs, cache, plan)
    for job in jobs:
        result = plan.results[job.id]
        for position, block in enumerate(members[job.id]):
            key = (block.page, block.index)
            if position < len(result.stdouts) and position != result.failed_block:
                plan.block_outputs[key] = result.stdouts[position]
            elif position == result.failed_block:
                plan.block_errors[key] = f"{block.describe()} raised:\n{result.error}"
                plan.errors.append(plan.block_errors[key])
            else:
                plan.block_errors[key] = (
                    f"{block.describe()} did not run: block {job.first_index + result.failed_block}"
                    " that it continues failed"
                )
            if block.output_file and key in plan.block_outputs:
                try:
                    data = published_form(block, plan.block_outputs[key])
                except PageError as error:
                    plan.errors.append(str(error))
                    continue
                plan.add(PROJECT_ROOT / block.output_file, data, block.describe())

    # Notebooks last: their prose quotes the tables and values planned above.
    planned_text = tuple(
        sorted(
            (path.relative_to(PROJECT_ROOT).as_posix(), data)
            for path, data in plan.files.items()
            if path.suffix in (".md", ".json") and path.parent.name == "generated"
        )
    )
    notebook_jobs = [
        NotebookJob(page.relative_to(PROJECT_ROOT).as_posix(), planned_text)
        for page in notebooks.pages_with_code(pages)
        if page.relative_to(PROJECT_ROOT).as_posix() not in plan.unreadable
    ]
    _add_files_of(notebook_jobs, cache, plan, lambda job: f"the notebook of {job.page}")
    return plan


def apply(plan: Plan) -> tuple[list[Path], list[Path]]:
    """Write the planned files whose bytes changed and remove orphans.

    Each file is written atomically. Orphans are removed only when every job
    succeeded: a failed job's files are missing from the plan, not orphaned.
    """
    written = [path for path in plan.stale() if write_if_changed(path, plan.files[path])]
    removed = [] if plan.errors else plan.orphans()
    for path in removed:
        path.unlink()
    return written, removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "chapters", nargs="*", help="only these chapter folders (default: every page and chapter)"
    )
    parser.add_argument(
        "--no-cache", action="store_true", help="run every job, ignoring .cache/outputs/"
    )
    parser.add_argument("--quiet", action="store_true", help="print only changes and errors")
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
    create_missing_includes(pages)
    cache = None if args.no_cache else Cache()
    try:
        plan = make_plan(pages, chapters, cache)
    except PageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    written, removed = apply(plan)
    if cache is not None:
        cache.save()

    for path in written:
        print(f"updated {path.relative_to(PROJECT_ROOT)}")
    for path in removed:
        print(f"removed {path.relative_to(PROJECT_ROOT)} (nothing produces it)")
    for error in plan.errors:
        print(f"error: {error}", file=sys.stderr)
    if not args.quiet or plan.errors:
        print(
            f"{len(plan.files)} generated files checked, {len(written)} updated, "
            f"{len(removed)} removed; {len(plan.results) - plan.cached} jobs run, "
            f"{plan.cached} from the cache, in {time.perf_counter() - started:.1f} s"
        )
    if plan.errors:
        print(
            f"{len(plan.errors)} job(s) failed; the files of the others were written. "
            f"Fix the code and run `{REGENERATE_COMMAND}` again.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
