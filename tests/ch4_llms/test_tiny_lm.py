import itertools

import numpy as np
import pytest
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
        (lambda v, W: softmax([1.0, 2.0], float("nan")), ValueError, "temperature must be > 0"),
        (lambda v, W: bigram_pairs([3]), ValueError, "at least 2 tokens"),
        (
            lambda v, W: train_bigram([0, 1, 2], 3, epochs=0, lr=1.0),
            ValueError,
            "epochs must be at least 1",
        ),
        (
            lambda v, W: train_bigram([0, 1, 2], 3, epochs=1, lr=0),
            ValueError,
            "learning rate must be > 0",
        ),
        (
            lambda v, W: train_bigram([0, 1, 5], 3, epochs=1, lr=1.0),
            ValueError,
            "token IDs must lie in 0..2",
        ),
        (lambda v, W: top_k_filter(np.zeros(4), 0), ValueError, "top_k must be between 1 and"),
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
            "temperature must be > 0",
        ),
    ],
)
def test_bad_inputs_raise_clear_errors(corpus, trained, call, error, message):
    vocab, _ = corpus
    W, _ = trained
    with pytest.raises(error, match=message):
        call(vocab, W)
