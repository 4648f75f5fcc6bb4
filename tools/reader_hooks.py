"""MkDocs hook: what a reader with only the website needs to run a page.

* Every page with code opens with a "Run this page yourself" box: a download link to
  the page's notebook (built and run by `make outputs`, tools/notebooks.py), the
  pinned install line for the packages the page's code imports (from
  docs/requirements.txt, worked out from the blocks themselves), and, where the code
  reads MNIST, the link to the data.
* Every block that continues the one before it is marked on the page, each time.
* The MNIST files, their checksums and their license are published with the site
  under data/mnist/, so the loader's error can send a reader there.
* The Markdown sources of the pages, which chapter 4's tokenizer trains on, are
  published as ch4_llms/course-pages.zip (unzipped, a docs/ folder).
* Inline math and code stay on one line with the punctuation after them.
* Every generated plot links to itself, so a reader on a phone can open it full size
  and zoom in; where the pipeline drew a narrow layout (<name>.narrow.svg, panels one
  below the other), a phone shows that one.
* Every snippet module a page shows is published whole, as
  <chapter>/code/<module>.py, and linked from the box: each runs on its own and
  prints every output its blocks show (tests/site/test_paste.py runs them).
"""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

PROJECT_ROOT = Path(__file__).resolve().parents[1]
if str(PROJECT_ROOT) not in sys.path:  # hooks are loaded by path
    sys.path.insert(0, str(PROJECT_ROOT))

from tools.macros import install_line  # noqa: E402
from tools.notebooks import notebook_path  # noqa: E402
from tools.pages import (  # noqa: E402
    DOCS_DIR,
    PageError,
    all_pages,
    blocks_of,
    required_packages,
    shown_modules,
)

MNIST_DIR = PROJECT_ROOT / "data" / "mnist"
MNIST_SITE_DIR = "data/mnist"
PAGES_ZIP = "ch4_llms/course-pages.zip"
_CONT_MARKER = re.compile(r"^(?P<indent>[ \t]*)<!--[-\s]*pytest-codeblocks:cont[-\s]*-->\s*$", re.M)
CONTINUES_NOTE = (
    '{indent}<p class="continues-note">Continues the block above: run it in the same '
    "session, after that one.</p>\n\n{indent}<!--pytest-codeblocks:cont-->"
)


def course_pages_zip() -> bytes:
    """docs/**/*.md (generated files aside) as a zip whose bytes depend on nothing else."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for page in sorted(DOCS_DIR.rglob("*.md")):
            if "generated" in page.parts:
                continue
            info = zipfile.ZipInfo(
                page.relative_to(DOCS_DIR.parent).as_posix(), (1980, 1, 1, 0, 0, 0)
            )
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, page.read_bytes())
    return buffer.getvalue()


def on_files(files: Files, config) -> Files:
    if not MNIST_DIR.is_dir():
        raise PluginError(
            f"{MNIST_DIR.relative_to(PROJECT_ROOT)} is missing: the site publishes it"
        )
    for path in sorted(MNIST_DIR.iterdir()):
        if path.is_file():
            # Markdown would become a page; the credit and license stay plain text.
            name = path.with_suffix(".txt").name if path.suffix == ".md" else path.name
            files.append(File.generated(config, f"{MNIST_SITE_DIR}/{name}", abs_src_path=str(path)))
    files.append(File.generated(config, PAGES_ZIP, content=course_pages_zip()))
    modules = sorted({module for page in all_pages() for module in shown_modules(blocks_of(page))})
    for module in modules:
        files.append(
            File.generated(
                config, module_site_path(module), abs_src_path=str(PROJECT_ROOT / module)
            )
        )
    return files


def module_site_path(module: str) -> str:
    """Where the site publishes a snippet module: snippets/<chapter>/<name>.py is
    <chapter>/code/<name>.py."""
    path = Path(module)
    return f"{path.parent.name}/code/{path.name}"


def _site_relative(from_page: str, target: str) -> str:
    """A link from the page's Markdown source to `target` (a docs-relative path)."""
    depth = from_page.count("/")
    return "../" * depth + target


def run_box(page_src: str) -> str | None:
    """The "Run this page yourself" box for a page, or None if it has no code."""
    page = DOCS_DIR / page_src
    try:
        blocks = blocks_of(page)
        packages = sorted(required_packages(blocks) | {"numpy"})
        install = install_line(*packages)
    except (PageError, KeyError) as error:
        raise PluginError(f"{page_src}: {error}") from error
    if not blocks:
        return None
    notebook = notebook_path(page).relative_to(page.parent).as_posix()
    lines = [
        '!!! abstract "Run this page yourself"',
        "",
        f"    [Download this page as a notebook]({notebook}){{ download }}: every code block "
        "of the page, with the outputs shown here. Or paste the blocks into Python 3.11+ "
        "(a notebook, IPython or a file), in order where a block says it continues the "
        "one above. The packages, at the versions that printed these outputs:",
        "",
        "    ```shell",
        f"    {install}",
        "    ```",
    ]
    modules = shown_modules(blocks)
    if modules:
        links = ", ".join(
            # In code: a file name such as neuron.py is not the glossary's term
            f"[`{Path(module).name}`]({_site_relative(page_src, module_site_path(module))})"
            "{ download }"
            for module in modules
        )
        first = Path(modules[0]).name
        one = len(modules) == 1
        lines += [
            "",
            f"    The {'module' if one else 'modules'} behind the blocks, whole: {links}. "
            f"{'It runs' if one else 'Each runs'} on its own with Python, as in "
            f"`python {first}`, and prints every output that its blocks show on this page.",
        ]
    if any("load_mnist(" in block.code for block in blocks):
        data = _site_relative(page_src, f"{MNIST_SITE_DIR}/")
        downloads = ", ".join(
            f"[{path.name}]({data}{path.name})" for path in sorted(MNIST_DIR.glob("*.gz"))
        )
        lines += [
            "",
            f"    The code reads the MNIST files. Download {downloads} into one folder, and "
            "pass that folder to `load_mnist` or set `MNIST_DIR` to it. Check them "
            f"against [SHA256SUMS]({data}SHA256SUMS); credit and license: "
            f"[README.txt]({data}README.txt), [LICENSE.txt]({data}LICENSE.txt).",
        ]
    if any("find_docs_dir(" in block.code for block in blocks):
        pages = _site_relative(page_src, PAGES_ZIP)
        lines += [
            "",
            f"    The code reads the course's own pages: [download them]({pages}) and "
            "unzip the file where you run the code (it holds a `docs/` folder).",
        ]
    return "\n".join(lines) + "\n"


def on_page_markdown(markdown: str, page, config, files) -> str:
    src = page.file.src_uri
    if not src.endswith(".md"):
        return markdown
    markdown = _CONT_MARKER.sub(lambda m: CONTINUES_NOTE.format(indent=m.group("indent")), markdown)
    box = run_box(src)
    if box:
        # Right after the page's title.
        title = re.search(r"^# .*\n", markdown, re.M)
        at = title.end() if title else 0
        markdown = f"{markdown[:at]}\n{box}\n{markdown[at:]}"
    return markdown


# A generated plot as Python-Markdown writes ![alt](generated/<name>.svg).
_PLOT_IMG = re.compile(r'<img [^>]*src="(?P<src>(?:[^"]*/)?generated/[^"/]+\.svg)"[^>]*>')
PHONE_MEDIA = "(max-width: 44.984375em)"  # Material's own phone breakpoint

# Inline math, inline code, or a link that is only code, with the punctuation after it.
# A browser may break the line between an inline formula and its full stop, which then
# starts the next line; a word joiner (U+2060) between them forbids that break.
_BEFORE_PUNCTUATION = re.compile(
    r'(<span class="arithmatex">[^<]*</span>|<code>[^<]*</code>|<a [^>]*><code>[^<]*</code></a>)'
    r"(?=[.,;:!?)])"
)
WORD_JOINER = "\u2060"


def _plot(match: re.Match, page) -> str:
    """A plot, linked to itself; on a phone, its narrow layout where there is one."""
    src, img = match.group("src"), match.group(0)
    narrow = src.removesuffix(".svg") + ".narrow.svg"
    # src is relative to the page's URL; generated files keep their docs/ paths
    if (DOCS_DIR / posixpath.normpath(posixpath.join(page.url, narrow))).is_file():
        img = f'<picture><source media="{PHONE_MEDIA}" srcset="{narrow}">{img}</picture>'
    return f'<a class="plot-link" href="{src}">{img}</a>'


def on_page_content(content: str, page, config, files) -> str:
    content = _PLOT_IMG.sub(lambda match: _plot(match, page), content)
    return _BEFORE_PUNCTUATION.sub(lambda m: m.group(0) + WORD_JOINER, content)
