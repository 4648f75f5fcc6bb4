"""Benchmark of the site pipeline: set-up, build, regenerate, test, and page weight.

    .venv/bin/python benchmarks/site_pipeline.py [--skip-setup] [--skip-tests]

Times are noisy on a shared 2-core machine, so each one is also printed as a ratio to
a reference run measured in the same session: the time Python takes to start and
import NumPy and scikit-learn, which is what most of these commands begin with.
Page weight (two pages, one with diagrams) comes from benchmarks/page_report.py.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from page_report import measure_pages

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"


def timed(command: list[str], cwd: Path, env: dict | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


def median_time(command: list[str], cwd: Path, runs: int = 3, env: dict | None = None) -> float:
    return statistics.median(timed(command, cwd, env) for _ in range(runs))


def reference_time() -> float:
    return median_time([str(PYTHON), "-c", "import numpy, sklearn"], ROOT, runs=5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--skip-setup", action="store_true", help="skip the cold set-up (about 2 minutes)"
    )
    parser.add_argument("--skip-tests", action="store_true", help="skip the full test-suite run")
    args = parser.parse_args()

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL="http://127.0.0.1/")
    reference = reference_time()
    figures: list[tuple[str, float]] = []

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        if not args.skip_setup:
            clone = scratch / "clone"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
            figures.append(
                ("cold set-up (fresh clone: make setup)", timed(["make", "setup"], clone))
            )
        site = scratch / "site"
        build = [str(PYTHON), "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
        timed(build, ROOT, env)  # warm the caches
        figures.append(
            ("warm mkdocs build --strict (median of 3)", median_time(build, ROOT, env=env))
        )
        outputs = [str(PYTHON), "-m", "tools.outputs"]
        figures.append(
            ("make outputs, no cache (every job runs)", timed([*outputs, "--no-cache"], ROOT))
        )
        timed(outputs, ROOT)  # fill the cache, in case the run above was its first
        figures.append(("make outputs, unchanged tree (median of 3)", median_time(outputs, ROOT)))
        if not args.skip_tests:
            figures.append(
                ("whole test suite (pytest)", timed([str(PYTHON), "-m", "pytest", "-q"], ROOT))
            )

        print(f"reference: python -c 'import numpy, sklearn' = {reference:.2f} s (median of 5)\n")
        print(f"{'measurement':<44} {'seconds':>8} {'x reference':>12}")
        for name, seconds in figures:
            print(f"{name:<44} {seconds:>8.1f} {seconds / reference:>12.1f}")

        print(f"\n{'page':<28} {'requests':>8} {'KB served':>10} {'KB gzip':>8}")
        for m in measure_pages(site, ["/", "/ch1_ai_ml_dl/"]):
            diagrams = (
                (site / m.path.lstrip("/") / "index.html").read_text().count('class="mermaid"')
            )
            label = f"{m.path} ({diagrams} diagrams)"
            print(f"{label:<28} {m.requests:>8} {m.served / 1000:>10.0f} {m.gzipped / 1000:>8.0f}")
        print("(every page: benchmarks/page_report.py)")


if __name__ == "__main__":
    main()
