"""Debian's Chromium as the project drives it (tests, screenshots, benchmarks, diagrams).

Never a downloaded browser build: Playwright drives /usr/bin/chromium (`make chromium`
installs it).
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Root in CI needs --no-sandbox; the rest keeps Chromium from calling hosts this
# machine can't reach (and that a test must not depend on).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# Diagrams sit in open shadow roots (tools/site_hooks.py); Material's own Mermaid
# integration would use closed ones. Open any, so a script can always see the SVG.
OPEN_SHADOW_ROOTS = """
const attachShadow = Element.prototype.attachShadow;
Element.prototype.attachShadow = function (init) {
  return attachShadow.call(this, Object.assign({}, init, { mode: "open" }));
};
"""
