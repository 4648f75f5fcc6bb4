import itertools

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import softmax as scipy_softmax

from snippets.ch4_llms.tiny_lm import (
    CORPUS,
    EOS,
    EPOCHS,
    LEARNING_RATE,
    Vocabulary,
    bigram_pairs,
    generate,
    loss_and_gradient,
    sample_next,
    softmax,
    tokenize,
    top_k_filter,
    train_bigram,
)


@pytest.fixture(scope="module")
def corpus():
    vocab = Vocabulary(tokenize(CORPUS))
    return vocab, vocab.encode(CORPUS)


@pytest.fixture(scope="module")
def trained(corpus):
    vocab, ids = corpus
    W, history = train_bigram(ids, len(vocab), EPOCHS, LEARNING_RATE)
    return W, history


def count_probabilities(ids, vocab_size):
    """The maximum-likelihood bigram model, by counting: an independent reference."""
    counts = np.zeros((vocab_size, vocab_size))
    for a, b in itertools.pairwise(ids):
        counts[a, b] += 1
    seen = counts.sum(axis=1) > 0
    return counts[seen] / counts[seen].sum(axis=1, keepdims=True), seen


def test_tokenize_lowercases_and_splits_periods():
    assert tokenize("The Cat sat. A dog!") == ["the", "cat", "sat", ".", "a", "dog"]


def test_vocabulary_round_trip(corpus):
    vocab, ids = corpus
    assert vocab.decode(vocab.encode("the cat sat on the mat.")) == "the cat sat on the mat."
    assert len(ids) == len(tokenize(CORPUS))
    assert sorted(set(ids)) == list(range(len(vocab)))


def test_softmax_matches_scipy_at_every_temperature():
    logits = np.array([2.0, 1.0, 0.1, -3.0])
    for T in (0.1, 0.5, 1.0, 2.0, 10.0):
        np.testing.assert_allclose(softmax(logits, T), scipy_softmax(logits / T), rtol=1e-12)


def test_softmax_is_stable_for_huge_logits():
    probs = softmax(np.array([1000.0, 999.0, -1000.0]))
    assert np.all(np.isfinite(probs))
    np.testing.assert_allclose(probs, scipy_softmax([1.0, 0.0, -2000.0]))


def test_temperature_sharpens_and_flattens():
    logits = np.array([3.0, 1.0, 0.5, 0.0])
    entropies = [-(p * np.log(p)).sum() for p in (softmax(logits, T) for T in (0.25, 0.5, 1, 2, 5))]
    assert np.all(np.diff(entropies) > 0)  # higher temperature, more spread out
    assert softmax(logits, 0.01)[0] > 0.999  # T -> 0: all mass on the top logit
    np.testing.assert_allclose(softmax(logits, 1e6), 0.25, atol=1e-5)  # T -> inf: uniform


def test_gradient_matches_central_finite_differences(corpus):
    vocab, ids = corpus
    current, nxt = bigram_pairs(ids)
    W = np.random.default_rng(1).normal(size=(len(vocab), len(vocab)))
    _, grad = loss_and_gradient(W, current, nxt)
    numeric = np.zeros_like(W)
    eps = 1e-6
    for i, j in np.ndindex(W.shape):
        W[i, j] += eps
        up, _ = loss_and_gradient(W, current, nxt)
        W[i, j] -= 2 * eps
        down, _ = loss_and_gradient(W, current, nxt)
        W[i, j] += eps
        numeric[i, j] = (up - down) / (2 * eps)
    assert np.abs(grad - numeric).max() < 1e-7


def test_training_lowers_the_loss_every_step(trained):
    _, history = trained
    assert np.all(np.diff(history) < 0)


def test_training_recovers_the_counting_solution(corpus, trained):
    vocab, ids = corpus
    W, history = trained
    expected, seen = count_probabilities(ids, len(vocab))
    learned = softmax(W)[seen]
    assert np.abs(learned - expected).max() < 0.01
    current, nxt = bigram_pairs(ids)
    full = np.zeros((len(vocab), len(vocab)))
    full[seen] = expected
    best_loss = -np.log(full[current, nxt]).mean()
    assert best_loss <= history[-1] < best_loss + 0.005


def test_top_k_keeps_the_k_largest():
    logits = np.array([0.5, 2.0, -1.0, 1.5, 0.0])
    kept = top_k_filter(logits, 2)
    assert np.isfinite(kept).sum() == 2
    assert set(np.flatnonzero(np.isfinite(kept))) == {1, 3}
    np.testing.assert_array_equal(top_k_filter(logits, None), logits)


def test_top_k_keeps_exactly_k_and_ties_go_to_the_lower_id():
    logits = np.array([1.0, 3.0, 2.0, 2.0, 2.0])
    kept = top_k_filter(logits, 2)
    assert list(np.flatnonzero(np.isfinite(kept))) == [1, 2]
    np.testing.assert_array_equal(kept[[1, 2]], logits[[1, 2]])
    # Agrees with greedy decoding, which also takes the lower ID on a tie.
    tied = np.array([0.0, 5.0, 5.0])
    assert np.flatnonzero(np.isfinite(top_k_filter(tied, 1))) == [np.argmax(tied)]


def test_greedy_and_top_1_pick_the_argmax():
    logits = np.array([0.1, 3.0, 2.9, -1.0])
    rng = np.random.default_rng(0)
    assert sample_next(logits, rng, temperature=0) == 1
    assert all(sample_next(logits, rng, temperature=5.0, top_k=1) == 1 for _ in range(50))


def test_sampling_frequencies_follow_the_probabilities():
    logits = np.array([1.0, 0.0, -0.5, 2.0])
    rng = np.random.default_rng(0)
    n = 40_000
    draws = np.bincount([sample_next(logits, rng, temperature=1.5) for _ in range(n)], minlength=4)
    expected = softmax(logits, 1.5)
    # 5 standard errors of a binomial proportion: a false failure is practically impossible
    assert np.all(np.abs(draws / n - expected) < 5 * np.sqrt(expected * (1 - expected) / n))


def test_generate_is_seeded_and_stops_at_end_of_sequence(corpus, trained):
    vocab, _ = corpus
    W, _ = trained
    texts = [
        generate(W, vocab, "the cat", max_tokens=30, temperature=1.0, seed=s) for s in range(20)
    ]
    assert texts == [
        generate(W, vocab, "the cat", max_tokens=30, temperature=1.0, seed=s) for s in range(20)
    ]
    assert len(set(texts)) > 1  # different seeds, different samples
    for text in texts:
        assert text.startswith("the cat")
        words = tokenize(text)
        assert len(words) <= 2 + 30
        assert EOS not in words[:-1]  # generation stopped at the first end-of-sequence token


def test_generate_respects_max_tokens(corpus, trained):
    vocab, _ = corpus
    W, _ = trained
    assert len(tokenize(generate(W, vocab, "the", max_tokens=3, temperature=0))) <= 4


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda v, W: tokenize(42), TypeError, "text must be a str"),
        (lambda v, W: Vocabulary([]), ValueError, "empty list of tokens"),
        (
            lambda v, W: v.encode("the unicorn sat"),
            ValueError,
            "words not in the vocabulary: unicorn",
        ),
        (lambda v, W: softmax([1.0, 2.0], 0), ValueError, "temperature must be > 0"),
        (lambda v, W: softmax([1.0, 2.0], -1.0), ValueError, "temperature must be > 0"),
        (
            lambda v, W: softmax([1.0, 2.0], float("nan")),
            ValueError,
            "temperature must be a finite number",
        ),
        (lambda v, W: bigram_pairs([3]), ValueError, "at least 2 tokens"),
        (
            lambda v, W: train_bigram([0, 1, 2], 3, epochs=0, lr=1.0),
            ValueError,
            "epochs must be at least 1",
        ),
        (
            lambda v, W: train_bigram([0, 1, 2], 3, epochs=1, lr=0),
            ValueError,
            "lr \\(the learning rate\\) must be > 0",
        ),
        (
            lambda v, W: train_bigram([0, 1, 5], 3, epochs=1, lr=1.0),
            ValueError,
            "token IDs must lie in 0..2",
        ),
        (lambda v, W: top_k_filter(np.zeros(4), 0), ValueError, "top_k must be at least 1"),
        (lambda v, W: top_k_filter(np.zeros(4), 5), ValueError, "top_k must be between 1 and"),
        (lambda v, W: generate(W, v, "", max_tokens=5), ValueError, "the prompt has no tokens"),
        (
            lambda v, W: generate(W, v, "the", max_tokens=0),
            ValueError,
            "max_tokens must be at least 1",
        ),
        (
            lambda v, W: generate(W, v, "the", temperature=-0.5),
            ValueError,
            "temperature must be >= 0",
        ),
    ],
)
def test_bad_inputs_raise_clear_errors(corpus, trained, call, error, message):
    vocab, _ = corpus
    W, _ = trained
    with pytest.raises(error, match=message):
        call(vocab, W)


# --- property-based: bad input always gets a clear error, good input keeps its invariants

FEW = settings(max_examples=60, derandomize=True, deadline=None)
NOT_FINITE = st.sampled_from([float("nan"), float("inf"), -float("inf")])
NOT_NUMBERS = st.one_of(st.none(), st.text(max_size=3), st.booleans(), st.lists(st.integers()))
NOT_INTEGERS = st.one_of(NOT_NUMBERS, st.floats(allow_nan=True))


@FEW
@given(NOT_FINITE)
def test_non_finite_settings_are_refused(bad):
    with pytest.raises(ValueError, match="temperature must be a finite number"):
        softmax([1.0, 2.0], bad)
    with pytest.raises(ValueError, match="temperature must be a finite number"):
        sample_next(np.zeros(3), np.random.default_rng(0), temperature=bad)
    with pytest.raises(ValueError, match="lr must be a finite number"):
        train_bigram([0, 1, 0], 2, epochs=1, lr=bad)


@FEW
@given(NOT_NUMBERS)
def test_non_numbers_are_type_errors(bad):
    with pytest.raises(TypeError, match="temperature must be a number"):
        softmax([1.0, 2.0], bad)
    with pytest.raises(TypeError, match="lr must be a number"):
        train_bigram([0, 1, 0], 2, epochs=1, lr=bad)


@FEW
@given(st.sampled_from(["vocab_size", "epochs", "seed"]), NOT_INTEGERS)
def test_counts_must_be_integers(name, bad):
    args = {"ids": [0, 1, 0], "vocab_size": 2, "epochs": 1, "lr": 1.0, "seed": 0}
    args[name] = bad
    with pytest.raises(TypeError, match=f"{name} must be an integer"):
        train_bigram(**args)


@FEW
@given(st.integers(max_value=0), st.integers(min_value=-(2**40), max_value=-1))
def test_counts_below_their_minimum_are_value_errors(count, seed):
    with pytest.raises(ValueError, match="epochs must be at least 1"):
        train_bigram([0, 1, 0], 2, epochs=count, lr=1.0)
    with pytest.raises(ValueError, match="vocab_size must be at least 1"):
        train_bigram([0, 1, 0], count, epochs=1, lr=1.0)
    with pytest.raises(ValueError, match="seed must be at least 0"):
        train_bigram([0, 1, 0], 2, epochs=1, lr=1.0, seed=seed)


@FEW
@given(st.integers(-(2**63), 2**63 - 1).filter(lambda i: not 0 <= i < 32))
def test_ids_outside_the_vocabulary_never_wrap_around(corpus, trained, bad_id):
    vocab, _ = corpus
    W, _ = trained
    with pytest.raises(ValueError, match=r"token IDs must lie in 0\.\.31"):
        vocab.decode([0, bad_id])
    with pytest.raises(ValueError, match=r"token IDs must lie in 0\.\.31"):
        train_bigram([0, bad_id, 1], len(vocab), epochs=1, lr=1.0)
    with pytest.raises(ValueError, match=r"token IDs must lie in 0\.\.31"):
        loss_and_gradient(W, np.array([0]), np.array([bad_id]))


@FEW
@given(st.one_of(st.lists(st.floats(), min_size=1), st.lists(st.text(), min_size=1)))
def test_ids_must_be_integers(bad_ids):
    with pytest.raises(TypeError, match="token IDs must be a flat list of integers"):
        bigram_pairs(bad_ids)


@FEW
@given(st.sampled_from([float("nan"), float("inf")]), st.integers(0, 3))
def test_logits_with_nan_or_plus_infinity_are_refused(bad, position):
    logits = np.zeros(4)
    logits[position] = bad
    with pytest.raises(ValueError, match=r"logits hold NaN or \+inf"):
        softmax(logits)


def test_logits_that_are_all_minus_infinity_are_refused():
    with pytest.raises(ValueError, match="every logit is -inf"):
        softmax(np.full(3, -np.inf))


@FEW
@given(NOT_FINITE, st.integers(0, 31), st.integers(0, 31))
def test_a_table_with_nan_or_infinity_is_refused(corpus, trained, bad, i, j):
    vocab, _ = corpus
    W = trained[0].copy()
    W[i, j] = bad
    with pytest.raises(ValueError, match="W holds NaN or infinite values"):
        generate(W, vocab, "the cat", max_tokens=3)


def test_a_table_of_the_wrong_shape_is_refused(corpus, trained):
    vocab, _ = corpus
    W = trained[0]
    with pytest.raises(ValueError, match="W must be a 32 x 32 array, got"):
        generate(W[:5], vocab, "the cat")
    with pytest.raises(TypeError, match="vocab must be a Vocabulary"):
        generate(W, ["the", "cat"], "the cat")


@FEW
@given(st.one_of(NOT_INTEGERS, st.integers(max_value=0)))
def test_top_k_and_max_tokens_are_checked(corpus, trained, bad):
    vocab, _ = corpus
    W, _ = trained
    error = ValueError if isinstance(bad, int) and not isinstance(bad, bool) else TypeError
    if bad is not None:  # top_k=None means no filtering
        with pytest.raises(error, match="top_k must be"):
            top_k_filter(np.zeros(4), bad)
    with pytest.raises(error, match="max_tokens must be"):
        generate(W, vocab, "the cat", max_tokens=bad)


@pytest.mark.parametrize("tokens", ["the cat", [1, 2], ["the", None]])
def test_vocabulary_needs_a_list_of_strings(tokens):
    with pytest.raises(TypeError, match="tokens must be a list of str"):
        Vocabulary(tokens)


def test_sample_next_needs_a_generator():
    with pytest.raises(TypeError, match=r"rng must be a np\.random\.Generator"):
        sample_next(np.zeros(3), 0)


def test_numpy_integers_are_accepted(corpus):
    vocab, ids = corpus
    assert vocab.decode(np.array(ids[:3], dtype=np.int32)) == vocab.decode(ids[:3])
    _, history = train_bigram(ids, np.int64(len(vocab)), np.int64(2), np.float32(1.0))
    assert len(history) == 2
    assert np.isfinite(top_k_filter(np.arange(4.0), np.int64(2))).sum() == 2


@FEW
@given(
    st.lists(st.floats(-50, 50), min_size=1, max_size=8),
    st.floats(0.05, 20),
    st.integers(0, 10_000),
)
def test_probabilities_sum_to_one_and_samples_are_in_range(logits, temperature, seed):
    probs = softmax(logits, temperature)
    assert np.isclose(probs.sum(), 1.0) and (probs >= 0).all()
    token = sample_next(np.array(logits), np.random.default_rng(seed), temperature)
    assert 0 <= token < len(logits)


@FEW
@given(st.integers(0, 1000), st.sampled_from([0, 0.5, 1.0, 2.0]), st.sampled_from([None, 1, 3]))
def test_generated_text_decodes_back_to_its_ids(corpus, trained, seed, temperature, top_k):
    vocab, _ = corpus
    W, _ = trained
    text = generate(W, vocab, "the cat", 10, temperature, top_k, seed)
    assert vocab.decode(vocab.encode(text)) == text


@FEW
@given(st.integers(0, 1000))
def test_the_loss_is_never_negative(corpus, seed):
    vocab, ids = corpus
    W = np.random.default_rng(seed).normal(0, 3, (len(vocab), len(vocab)))
    current, nxt = bigram_pairs(ids)
    loss, grad = loss_and_gradient(W, current, nxt)
    assert loss >= 0 and np.isfinite(grad).all()
