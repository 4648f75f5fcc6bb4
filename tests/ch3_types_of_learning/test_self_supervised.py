import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.ch3_types_of_learning.self_supervised import (
    MASK,
    SENTENCE,
    attention_mask,
    make_mlm_example,
    masked_count,
    next_token_pairs,
    shifted_inputs_and_targets,
    tokenize,
)

FAST = settings(derandomize=True, max_examples=50, deadline=None)


def test_tokenize_splits_words_and_punctuation():
    assert tokenize("The cat sat, on the mat!") == [
        "The",
        "cat",
        "sat",
        ",",
        "on",
        "the",
        "mat",
        "!",
    ]


@pytest.mark.parametrize("sentence", ["", "   \n\t"])
def test_tokenize_rejects_an_empty_sentence(sentence):
    with pytest.raises(ValueError, match="sentence is empty"):
        tokenize(sentence)


def test_tokenize_rejects_non_text():
    with pytest.raises(TypeError, match="sentence must be a str"):
        tokenize(["The", "cat"])


@pytest.mark.parametrize(
    ("n_tokens", "rate"), [(18, 0.15), (6, 0.15), (40, 0.15), (10, 0.5), (3, 0.01)]
)
def test_mlm_masks_round_rate_times_length_positions_at_least_one(n_tokens, rate):
    tokens = [f"w{i}" for i in range(n_tokens)]
    example = make_mlm_example(tokens, np.random.default_rng(1), mask_rate=rate)
    assert len(example.targets) == max(1, round(rate * n_tokens))
    assert all(tokens[p] == word for p, word in example.targets.items())
    untouched = [p for p in range(n_tokens) if p not in example.targets]
    assert all(example.inputs[p] == tokens[p] for p in untouched)


def test_mlm_is_reproducible_for_a_seed():
    tokens = tokenize(SENTENCE)
    a = make_mlm_example(tokens, np.random.default_rng(5))
    b = make_mlm_example(tokens, np.random.default_rng(5))
    assert a == b


def test_mlm_follows_the_80_10_10_rule():
    tokens = [f"w{i}" for i in range(20)]
    rng = np.random.default_rng(123)
    counts = {"mask": 0, "random": 0, "kept": 0}
    for _ in range(4000):  # 3 positions each: 12,000 draws
        example = make_mlm_example(tokens, rng, vocab=["<random>"])
        for p in example.targets:
            shown = example.inputs[p]
            counts["mask" if shown == MASK else "random" if shown == "<random>" else "kept"] += 1
    total = sum(counts.values())
    assert total == 12_000
    # binomial standard error at n = 12,000 is below 0.4 points; allow about 4 of them
    assert counts["mask"] / total == pytest.approx(0.8, abs=0.015)
    assert counts["random"] / total == pytest.approx(0.1, abs=0.015)
    assert counts["kept"] / total == pytest.approx(0.1, abs=0.015)


@pytest.mark.parametrize("rate", [0, 1, -0.15, 1.5, 15])
def test_mlm_rejects_a_mask_rate_outside_zero_one(rate):
    with pytest.raises(ValueError, match="mask_rate must be strictly between 0 and 1"):
        make_mlm_example(["a", "b"], np.random.default_rng(0), mask_rate=rate)


def test_mlm_rejects_empty_tokens_and_empty_vocab():
    with pytest.raises(ValueError, match="tokens is empty"):
        make_mlm_example([], np.random.default_rng(0))
    with pytest.raises(ValueError, match="vocab is empty"):
        make_mlm_example(["a", "b"], np.random.default_rng(0), vocab=[])


def test_next_token_pairs_are_every_prefix_and_agree_with_the_shifted_form():
    tokens = tokenize(SENTENCE)
    pairs = next_token_pairs(tokens)
    assert len(pairs) == len(tokens) - 1
    for i, (context, target) in enumerate(pairs, start=1):
        assert [*context, target] == tokens[: i + 1]
    inputs, targets = shifted_inputs_and_targets(tokens)
    assert targets == [target for _, target in pairs]
    assert inputs == [context[-1] for context, _ in pairs]


@pytest.mark.parametrize("function", [next_token_pairs, shifted_inputs_and_targets])
def test_next_token_needs_two_tokens(function):
    with pytest.raises(ValueError, match="at least two tokens"):
        function(["alone"])


def test_causal_mask_never_looks_ahead_and_bidirectional_sees_everything():
    causal, full = attention_mask(6, causal=True), attention_mask(6, causal=False)
    i, j = np.indices((6, 6))
    np.testing.assert_array_equal(causal, (j <= i).astype(int))
    assert full.sum() == 36
    with pytest.raises(ValueError, match="n_tokens must be at least 1"):
        attention_mask(0, causal=True)


def test_how_shown_names_each_kind_of_position():
    example = make_mlm_example(["a", "b", "c"], np.random.default_rng(0), vocab=["z"])
    example.inputs, example.targets = [MASK, "z", "c"], {0: "a", 1: "b", 2: "c"}
    assert [example.how_shown(p) for p in range(3)] == ["masked", "replaced", "unchanged"]


# Property-based checks: bad input is a clear error that names the argument,
# never a silently wrong answer; good input keeps its invariants.

words = st.lists(st.sampled_from(["the", "cat", "sat", "on", "mat", ".", "a"]), min_size=1)


@FAST
@given(tokens=words, seed=st.integers(0, 2**32 - 1), rate=st.floats(0.01, 0.99))
def test_mlm_example_keeps_length_and_targets_the_originals(tokens, seed, rate):
    example = make_mlm_example(tokens, np.random.default_rng(seed), mask_rate=rate)
    assert len(example.inputs) == len(tokens)
    assert len(example.targets) == masked_count(len(tokens), rate)
    assert all(tokens[p] == word for p, word in example.targets.items())
    for p in range(len(tokens)):
        if p not in example.targets:
            assert example.inputs[p] == tokens[p]
        else:
            assert example.how_shown(p) in {"masked", "replaced", "unchanged"}
            assert example.inputs[p] in {MASK, *tokens}


@FAST
@given(tokens=words.filter(lambda t: len(t) >= 2))
def test_next_token_pairs_rebuild_the_sequence(tokens):
    pairs = next_token_pairs(tokens)
    inputs, targets = shifted_inputs_and_targets(tokens)
    assert [*pairs[-1][0], pairs[-1][1]] == tokens
    assert len(inputs) == len(targets) == len(pairs) == len(tokens) - 1
    assert [*inputs, targets[-1]] == tokens


@FAST
@given(n=st.integers(1, 40), causal=st.booleans())
def test_attention_mask_is_lower_triangular_exactly_when_causal(n, causal):
    mask = attention_mask(n, causal)
    assert mask.shape == (n, n)
    assert set(np.unique(mask)) <= {0, 1}
    assert mask.sum() == (n * (n + 1) // 2 if causal else n * n)
    assert (np.diag(mask) == 1).all()  # every position sees itself


@FAST
@given(
    rate=st.one_of(
        st.floats().filter(lambda r: not 0 < r < 1),
        st.sampled_from([math.nan, math.inf]),
        st.text(max_size=3),
        st.none(),
    )
)
def test_mask_rate_outside_zero_one_is_rejected(rate):
    with pytest.raises(ValueError, match="mask_rate must be strictly between 0 and 1"):
        make_mlm_example(["a", "b"], np.random.default_rng(0), mask_rate=rate)


@FAST
@given(tokens=st.one_of(st.text(max_size=5), st.none(), st.lists(st.integers(), min_size=1)))
def test_tokens_must_be_a_list_of_strings(tokens):
    for call in (
        lambda: make_mlm_example(tokens, np.random.default_rng(0)),
        lambda: next_token_pairs(tokens),
        lambda: shifted_inputs_and_targets(tokens),
    ):
        with pytest.raises(TypeError, match="tokens must be a list of str"):
            call()


@FAST
@given(n=st.one_of(st.floats(), st.text(max_size=2), st.none(), st.booleans()))
def test_attention_mask_size_must_be_a_whole_number(n):
    with pytest.raises(TypeError, match="n_tokens must be an int"):
        attention_mask(n, causal=True)


def test_attention_mask_and_masking_reject_bad_flags_and_generators():
    with pytest.raises(TypeError, match="causal must be True or False"):
        attention_mask(3, causal="yes")
    with pytest.raises(TypeError, match=r"rng must be a np\.random\.Generator"):
        make_mlm_example(["a", "b"], rng=0)
    with pytest.raises(TypeError, match="vocab must be a list of str"):
        make_mlm_example(["a", "b"], np.random.default_rng(0), vocab="ab")
    with pytest.raises(ValueError, match="n_tokens must be an int >= 1"):
        masked_count(0)


def test_numpy_integers_are_accepted():
    assert attention_mask(np.int64(3), causal=np.bool_(True)).sum() == 6
    assert masked_count(np.int32(20), np.float32(0.15)) == 3
