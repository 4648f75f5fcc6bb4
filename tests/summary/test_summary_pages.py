"""The summary pages: five exercises with collapsed solutions, real references."""

import json
import re
from pathlib import Path

import pytest

from snippets.ch5_scaling_laws.scaling import EXERCISE4_PARAMS, EXERCISE4_TOKENS

DOCS = Path(__file__).resolve().parents[2] / "docs"
EXERCISES = (DOCS / "summary" / "exercises.md").read_text(encoding="utf-8")
FURTHER_READING = (DOCS / "summary" / "further_reading.md").read_text(encoding="utf-8")
REFERENCE_IDS = re.findall(r"\{ #(ref-[a-z0-9-]+) \}", FURTHER_READING)


def _entries() -> list[str]:
    """Each further-reading list item, as one line of text, with its anchor."""
    return [
        " ".join(item.split())
        for item in re.findall(r"^- (.+?\{ #ref-[a-z0-9-]+ \})", FURTHER_READING, re.M | re.S)
    ]


def test_five_exercises_each_with_a_collapsed_solution():
    sections = re.split(r"^## ", EXERCISES, flags=re.M)[1:]
    titles = [s.splitlines()[0] for s in sections]
    assert [t.split(":")[0] for t in titles] == [f"Exercise {n}" for n in range(1, 6)]
    for title, body in zip(titles, sections, strict=True):
        assert '\n??? success "Solution"\n' in body, f"{title} has no collapsed solution block"


def test_reference_anchors_are_unique():
    assert len(REFERENCE_IDS) == len(set(REFERENCE_IDS))
    assert len(_entries()) == len(REFERENCE_IDS)


def test_every_link_to_a_reference_points_at_an_existing_one():
    linked = set()
    for page in DOCS.rglob("*.md"):
        linked |= set(
            re.findall(r"further_reading\.md#(ref-[a-z0-9-]+)", page.read_text(encoding="utf-8"))
        )
    for table in DOCS.rglob("generated/*.md"):
        linked |= set(
            re.findall(r"further_reading\.md#(ref-[a-z0-9-]+)", table.read_text(encoding="utf-8"))
        )
    assert linked, "no page links to a reference"
    assert linked <= set(REFERENCE_IDS), sorted(linked - set(REFERENCE_IDS))


@pytest.mark.parametrize("entry", _entries(), ids=lambda e: e.rsplit("#", 1)[-1].rstrip(" }"))
def test_each_reference_names_authors_year_and_where_to_find_it(entry):
    if "datasheet" not in entry:  # a product datasheet is revised without a date of record
        assert re.search(r"\((19|20)\d\d\)", entry), "no year"
    assert "*" in entry, "no italic title"
    where = re.search(
        r"arXiv:\d{4}\.\d{4,5}|Nature|Proceedings of|Neural Computation|International "
        r"Journal|MIT Press|technical report|datasheet|System card|Announcements?\.",
        entry,
    )
    assert where, "no arXiv id, journal, proceedings, book, report, card or announcement"


@pytest.mark.parametrize(
    "name",
    [
        "ref-transformer",
        "ref-gpt1",
        "ref-gpt2",
        "ref-gpt3",
        "ref-bert",
        "ref-palm",
        "ref-llama2",
        "ref-llama3",
        "ref-chinchilla",
        "ref-kaplan",
        "ref-deepseek-v3",
        "ref-deepseek-r1",
        "ref-instructgpt",
        "ref-ppo",
        "ref-simclr",
        "ref-clip",
        "ref-emergent",
        "ref-mirage",
        "ref-gelu",
        "ref-he-init",
        "ref-backprop",
        "ref-mnist",
        "ref-glorot",
        "ref-adam",
        "ref-imagenet",
        "ref-roberta",
        "ref-infonce",
        "ref-sutton-barto",
        "ref-hhh",
        "ref-constitutional-ai",
        "ref-bpe",
        "ref-codex",
        "ref-gpt4",
        "ref-gpt5",
        "ref-gemini-1-5",
        "ref-zero-shot-reasoners",
        "ref-kosinski",
        "ref-ullman",
    ],
)
def test_the_week_s_cited_works_are_all_listed(name):
    assert name in REFERENCE_IDS


def test_exercise_4_answer_is_six_n_d():
    values = json.loads(
        (DOCS / "ch5_scaling_laws" / "generated" / "values.json").read_text(encoding="utf-8")
    )
    mantissa, exponent = values["ex4.compute"].split(" × 10")
    exponent = int(exponent.translate(str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")))
    assert float(mantissa) * 10**exponent == pytest.approx(
        6 * EXERCISE4_PARAMS * EXERCISE4_TOKENS, rel=5e-3
    )
    assert 'value("ch5_scaling_laws:ex4.compute")' in EXERCISES
