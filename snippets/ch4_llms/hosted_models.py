"""Calling hosted LLMs with the official OpenAI and Anthropic Python SDKs.

Chapter 4 of the course ("Large language models"). Keys are read from the
environment (OPENAI_API_KEY, ANTHROPIC_API_KEY), never written into code. The SDKs
also honour OPENAI_BASE_URL and ANTHROPIC_BASE_URL, which is how the course's tests
point this exact code at a local stand-in server. From the command line:

    python snippets/ch4_llms/hosted_models.py "Explain quantum computing in one sentence."
    python snippets/ch4_llms/hosted_models.py "Name three planets." --models openai:gpt-5-nano anthropic:claude-haiku-4-5
"""

# --8<-- [start:keys]
import os

KEY_VARIABLES = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}
KEY_PAGES = {
    "openai": "OpenAI's API platform",
    "anthropic": "the Anthropic Console",
}


class MissingAPIKeyError(RuntimeError):
    """Raised before any request is sent when a provider's key is not set."""


def api_key(provider: str) -> str:
    """The provider's API key from the environment, or a clear error saying how to set it."""
    if provider not in KEY_VARIABLES:
        raise ValueError(
            f"unknown provider {provider!r}; expected one of {', '.join(KEY_VARIABLES)}"
        )
    variable = KEY_VARIABLES[provider]
    key = os.environ.get(variable, "").strip()
    if not key:
        raise MissingAPIKeyError(
            f"{variable} is not set, so no request was sent to {provider}. Create a key in "
            f"{KEY_PAGES[provider]}, then run `export {variable}=...` in the shell that starts Python "
            "(keep keys out of code and out of git)."
        )
    return key


def _check_request(prompt: str, max_tokens: int) -> None:
    if not isinstance(prompt, str) or not prompt.strip():
        raise ValueError("prompt must be a non-empty string")
    if not isinstance(max_tokens, int) or max_tokens < 1:
        raise ValueError(
            f"max_tokens must be a positive integer, got {max_tokens!r}"
        )


# --8<-- [end:keys]

# --8<-- [start:openai]
import openai
from openai import OpenAI

OPENAI_MODEL = (
    "gpt-5-mini"  # model names change: check the provider's current list
)


def ask_openai(
    prompt: str,
    model: str = OPENAI_MODEL,
    max_tokens: int = 1000,
    system: str = "You are a helpful assistant.",
    temperature: float | None = None,
) -> str:
    """One chat-completions request; returns the reply text."""
    _check_request(prompt, max_tokens)
    client = OpenAI(api_key=api_key("openai"), timeout=60.0, max_retries=2)
    options = (
        {} if temperature is None else {"temperature": temperature}
    )  # not every model accepts it
    response = client.chat.completions.create(
        model=model,
        messages=[
            {"role": "system", "content": system},
            {"role": "user", "content": prompt},
        ],
        max_completion_tokens=max_tokens,  # a cap on the reply's length, in tokens
        **options,
    )
    return response.choices[0].message.content or ""


# --8<-- [end:openai]

# --8<-- [start:anthropic]
import anthropic

ANTHROPIC_MODEL = (
    "claude-haiku-4-5"  # model names change: check the provider's current list
)


def ask_anthropic(
    prompt: str,
    model: str = ANTHROPIC_MODEL,
    max_tokens: int = 1000,
    system: str = "You are a helpful assistant.",
) -> str:
    """One Messages API request; returns the reply text."""
    _check_request(prompt, max_tokens)
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
    provider, sep, model = spec.partition(":")
    if not sep or provider not in ASKERS or not model:
        raise ValueError(
            f"model {spec!r} must look like 'provider:model' with provider one of {', '.join(ASKERS)}, "
            "e.g. 'openai:gpt-5-mini'"
        )
    return provider, model


def compare_models(
    prompt: str, models: list[str], max_tokens: int = 1000
) -> list[tuple[str, str]]:
    """Send the same prompt to each model; return (model, reply) pairs in order.

    Every key is checked before the first request, so a missing key costs nothing.
    """
    if isinstance(models, str) or not models:
        raise ValueError(
            "models must be a non-empty list such as ['openai:gpt-5-nano', 'openai:gpt-5']"
        )
    parsed = [parse_model(spec) for spec in models]
    _check_request(prompt, max_tokens)
    for provider in dict.fromkeys(provider for provider, _ in parsed):
        api_key(provider)
    return [
        (
            f"{provider}:{model}",
            ASKERS[provider](prompt, model=model, max_tokens=max_tokens),
        )
        for provider, model in parsed
    ]


# --8<-- [end:compare]


DEFAULT_MODELS = [f"openai:{OPENAI_MODEL}", f"anthropic:{ANTHROPIC_MODEL}"]


def main(argv: list[str] | None = None) -> int:
    """Command line: print each model's reply, or a one-line error (never a traceback)."""
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
        replies = compare_models(
            args.prompt, args.models, max_tokens=args.max_tokens
        )
    except (MissingAPIKeyError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (
        openai.APIError,
        anthropic.APIError,
    ) as error:  # bad key, unknown model, network...
        print(
            f"error: the API refused or could not be reached: {error}",
            file=sys.stderr,
        )
        return 1
    for name, reply in replies:
        print(f"--- {name}\n{reply.strip()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
