"""Values and tables that the chapter-1 page quotes. Regenerate with `make outputs`."""

from snippets.ch1_ai_ml_dl.spam_detector import (
    HELD_OUT_EMAILS,
    TRAIN_EMAILS,
    compare_detectors,
)


def _verdict(says_spam: bool, truth: int) -> str:
    word = "spam" if says_spam else "not spam"
    return f"{word} ✓" if int(says_spam) == truth else f"{word} ✗"


def publish(out) -> None:
    result = compare_detectors(TRAIN_EMAILS, HELD_OUT_EMAILS)
    caught = [
        row
        for row in result.disagreements()
        if row[3] == 1 and row[2] and not row[1]
    ]
    false_alarms = [
        row for row in result.disagreements() if row[3] == 0 and row[1]
    ]
    both_missed = [
        email
        for email, rules, model, truth in zip(
            result.emails, result.by_rules, result.by_model, result.truth
        )
        if truth == 1 and not rules and not model
    ]
    if not caught:
        raise ValueError(
            "the page promises a spam email the rules miss and the model catches"
        )

    out.value("spam.n_train", str(len(TRAIN_EMAILS)))
    out.value("spam.n_held_out", str(len(HELD_OUT_EMAILS)))
    out.value("spam.rules_accuracy", f"{result.rules_accuracy:.1%}")
    out.value("spam.model_accuracy", f"{result.model_accuracy:.1%}")
    out.value("spam.n_caught", str(len(caught)))
    out.value("spam.caught_example", caught[0][0])
    out.value("spam.n_false_alarms", str(len(false_alarms)))
    out.value(
        "spam.false_alarm_example",
        false_alarms[0][0] if false_alarms else "(none)",
    )
    out.value("spam.n_both_missed", str(len(both_missed)))
    out.value(
        "spam.both_missed_example", both_missed[0] if both_missed else "(none)"
    )

    rows = [
        "| Held-out email | Truth | Rules say | Model says |",
        "|---|---|---|---|",
    ]
    for email, rules, model, truth in zip(
        result.emails, result.by_rules, result.by_model, result.truth
    ):
        rows.append(
            f"| {email} | {'spam' if truth else 'not spam'} | {_verdict(rules, truth)} | {_verdict(model, truth)} |"
        )
    out.table("spam_held_out", "\n".join(rows))
