"""A reader with only the website: copy every block from the built pages and run it.

The blocks are taken from the built HTML, as the copy button gives them. Each page's
chains run in fresh interpreters of a virtual environment that holds only the
reader's packages (docs/requirements.txt, installed by `make test` into
.venv-reader/), in a folder outside the repository, with the MNIST files downloaded
from the built site (and chapter 4's training text, the pages, from its zip). Each
printed result must equal the output shown under it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment

from snippets.ch4_llms.publish import cli_transcript
from tools.pages import PROJECT_ROOT, all_pages, blocks_of, shown_modules
from tools.reader_hooks import module_site_path

READER_PYTHON = PROJECT_ROOT / ".venv-reader" / "bin" / "python"

# Runs a chain of blocks in one namespace, as pasted into one interpreter, and
# reports each block's stdout (or the error that stopped the chain).
DRIVER = textwrap.dedent("""
    import contextlib, io, json, sys, traceback, types
    blocks = json.load(sys.stdin)
    main = types.ModuleType("__main__")
    sys.modules["__main__"] = main
    results = []
    for code in blocks:
        buffer = io.StringIO()
        try:
            with contextlib.redirect_stdout(buffer):
                exec(compile(code, "<pasted block>", "exec"), main.__dict__)
        except BaseException:
            results.append({"stdout": buffer.getvalue(), "error": traceback.format_exc()})
            break
        results.append({"stdout": buffer.getvalue(), "error": None})
    json.dump(results, sys.__stdout__)
""")


def page_chains(html: str) -> list[list[dict]]:
    """[[{"code", "shown_output"}, ...], ...]: each chain of Python blocks on the page."""
    soup = BeautifulSoup(html, "html.parser")
    article = soup.select_one("article") or soup
    chains: list[list[dict]] = []
    continues = expects_output = False
    for node in article.descendants:
        if isinstance(node, Comment):
            text = node.strip()
            continues |= text == "pytest-codeblocks:cont"
            expects_output |= text == "pytest-codeblocks:expected-output"
            continue
        classes = getattr(node, "get", lambda *_: None)("class") or []
        if node.name != "div" or "highlight" not in classes:
            continue
        code = node.select_one("pre > code").get_text()  # what the copy button copies
        if "language-python" in classes:
            block = {"code": code, "shown_output": None}
            if continues and chains:
                chains[-1].append(block)
            else:
                chains.append([block])
        elif expects_output and chains:
            chains[-1][-1]["shown_output"] = code
        continues = expects_output = False
    return chains


@pytest.fixture(scope="session")
def reader_folder(tmp_path_factory, site_dir) -> Path:
    """A folder outside the repository holding what a reader downloads from the site:
    the MNIST files, and the pages chapter 4's tokenizer reads."""
    if not READER_PYTHON.exists():
        pytest.fail(
            "the reader's environment is missing: run `make test` (it creates .venv-reader/)"
        )
    folder = tmp_path_factory.mktemp("reader")
    data = folder / "mnist"
    data.mkdir()
    for path in (site_dir / "data" / "mnist").glob("*.gz"):
        shutil.copy(path, data / path.name)
    with zipfile.ZipFile(site_dir / "ch4_llms" / "course-pages.zip") as pages:
        pages.extractall(folder)  # chapter 4's tokenizer trains on the pages
    return folder


def as_printed(shown: str) -> str:
    """What print() wrote, given an output block's text (the fence's last line break
    may or may not be kept in the HTML)."""
    return shown if shown.endswith("\n") else shown + "\n"


def built_pages(site_dir: Path) -> list[Path]:
    return sorted(p for p in site_dir.rglob("index.html") if "assets" not in p.parts)


def reader_run(args: list[str], folder: Path, stdin: str = "") -> subprocess.CompletedProcess:
    """`python <args>` in the reader's environment, in `folder`, as a reader starts it:
    no API keys, the MNIST files in MNIST_DIR, one BLAS thread (as the MNIST page says)."""
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(folder),
        "MNIST_DIR": str(folder / "mnist"),
        "OPENBLAS_NUM_THREADS": "1",
        "MPLBACKEND": "Agg",
    }
    return subprocess.run(
        [str(READER_PYTHON), *args],
        input=stdin,
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def run_pasted(chain: list[dict], folder: Path) -> list[dict]:
    """Run a chain in a fresh reader interpreter; one {"stdout", "error"} per block run."""
    done = reader_run(["-c", DRIVER], folder, json.dumps([block["code"] for block in chain]))
    if done.returncode != 0:
        return [{"stdout": "", "error": f"the interpreter failed: {done.stderr[-2000:]}"}]
    return json.loads(done.stdout)


def test_every_page_block_pasted_from_the_site_prints_what_is_shown(site_dir, reader_folder):
    found, problems = 0, []
    for page in built_pages(site_dir):
        name = page.parent.relative_to(site_dir).as_posix() or "home"
        for chain in page_chains(page.read_text(encoding="utf-8")):
            found += len(chain)
            for block, result in zip(chain, run_pasted(chain, reader_folder), strict=False):
                shown = block["shown_output"]
                if result["error"]:
                    problems.append(
                        f"{name}: a block raised:\n{block['code'][:300]}\n{result['error']}"
                    )
                elif shown is not None and result["stdout"] != as_printed(shown):
                    problems.append(
                        f"{name}: a block printed\n{result['stdout']}\nbut the page shows\n"
                        f"{shown}\nfor\n{block['code'][:300]}"
                    )
    in_pages = sum(len(blocks_of(page)) for page in all_pages())
    assert found == in_pages, f"found {found} Python blocks in the HTML, {in_pages} in the pages"
    assert not problems, f"{len(problems)} of {found} pasted blocks fail:\n\n" + "\n\n".join(
        problems
    )


def test_each_module_downloaded_from_the_site_prints_every_output_its_blocks_show(
    site_dir, reader_folder
):
    """The "Run this page yourself" box links each module a page shows and says that
    `python <module>.py` prints every output its blocks show: run the downloads."""
    outputs: dict[str, list[str]] = {}
    for page in all_pages():
        for block in blocks_of(page):
            for module in shown_modules([block])[-1:]:  # the block's last include
                shown = outputs.setdefault(module, [])
                if block.expected_output is not None:
                    shown.append(block.expected_output.strip("\n"))
    problems = []
    for module, shown in outputs.items():
        download = site_dir / module_site_path(module)
        if not download.is_file():
            problems.append(f"{module} is shown on a page but not published as {download}")
            continue
        if not shown:
            continue  # its blocks print nothing (the hosted-models module: see below)
        shutil.copy(download, reader_folder / download.name)
        run = reader_run([download.name], reader_folder)
        if run.returncode != 0:
            problems.append(f"python {download.name} failed:\n{run.stderr[-2000:]}")
        problems += [
            f"python {download.name} does not print this output of its page:\n{text}"
            for text in shown
            if text not in run.stdout
        ]
    assert not problems, "\n\n".join(problems)
    assert len(outputs) >= 15, f"only {len(outputs)} modules found on the pages"


def test_the_hosted_models_command_prints_what_chapter_4_shows(site_dir, reader_folder):
    download = site_dir / module_site_path("snippets/ch4_llms/hosted_models.py")
    shutil.copy(download, reader_folder / download.name)
    run = reader_run([download.name, "Explain quantum computing in one sentence."], reader_folder)
    shown = (PROJECT_ROOT / "docs/ch4_llms/generated/cli_missing_key.txt").read_text()
    assert cli_transcript(run) == shown
