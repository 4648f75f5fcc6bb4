"""Values and tables that the chapter-1 page quotes; `make outputs` runs it."""

from snippets.ch1_ai_ml_dl.spam_detector import (
    HELD_OUT_EMAILS,
    TRAIN_EMAILS,
    compare_detectors,
)


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

    out.value("spam.n_train", str(len(TRAIN_EMAILS)))
    out.value("spam.n_held_out", str(len(HELD_OUT_EMAILS)))
    out.value("spam.rules_accuracy", f"{result.rules_accuracy:.1%}")
    out.value("spam.model_accuracy", f"{result.model_accuracy:.1%}")
    out.value("spam.n_caught", str(len(caught)))
    out.value("spam.caught_example", caught[0])
    out.value("spam.n_false_alarms", str(len(false_alarms)))
    out.value("spam.false_alarm_example", false_alarms[0])
    out.value("spam.n_both_missed", str(len(both_missed)))
    out.value("spam.both_missed_example", both_missed[0])

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
