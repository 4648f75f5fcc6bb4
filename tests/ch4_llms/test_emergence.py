import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.ch4_llms.emergence import ANSWER_LENGTHS, exact_match_accuracy

FEW = settings(max_examples=100, derandomize=True, deadline=None)


def test_one_token_answer_is_the_per_token_accuracy():
    for p in (0.0, 0.3, 0.9, 1.0):
        assert exact_match_accuracy(p, 1) == p


def test_matches_the_product_of_independent_tokens():
    assert exact_match_accuracy(0.9, 10) == pytest.approx(math.prod([0.9] * 10))


def test_longer_answers_are_harder():
    values = [exact_match_accuracy(0.95, n) for n in (1, 5, 10, 30)]
    assert values == sorted(values, reverse=True)


def test_the_demo_lengths_start_with_a_single_token():
    assert ANSWER_LENGTHS[0] == 1  # the plot skips it as equal to per-token accuracy


def test_numpy_numbers_are_accepted():
    assert exact_match_accuracy(np.float64(0.5), np.int64(2)) == 0.25


@FEW
@given(st.floats(0, 1), st.integers(1, 10_000))
def test_a_probability_that_falls_with_length(p, n):
    result = exact_match_accuracy(p, n)
    assert 0.0 <= result <= p
    assert result == pytest.approx(math.exp(n * math.log(p)) if p > 0 else 0.0, rel=1e-9)


@FEW
@given(st.one_of(st.floats().filter(lambda p: not 0 <= p <= 1), st.just(float("nan"))))
def test_probabilities_outside_0_1_are_refused(p):
    with pytest.raises(ValueError, match="per_token_accuracy must be a probability"):
        exact_match_accuracy(p, 5)


@FEW
@given(st.integers(max_value=0))
def test_lengths_below_one_are_refused(n):
    with pytest.raises(ValueError, match="n_tokens must be a positive integer"):
        exact_match_accuracy(0.5, n)


@FEW
@given(st.one_of(st.none(), st.text(max_size=3), st.booleans(), st.lists(st.floats())))
def test_non_numbers_are_type_errors(bad):
    with pytest.raises(TypeError, match="per_token_accuracy must be a number"):
        exact_match_accuracy(bad, 5)
    with pytest.raises(TypeError, match="n_tokens must be a positive integer"):
        exact_match_accuracy(0.5, bad)


@FEW
@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_float_length_is_a_type_error(n):
    with pytest.raises(TypeError, match="n_tokens must be a positive integer"):
        exact_match_accuracy(0.5, n)
