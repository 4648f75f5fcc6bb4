import numpy as np
import pytest

from snippets.ch3_types_of_learning.self_supervised import (
    MASK,
    attention_mask,
    make_mlm_example,
    next_token_pairs,
    shifted_inputs_and_targets,
    tokenize,
)

SENTENCE = "The cat sat on the mat because the rain had soaked the garden and the path outside ."


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
        assert context + [target] == tokens[: i + 1]
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
