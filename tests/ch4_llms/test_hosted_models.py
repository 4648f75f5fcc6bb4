"""The page's SDK code, run for real against a local stand-in of both APIs.

No request leaves the machine: the SDKs are pointed at a server on 127.0.0.1 (an
ephemeral port, started and stopped here) through OPENAI_BASE_URL and
ANTHROPIC_BASE_URL, the same variables a reader could set.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.ch4_llms.hosted_models import (
    ASKERS,
    MissingAPIKeyError,
    api_key,
    ask_anthropic,
    ask_openai,
    compare_models,
    main,
    parse_model,
)
from tests.ch4_llms.fake_llm_server import BAD_KEY, FakeLLMServer, reply_text

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SCRIPT = "snippets/ch4_llms/hosted_models.py"
# Variables that could send the SDKs elsewhere or change their credentials.
_STRAY = (
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_CUSTOM_HEADERS",
    "OPENAI_ORG_ID",
    "OPENAI_PROJECT_ID",
)


@pytest.fixture
def server(monkeypatch):
    with FakeLLMServer() as srv:
        for name in _STRAY:
            monkeypatch.delenv(name, raising=False)
        monkeypatch.setenv("OPENAI_BASE_URL", f"{srv.url}/v1")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", srv.url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-test-openai")
        monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-anthropic")
        yield srv


def test_server_listens_on_loopback_only(server):
    assert server.url.startswith("http://127.0.0.1:")


def test_ask_openai_sends_a_chat_completion(server):
    reply = ask_openai(
        "Explain quantum computing in one sentence.", model="gpt-5-nano", max_tokens=50
    )
    assert reply == reply_text("gpt-5-nano", "Explain quantum computing in one sentence.")
    (request,) = server.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["headers"]["authorization"] == "Bearer sk-test-openai"
    body = request["body"]
    assert body["model"] == "gpt-5-nano"
    assert [m["role"] for m in body["messages"]] == ["system", "user"]
    assert body["messages"][1]["content"] == "Explain quantum computing in one sentence."
    assert body["max_completion_tokens"] == 50
    assert "temperature" not in body  # only sent when asked for


def test_ask_openai_passes_temperature_when_given(server):
    ask_openai("Hi", temperature=0.3)
    assert server.requests[0]["body"]["temperature"] == 0.3


def test_ask_anthropic_sends_a_message(server):
    reply = ask_anthropic(
        "Explain quantum computing in one sentence.", model="claude-haiku-4-5", max_tokens=64
    )
    assert reply == reply_text("claude-haiku-4-5", "Explain quantum computing in one sentence.")
    (request,) = server.requests
    assert request["path"] == "/v1/messages"
    headers = request["headers"]
    assert "sk-test-anthropic" in (
        headers.get("x-api-key"),
        headers.get("authorization", "").removeprefix("Bearer "),
    )
    assert request["headers"]["anthropic-version"]  # the SDK sets the API version
    body = request["body"]
    assert body["model"] == "claude-haiku-4-5"
    assert body["max_tokens"] == 64
    assert body["system"] == "You are a helpful assistant."
    assert body["messages"] == [
        {"role": "user", "content": "Explain quantum computing in one sentence."}
    ]


def test_compare_models_asks_each_model_in_order(server):
    models = ["openai:gpt-5-nano", "anthropic:claude-haiku-4-5", "openai:gpt-5"]
    results = compare_models("Name three planets.", models, max_tokens=40)
    assert [name for name, _ in results] == models
    for name, reply in results:
        assert reply == reply_text(name.split(":", 1)[1], "Name three planets.")
    assert [r["path"] for r in server.requests] == [
        "/v1/chat/completions",
        "/v1/messages",
        "/v1/chat/completions",
    ]


def test_missing_key_stops_before_any_request(server, monkeypatch):
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    with pytest.raises(MissingAPIKeyError, match="ANTHROPIC_API_KEY is not set"):
        compare_models("Hi", ["openai:gpt-5-nano", "anthropic:claude-haiku-4-5"])
    assert server.requests == []  # the OpenAI call was not made either


@pytest.mark.parametrize("value", ["", "   "])
def test_blank_key_counts_as_missing(monkeypatch, value):
    monkeypatch.setenv("OPENAI_API_KEY", value)
    with pytest.raises(MissingAPIKeyError, match="OPENAI_API_KEY is not set"):
        api_key("openai")


def test_cli_prints_each_reply(server, capsys):
    assert main(["Hello there", "--models", "openai:gpt-5-nano", "anthropic:claude-haiku-4-5"]) == 0
    printed = capsys.readouterr().out
    assert printed == (
        f"--- openai:gpt-5-nano\n{reply_text('gpt-5-nano', 'Hello there')}\n"
        f"--- anthropic:claude-haiku-4-5\n{reply_text('claude-haiku-4-5', 'Hello there')}\n"
    )


@pytest.mark.parametrize("provider", ["openai", "anthropic"])
def test_cli_reports_a_rejected_key_in_one_line(server, monkeypatch, capsys, provider):
    monkeypatch.setenv(f"{provider.upper()}_API_KEY", BAD_KEY)
    model = {"openai": "openai:gpt-5-nano", "anthropic": "anthropic:claude-haiku-4-5"}[provider]
    assert main(["Hi", "--models", model]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {model}: the API refused or could not be reached")
    assert "401" in err and "Traceback" not in err


def test_cli_without_keys_gives_a_clear_message_not_a_traceback():
    env = {k: v for k, v in os.environ.items() if k not in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY")}
    run = subprocess.run(
        [sys.executable, SCRIPT, "Hi"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert run.stdout == ""
    assert run.stderr.startswith("error: OPENAI_API_KEY is not set, so no request was sent")
    assert "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: parse_model("gpt-5"), "must look like 'provider:model'"),
        (lambda: parse_model("google:gemini"), "must look like 'provider:model'"),
        (lambda: parse_model("openai:"), "must look like 'provider:model'"),
        (lambda: compare_models("Hi", []), "non-empty list"),
        (lambda: compare_models("Hi", "openai:gpt-5"), "non-empty list"),
        (lambda: compare_models("  ", ["openai:gpt-5"]), "prompt must be a non-empty string"),
        (lambda: ask_openai("Hi", max_tokens=0), "max_tokens must be a positive integer"),
        (lambda: ask_anthropic("", max_tokens=10), "prompt must be a non-empty string"),
        (lambda: api_key("mistral"), "unknown provider 'mistral'"),
    ],
)
def test_bad_requests_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_cli_keeps_every_reply_when_one_model_fails(server, monkeypatch, capsys):
    # Anthropic rejects its key; the OpenAI replies before and after it survive.
    monkeypatch.setenv("ANTHROPIC_API_KEY", BAD_KEY)
    models = ["openai:gpt-5-nano", "anthropic:claude-haiku-4-5", "openai:gpt-5"]
    assert main(["Hi", "--models", *models]) == 1
    printed = capsys.readouterr()
    assert printed.out == (
        f"--- openai:gpt-5-nano\n{reply_text('gpt-5-nano', 'Hi')}\n"
        f"--- openai:gpt-5\n{reply_text('gpt-5', 'Hi')}\n"
    )
    (error_line,) = printed.err.splitlines()
    assert error_line.startswith("error: anthropic:claude-haiku-4-5: the API refused")
    assert len(server.requests) == 3


def test_cli_prints_each_reply_before_asking_the_next_model(server, monkeypatch, capsys):
    printed_before_each_request = []
    real_ask = ask_openai

    def recording_ask(*args, **kwargs):
        printed_before_each_request.append(capsys.readouterr().out.count("--- "))
        return real_ask(*args, **kwargs)

    monkeypatch.setitem(ASKERS, "openai", recording_ask)
    assert main(["Hi", "--models", "openai:a", "openai:b", "openai:c"]) == 0
    assert printed_before_each_request == [0, 1, 1]  # one new reply each time


# --- property-based: every bad argument is refused before anything is sent

FEW = settings(max_examples=40, derandomize=True, deadline=None)
BLANK = st.text(alphabet=" \t\n", max_size=3)
NOT_STR = st.one_of(st.none(), st.integers(), st.floats(), st.lists(st.text(max_size=2)))


@FEW
@given(
    st.sampled_from([ask_openai, ask_anthropic]),
    st.sampled_from(["prompt", "model", "system"]),
    BLANK,
)
def test_blank_strings_are_refused(ask, name, blank):
    args = {"prompt": "Hi", "model": "m", "system": "s", name: blank}
    with pytest.raises(ValueError, match=f"{name} must be a non-empty string"):
        ask(**args)


@FEW
@given(
    st.sampled_from([ask_openai, ask_anthropic]),
    st.sampled_from(["prompt", "model", "system"]),
    NOT_STR,
)
def test_non_strings_are_type_errors(ask, name, bad):
    args = {"prompt": "Hi", "model": "m", "system": "s", name: bad}
    with pytest.raises(TypeError, match=f"{name} must be a str"):
        ask(**args)


@FEW
@given(
    st.sampled_from([ask_openai, ask_anthropic]),
    st.one_of(st.floats(), st.text(max_size=2), st.booleans()),
)
def test_max_tokens_must_be_an_integer(ask, bad):
    with pytest.raises(TypeError, match="max_tokens must be a positive integer"):
        ask("Hi", max_tokens=bad)


@FEW
@given(st.sampled_from([ask_openai, ask_anthropic]), st.integers(max_value=0))
def test_max_tokens_must_be_positive(ask, bad):
    with pytest.raises(ValueError, match="max_tokens must be a positive integer"):
        ask("Hi", max_tokens=bad)


@FEW
@given(
    st.one_of(
        st.floats().filter(lambda t: not 0 <= t <= 2),
        st.just(float("nan")),
        st.text(max_size=2),
        st.booleans(),
    )
)
def test_openai_temperature_is_checked(bad):
    with pytest.raises(ValueError, match="temperature must be a number from 0 to 2"):
        ask_openai("Hi", temperature=bad)


@FEW
@given(
    st.one_of(
        st.text(max_size=12).filter(lambda s: not s.startswith(("openai:", "anthropic:"))), NOT_STR
    )
)
def test_bad_model_specs_are_refused(spec):
    error = ValueError if isinstance(spec, str) else TypeError
    with pytest.raises(error, match="model"):
        parse_model(spec)
    with pytest.raises(error, match="model"):
        compare_models("Hi", [spec])


def test_bad_arguments_on_the_command_line_exit_with_status_2(server, capsys):
    assert main(["   "]) == 2
    assert capsys.readouterr().err == "error: prompt must be a non-empty string\n"
    assert main(["Hi", "--models", "mistral:large"]) == 2
    assert server.requests == []
