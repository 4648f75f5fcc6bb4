"""The glossary: one file of definitions, every term used, every acronym defined.

includes/glossary.md holds one `*[term]: definition` line per term, in
Python-Markdown's abbreviation syntax. tools/macros.py gives them to the abbr
extension, so every use of a term on a page shows its definition as a tooltip,
and renders the Glossary page (docs/glossary.md) from the same lines.
tests/site/test_glossary.py checks the tooltips in the built HTML.

Matching is the abbr extension's: case-sensitive, whole words, longest term
first, within one line of the source. "LLM" and "LLMs" are two terms.
"""

from __future__ import annotations

import re
from functools import cache

import markdown
import pytest

from tools import macros
from tools.pages import DOCS_DIR, PROJECT_ROOT, all_pages

GLOSSARY_PAGE = DOCS_DIR / "glossary.md"

# Named by the issues: "terms used with no definition" (issue 13), the tokens and
# attention terms (issue 14), and the core vocabulary of the week.
REQUIRED_TERMS = [
    *["attention", "Transformer", "Adam", "SwiGLU", "top-p", "DPO", "BLAS"],
    *["token", "BPE", "embedding", "causal mask"],
    *["gradient", "backpropagation", "epoch", "batch", "learning rate", "loss"],
    *["softmax", "logit", "ReLU", "GELU", "sigmoid", "MNIST", "MLP", "RLHF", "PPO"],
    *["FLOP", "TF-IDF", "InfoNCE", "temperature", "Chinchilla", "parameter"],
    *["overfitting", "validation set", "test set", "LLM", "GPU"],
]

# Acronyms a page may use without a glossary entry, each with the reason.
ALLOWED_ACRONYMS = {
    "CPU": "an everyday computing word",
    "GB": "a unit (gigabytes of text)",
    "HTTP": "named in passing: the test server the API examples talk to",
    "HTTPS": "named in passing: how a prompt travels to a hosted model",
    "JSON": "named in passing: the shape of the test server's replies",
    "ID": "short for identifier, plain English",
    "IDs": "short for identifiers, plain English",
    "ACL": "a conference, in a citation",
    "AISTATS": "a conference, in a citation",
    "ICCV": "a conference, in a citation",
    "ICLR": "a conference, in a citation",
    "ICML": "a conference, in a citation",
    "NAACL": "a conference, in a citation",
    "TMLR": "a journal, in a citation",
    "IEEE": "a publisher, in a citation",
    "MIT": "MIT Press, a publisher, in a citation",
    "NVIDIA": "a company, in a citation",
}

# Two or more capitals (digits may follow or sit between), an optional plural s,
# and any hyphenated tail: "LLMs", "BF16", "TF-IDF", "GPT-4o", "SHA-256".
ACRONYM = re.compile(r"(?<![\w-])[A-Z][A-Z0-9]*[A-Z][A-Z0-9]*s?(?:-[A-Za-z0-9]+)*(?![\w-])")

# What a page shows as prose, source-side: the abbr extension skips code, math,
# raw HTML and attributes, so the same parts are removed here.
_NOT_PROSE = [
    re.compile(r"^([ \t]*)(`{3,}|~{3,})[^\n]*\n.*?^\1\2[ \t]*$", re.M | re.S),  # fences
    re.compile(r"<!--.*?-->", re.S),  # comments, pytest-codeblocks markers
    re.compile(r"\$\$.*?\$\$", re.S),  # display math
    re.compile(r"(?<![\\$])\$[^$\n]+\$"),  # inline math
    re.compile(r"`[^`\n]+`"),  # inline code
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S),  # macros
    re.compile(r"^[ \t]*-+8<-+.*$", re.M),  # snippet includes
    re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"),  # images: the alt text is an attribute
    re.compile(r"(?<=\])\([^)\n]*\)"),  # link targets
    re.compile(r"</?[A-Za-z][^>\n]*>"),  # HTML tags
    re.compile(r"\{\s*:?\s*[#.][^}\n]*\}"),  # attribute lists: { #id }
    re.compile(r"https?://\S+"),  # bare addresses
]


def prose(text: str) -> str:
    for pattern in _NOT_PROSE:
        text = pattern.sub(" ", text)
    return text


@cache
def terms() -> dict[str, str]:
    return macros.glossary_terms()


@cache
def content_pages() -> dict[str, str]:
    """Every page but the glossary itself, as prose, by path under docs/."""
    pages = [page for page in all_pages() if page != GLOSSARY_PAGE]
    return {
        page.relative_to(DOCS_DIR).as_posix(): prose(page.read_text(encoding="utf-8"))
        for page in pages
    }


def terms_used(text: str) -> set[str]:
    """The glossary terms the abbr extension would mark in `text`."""
    longest_first = sorted(terms(), key=len, reverse=True)
    pattern = re.compile(r"\b(?:{})\b".format("|".join(map(re.escape, longest_first))))
    return {match.group(0) for match in pattern.finditer(text)}


def is_defined(acronym: str) -> bool:
    """True if the acronym, or the part before one of its hyphens, is a term."""
    parts = acronym.split("-")
    return any("-".join(parts[:n]) in terms() for n in range(1, len(parts) + 1))


def test_the_glossary_is_one_term_per_line_in_order():
    lines = macros.GLOSSARY_FILE.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(terms()), "a blank or repeated line in the glossary"
    names = list(terms())
    assert names == sorted(names, key=str.casefold), "keep the glossary sorted"


@pytest.mark.parametrize("term", list(terms()))
def test_each_definition_is_one_or_two_plain_sentences(term):
    definition = terms()[term]
    sentences = re.findall(r"(?<!\bal)[.!?](?:\s|$)", definition)
    assert definition.endswith("."), f"{term}: end the definition with a full stop"
    assert 1 <= len(sentences) <= 2, f"{term}: {len(sentences)} sentences; keep it to two"
    # A tooltip shows the title as typed: Markdown would appear as raw marks.
    assert not re.search(r"[*_`\[\]<>]", definition), f"{term}: no Markdown or HTML"


def test_the_terms_the_issues_name_are_defined():
    missing = [term for term in REQUIRED_TERMS if term not in terms()]
    assert not missing, f"add these to {macros.GLOSSARY_FILE.name}: {missing}"


def test_every_term_is_used_on_a_page():
    used = set().union(*map(terms_used, content_pages().values()))
    unused = sorted(set(terms()) - used, key=str.casefold)
    assert not unused, (
        f"glossary terms that no page uses (in this exact form, on one line): {unused}. "
        "Use them, or remove them from the glossary."
    )


def test_every_acronym_a_page_uses_is_defined():
    undefined = {}
    for page, text in content_pages().items():
        found = {m.group(0) for m in ACRONYM.finditer(text)}
        missing = sorted(a for a in found if not is_defined(a) and a not in ALLOWED_ACRONYMS)
        if missing:
            undefined[page] = missing
    assert not undefined, (
        f"acronyms with no glossary entry: {undefined}. Define them in "
        f"{macros.GLOSSARY_FILE.relative_to(PROJECT_ROOT)} (plural forms too), or add "
        "them to ALLOWED_ACRONYMS with the reason."
    )


def test_every_allowed_acronym_is_used_and_not_defined():
    used = {m.group(0) for text in content_pages().values() for m in ACRONYM.finditer(text)}
    stale = sorted(set(ALLOWED_ACRONYMS) - used)
    assert not stale, f"ALLOWED_ACRONYMS lists acronyms no page uses: {stale}"
    defined = sorted(a for a in ALLOWED_ACRONYMS if a in terms())
    assert not defined, f"defined in the glossary, so not needed in ALLOWED_ACRONYMS: {defined}"


class _Env:
    """Just enough of mkdocs-macros' env for define_env."""

    def __init__(self) -> None:
        self.conf = {"mdx_configs": {}}
        self.macros = {}

    def macro(self, function):
        self.macros[function.__name__] = function
        return function


def test_the_glossary_page_lists_every_term_once_with_its_definition():
    assert "{{ glossary() }}" in GLOSSARY_PAGE.read_text(encoding="utf-8")
    env = _Env()
    macros.define_env(env)
    html = markdown.markdown(env.macros["glossary"](), extensions=["md_in_html"])
    listed = re.findall(r"<dfn>(.*?)</dfn>", html)
    assert sorted(listed) == sorted(terms())
    definitions = re.findall(r"<dd>(.*?)</dd>", html, re.S)
    assert set(definitions) == set(terms().values())


def test_define_env_gives_the_terms_to_the_abbr_extension():
    env = _Env()
    macros.define_env(env)
    converter = markdown.Markdown(extensions=["abbr"], extension_configs=env.conf["mdx_configs"])
    html = converter.convert("Training an LLM takes many GPUs; `LLM` is code.")
    assert f'<abbr title="{terms()["LLM"]}">LLM</abbr>' in html
    assert "<abbr" not in html.split("<code>")[1]


def test_a_malformed_line_is_named(tmp_path, monkeypatch):
    bad = tmp_path / "glossary.md"
    bad.write_text("*[LLM]: Large language model.\nLLM: no brackets.\n", encoding="utf-8")
    monkeypatch.setattr(macros, "GLOSSARY_FILE", bad)
    monkeypatch.setattr(macros, "DOCS_DIR", tmp_path)
    with pytest.raises(ValueError, match="line 2"):
        macros.glossary_terms()
