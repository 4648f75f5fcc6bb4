"""The built site: strict, self-contained, linked correctly, and reproducible."""

from __future__ import annotations

import filecmp
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from tests.site.conftest import SUB_PATH, build_site, html_pages

# Attributes that make the browser fetch something (as opposed to a link to follow).
NAVIGATIONAL_RELS = {"canonical", "alternate", "prev", "next"}
FETCHED = {
    ("script", "src"),
    ("link", "href"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
}


class _PageScan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("id", "name"):
            if attrs.get(key) and (key == "id" or tag == "a"):
                self.ids.add(attrs[key])
        if tag == "link" and attrs.get("rel") in NAVIGATIONAL_RELS:
            tag = f"link rel={attrs['rel']}"  # names a URL, doesn't fetch it
        for attribute in ("href", "src"):
            if attrs.get(attribute) is not None:
                self.links.append((tag, attribute, attrs[attribute]))


def scan(path: Path) -> _PageScan:
    parser = _PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def page_url(site: Path, page: Path) -> str:
    return f"/{SUB_PATH}{page.relative_to(site).as_posix()}"


def target_file(site: Path, path: str) -> Path | None:
    """The built file that URL path `path` serves, or None if it is outside the site."""
    if not path.startswith(f"/{SUB_PATH}"):
        return None
    file = site / unquote(path).removeprefix(f"/{SUB_PATH}")
    return file / "index.html" if path.endswith("/") or file.is_dir() else file


def test_strict_build_passes_without_warnings(site_build):
    _, result = site_build
    assert result.returncode == 0, result.stderr[-4000:]
    warnings = [
        line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))
    ]
    assert not warnings, "\n".join(warnings)


def test_every_page_of_the_nav_is_built(site_dir):
    pages = html_pages(site_dir)
    assert site_dir / "index.html" in pages
    assert site_dir / "ch1_ai_ml_dl" / "index.html" in pages


def test_internal_links_and_anchors_resolve(site_dir):
    scans = {page: scan(page) for page in site_dir.rglob("*.html")}
    broken = []
    for page, parsed in scans.items():
        base = page_url(site_dir, page)
        for tag, attribute, url in parsed.links:
            parts = urlsplit(urljoin(base, url))
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:")):
                continue
            target = target_file(site_dir, parts.path)
            if target is None or not target.is_file():
                broken.append(f"{base}: <{tag} {attribute}={url!r}> -> missing {parts.path}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = scans[target].ids if target in scans else scan(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(
                        f"{base}: <{tag} {attribute}={url!r}> -> no anchor #{parts.fragment}"
                    )
    assert not broken, "\n".join(broken)


def test_nothing_is_fetched_from_another_host(site_dir):
    external = []
    for page in site_dir.rglob("*.html"):
        for tag, attribute, url in scan(page).links:
            if (tag, attribute) in FETCHED and urlsplit(url).netloc:
                external.append(f"{page_url(site_dir, page)}: <{tag} {attribute}={url}>")
    for sheet in site_dir.rglob("*.css"):
        for url in re.findall(
            r"url\(\s*['\"]?(https?:)?//[^)]*\)|@import\s+['\"]https?://", sheet.read_text()
        ):
            external.append(f"{sheet.relative_to(site_dir)}: {url}")
    assert not external, "\n".join(external)


def test_pages_show_no_unexpanded_includes_or_templates(site_dir):
    leftovers = []
    for page in html_pages(site_dir):
        # Shown code may hold these marks on purpose (a regex that strips macros).
        html = re.sub(r"<pre\b.*?</pre>", "", page.read_text(encoding="utf-8"), flags=re.S)
        for marker in ("--8&lt;--", "--8<--", "{{", "{%"):
            if marker in html:
                leftovers.append(f"{page_url(site_dir, page)} contains {marker!r}")
    assert not leftovers, "\n".join(leftovers)


def test_two_builds_in_a_row_are_byte_identical(site_dir, site_url, tmp_path):
    again = build_site(tmp_path / "again", site_url)
    assert again.returncode == 0, again.stderr[-4000:]

    def differences(cmp: filecmp.dircmp) -> list[str]:
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found = [f"{Path(cmp.left).name}/{name}" for name in mismatch + errors]
        found += [f"only in one build: {name}" for name in cmp.left_only + cmp.right_only]
        for sub in cmp.subdirs.values():
            found += differences(sub)
        return found

    assert differences(filecmp.dircmp(site_dir, tmp_path / "again")) == []


def test_every_plot_links_to_itself_and_offers_its_phone_layout(site_dir):
    """Each plot opens full size when tapped; a phone shows its narrow layout if the
    pipeline drew one (tools/outputs.narrow_layout)."""
    plots, narrow_plots, problems = 0, 0, []
    for page in html_pages(site_dir):
        article = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").article
        for img in article.select('img[src*="generated/"][src$=".svg"]') if article else []:
            plots += 1
            link = img.find_parent("a")
            if link is None or link.get("href") != img["src"]:
                problems.append(f"{page.relative_to(site_dir)}: {img['src']} has no link to itself")
            elif not (page.parent / img["src"]).is_file():
                problems.append(f"{page.relative_to(site_dir)}: {img['src']} is not in the site")
            narrow = img["src"].removesuffix(".svg") + ".narrow.svg"
            source = img.find_previous_sibling("source")
            if (page.parent / narrow).is_file():
                narrow_plots += 1
                if img.parent.name != "picture" or not source or source["srcset"] != narrow:
                    problems.append(f"{page.relative_to(site_dir)}: {narrow} is not offered")
    assert plots >= 14, f"found only {plots} generated plots"
    assert narrow_plots >= 10, f"only {narrow_plots} plots have a phone layout"
    assert not problems, "\n".join(problems)
