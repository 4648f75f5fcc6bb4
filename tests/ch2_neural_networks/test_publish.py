"""The chapter-2 publish step fails, naming the sentence, when a claim on a
page stops being true."""

import numpy as np
import pytest

from snippets.ch2_neural_networks import losses, publish, training
from tools.outputs import Artifacts


def test_every_claim_holds_for_the_published_code():
    out = Artifacts("ch2_neural_networks")
    publish.publish(out)
    assert out.values["party.n_evenings"] == "8"


def test_a_slower_fast_rate_breaks_the_few_epochs_claim(monkeypatch):
    monkeypatch.setattr(training, "LEARNING_RATES", (0.001, 0.1, 0.25, 1.5))
    with pytest.raises(ValueError, match="within a few epochs"):
        publish.publish_training(Artifacts("ch2_neural_networks"))


def test_a_smaller_largest_error_breaks_the_far_more_claim(monkeypatch):
    guesses = np.array([310_000, 440_000, 215_000])  # errors 10k, 10k, 15k
    monkeypatch.setattr(losses, "PREDICTED_PRICES", guesses)
    with pytest.raises(ValueError, match="contributes far more"):
        publish.publish_losses(Artifacts("ch2_neural_networks"))
