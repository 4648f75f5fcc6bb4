"""mkdocs-macros module: computed numbers in the prose come from generated values.

In a page, `{{ value("spam.rule_accuracy") }}` inserts the string that
`snippets/<chapter>/publish.py` published under that name, where <chapter> is the
page's own folder. `{{ value("mnist:final_accuracy") }}` reads another chapter's.
An unknown name fails the build with the list of names that exist.

This file is loaded by path (mkdocs.yml: module_name), so it imports nothing from
the project.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

DOCS_DIR = Path(__file__).resolve().parents[1] / "docs"
VALUES_FILE = "values.json"  # written by tools/outputs.py
READER_REQUIREMENTS = DOCS_DIR / "requirements.txt"  # what the shown code imports, pinned
GLOSSARY_FILE = DOCS_DIR.parent / "includes" / "glossary.md"  # `*[term]: definition` lines


def load_values(chapter: str) -> dict[str, str]:
    path = DOCS_DIR / chapter / "generated" / VALUES_FILE
    if not path.is_file():
        raise KeyError(
            f"{path.relative_to(DOCS_DIR.parent)} does not exist; "
            f"does snippets/{chapter}/publish.py publish values? Run `make outputs`."
        )
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as error:
        raise ValueError(
            f"{path.relative_to(DOCS_DIR.parent)} is not valid JSON ({error}). "
            "Run `make outputs` to regenerate it."
        ) from None
    if not isinstance(values, dict):
        raise ValueError(
            f"{path.relative_to(DOCS_DIR.parent)} must hold a JSON object of name -> text. "
            "Run `make outputs` to regenerate it."
        )
    return values


def lookup(page_chapter: str, name: str) -> str:
    chapter, _, key = name.rpartition(":")
    chapter = chapter or page_chapter
    values = load_values(chapter)
    if key not in values:
        raise KeyError(
            f"no generated value {key!r} for chapter {chapter!r}; "
            f"known: {', '.join(sorted(values)) or 'none'}. Run `make outputs`."
        )
    return values[key]


def reader_pins() -> dict[str, str]:
    """Package name -> `name==version` from docs/requirements.txt."""
    pins = {}
    for line in READER_REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, _ = line.partition("==")
            pins[name.lower()] = line
    return pins


def install_line(*packages: str) -> str:
    """`pip install ...` with the pinned versions of `packages` (all of them if none)."""
    pins = reader_pins()
    unknown = [p for p in packages if p.lower() not in pins]
    if unknown:
        raise KeyError(
            f"{', '.join(unknown)} not in {READER_REQUIREMENTS.relative_to(DOCS_DIR.parent)}; "
            f"known: {', '.join(sorted(pins))}"
        )
    chosen = [pins[p.lower()] for p in packages] if packages else sorted(pins.values())
    return "pip install " + " ".join(chosen)


def glossary_terms() -> dict[str, str]:
    """Term -> definition, from GLOSSARY_FILE in Python-Markdown's abbreviation syntax."""
    terms: dict[str, str] = {}
    lines = GLOSSARY_FILE.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        head, separator, definition = line.partition("]: ")
        term = head.removeprefix("*[")
        if term == head or not separator or not definition.strip() or term in terms:
            raise ValueError(
                f"{GLOSSARY_FILE.relative_to(DOCS_DIR.parent)}, line {number}: expected "
                f"`*[term]: definition` for a term not defined before, got {line!r}"
            )
        terms[term] = definition.strip()
    return terms


def define_env(env) -> None:
    @env.macro
    def value(name: str) -> str:
        page_chapter = Path(env.page.file.src_uri).parent.as_posix()
        return lookup(page_chapter, name)

    env.macro(install_line)

    # Every page shows a glossary term's definition as a tooltip: the abbr
    # extension wraps each use in <abbr title="...">. {{ glossary() }} lists them.
    terms = glossary_terms()
    env.conf["mdx_configs"].setdefault("abbr", {})["glossary"] = terms

    @env.macro
    def glossary() -> str:
        """A definition list, sorted; forms with the same definition share an entry.

        Each term is raw HTML, which the abbr extension leaves alone, so no tooltip
        repeats the definition beside it; terms inside a definition get theirs.
        """
        forms: dict[str, list[str]] = {}
        for term, definition in terms.items():
            forms.setdefault(definition, []).append(term)
        entries = sorted(forms.items(), key=lambda entry: entry[1][0].casefold())
        items = []
        for definition, names in entries:
            shown = ", ".join(f"<strong><dfn>{html.escape(name)}</dfn></strong>" for name in names)
            items.append(f'<dt>{shown}</dt>\n<dd markdown="span">{definition}</dd>\n')
        return '<dl markdown="1">\n' + "".join(items) + "</dl>"
