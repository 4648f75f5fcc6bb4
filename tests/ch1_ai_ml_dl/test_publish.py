"""The chapter-1 publish step: its wording helpers and its claim checks."""

import pytest

from snippets.ch1_ai_ml_dl import publish
from tools.outputs import Artifacts


def test_count_makes_the_noun_agree_with_the_number():
    assert publish._count(1, "false alarm", "false alarms") == "1 false alarm"
    assert publish._count(3, "false alarm", "false alarms") == "3 false alarms"
    assert publish._count(0, "false alarm", "false alarms") == "0 false alarms"


def test_quoted_lists_words_as_a_reader_writes_them():
    assert publish._quoted(["and"]) == "“and”"
    assert publish._quoted(["a", "b"]) == "“a” and “b”"
    assert publish._quoted(["a", "b", "c"]) == "“a”, “b” and “c”"


def test_a_false_claim_fails_naming_the_sentence():
    with pytest.raises(ValueError, match="the page says 'X beats Y'"):
        publish._claim(False, "X beats Y")


def test_the_self_check_answers_match_the_rules(monkeypatch):
    wrong = {**publish.QUIZ_EMAILS, "FREE MONEY!!!": False}
    monkeypatch.setattr(publish, "QUIZ_EMAILS", wrong)
    with pytest.raises(ValueError, match="FREE MONEY"):
        publish.publish(Artifacts("ch1_ai_ml_dl"))


def test_publish_quotes_one_email_as_the_page_needs():
    out = Artifacts("ch1_ai_ml_dl")
    publish.publish(out)
    assert out.values["spam.both_missed_which"].startswith(("the only", "one of the"))


def test_the_missed_email_counts_only_the_words_the_model_reads():
    # TfidfVectorizer skips one-letter words: the page must say so, since
    # "a" of the missed email does occur in training spam.
    out = Artifacts("ch1_ai_ml_dl")
    publish.publish(out)
    unseen = out.values["spam.both_missed_unseen"]
    assert "the words the model reads" in unseen
    assert "skips “I” and “a”" in unseen
