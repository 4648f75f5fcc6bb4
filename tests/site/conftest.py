"""The built site, shared by the site and browser tests (built once per session)."""

from __future__ import annotations

import functools
import http.server
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tools.pages import PROJECT_ROOT


def build_site(destination: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into `destination`, with a fixed build timestamp."""
    env = dict(os.environ, SOURCE_DATE_EPOCH=source_date_epoch(), NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(destination)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@functools.cache
def source_date_epoch() -> str:
    """The last commit's time, so the sitemap dates don't depend on when we build."""
    commit = subprocess.run(
        ["git", "log", "-1", "--format=%ct"], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    return commit.stdout.strip() or "0"


@pytest.fixture(scope="session")
def site_build(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    destination = tmp_path_factory.mktemp("site")
    return destination, build_site(destination)


@pytest.fixture(scope="session")
def site_dir(site_build) -> Path:
    destination, result = site_build
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr[-4000:]}", pytrace=False)
    return destination


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def site_server(site_dir):
    """The built site over HTTP on loopback; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(site_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def html_pages(site: Path) -> list[Path]:
    """Content pages (the 404 page and vendor assets aside)."""
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.relative_to(site).parts)
