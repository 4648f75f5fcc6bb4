"""Sentences on the summary pages that interpret another chapter's results.

Each chapter's publish.py checks the sentences on its own pages; the summary
quotes chapter 2.8's values in its own words, so these tests check them. A
failure names the sentence to reword.
"""

import json
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _values(chapter: str) -> dict[str, str]:
    path = DOCS / chapter / "generated" / "values.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _number(text: str) -> float:
    """'97.73%' or '+0.10 points' or '2.78' -> a float."""
    return float(text.split()[0].rstrip("%"))


MNIST = _values("ch2_mnist")

CLAIMS = [
    (
        "At 0.001 the network was still improving at the end",
        lambda v: _number(v["ex1_slow_last5_gain"]) > 0,
    ),
    (
        "At 1.0 the validation accuracy fell by up to ... points from one epoch "
        "to the next, against at most ... at 0.1",
        lambda v: _number(v["ex1_max_drop_1"]) > _number(v["ex1_max_drop_0.1"]),
    ),
    (
        "Progress per epoch drops [with sigmoid]: after one epoch ... validation "
        "accuracy against ... with ReLU",
        lambda v: _number(v["ex3_acc1"]) < _number(v["ex1_acc1_0.1"]),
    ),
    (
        "[with sigmoid] each run's kept network scored ... against ... [ReLU]",
        lambda v: _number(v["ex3_acc"]) < _number(v["ex1_acc_0.1"]),
    ),
]


@pytest.mark.parametrize("sentence, holds", CLAIMS, ids=[c[0][:40] for c in CLAIMS])
def test_exercise_sentences_still_hold(sentence, holds):
    assert holds(MNIST), f"docs/summary/exercises.md says {sentence!r}, which no longer holds"
