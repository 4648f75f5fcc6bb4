"""Sentences on the summary pages that interpret another chapter's results.

Each chapter's publish.py checks the sentences on its own pages; the summary
quotes chapter 2.8's values in its own words, and exercise 5 names chapter 4's
command line and the pinned SDKs' models and fields, so these tests check them.
A failure names the sentence to reword.
"""

import inspect
import json
import re
import typing
from pathlib import Path

import pytest

from snippets.ch4_llms import hosted_models

DOCS = Path(__file__).resolve().parents[2] / "docs"


def _values(chapter: str) -> dict[str, str]:
    path = DOCS / chapter / "generated" / "values.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _number(text: str) -> float:
    """'97.73%' or '+0.10 points' or '2.78' -> a float."""
    return float(text.split()[0].rstrip("%"))


MNIST = _values("ch2_mnist")

CLAIMS = [
    (
        "At 0.001 the network was still improving at the end",
        lambda v: _number(v["ex1_slow_last5_gain"]) > 0,
    ),
    (
        "At 1.0 the validation accuracy fell by up to ... points from one epoch "
        "to the next, against at most ... at 0.1",
        lambda v: _number(v["ex1_max_drop_1"]) > _number(v["ex1_max_drop_0.1"]),
    ),
    (
        "Progress per epoch drops [with sigmoid]: after one epoch ... validation "
        "accuracy against ... with ReLU",
        lambda v: _number(v["ex3_acc1"]) < _number(v["ex1_acc1_0.1"]),
    ),
    (
        "[with sigmoid] each run's kept network scored ... against ... [ReLU]",
        lambda v: _number(v["ex3_acc"]) < _number(v["ex1_acc_0.1"]),
    ),
]


@pytest.mark.parametrize("sentence, holds", CLAIMS, ids=[c[0][:40] for c in CLAIMS])
def test_exercise_sentences_still_hold(sentence, holds):
    assert holds(MNIST), f"docs/summary/exercises.md says {sentence!r}, which no longer holds"


# Exercise 5 names models, command-line options and SDK fields; each is checked
# against the pinned SDKs and the module the exercise tells the reader to download.
EXERCISES = (DOCS / "summary" / "exercises.md").read_text(encoding="utf-8")
EXERCISE_5 = EXERCISES[EXERCISES.index("## Exercise 5") :]
MODEL_SPECS = re.findall(r"\b((?:openai|anthropic):[\w.-]+)", EXERCISE_5)


def _sdk_models() -> dict[str, set[str]]:
    from anthropic.types import Model
    from openai.types import ChatModel

    return {
        "openai": set(typing.get_args(ChatModel)),
        "anthropic": set(typing.get_args(typing.get_args(Model)[0])),
    }


def test_exercise_5_names_models_of_both_providers():
    providers = {spec.partition(":")[0] for spec in MODEL_SPECS}
    assert providers == {"openai", "anthropic"}, MODEL_SPECS


@pytest.mark.parametrize("spec", MODEL_SPECS)
def test_each_model_exercise_5_names_is_in_the_pinned_sdk(spec):
    provider, model = hosted_models.parse_model(spec)
    assert model in _sdk_models()[provider], f"{spec} is not in the pinned {provider} SDK"


def test_the_openai_snapshots_carry_the_date_the_page_gives():
    """'whose snapshots the pinned OpenAI SDK ... lists with the date 2025-08-07'."""
    openai_models = [s.partition(":")[2] for s in MODEL_SPECS if s.startswith("openai:")]
    assert "2025-08-07" in EXERCISE_5
    assert all(f"{model}-2025-08-07" in _sdk_models()["openai"] for model in openai_models)


def test_the_command_line_takes_the_options_the_exercise_uses(monkeypatch):
    """--models picks the models; --max-tokens is 1000 unless given."""
    assert "--models" in EXERCISE_5 and "--max-tokens" in EXERCISE_5 and "1000" in EXERCISE_5
    sent = []
    monkeypatch.setenv("OPENAI_API_KEY", "test-key")
    monkeypatch.setitem(
        hosted_models.ASKERS,
        "openai",
        lambda prompt, model, max_tokens: sent.append(max_tokens) or "",
    )
    assert hosted_models.main(["A prompt.", "--models", "openai:gpt-5-nano"]) == 0
    assert hosted_models.main(["A prompt.", "--models", "openai:gpt-5", "--max-tokens", "50"]) == 0
    assert sent == [1000, 50]


def test_the_functions_return_only_text_and_the_sdks_report_the_usage_named():
    """'The functions return only the reply's text ... response.usage (prompt_tokens,
    completion_tokens) ... message.usage (input_tokens, output_tokens)'."""
    from anthropic.types import Message, Usage
    from openai.types import CompletionUsage
    from openai.types.chat import ChatCompletion

    for ask in (hosted_models.ask_openai, hosted_models.ask_anthropic):
        assert inspect.signature(ask).return_annotation is str
    assert "usage" in ChatCompletion.model_fields and "usage" in Message.model_fields
    assert {"prompt_tokens", "completion_tokens"} <= set(CompletionUsage.model_fields)
    assert {"input_tokens", "output_tokens"} <= set(Usage.model_fields)
    for field in ("prompt_tokens", "completion_tokens", "input_tokens", "output_tokens"):
        assert f"`{field}`" in EXERCISE_5
