"""Values and tables that the chapter-1 page quotes; `make outputs` runs it."""

import re

from snippets.ch1_ai_ml_dl.spam_detector import (
    HELD_OUT_EMAILS,
    TRAIN_EMAILS,
    compare_detectors,
    is_spam_by_rules,
    train_spam_model,
)

# The three emails of the self-check's "predict the output" question, and
# what its answer says about each.
QUIZ_EMAILS = {
    "Did you wonder where the meeting is?": True,  # "you won" in "you wonder"
    "FREE MONEY!!!": True,  # the rules lower-case the text first
    "Free, money-back guarantee": False,  # the comma breaks "free money"
}


def _claim(holds: bool, sentence: str) -> None:
    """Fail the build when a sentence on the page is no longer true."""
    if not holds:
        raise ValueError(f"the page says {sentence!r}, which no longer holds")


def _count(n: int, singular: str, plural: str) -> str:
    """'1 spam email', '3 spam emails': the number and its noun agree."""
    return f"{n} {singular if n == 1 else plural}"


def _quoted(words: list[str]) -> str:
    """'"a"', '"a" and "b"', '"a", "b" and "c"'."""
    quoted = [f"“{w}”" for w in words]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _seen_in_training_spam(email: str) -> tuple[list[str], list[str]]:
    """The words of `email` as the model splits them, and those of them
    that occur in at least one training spam email."""
    model = train_spam_model(
        [e for e, _ in TRAIN_EMAILS], [label for _, label in TRAIN_EMAILS]
    )
    words = model[0].build_analyzer()
    spam_words = {w for e, label in TRAIN_EMAILS if label for w in words(e)}
    email_words = list(dict.fromkeys(words(email)))
    return email_words, [w for w in email_words if w in spam_words]


def _verdict(says_spam: bool, is_spam: bool) -> str:
    word = "spam" if says_spam else "not spam"
    return f"{word} ✓" if says_spam == is_spam else f"{word} ✗"


def publish(out) -> None:
    result = compare_detectors(TRAIN_EMAILS, HELD_OUT_EMAILS)
    caught = [
        v.email
        for v in result.verdicts
        if v.is_spam and v.model_says_spam and not v.rules_say_spam
    ]
    false_alarms = [
        v.email for v in result.verdicts if v.rules_say_spam and not v.is_spam
    ]
    both_missed = [
        v.email
        for v in result.verdicts
        if v.is_spam and not v.rules_say_spam and not v.model_says_spam
    ]
    # The page quotes one example of each; it needs at least one of each.
    for name, emails in [
        ("caught", caught),
        ("false_alarms", false_alarms),
        ("both_missed", both_missed),
    ]:
        if not emails:
            raise ValueError(
                f"the page quotes an example of {name}, found none"
            )

    _claim(
        result.model_accuracy > result.rules_accuracy,
        "the model catches spam the keywords miss (it scores higher)",
    )
    words, seen = _seen_in_training_spam(caught[0])
    _claim(
        len(seen) > len(words) / 2,
        f"the model learned that words like those of {caught[0]!r} go with "
        "spam (most of them occur in training spam)",
    )
    words, seen = _seen_in_training_spam(both_missed[0])
    _claim(
        len(seen) <= len(words) / 3,
        f"{both_missed[0]!r} got past the model because its words are new "
        "to it (at most a third occur in training spam)",
    )
    if not seen:
        unseen = (
            "none of the words the model reads occurs in any training spam "
            "email"
        )
    elif len(seen) == 1:
        unseen = (
            f"only one of the words the model reads, {_quoted(seen)}, occurs "
            "in any training spam email"
        )
    else:
        unseen = (
            f"only {len(seen)} of the words the model reads, {_quoted(seen)}, "
            "occur in any training spam email"
        )
    # TfidfVectorizer's default token pattern keeps words of two or more
    # characters, so "I" and "a" never reach the model.
    skipped = [
        w for w in re.findall(r"\w+", both_missed[0]) if w.lower() not in words
    ]
    _claim(
        all(len(w) == 1 for w in skipped),
        "the model reads only words of two or more letters",
    )
    if skipped:
        unseen += (
            " (the model reads only words of two or more letters, so it "
            f"skips {_quoted(list(dict.fromkeys(skipped)))})"
        )
    for email, says_spam in QUIZ_EMAILS.items():
        _claim(
            is_spam_by_rules(email) == says_spam,
            f"the self-check's answer: the rules say {says_spam} for {email!r}",
        )

    n_held_out = len(HELD_OUT_EMAILS)
    out.value("spam.n_train", str(len(TRAIN_EMAILS)))
    out.value("spam.n_held_out", str(n_held_out))
    out.value("spam.one_email_points", f"{100 / n_held_out:.1f}")
    out.value("spam.rules_accuracy", f"{result.rules_accuracy:.1%}")
    out.value("spam.model_accuracy", f"{result.model_accuracy:.1%}")
    out.value("spam.caught", _count(len(caught), "spam email", "spam emails"))
    out.value("spam.caught_example", caught[0])
    out.value(
        "spam.false_alarms",
        _count(len(false_alarms), "false alarm", "false alarms"),
    )
    out.value("spam.false_alarm_example", false_alarms[0])
    out.value(
        "spam.both_missed_which",
        "the only spam email"
        if len(both_missed) == 1
        else f"one of the {len(both_missed)} spam emails",
    )
    out.value("spam.both_missed_example", both_missed[0])
    out.value("spam.both_missed_unseen", unseen)

    rows = [
        "| Held-out email | Truth | Rules say | Model says |",
        "|---|---|---|---|",
    ]
    for v in result.verdicts:
        truth = "spam" if v.is_spam else "not spam"
        rules = _verdict(v.rules_say_spam, v.is_spam)
        model = _verdict(v.model_says_spam, v.is_spam)
        rows.append(f"| {v.email} | {truth} | {rules} | {model} |")
    out.table("spam_held_out", "\n".join(rows))
