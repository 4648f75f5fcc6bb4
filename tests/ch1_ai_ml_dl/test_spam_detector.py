import pytest

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
