"""The regeneration pipeline: its cache keys, its plan, and writes that never cut a file short."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from tools.files import write_atomic
from tools.outputs import (
    NARROW_WIDTH_IN,
    Cache,
    Plan,
    job_fingerprint,
    narrow_layout,
    pipeline_salt,
)
from tools.pages import PROJECT_ROOT
from tools.runner import ChainJob, JobResult, PublishJob

SCRATCH = PROJECT_ROOT / ".cache" / "tests"


@pytest.fixture
def input_file():
    """A project file a job 'read', which the test then edits."""
    SCRATCH.mkdir(parents=True, exist_ok=True)
    path = SCRATCH / "input.txt"
    path.write_text("first\n")
    yield path
    path.unlink(missing_ok=True)


def test_fingerprint_changes_with_the_code_and_the_job():
    salt = pipeline_salt()
    job = ChainJob("docs/x.md", 1, ("print(1)",))
    assert job_fingerprint(job, salt) == job_fingerprint(
        ChainJob("docs/x.md", 1, ("print(1)",)), salt
    )
    assert job_fingerprint(job, salt) != job_fingerprint(
        ChainJob("docs/x.md", 1, ("print(2)",)), salt
    )
    assert job_fingerprint(job, salt) != job_fingerprint(
        ChainJob("docs/y.md", 1, ("print(1)",)), salt
    )
    assert job_fingerprint(job, salt) != job_fingerprint(job, salt + "other pipeline")
    assert job_fingerprint(PublishJob("a"), salt) != job_fingerprint(PublishJob("b"), salt)


def test_salt_changes_with_settings_read_from_the_environment(monkeypatch):
    monkeypatch.delenv("MNIST_RETRAIN", raising=False)
    before = pipeline_salt()
    monkeypatch.setenv("MNIST_RETRAIN", "main")
    assert pipeline_salt() != before


def test_cache_hit_until_an_input_file_changes(tmp_path, input_file):
    cache = Cache(tmp_path)
    rel = input_file.relative_to(PROJECT_ROOT).as_posix()
    result = JobResult(stdouts=["hi\n"], files={"docs/x/generated/a.txt": b"A"}, inputs=[rel])
    cache.store("job", "fp", result)
    cache.save()

    reloaded = Cache(tmp_path)
    hit = reloaded.lookup("job", "fp")
    assert hit is not None and hit.files == {"docs/x/generated/a.txt": b"A"}
    assert hit.stdouts == ["hi\n"]
    assert reloaded.lookup("job", "other fingerprint") is None

    input_file.write_text("second\n")
    assert reloaded.lookup("job", "fp") is None


def test_a_rerun_request_is_never_answered_from_the_cache(tmp_path, monkeypatch):
    cache = Cache(tmp_path)
    cache.store("job", "fp", JobResult(stdouts=["hi\n"]))
    assert cache.lookup("job", "fp") is not None
    monkeypatch.setenv("MNIST_RETRAIN", "all")
    assert cache.lookup("job", "fp") is None


def test_a_failed_job_is_never_cached(tmp_path):
    cache = Cache(tmp_path)
    cache.store("job", "fp", JobResult(error="Traceback ..."))
    assert cache.lookup("job", "fp") is None


def test_a_damaged_cache_index_means_everything_runs_again(tmp_path):
    (tmp_path / "index.json").write_text("{ not json")
    assert Cache(tmp_path).lookup("job", "fp") is None


def test_plan_finds_stale_and_orphaned_files(tmp_path):
    generated = tmp_path / "generated"
    generated.mkdir()
    (generated / "kept.txt").write_bytes(b"same")
    (generated / "changed.txt").write_bytes(b"old")
    (generated / "orphan.txt").write_bytes(b"nobody makes me")
    plan = Plan(owned_dirs={generated})
    plan.add(generated / "kept.txt", b"same", "test")
    plan.add(generated / "changed.txt", b"new", "test")
    plan.add(generated / "missing.txt", b"new file", "test")
    assert plan.stale() == [generated / "changed.txt", generated / "missing.txt"]
    assert plan.orphans() == [generated / "orphan.txt"]
    with pytest.raises(Exception, match="produced twice"):
        plan.add(generated / "kept.txt", b"again", "test")


def test_a_write_that_fails_under_a_file_size_limit_leaves_the_old_file_whole(tmp_path):
    """RLIMIT_FSIZE makes the write fail midway, as a full disk would."""
    target = tmp_path / "values.json"
    target.write_bytes(b'{"old": "complete"}\n')
    script = textwrap.dedent(f"""
        import resource, signal, sys
        sys.path.insert(0, {str(PROJECT_ROOT)!r})
        from pathlib import Path
        from tools.files import write_atomic
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail with EFBIG, don't die
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        try:
            write_atomic(Path({str(target)!r}), b"x" * 100_000)
        except OSError as error:
            print("failed:", error.strerror)
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert "failed: File too large" in done.stdout, done.stderr
    assert target.read_bytes() == b'{"old": "complete"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["values.json"]  # no temporary left


def test_write_atomic_replaces_the_whole_file(tmp_path):
    target = tmp_path / "deep" / "out.txt"
    write_atomic(target, b"one")
    write_atomic(target, b"two")
    assert target.read_bytes() == b"two"
    assert [p.name for p in target.parent.iterdir()] == ["out.txt"]


def test_write_atomic_gives_the_mode_a_plain_write_would(tmp_path):
    plain, atomic = tmp_path / "plain.txt", tmp_path / "atomic.txt"
    plain.write_bytes(b"x")
    write_atomic(atomic, b"x")
    assert atomic.stat().st_mode == plain.stat().st_mode


def test_narrow_layout_stacks_side_by_side_panels_for_a_phone():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    assert narrow_layout(fig)
    assert tuple(fig.get_size_inches()) == (NARROW_WIDTH_IN, 8)
    top, bottom = left.get_position(), right.get_position()
    assert top.y0 > bottom.y1  # one below the other, in the order they were drawn
    plt.close(fig)

    gallery, _ = plt.subplots(2, 6, figsize=(9, 3.5))
    narrow, _ = plt.subplots(figsize=(4.4, 4.2))
    assert not narrow_layout(gallery) and not narrow_layout(narrow)
    assert tuple(gallery.get_size_inches()) == (9, 3.5)  # left as it was
    plt.close("all")
