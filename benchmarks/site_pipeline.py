"""Benchmark of the site pipeline: set-up, build, regenerate, test, and page weight.

    .venv/bin/python benchmarks/site_pipeline.py [--skip-setup] [--skip-tests]

Times are noisy on a shared 2-core machine, so each one is also printed as a ratio to
a reference run measured in the same session: the time Python takes to start and
import NumPy and scikit-learn, which is what most of these commands begin with.
Page weight is measured in headless Chromium against a loopback server: every file a
page fetches, as served (uncompressed) and as gzip would send them.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def page_weight(site: Path, paths: list[str]) -> list[tuple[str, int, int, int]]:
    """(path, requests, bytes served, bytes gzipped) for each page, loaded with an empty cache.

    The browser's resource timing lists every URL the page fetched; the bytes are those
    files in the built site, as served (uncompressed) and as gzip would send them.
    """
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        for path in paths:
            context = browser.new_context()
            page = context.new_page()
            page.goto(base + path, wait_until="networkidle")
            page.wait_for_timeout(1000)
            urls = page.evaluate(
                "() => [location.href, ...performance.getEntriesByType('resource').map(e => e.name)]"
            )
            files = []
            for url in urls:
                file = site / urlsplit(url).path.lstrip("/")
                files.append(file / "index.html" if file.is_dir() else file)
            data = [f.read_bytes() for f in files if f.is_file()]
            rows.append((path, len(urls), sum(map(len, data)), sum(len(gzip.compress(d)) for d in data)))
            context.close()
        browser.close()
    server.shutdown()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-setup", action="store_true", help="skip the cold set-up (about 2 minutes)")
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
            figures.append(("cold set-up (fresh clone: make setup)", timed(["make", "setup"], clone)))
        site = scratch / "site"
        build = [str(PYTHON), "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
        timed(build, ROOT, env)  # warm the caches
        figures.append(("warm mkdocs build --strict (median of 3)", median_time(build, ROOT, env=env)))
        figures.append(("make outputs on an unchanged tree", timed([str(PYTHON), "-m", "tools.outputs"], ROOT)))
        if not args.skip_tests:
            figures.append(("whole test suite (pytest)", timed([str(PYTHON), "-m", "pytest", "-q"], ROOT)))

        print(f"reference: python -c 'import numpy, sklearn' = {reference:.2f} s (median of 5)\n")
        print(f"{'measurement':<44} {'seconds':>8} {'x reference':>12}")
        for name, seconds in figures:
            print(f"{name:<44} {seconds:>8.1f} {seconds / reference:>12.1f}")

        print(f"\n{'page':<22} {'requests':>8} {'KB served':>10} {'KB gzipped':>11}")
        for path, requests, served, zipped in page_weight(site, ["/", "/ch1_ai_ml_dl/"]):
            diagrams = (site / path.lstrip("/") / "index.html").read_text().count('class="mermaid"')
            label = f"{path} ({diagrams} diagrams)"
            print(f"{label:<22} {requests:>8} {served / 1024:>10.0f} {zipped / 1024:>11.0f}")


if __name__ == "__main__":
    main()
