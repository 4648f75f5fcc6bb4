"""Every page read on a phone (390 px, touch) and on a desktop (1280 px).

For each page and view: every region that scrolls sideways is keyboard-focusable and
named; interactive controls are at least 24 x 24 CSS px (WCAG 2.2 target size); code
is at least 12 CSS px; a table or formula wider than its column says so above itself;
the page itself never scrolls sideways. On the phone, also: no table row is taller than
120 px, and axe-core finds no serious or critical violation.

What other views would repeat is left out, to keep the suite quick: the colour scheme
changes colours only, not sizes, so both layouts are measured in the light scheme, and
the dark scheme's colours are checked by test_browser.py's accessibility test (axe at
1280 px in both schemes).
One Chromium for the session (tests/site/conftest.py), one browser context per view.
"""

from __future__ import annotations

import pytest

from tests.site.test_browser import (
    AXE,
    COUNT_DRAWN,
    OPEN_SHADOW_ROOTS,
    PAGE_PATHS,
    expected_counts,
)

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
VIEWS = {
    "phone-light": (PHONE, "light"),
    "desktop-light": (DESKTOP, "light"),
}
MAX_ROW_PX = 120  # on the phone: a taller row is a tower of wrapped words
MIN_TARGET_PX = 24  # WCAG 2.2, 2.5.8 Target Size (Minimum)
MIN_CODE_PX = 12

# Controls a reader taps: copy buttons, content tabs, the palette toggle and other header
# buttons, details summaries, download links. Links inside running text are exempt.
CONTROLS = (
    "button, [role=button], summary, .tabbed-labels > label, .md-header__button, "
    "a[download], .md-code__button, .md-content__button"
)
READY = """async () => {
  await document.fonts.ready;
  for (let i = 0; i < 3; i++) await new Promise(requestAnimationFrame);
}"""
AXE_PROBLEMS = """async () => (await axe.run(document)).violations
  .filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => `axe ${v.impact} ${v.id}: ${v.help}`
    + ` (${v.nodes.length} elements, e.g. ${v.nodes[0].target})`)"""
# Everything but axe, measured in the page; returns a list of problems.
LAYOUT_PROBLEMS = """({maxRow, minTarget, minCode, controls}) => {
  const problems = [];
  const shown = (e) => {
    const box = e.getBoundingClientRect(), style = getComputedStyle(e);
    return box.width > 0 && box.height > 0
      && style.visibility !== "hidden" && style.opacity !== "0";
  };
  const describe = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
    + [...e.classList].slice(0, 2).map(c => "." + c).join("")
    + (e.textContent.trim() ? ` "${e.textContent.trim().slice(0, 30)}"` : "");
  const article = document.querySelector("article");
  if (maxRow) {
    for (const row of article.querySelectorAll("table tr")) {
      const height = row.getBoundingClientRect().height;
      if (height > maxRow) {
        problems.push(`table row ${Math.round(height)} px tall: ${describe(row.cells[0])}`);
      }
    }
  }
  for (const control of document.querySelectorAll(controls)) {
    if (!shown(control)) continue;
    const box = control.getBoundingClientRect();
    if (box.width < minTarget - 0.5 || box.height < minTarget - 0.5) {
      const size = `${Math.round(box.width)}x${Math.round(box.height)}`;
      problems.push(`target ${size} px: ${describe(control)}`);
    }
  }
  for (const code of document.querySelectorAll("article pre > code, .jupyter-wrapper pre")) {
    const size = parseFloat(getComputedStyle(code).fontSize);
    if (shown(code) && size < minCode) problems.push(`code at ${size} px: ${describe(code)}`);
  }
  for (const element of article.querySelectorAll("*")) {
    if (!["auto", "scroll"].includes(getComputedStyle(element).overflowX)) continue;
    if (element.scrollWidth <= element.clientWidth + 1) continue;
    const named = (element.getAttribute("aria-label") || "").trim()
      || element.getAttribute("aria-labelledby");
    if (element.tabIndex < 0) {
      problems.push(`scrolls sideways but is not focusable: ${describe(element)}`);
    } else if (!named) {
      problems.push(`scrolls sideways but has no name: ${describe(element)}`);
    }
  }
  // A table or formula wider than its column shows the line that says it scrolls; one
  // that fits, none.
  for (const wrap of article.querySelectorAll(".md-typeset__scrollwrap, div.arithmatex")) {
    const overflows = wrap.scrollWidth > wrap.clientWidth + 1;
    const cue = getComputedStyle(wrap, "::before").content;
    const what = describe(wrap.querySelector("th") || wrap);
    if (overflows && !cue.includes("Scroll sideways")) {
      problems.push(`scrolls sideways with no cue: ${what}`);
    } else if (!overflows && cue !== "none") {
      problems.push(`fits its column but says it scrolls: ${what}`);
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) {
    problems.push(`the page scrolls sideways: ${page.scrollWidth} px in ${page.clientWidth} px`);
  }
  return problems;
}"""

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=list(VIEWS))
def reader(request, chromium):
    """A browser context for one width and colour scheme."""
    device, scheme = VIEWS[request.param]
    context = chromium.new_context(color_scheme=scheme, **device)
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.phone = device is PHONE
    yield context
    context.close()


@pytest.mark.parametrize("page_path", PAGE_PATHS)
def test_page_reads_well_at_this_width(reader, site_url, site_dir, page_path):
    page = reader.new_page()
    try:
        page.goto(site_url + page_path.lstrip("/"), wait_until="load")
        drawn = ",".join(map(str, expected_counts(site_dir, page_path)))
        page.wait_for_function(f"({COUNT_DRAWN})().join() === '{drawn}'", timeout=15_000)
        page.evaluate(READY)  # the site script names scrolling regions on the next frame
        problems = page.evaluate(
            LAYOUT_PROBLEMS,
            {
                "maxRow": MAX_ROW_PX if reader.phone else 0,
                "minTarget": MIN_TARGET_PX,
                "minCode": MIN_CODE_PX,
                "controls": CONTROLS,
            },
        )
        if reader.phone:
            page.add_script_tag(path=str(AXE))
            problems += page.evaluate(AXE_PROBLEMS)
    finally:
        page.close()
    assert not problems, "\n".join(problems)
