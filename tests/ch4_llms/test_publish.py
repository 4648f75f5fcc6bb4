"""The chapter-4 publish step fails, naming the sentence, when a claim on the
main page stops being true."""

import pytest

from snippets.ch4_llms import hosted_models, publish
from tools.outputs import Artifacts


@pytest.fixture
def main_page_only(monkeypatch):
    """Skip the tokens-and-attention sub-page, which has its own checks."""
    monkeypatch.setattr(publish, "_publish_bpe", lambda out: None)
    monkeypatch.setattr(publish, "_publish_attention", lambda out, plt: None)


def test_every_claim_of_the_main_page_holds(main_page_only):
    out = Artifacts("ch4_llms")
    publish.publish(out)
    assert out.values["lm.greedy_after_the"] == "cat"
    # Ties are broken by the lower ID, in greedy decoding and in top-k.
    assert out.values["lm.greedy_tie_cat"] == '"and" and "ran"'
    assert out.values["lm.greedy_after_cat"] == "and"
    assert out.values["lm.top_k_kept"] == '"cat", "dog" and "bird"'


def test_a_top_k_without_a_tie_breaks_the_tie_claim(main_page_only, monkeypatch):
    monkeypatch.setattr(publish, "DECODING", [(1.0, 2)])
    with pytest.raises(ValueError, match="tokens tie at the cut"):
        publish.publish(Artifacts("ch4_llms"))


def test_too_few_epochs_break_the_training_claim(main_page_only, monkeypatch):
    monkeypatch.setattr(publish, "EPOCHS", 5)
    with pytest.raises(ValueError, match="epochs it reaches"):
        publish.publish(Artifacts("ch4_llms"))


def test_short_answers_break_the_emergence_claim(main_page_only, monkeypatch):
    monkeypatch.setattr(publish, "ANSWER_LENGTHS", (1, 2, 3))
    with pytest.raises(ValueError, match="sit near zero and then shoot up"):
        publish.publish(Artifacts("ch4_llms"))


def test_an_unlisted_model_name_breaks_the_sdk_claim(monkeypatch):
    monkeypatch.setattr(hosted_models, "ANTHROPIC_MODEL", "claude-9")
    with pytest.raises(ValueError, match="model lists of the pinned SDKs"):
        publish._check_sdk_claims()
