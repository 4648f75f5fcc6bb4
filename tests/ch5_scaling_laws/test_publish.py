import re
from pathlib import Path

import pytest

from snippets.ch5_scaling_laws.publish import SOURCES, sci
from snippets.ch5_scaling_laws.scaling import MODELS

FURTHER_READING = (
    Path(__file__).resolve().parents[2] / "docs" / "summary" / "further_reading.md"
).read_text(encoding="utf-8")


def test_every_model_has_a_source_that_exists():
    anchors = set(re.findall(r"\{ #(ref-[a-z0-9-]+) \}", FURTHER_READING))
    for model in MODELS:
        citation, anchor = SOURCES[model.name]
        assert anchor in anchors, f"{model.name}: no reference #{anchor}"
        assert re.search(r"(19|20)\d\d$", citation)


@pytest.mark.parametrize(
    "x, digits, text",
    [
        (3.79e25, 2, "3.79 × 10²⁵"),
        (1.56e23, 2, "1.56 × 10²³"),
        (2.5e-3, 1, "2.5 × 10⁻³"),
        (1e10, 0, "1 × 10¹⁰"),
    ],
)
def test_sci_formats_powers_of_ten(x, digits, text):
    assert sci(x, digits) == text
