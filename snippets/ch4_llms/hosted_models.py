"""Calling hosted LLMs with the official OpenAI and Anthropic Python SDKs.

Chapter 4 of the course ("Large language models"). Keys are read from the
environment (OPENAI_API_KEY, ANTHROPIC_API_KEY), never written into code. The
SDKs also honour OPENAI_BASE_URL and ANTHROPIC_BASE_URL, which is how the
course's tests point this exact code at a local stand-in server. From the
command line, in the folder that holds this file (snippets/ch4_llms/ in the
course repository); each reply is printed as soon as it arrives:

    python hosted_models.py "Name three planets."
    python hosted_models.py "Name three planets." \\
        --models openai:gpt-5-nano anthropic:claude-haiku-4-5
"""

# --8<-- [start:keys]
import os

import anthropic
import openai

KEY_VARIABLES = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}
KEY_PAGES = {
    "openai": "OpenAI's API platform",
    "anthropic": "the Anthropic Console",
}


class MissingAPIKeyError(RuntimeError):
    """Raised before any request is sent when a provider's key is not set."""


def api_key(provider: str) -> str:
    """The provider's API key from the environment, or how to set it."""
    if provider not in KEY_VARIABLES:
        raise ValueError(
            f"unknown provider {provider!r}; "
            f"expected one of {', '.join(KEY_VARIABLES)}"
        )
    variable = KEY_VARIABLES[provider]
    key = os.environ.get(variable, "").strip()
    if not key:
        raise MissingAPIKeyError(
            f"{variable} is not set, so no request was sent to {provider}. "
            f"Create a key in {KEY_PAGES[provider]}, then run "
            f"`export {variable}=...` in the shell that starts Python "
            "(keep keys out of code and out of git)."
        )
    return key


def _check_text(name: str, value: str) -> None:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {type(value).__name__}")
    if not value.strip():
        raise ValueError(f"{name} must be a non-empty string")


def _check_request(prompt: str, max_tokens: int) -> None:
    _check_text("prompt", prompt)
    # bool is an int in Python, but max_tokens=True is surely a mistake
    if isinstance(max_tokens, bool) or not isinstance(max_tokens, int):
        raise TypeError(
            f"max_tokens must be a positive integer, got {max_tokens!r}"
        )
    if max_tokens < 1:
        raise ValueError(
            f"max_tokens must be a positive integer, got {max_tokens!r}"
        )


# --8<-- [end:keys]

# --8<-- [start:openai]
# Model names change: check the provider's current list.
OPENAI_MODEL = "gpt-5-mini"


def ask_openai(
    prompt: str,
    model: str = OPENAI_MODEL,
    max_tokens: int = 1000,
    system: str = "You are a helpful assistant.",
    temperature: float | None = None,
) -> str:
    """One chat-completions request; returns the reply text."""
    _check_request(prompt, max_tokens)
    _check_text("model", model)
    _check_text("system", system)
    # OpenAI's API takes temperatures from 0 to 2.
    if temperature is not None and (
        isinstance(temperature, bool)
        or not isinstance(temperature, int | float)
        or not 0 <= temperature <= 2
    ):
        raise ValueError(
            f"temperature must be a number from 0 to 2, or None for the "
            f"model's default; got {temperature!r}"
        )
    client = openai.OpenAI(
        api_key=api_key("openai"), timeout=60.0, max_retries=2
    )
    # Not every model accepts a temperature, so send one only if asked.
    options = {} if temperature is None else {"temperature": temperature}
    response = client.chat.completions.create(
        model=model,
        messages=[
            {"role": "system", "content": system},
            {"role": "user", "content": prompt},
        ],
        max_completion_tokens=max_tokens,  # caps the reply's length
        **options,
    )
    return response.choices[0].message.content or ""


# --8<-- [end:openai]

# --8<-- [start:anthropic]
# Model names change: check the provider's current list.
ANTHROPIC_MODEL = "claude-haiku-4-5"


def ask_anthropic(
    prompt: str,
    model: str = ANTHROPIC_MODEL,
    max_tokens: int = 1000,
    system: str = "You are a helpful assistant.",
) -> str:
    """One Messages API request; returns the reply text."""
    _check_request(prompt, max_tokens)
    _check_text("model", model)
    _check_text("system", system)
    client = anthropic.Anthropic(
        api_key=api_key("anthropic"), timeout=60.0, max_retries=2
    )
    message = client.messages.create(
        model=model,
        max_tokens=max_tokens,  # required by this API
        system=system,
        messages=[{"role": "user", "content": prompt}],
    )
    # The reply is a list of content blocks; keep the text ones.
    return "".join(
        block.text for block in message.content if block.type == "text"
    )


# --8<-- [end:anthropic]

# --8<-- [start:compare]
ASKERS = {"openai": ask_openai, "anthropic": ask_anthropic}


def parse_model(spec: str) -> tuple[str, str]:
    """'openai:gpt-5-mini' -> ('openai', 'gpt-5-mini')."""
    if not isinstance(spec, str):
        raise TypeError(
            f"the model spec must be a str, got {type(spec).__name__}"
        )
    provider, sep, model = spec.partition(":")
    if not sep or provider not in ASKERS or not model:
        raise ValueError(
            f"model {spec!r} must look like 'provider:model' with provider "
            f"one of {', '.join(ASKERS)}, e.g. 'openai:gpt-5-mini'"
        )
    return provider, model


def check_models(
    prompt: str, models: list[str], max_tokens: int
) -> list[tuple[str, str]]:
    """Parse every model and check every key before the first request."""
    if isinstance(models, str) or not models:
        raise ValueError(
            "models must be a non-empty list such as "
            "['openai:gpt-5-nano', 'openai:gpt-5']"
        )
    if not all(isinstance(spec, str) for spec in models):
        raise TypeError(f"models must be a list of str, got {models!r}")
    parsed = [parse_model(spec) for spec in models]
    _check_request(prompt, max_tokens)
    for provider in dict.fromkeys(provider for provider, _ in parsed):
        api_key(provider)  # a missing key costs nothing: nothing sent yet
    return parsed


def compare_models(
    prompt: str, models: list[str], max_tokens: int = 1000
) -> list[tuple[str, str]]:
    """Send the same prompt to each model; return (model, reply) pairs."""
    return [
        (f"{provider}:{model}", ASKERS[provider](prompt, model, max_tokens))
        for provider, model in check_models(prompt, models, max_tokens)
    ]


# --8<-- [end:compare]


DEFAULT_MODELS = [f"openai:{OPENAI_MODEL}", f"anthropic:{ANTHROPIC_MODEL}"]


def main(argv: list[str] | None = None) -> int:
    """Command line: print each reply as it arrives, errors in one line.

    A model that fails is reported and skipped: the replies already printed
    (and paid for) stay on screen, and the other models are still asked.
    Exit status: 0 all answered, 1 some request failed, 2 bad arguments or
    a missing key (nothing was sent).
    """
    import argparse
    import sys

    parser = argparse.ArgumentParser(
        description="Send one prompt to hosted LLMs and print the replies."
    )
    parser.add_argument("prompt")
    parser.add_argument(
        "--models", nargs="+", default=DEFAULT_MODELS, help="provider:model ..."
    )
    parser.add_argument("--max-tokens", type=int, default=1000)
    args = parser.parse_args(argv)
    try:
        parsed = check_models(args.prompt, args.models, args.max_tokens)
    except (MissingAPIKeyError, ValueError, TypeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    failed = 0
    for provider, model in parsed:
        name = f"{provider}:{model}"
        try:
            reply = ASKERS[provider](args.prompt, model, args.max_tokens)
        except (openai.APIError, anthropic.APIError) as error:
            # a bad key, an unknown model, the network...
            print(
                f"error: {name}: the API refused or could not be reached: "
                f"{error}",
                file=sys.stderr,
                flush=True,
            )
            failed += 1
            continue
        print(f"--- {name}\n{reply.strip()}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
