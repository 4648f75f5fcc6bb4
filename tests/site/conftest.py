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

from tools.browser import CHROMIUM, CHROMIUM_ARGS
from tools.pages import PROJECT_ROOT

# The site is served under a sub-path, as on a GitHub project page.
SUB_PATH = "week1-llm/"


def build_site(destination: Path, site_url: str) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` into `destination` for `site_url`, with a fixed timestamp."""
    env = dict(
        os.environ,
        SITE_URL=site_url,
        SOURCE_DATE_EPOCH=source_date_epoch(),
        NO_MKDOCS_2_WARNING="1",
    )
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


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def site_origin(tmp_path_factory):
    """A loopback HTTP server over an empty folder; yields (folder, site URL under SUB_PATH).

    It starts before the build because Material's instant navigation only works when
    the page's origin matches site_url, so the build needs the server's port.
    """
    root = tmp_path_factory.mktemp("served")
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def site_build(site_origin) -> tuple[Path, subprocess.CompletedProcess]:
    root, url = site_origin
    destination = root / SUB_PATH
    return destination, build_site(destination, url)


@pytest.fixture(scope="session")
def site_dir(site_build) -> Path:
    destination, result = site_build
    if result.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed:\n{result.stderr[-4000:]}", pytrace=False)
    return destination


@pytest.fixture(scope="session")
def site_url(site_origin, site_dir) -> str:
    """The built site's URL on the loopback server."""
    return site_origin[1]


def html_pages(site: Path) -> list[Path]:
    """Content pages (the 404 page and vendor assets aside)."""
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.relative_to(site).parts)


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium, launched once per test process for every browser test."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `apt-get install -y chromium` "
            "(make test does this as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
