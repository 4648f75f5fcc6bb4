import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from snippets.ch1_ai_ml_dl.spam_detector import (
    HELD_OUT_EMAILS,
    SPAM_KEYWORDS,
    TRAIN_EMAILS,
    compare_detectors,
    is_spam_by_rules,
    spam_probability,
    train_spam_model,
)


def test_rules_flag_every_keyword_case_insensitively():
    for keyword in SPAM_KEYWORDS:
        assert is_spam_by_rules(f"Hello, {keyword.upper()} today")
    assert not is_spam_by_rules("Lunch at noon?")


def test_rules_reject_non_text():
    with pytest.raises(TypeError, match="email must be a str"):
        is_spam_by_rules(None)


def test_held_out_emails_are_not_in_training_set():
    assert not {e for e, _ in TRAIN_EMAILS} & {e for e, _ in HELD_OUT_EMAILS}


def test_model_learns_the_training_set():
    texts = [email for email, _ in TRAIN_EMAILS]
    labels = [label for _, label in TRAIN_EMAILS]
    model = train_spam_model(texts, labels)
    predicted = [spam_probability(model, t) >= 0.5 for t in texts]
    assert predicted == [bool(y) for y in labels]


def test_probability_is_a_probability():
    model = train_spam_model(["win cash now", "meeting at noon"], [1, 0])
    p = spam_probability(model, "cash cash cash")
    assert 0.5 < p <= 1.0
    assert spam_probability(model, "meeting") < 0.5


def test_comparison_accuracies_match_a_direct_count():
    result = compare_detectors(TRAIN_EMAILS, HELD_OUT_EMAILS)
    n = len(HELD_OUT_EMAILS)
    rules_right = sum(is_spam_by_rules(e) == bool(y) for e, y in HELD_OUT_EMAILS)
    assert result.rules_accuracy == rules_right / n
    assert [v.email for v in result.verdicts] == [e for e, _ in HELD_OUT_EMAILS]
    assert all(v.rules_say_spam != v.model_says_spam for v in result.disagreements())


@pytest.mark.parametrize(
    ("emails", "labels", "error", "message"),
    [
        ([], [], ValueError, "emails is empty"),
        (["a", "b"], [1], ValueError, "got 2 emails; labels must be a list with one label"),
        (["a", "b"], [1, 2], ValueError, r"labels must be 0 \(not spam\) or 1 \(spam\)"),
        (["a", "b"], [1, 1], ValueError, "labels must include both spam"),
        (["a", 3], [1, 0], TypeError, "emails must be a list of str"),
        ("ab", [1, 0], TypeError, "emails must be a list of str"),
    ],
)
def test_training_rejects_bad_input(emails, labels, error, message):
    with pytest.raises(error, match=message):
        train_spam_model(emails, labels)


def test_comparison_needs_held_out_emails():
    with pytest.raises(ValueError, match="held_out is empty"):
        compare_detectors(TRAIN_EMAILS, [])


# Property-based tests: bad input raises an error that names the argument;
# good input gives probabilities and accuracies that make sense.

FAST = settings(derandomize=True, max_examples=30, deadline=None)
SMALL_TRAIN = [("win free cash now", 1), ("claim your prize", 1), ("lunch at noon", 0)]
not_text = st.sampled_from([None, 3, 2.5, b"bytes", ["free money"], np.nan])


@FAST
@given(email=not_text)
def test_rules_name_the_email_argument(email):
    with pytest.raises(TypeError, match="email must be a str"):
        is_spam_by_rules(email)


@FAST
@given(
    text=st.text(max_size=30),
    keyword=st.sampled_from(SPAM_KEYWORDS),
    upper=st.booleans(),
)
def test_any_text_with_a_keyword_is_spam_by_rules(text, keyword, upper):
    assert is_spam_by_rules(text + " " + (keyword.upper() if upper else keyword))


@FAST
@given(bad=not_text, index=st.integers(0, 2))
def test_training_emails_must_be_text(bad, index):
    emails = [e for e, _ in SMALL_TRAIN]
    emails[index] = bad
    with pytest.raises(TypeError, match="emails must be a list of str"):
        train_spam_model(emails, [1, 1, 0])


@FAST
@given(
    label=st.one_of(st.integers(), st.floats(), st.text(max_size=2), st.none()),
    index=st.integers(0, 2),
)
def test_training_labels_must_be_zero_or_one(label, index):
    assume(label not in (0, 1))
    labels = [1, 1, 0]
    labels[index] = label
    with pytest.raises(ValueError, match=r"labels must be 0 \(not spam\) or 1 \(spam\)"):
        train_spam_model([e for e, _ in SMALL_TRAIN], labels)


@FAST
@given(n_labels=st.integers(0, 6))
def test_training_needs_one_label_per_email(n_labels):
    assume(n_labels != 3)
    with pytest.raises(ValueError, match="got 3 emails; labels must be a list with one label"):
        train_spam_model([e for e, _ in SMALL_TRAIN], [1, 0, 1, 0, 1, 0][:n_labels])


@FAST
@given(bad=st.sampled_from([None, "email", [("a", 1, 2)], [["a", 1]], ("a", 1)]))
def test_comparison_needs_lists_of_pairs(bad):
    with pytest.raises(TypeError, match="train must be a list of"):
        compare_detectors(bad, HELD_OUT_EMAILS)
    with pytest.raises(TypeError, match="held_out must be a list of"):
        compare_detectors(SMALL_TRAIN, bad)


@pytest.fixture(scope="module")
def model():
    texts = [email for email, _ in TRAIN_EMAILS]
    return train_spam_model(texts, [label for _, label in TRAIN_EMAILS])


@FAST
@given(email=st.text(max_size=80))
def test_spam_probability_is_a_probability(model, email):
    assert 0.0 <= spam_probability(model, email) <= 1.0


@FAST
@given(
    labels=st.lists(st.sampled_from([0, 1, np.int64(1), True]), min_size=1, max_size=6),
    data=st.data(),
)
def test_accuracies_count_the_right_answers(labels, data):
    held_out = [(data.draw(st.text(max_size=20)), label) for label in labels]
    result = compare_detectors(SMALL_TRAIN, held_out)
    assert 0.0 <= result.rules_accuracy <= 1.0
    assert 0.0 <= result.model_accuracy <= 1.0
    rules_right = sum(is_spam_by_rules(e) == (y == 1) for e, y in held_out)
    assert result.rules_accuracy == rules_right / len(held_out)
    assert all(v in result.verdicts for v in result.disagreements())


def test_spam_probability_needs_a_trained_model():
    with pytest.raises(TypeError, match="model must be what train_spam_model"):
        spam_probability("not a model", "free money")


def test_numpy_labels_are_accepted():
    emails = [e for e, _ in SMALL_TRAIN]
    model = train_spam_model(emails, np.array([1, 1, 0]))
    assert spam_probability(model, "win cash") > 0.5
