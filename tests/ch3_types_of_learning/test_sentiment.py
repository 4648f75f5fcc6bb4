import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.ch3_types_of_learning.sentiment import (
    REVIEWS,
    known_features,
    positive_probability,
    train_sentiment_model,
    word_weight,
)


@pytest.fixture(scope="module")
def model():
    return train_sentiment_model([t for t, _ in REVIEWS], [y for _, y in REVIEWS])


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def test_probability_is_the_logistic_of_the_weighted_known_features(model):
    lr = model.named_steps["logisticregression"]
    for text in ["This was wonderful!", "Boring film, waste of money", "Loved it"]:
        z = lr.intercept_[0] + sum(
            word_weight(model, w) * x for w, x in known_features(model, text).items()
        )
        assert positive_probability(model, text) == pytest.approx(_sigmoid(z), abs=1e-12)


def test_unseen_words_give_an_empty_feature_vector_and_the_intercept_alone(model):
    text = "Fantastic acting, superb story"
    assert known_features(model, text) == {}
    intercept = model.named_steps["logisticregression"].intercept_[0]
    assert positive_probability(model, text) == pytest.approx(_sigmoid(intercept), abs=1e-12)
    assert word_weight(model, "superb") == 0.0


def test_known_features_match_the_vectorizer_row(model):
    vectorizer = model.named_steps["tfidfvectorizer"]
    text = "What a waste of my time"
    row = vectorizer.transform([text]).toarray()[0]
    features = known_features(model, text)
    assert len(features) == np.count_nonzero(row)
    for word, weight in features.items():
        assert row[vectorizer.vocabulary_[word]] == pytest.approx(weight)
    # TF-IDF rows are L2-normalised
    assert sum(w * w for w in features.values()) == pytest.approx(1.0)


def test_sentiment_word_swap_changes_nothing_when_both_words_are_unknown(model):
    assert positive_probability(model, "This was wonderful!") == positive_probability(
        model, "This was awful!"
    )


def test_model_separates_its_training_reviews(model):
    for text, label in REVIEWS:
        assert (positive_probability(model, text) >= 0.5) == bool(label)


@pytest.mark.parametrize(
    ("texts", "labels", "error", "message"),
    [
        ([], [], ValueError, "texts is an empty list"),
        ("good bad", [1, 0], TypeError, "texts must be a list of reviews"),
        (["good", "bad"], [1, 0.5], ValueError, "got 0.5"),
        (["good", "bad"], [1], ValueError, "2 texts but 1 labels"),
        (["good", "bad"], [1, 2], ValueError, r"labels must be 0 \(negative\) or 1 \(positive\)"),
        (["good", "great"], [1, 1], ValueError, "both positive"),
        (["good", 3], [1, 0], TypeError, r"texts\[1\] must be a str"),
        (["good", "   "], [1, 0], ValueError, r"texts\[1\] is empty"),
    ],
)
def test_training_rejects_bad_input(texts, labels, error, message):
    with pytest.raises(error, match=message):
        train_sentiment_model(texts, labels)


@pytest.mark.parametrize("function", [positive_probability, known_features])
def test_scoring_rejects_an_empty_sentence(model, function):
    with pytest.raises(ValueError, match="text is empty"):
        function(model, "")
    with pytest.raises(TypeError, match="text must be a str"):
        function(model, None)


# Property-based checks: bad input is a clear error that names the argument,
# never a silently wrong answer; good input keeps its invariants.

FAST = settings(derandomize=True, max_examples=50, deadline=None)


@FAST
@given(text=st.text(min_size=1, max_size=40).filter(str.strip))
def test_any_text_gets_a_probability_that_is_the_logistic_of_its_features(model, text):
    p = positive_probability(model, text)
    assert 0 < p < 1
    lr = model.named_steps["logisticregression"]
    z = lr.intercept_[0] + sum(
        word_weight(model, w) * x for w, x in known_features(model, text).items()
    )
    assert p == pytest.approx(_sigmoid(z), abs=1e-12)
    both = model.predict_proba([text])[0]
    assert both.sum() == pytest.approx(1.0)


@FAST
@given(text=st.one_of(st.none(), st.integers(), st.lists(st.text(), max_size=2), st.binary()))
def test_scoring_names_a_text_that_is_not_a_str(model, text):
    for function in (positive_probability, known_features):
        with pytest.raises(TypeError, match="text must be a str"):
            function(model, text)
    with pytest.raises(TypeError, match="word must be a str"):
        word_weight(model, text)


@FAST
@given(text=st.text(alphabet=" \t\n", max_size=5))
def test_blank_text_is_rejected(model, text):
    with pytest.raises(ValueError, match="text is empty"):
        positive_probability(model, text)


@FAST
@given(
    bad=st.one_of(
        st.integers().filter(lambda y: y not in (0, 1)),
        st.floats(0.01, 0.99),
        st.text(max_size=2),
        st.none(),
    )
)
def test_labels_other_than_zero_and_one_are_rejected(bad):
    with pytest.raises(ValueError, match=r"labels must be 0 \(negative\) or 1 \(positive\)"):
        train_sentiment_model(["good", "bad", "fine"], [1, 0, bad])


@pytest.mark.parametrize("model_", [None, "model", object()])
def test_scoring_needs_a_trained_model(model_):
    with pytest.raises(TypeError, match="model must come from train_sentiment_model"):
        positive_probability(model_, "good")


def test_numpy_labels_are_accepted():
    texts = [t for t, _ in REVIEWS]
    model = train_sentiment_model(texts, np.array([y for _, y in REVIEWS]))
    assert positive_probability(model, REVIEWS[0][0]) > 0.5
