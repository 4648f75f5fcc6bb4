"""Supervised classification: sentiment analysis with TF-IDF and logistic regression.

Chapter 3 ("Types of learning"), section 3.1. Run the whole file to see the output:

    python snippets/ch3_types_of_learning/sentiment.py
"""

# --8<-- [start:data]
# Six labelled movie reviews: 1 = positive, 0 = negative.
REVIEWS = [
    ("This movie was amazing!", 1),
    ("Terrible waste of time", 0),
    ("Loved every minute", 1),
    ("Boring and predictable", 0),
    ("Best film of the year", 1),
    ("I want my money back", 0),
]
# --8<-- [end:data]

# --8<-- [start:model]
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline


def _check_text(text: str) -> None:
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    if not text.strip():
        raise ValueError("text is empty; give the model a sentence to classify")


def train_sentiment_model(texts: list[str], labels: list[int]) -> Pipeline:
    """Learn word weights from labelled reviews: TF-IDF features + logistic regression."""
    if len(texts) == 0:
        raise ValueError(
            "need at least one review to train on, got an empty list"
        )
    if len(texts) != len(labels):
        raise ValueError(
            f"got {len(texts)} texts but {len(labels)} labels; they must pair up"
        )
    for text in texts:
        _check_text(text)
    if not set(labels) <= {0, 1}:
        raise ValueError(
            f"labels must be 0 (negative) or 1 (positive), got {sorted(set(labels))}"
        )
    if len(set(labels)) < 2:
        raise ValueError(
            "training needs both positive (1) and negative (0) reviews"
        )
    model = make_pipeline(TfidfVectorizer(), LogisticRegression())
    model.fit(texts, labels)
    return model


def positive_probability(model: Pipeline, text: str) -> float:
    """The model's probability that `text` is a positive review."""
    _check_text(text)
    positive_column = list(model.classes_).index(1)
    return float(model.predict_proba([text])[0, positive_column])


# --8<-- [end:model]


# --8<-- [start:features]
def known_features(model: Pipeline, text: str) -> dict[str, float]:
    """The TF-IDF features of `text` that the model knows: word -> weight.

    Words the training reviews never used have no column, so they are silently dropped.
    """
    _check_text(text)
    vectorizer = model.named_steps["tfidfvectorizer"]
    row = vectorizer.transform([text])
    vocabulary = vectorizer.get_feature_names_out()
    return {str(vocabulary[j]): float(w) for j, w in zip(row.indices, row.data)}


def word_weight(model: Pipeline, word: str) -> float:
    """The logistic-regression weight the model learned for one word (0 if unknown)."""
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

    new_text = "This was wonderful!"
    p = positive_probability(model, new_text)
    print(
        f"{new_text!r}: P(positive) = {p:.3f} -> {'Positive' if p >= 0.5 else 'Negative'}"
    )
    # --8<-- [end:train_demo]

    # --8<-- [start:probe_demo]
    analyse = model.named_steps["tfidfvectorizer"].build_analyzer()
    probes = [
        "This was wonderful!",
        "This was awful!",
        "Fantastic acting, superb story",
        "What a waste of my time",
    ]
    for text in probes:
        tokens = analyse(text)
        features = known_features(model, text)
        shown = (
            ", ".join(f"{w}={x:.3f}" for w, x in sorted(features.items()))
            or "(none)"
        )
        print(f"{text!r}")
        print(f"  {len(features)} of {len(tokens)} words known: {shown}")
        print(f"  P(positive) = {positive_probability(model, text):.3f}")
    print(
        f"Learned weights: 'this' {word_weight(model, 'this'):+.3f}, "
        f"'was' {word_weight(model, 'was'):+.3f}, 'wonderful' {word_weight(model, 'wonderful'):+.3f}"
    )
    # --8<-- [end:probe_demo]
