"""Two spam detectors side by side: hand-written rules and a learned model.

Chapter 1 of the course ("What is AI / ML / Deep Learning?"). The page shows
this module section by section; run the whole file to see the comparison:

    python spam_detector.py
"""

# --8<-- [start:rules]
SPAM_KEYWORDS = (
    "free money",
    "click here",
    "limited offer",
    "congratulations",
    "you won",
    "act now",
)


def is_spam_by_rules(email: str) -> bool:
    """Traditional programming: rules written by a person, applied by code."""
    if not isinstance(email, str):
        raise TypeError(f"email must be a str, got {type(email).__name__}")
    text = email.lower()
    return any(keyword in text for keyword in SPAM_KEYWORDS)


# --8<-- [end:rules]

# --8<-- [start:emails]
# A small labelled email set written for this course: 1 = spam, 0 = not spam.
# The training emails teach the model; the held-out ones only score it.
TRAIN_EMAILS = [
    (
        "Congratulations! You won a free cruise, "
        "click here to claim your prize",
        1,
    ),
    ("Act now: limited offer on cheap watches, 90% discount today only", 1),
    ("Free money is waiting for you, claim your cash reward now", 1),
    (
        "You have been selected for an exclusive cash prize, "
        "reply with your bank details",
        1,
    ),
    (
        "Earn $5000 a week working from home, no experience needed, "
        "guaranteed income",
        1,
    ),
    (
        "Your account will be suspended, "
        "verify your password immediately at this link",
        1,
    ),
    ("Lowest prices on pills, no prescription needed, order now", 1),
    ("Claim your free gift card today, winners are selected daily", 1),
    (
        "Urgent: your payment failed, "
        "confirm your card number to avoid suspension",
        1,
    ),
    ("Hot singles in your area want to meet you tonight, click here", 1),
    ("Double your bitcoin in 24 hours with our guaranteed investment plan", 1),
    ("Exclusive deal: buy one get three free, offer expires at midnight", 1),
    ("You are our lucky winner, send a small fee to release your prize", 1),
    ("Lose 10 kg in a week with this miracle pill, doctors hate it", 1),
    (
        "Get a loan approved instantly, no credit check, "
        "cash in your account today",
        1,
    ),
    (
        "Dear customer, your parcel is on hold, "
        "pay the delivery fee at this link",
        1,
    ),
    (
        "Cheap replica handbags and watches, free shipping worldwide, "
        "order today",
        1,
    ),
    ("Make money fast from home, guaranteed cash every day, join now", 1),
    (
        "Your mailbox is full, "
        "verify your account password to keep receiving email",
        1,
    ),
    (
        "Win a brand new phone, "
        "just answer three questions and claim your reward",
        1,
    ),
    ("Can we move tomorrow's meeting to 3pm? The projector room is booked", 0),
    ("Here are the slides from today's lecture on linear regression", 0),
    ("Lunch on Friday? The new noodle place near the office opened", 0),
    ("Please review the pull request before the release branch is cut", 0),
    ("The quarterly report is attached; the numbers for March are final", 0),
    ("Reminder: the team standup starts at 9:30 in room 204", 0),
    (
        "Thanks for your help with the data pipeline, the job runs cleanly now",
        0,
    ),
    ("Mum says dinner is at seven on Sunday, bring the salad", 0),
    ("Your library book is due back next Tuesday", 0),
    ("The build failed on main, looks like a flaky test in the parser", 0),
    ("Could you send me the notes from the design review?", 0),
    ("Flight details: we land at 18:40, see you at arrivals", 0),
    ("The homework for week two is posted, it covers gradient descent", 0),
    ("Happy birthday! Hope you have a wonderful day with the family", 0),
    (
        "Meeting notes: we agreed to ship the feature after the security "
        "review",
        0,
    ),
    ("Can you water the plants while we are away next week?", 0),
    ("Your order of printer paper has shipped and arrives on Thursday", 0),
    ("The seminar on transformers is moved to the big lecture hall", 0),
    ("I pushed a fix for the memory leak, please run the tests again", 0),
    ("Welcome to the course! The first lecture is on Monday at 10", 0),
]

HELD_OUT_EMAILS = [
    ("Congratulations, you won a free holiday, click here to book", 1),
    ("Claim your cash reward today, winners selected from our customers", 1),
    ("Verify your bank account now or it will be suspended", 1),
    ("Guaranteed income from home, make money fast, no experience", 1),
    ("Cheap pills without prescription, free shipping on every order", 1),
    (
        "Your parcel delivery failed, "
        "pay the small fee at this link to release it",
        1,
    ),
    ("Exclusive offer: claim your free prize before midnight", 1),
    ("Instant loan approved, cash in your account, no credit check", 1),
    ("I am a prince and need help moving ten million dollars abroad", 1),
    ("Congratulations on the new job! Drinks on Friday to celebrate?", 0),
    ("The lecture on backpropagation has slides and a worked example", 0),
    ("Please review my notes before the meeting tomorrow", 0),
    ("The release branch build passed, we can ship on Thursday", 0),
    ("Can you bring the projector cable to room 204?", 0),
    ("Dinner at seven? The noodle place is open on Sunday", 0),
    ("Your book order has shipped and arrives next week", 0),
    ("Thanks for the review, I pushed a fix for the failing test", 0),
    (
        "Limited offer for students: the conference early-bird price ends "
        "Friday",
        0,
    ),
    ("Free pizza in the kitchen after the seminar, click here to sign up", 0),
]
# --8<-- [end:emails]

# --8<-- [start:model]
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.naive_bayes import MultinomialNB
from sklearn.pipeline import Pipeline, make_pipeline


def _check_labelled(emails: list[str], labels: list[int]) -> None:
    """Stop early, with a clear message, on input that can't be trained on."""
    if not isinstance(emails, list | tuple) or not all(
        isinstance(email, str) for email in emails
    ):
        raise TypeError("emails must be a list of str, one string per email")
    if not emails:
        raise ValueError("emails is empty: pass at least one email")
    if not hasattr(labels, "__len__") or len(labels) != len(emails):
        raise ValueError(
            f"got {len(emails)} emails; labels must be a list with one label "
            "per email"
        )
    if not all(label in (0, 1) for label in labels):
        raise ValueError("labels must be 0 (not spam) or 1 (spam)")


def train_spam_model(emails: list[str], labels: list[int]) -> Pipeline:
    """Machine learning: show the program examples; it learns the rules."""
    _check_labelled(emails, labels)
    if len(set(labels)) < 2:
        raise ValueError(
            "labels must include both spam (1) and not spam (0) examples"
        )
    model = make_pipeline(TfidfVectorizer(), MultinomialNB())
    model.fit(emails, labels)
    return model


def spam_probability(model: Pipeline, email: str) -> float:
    """The model's probability that `email` is spam."""
    if not isinstance(model, Pipeline):
        raise TypeError("model must be what train_spam_model() returned")
    if not isinstance(email, str):
        raise TypeError(f"email must be a str, got {type(email).__name__}")
    spam_column = list(model.classes_).index(1)
    return float(model.predict_proba([email])[0, spam_column])


# --8<-- [end:model]

# --8<-- [start:compare]
from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """One held-out email: what each detector says, and the truth."""

    email: str
    rules_say_spam: bool
    model_says_spam: bool
    is_spam: bool


@dataclass(frozen=True)
class Comparison:
    verdicts: list[Verdict]

    @property
    def rules_accuracy(self) -> float:
        right = [v.rules_say_spam == v.is_spam for v in self.verdicts]
        return sum(right) / len(right)

    @property
    def model_accuracy(self) -> float:
        right = [v.model_says_spam == v.is_spam for v in self.verdicts]
        return sum(right) / len(right)

    def disagreements(self) -> list[Verdict]:
        """The emails on which the two detectors give different answers."""
        return [
            v for v in self.verdicts if v.rules_say_spam != v.model_says_spam
        ]


def _unzip(pairs: list[tuple[str, int]], name: str):
    """A list of (email, label) pairs as a list of emails and one of labels."""
    if not isinstance(pairs, list | tuple) or not all(
        isinstance(pair, tuple) and len(pair) == 2 for pair in pairs
    ):
        raise TypeError(f"{name} must be a list of (email, label) pairs")
    if not pairs:
        raise ValueError(f"{name} is empty: pass at least one email")
    emails = [email for email, _ in pairs]
    labels = [label for _, label in pairs]
    try:
        _check_labelled(emails, labels)
    except (TypeError, ValueError) as error:  # say which argument it was
        raise type(error)(f"{name}: {error}") from None
    return emails, labels


def compare_detectors(
    train: list[tuple[str, int]], held_out: list[tuple[str, int]]
) -> Comparison:
    """Train the model on `train`, then score both detectors on `held_out`."""
    model = train_spam_model(*_unzip(train, "train"))
    emails, labels = _unzip(held_out, "held_out")
    return Comparison(
        [
            Verdict(
                email=email,
                rules_say_spam=is_spam_by_rules(email),
                model_says_spam=spam_probability(model, email) >= 0.5,
                is_spam=label == 1,
            )
            for email, label in zip(emails, labels, strict=True)
        ]
    )


# --8<-- [end:compare]


if __name__ == "__main__":
    # --8<-- [start:rules_demo]
    print(is_spam_by_rules("Congratulations, you won! Click here to claim."))
    print(is_spam_by_rules("Can we move the standup to 10:30?"))
    # --8<-- [end:rules_demo]

    # --8<-- [start:compare_demo]
    result = compare_detectors(TRAIN_EMAILS, HELD_OUT_EMAILS)
    print(
        f"Trained on {len(TRAIN_EMAILS)} emails, "
        f"scored on {len(HELD_OUT_EMAILS)} held-out emails"
    )
    print(f"Rule-based accuracy: {result.rules_accuracy:.1%}")
    print(f"Learned accuracy:    {result.model_accuracy:.1%}")
    print()
    print("Where they disagree (rules / model / truth):")
    for v in result.disagreements():
        answers = (v.rules_say_spam, v.model_says_spam, v.is_spam)
        names = " / ".join(f"{'spam' if a else 'ham':<4}" for a in answers)
        print(f"  {names}  {v.email}")
    # --8<-- [end:compare_demo]

    # --8<-- [start:quiz_demo]
    print(is_spam_by_rules("Did you wonder where the meeting is?"))
    print(is_spam_by_rules("FREE MONEY!!!"))
    print(is_spam_by_rules("Free, money-back guarantee"))
    # --8<-- [end:quiz_demo]
