"""Screenshots of every page as a phone shows it, for a person to look at before a release.

    .venv/bin/python -m tools.screenshots               (`make screenshots` runs it)
    .venv/bin/python -m tools.screenshots --width 1280  (another width; repeat to add more)

Builds the site strictly into a temporary folder, serves it on loopback and opens each
page in Debian's Chromium at 390 x 844 CSS px (touch, as a phone) in the light and the
dark scheme. Each page is saved whole, in slices of at most 2000 CSS px (a few phone
screens, easy to open and read), as

    test-artifacts/screenshots/<width>-<scheme>/<page>.<slice: 01, 02, ...>.png

test-artifacts/ is ignored by git: the screenshots are never committed.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from tools.browser import CHROMIUM, CHROMIUM_ARGS, OPEN_SHADOW_ROOTS

PROJECT_ROOT = Path(__file__).resolve().parents[1]
OUTPUT = PROJECT_ROOT / "test-artifacts" / "screenshots"
PHONE_WIDTH = 390
SLICE_HEIGHT = 2000  # CSS px a slice; one image much taller is hard to open and to read
# Wait until the fonts are in and every formula and diagram is drawn (as far as the
# page has any), so the screenshot shows what a reader sees.
DRAWN = """async () => {
  await document.fonts.ready;
  const drawn = () =>
    [...document.querySelectorAll(".arithmatex")].every(m => m.querySelector(".katex"))
    && [...document.querySelectorAll(".mermaid")]
      .every(d => (d.shadowRoot || d).querySelector("svg"));
  for (let waited = 0; !drawn() && waited < 15000; waited += 100) {
    await new Promise(done => setTimeout(done, 100));
  }
  for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame);
  return drawn();
}"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build(site_dir: Path, site_url: str) -> None:
    env = dict(os.environ, SITE_URL=site_url, NO_MKDOCS_2_WARNING="1")
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--quiet",
        "--site-dir",
        str(site_dir),
    ]
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"mkdocs build --strict failed:\n{result.stderr[-4000:]}")


def page_paths(site_dir: Path) -> list[str]:
    """Every content page's URL path below the site root ('' is the home page)."""
    pages = [p.parent.relative_to(site_dir) for p in site_dir.rglob("index.html")]
    return sorted(
        "" if p == Path(".") else f"{p.as_posix()}/" for p in pages if "assets" not in p.parts
    )


def file_stem(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


def shoot(site_url: str, paths: list[str], widths: list[int]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        for width in widths:
            phone = width <= 600
            device = {"viewport": {"width": width, "height": 844 if phone else 800}}
            if phone:
                device.update(is_mobile=True, has_touch=True, device_scale_factor=2)
            for scheme in ("light", "dark"):
                folder = OUTPUT / f"{width}-{scheme}"
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir(parents=True)
                context = browser.new_context(color_scheme=scheme, **device)
                context.add_init_script(OPEN_SHADOW_ROOTS)
                for path in paths:
                    page = context.new_page()
                    page.goto(site_url + path, wait_until="load")
                    if not page.evaluate(DRAWN):
                        print(f"{width}-{scheme} /{path}: not every formula or diagram was drawn")
                    height = page.evaluate("document.documentElement.scrollHeight")
                    for number, top in enumerate(range(0, height, SLICE_HEIGHT), start=1):
                        shot = folder / f"{file_stem(path)}.{number:02d}.png"
                        clip = {
                            "x": 0,
                            "y": top,
                            "width": width,
                            "height": min(SLICE_HEIGHT, height - top),
                        }
                        page.screenshot(path=str(shot), full_page=True, clip=clip)
                        written.append(shot)
                    page.close()
                context.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--width",
        type=int,
        action="append",
        help=f"viewport width in CSS px (default {PHONE_WIDTH})",
    )
    widths = parser.parse_args().width or [PHONE_WIDTH]
    if not CHROMIUM.exists():
        sys.exit(
            f"{CHROMIUM} is missing: apt-get install -y chromium (`make chromium` does it as root)"
        )
    with tempfile.TemporaryDirectory() as folder:
        site_dir = Path(folder)
        handler = functools.partial(_QuietHandler, directory=str(site_dir))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        site_url = f"http://127.0.0.1:{server.server_address[1]}/"
        try:
            build(site_dir, site_url)
            written = shoot(site_url, page_paths(site_dir), widths)
        finally:
            server.shutdown()
            server.server_close()
    print(f"{len(written)} screenshots in {OUTPUT.relative_to(PROJECT_ROOT)}/")


if __name__ == "__main__":
    main()
