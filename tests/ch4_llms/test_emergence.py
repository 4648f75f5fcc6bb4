import math

import pytest

from snippets.ch4_llms.emergence import exact_match_accuracy


def test_one_token_answer_is_the_per_token_accuracy():
    for p in (0.0, 0.3, 0.9, 1.0):
        assert exact_match_accuracy(p, 1) == p


def test_matches_the_product_of_independent_tokens():
    assert exact_match_accuracy(0.9, 10) == pytest.approx(math.prod([0.9] * 10))


def test_longer_answers_are_harder():
    values = [exact_match_accuracy(0.95, n) for n in (1, 5, 10, 30)]
    assert values == sorted(values, reverse=True)


@pytest.mark.parametrize(
    ("p", "n", "message"),
    [
        (1.2, 5, "must be a probability"),
        (-0.1, 5, "must be a probability"),
        (0.5, 0, "n_tokens must be a positive integer"),
        (0.5, 2.5, "n_tokens must be a positive integer"),
    ],
)
def test_bad_inputs(p, n, message):
    with pytest.raises(ValueError, match=message):
        exact_match_accuracy(p, n)
