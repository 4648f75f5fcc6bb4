"""Supervised classification: sentiment analysis with TF-IDF features and
logistic regression.

Chapter 3 ("Types of learning"), section 3.1. Run the whole file to see the
output:

    python snippets/ch3_types_of_learning/sentiment.py
"""

# --8<-- [start:data]
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline

# Six labelled movie reviews: 1 = positive, 0 = negative.
REVIEWS = [
    ("This movie was amazing!", 1),
    ("Terrible waste of time", 0),
    ("Loved every minute", 1),
    ("Boring and predictable", 0),
    ("Best film of the year", 1),
    ("I want my money back", 0),
]
# Reviews the model has never seen.
NEW_REVIEWS = [
    "This was wonderful!",
    "This was awful!",
    "Fantastic acting, superb story",
    "What a waste of my time",
]
# --8<-- [end:data]


# --8<-- [start:model]
def _check_text(text: str, name: str = "text") -> None:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    if not text.strip():
        raise ValueError(f"{name} is empty; give the model some words")


def train_sentiment_model(texts: list[str], labels: list[int]) -> Pipeline:
    """Learn a weight per word from labelled reviews.

    Each review becomes TF-IDF features; logistic regression weighs them.
    """
    if isinstance(texts, str) or not hasattr(texts, "__iter__"):
        raise TypeError(f"texts must be a list of reviews, got {texts!r}")
    if not hasattr(labels, "__iter__"):
        raise TypeError(f"labels must be a list of 0s and 1s, got {labels!r}")
    texts, labels = list(texts), list(labels)
    if len(texts) == 0:
        raise ValueError("texts is an empty list; give at least one review")
    if len(texts) != len(labels):
        raise ValueError(
            f"got {len(texts)} texts but {len(labels)} labels; "
            "they must pair up"
        )
    for i, text in enumerate(texts):
        _check_text(text, name=f"texts[{i}]")
    wrong = [y for y in labels if y not in (0, 1)]
    if wrong:
        raise ValueError(
            f"labels must be 0 (negative) or 1 (positive), got {wrong[0]!r}"
        )
    if len(set(labels)) < 2:
        raise ValueError(
            "labels must include both positive (1) and negative (0) reviews"
        )
    model = make_pipeline(TfidfVectorizer(), LogisticRegression())
    model.fit(texts, [int(y) for y in labels])
    return model


def _check_model(model: Pipeline) -> None:
    steps = getattr(model, "named_steps", {})
    if not {"tfidfvectorizer", "logisticregression"} <= set(steps):
        raise TypeError("model must come from train_sentiment_model()")


def positive_probability(model: Pipeline, text: str) -> float:
    """The model's probability that `text` is a positive review."""
    _check_model(model)
    _check_text(text)
    positive_column = list(model.classes_).index(1)
    return float(model.predict_proba([text])[0, positive_column])


# --8<-- [end:model]


# --8<-- [start:features]
def known_features(model: Pipeline, text: str) -> dict[str, float]:
    """The TF-IDF features of `text` that the model knows: word -> weight.

    Words the training reviews never used have no column, so they are
    silently dropped.
    """
    _check_model(model)
    _check_text(text)
    vectorizer = model.named_steps["tfidfvectorizer"]
    row = vectorizer.transform([text])
    vocabulary = vectorizer.get_feature_names_out()
    return {
        str(vocabulary[j]): float(weight)
        for j, weight in zip(row.indices, row.data, strict=True)
    }


def word_weight(model: Pipeline, word: str) -> float:
    """The weight the model learned for one word (0 for an unknown word)."""
    _check_model(model)
    _check_text(word, name="word")
    vectorizer = model.named_steps["tfidfvectorizer"]
    column = vectorizer.vocabulary_.get(word.lower())
    if column is None:
        return 0.0
    return float(model.named_steps["logisticregression"].coef_[0, column])


# --8<-- [end:features]


if __name__ == "__main__":
    # --8<-- [start:train_demo]
    texts = [text for text, _ in REVIEWS]
    labels = [label for _, label in REVIEWS]
    model = train_sentiment_model(texts, labels)

    new_text = NEW_REVIEWS[0]
    p = positive_probability(model, new_text)
    verdict = "Positive" if p >= 0.5 else "Negative"
    print(f"{new_text!r}: P(positive) = {p:.3f} -> {verdict}")
    # --8<-- [end:train_demo]

    # --8<-- [start:probe_demo]
    analyse = model.named_steps["tfidfvectorizer"].build_analyzer()
    for text in NEW_REVIEWS:
        tokens = analyse(text)
        features = known_features(model, text)
        known = f"{len(features)} of {len(tokens)} words known"
        shown = ", ".join(f"{w}={x:.3f}" for w, x in sorted(features.items()))
        print(f"{text!r}")
        print(f"  {known}: {shown or '(none)'}")
        print(f"  P(positive) = {positive_probability(model, text):.3f}")
    weights = [f"{w!r} {word_weight(model, w):+.3f}" for w in analyse(new_text)]
    print(f"Learned weights: {', '.join(weights)}")
    # --8<-- [end:probe_demo]
