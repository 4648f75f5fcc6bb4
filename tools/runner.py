"""Run a page's chains of blocks and a chapter's publish step, each in its own process.

A *job* is the unit of regeneration and of testing:

* a chain: a page block and the blocks that continue it (`<!--pytest-codeblocks:cont-->`),
  run in order in one `__main__` namespace, as a reader pastes them into one interpreter;
* a publish step: `snippets/<chapter>/publish.py`'s `publish(out)`;
* a notebook: a page's notebook built and run in a Jupyter kernel (tools/notebooks.py).

Every job runs in a new process, so nothing one job does (a print option, a global
RNG seed, a monkey-patched module, an import of an edited snippet) reaches another.
The processes are forked from a server that has already imported NumPy and Matplotlib
and nothing of the project, so each starts in the state of a fresh interpreter
without paying for those imports again.

A job also reports every project file it read (the modules it imported, the data it
opened). `tools/outputs.py` hashes them to decide when a job must run again.
"""

from __future__ import annotations

import contextlib
import io
import multiprocessing
import os
import sys
import traceback
import types
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
# Read by a job, but not an input of it: tooling, caches, and the job's own outputs.
_NOT_INPUTS = (".venv", ".cache", ".git", "node_modules", "site", "__pycache__", "generated")
_PRELOAD = ["numpy", "matplotlib", "matplotlib.pyplot"]


@dataclass(frozen=True)
class ChainJob:
    """Blocks of one page that run in one namespace: [(label, code), ...]."""

    page: str
    first_index: int  # 1-based index of the chain's first block on the page
    codes: tuple[str, ...]

    @property
    def id(self) -> str:
        return f"chain:{self.page}:block{self.first_index}"


@dataclass(frozen=True)
class PublishJob:
    chapter: str

    @property
    def id(self) -> str:
        return f"publish:{self.chapter}"


@dataclass(frozen=True)
class NotebookJob:
    """Build a page's notebook and run it in a kernel.

    `planned` holds the generated tables and values the plan has just produced, so
    the notebook's prose never lags one regeneration behind.
    """

    page: str
    planned: tuple[tuple[str, bytes], ...] = ()

    @property
    def id(self) -> str:
        return f"notebook:{self.page}"

    @property
    def codes(self) -> tuple[str, ...]:
        """What the cache key must cover beyond the files the job reads."""
        return tuple(f"{rel}\n{data.decode()}" for rel, data in self.planned)


@dataclass
class JobResult:
    stdouts: list[str] = field(default_factory=list)  # one per block run (chains)
    files: dict[str, bytes] = field(default_factory=dict)  # project-relative path -> bytes
    error: str | None = None  # the traceback, if the job failed
    failed_block: int | None = None  # index within the chain of the block that raised
    inputs: list[str] = field(default_factory=list)  # project files the job read


def _project_relative(path: str) -> str | None:
    try:
        rel = Path(os.path.abspath(path)).relative_to(PROJECT_ROOT)
    except ValueError:
        return None
    if any(part in _NOT_INPUTS for part in rel.parts) or not (PROJECT_ROOT / rel).is_file():
        return None
    return rel.as_posix()


def _record_inputs() -> set[str]:
    """Start recording every project file this process opens; returns the live set."""
    opened: set[str] = set()

    def hook(event: str, args: tuple) -> None:
        if event == "open" and isinstance(args[0], str | os.PathLike):
            rel = _project_relative(os.fspath(args[0]))
            if rel:
                opened.add(rel)

    sys.addaudithook(hook)
    return opened


def _imported_project_files() -> set[str]:
    files = set()
    for module in list(sys.modules.values()):
        rel = _project_relative(getattr(module, "__file__", None) or "")
        if rel:
            files.add(rel)
    return files


@contextlib.contextmanager
def _as_main(module: types.ModuleType):
    """Run code as `__main__`, the way a reader's interpreter would."""
    saved = sys.modules.get("__main__")
    sys.modules["__main__"] = module
    try:
        yield
    finally:
        if saved is not None:
            sys.modules["__main__"] = saved


def _run_chain(job: ChainJob) -> JobResult:
    opened = _record_inputs()
    result = JobResult()
    module = types.ModuleType("__main__")
    for offset, code in enumerate(job.codes):
        buffer = io.StringIO()
        try:
            compiled = compile(code, f"<{job.page} block {job.first_index + offset}>", "exec")
            with _as_main(module), contextlib.redirect_stdout(buffer):
                exec(compiled, module.__dict__)
        except BaseException:
            result.error = traceback.format_exc()
            result.failed_block = offset
            break
        finally:
            result.stdouts.append(buffer.getvalue())
    result.inputs = sorted(opened | _imported_project_files())
    return result


def _run_publish(job: PublishJob) -> JobResult:
    from tools.outputs import chapter_artifacts

    opened = _record_inputs()
    result = JobResult()
    try:
        files = chapter_artifacts(job.chapter).files()
        result.files = {
            path.relative_to(PROJECT_ROOT).as_posix(): data for path, data in files.items()
        }
    except BaseException:
        result.error = traceback.format_exc()
    result.inputs = sorted(opened | _imported_project_files())
    return result


def _run_notebook(job: NotebookJob) -> JobResult:
    from tools import notebooks

    opened = _record_inputs()
    result = JobResult()
    page = PROJECT_ROOT / job.page
    try:
        data = notebooks.build(page, dict(job.planned))
        result.files = {notebooks.notebook_path(page).relative_to(PROJECT_ROOT).as_posix(): data}
    except BaseException:
        result.error = traceback.format_exc()
    # The kernel is another process: what it reads is out of the audit hook's sight.
    data_files = {
        p.relative_to(PROJECT_ROOT).as_posix() for p in DATA_DIR.rglob("*") if p.is_file()
    }
    result.inputs = sorted(opened | _imported_project_files() | data_files)
    return result


def _run(job: ChainJob | PublishJob | NotebookJob) -> JobResult:
    os.chdir(PROJECT_ROOT)
    if str(PROJECT_ROOT) not in sys.path:
        sys.path.insert(0, str(PROJECT_ROOT))
    if isinstance(job, ChainJob):
        return _run_chain(job)
    if isinstance(job, NotebookJob):
        return _run_notebook(job)
    return _run_publish(job)


def run_jobs(jobs: list, workers: int | None = None) -> dict[str, JobResult]:
    """Run every job in its own process, `workers` at a time; results by job id."""
    if not jobs:
        return {}
    os.environ.setdefault("MPLBACKEND", "Agg")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(_PRELOAD)
    workers = workers or min(len(jobs), os.cpu_count() or 1)
    with ProcessPoolExecutor(workers, mp_context=context, max_tasks_per_child=1) as pool:
        futures = {job.id: pool.submit(_run, job) for job in jobs}
        return {job_id: future.result() for job_id, future in futures.items()}
