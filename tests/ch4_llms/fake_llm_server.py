"""A stand-in for the OpenAI and Anthropic HTTP APIs, on loopback, for tests only.

It answers `POST /v1/chat/completions` (OpenAI chat completions) and
`POST /v1/messages` (Anthropic messages) with responses of the same JSON shape as the
real services, records every request, and rejects a request whose key is
`BAD_KEY` with each API's 401 error shape. The reply text is computed from the
request (`reply_text`), so tests can check that the right model got the right prompt.
"""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

BAD_KEY = "sk-test-rejected"


def reply_text(model: str, prompt: str) -> str:
    return f"[{model}] You asked: {prompt}"


class _Handler(BaseHTTPRequestHandler):
    timeout = 10  # seconds a connection may stay idle: the server never hangs a test

    def log_message(self, *args) -> None:  # keep the test output quiet
        pass

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        headers = {k.lower(): v for k, v in self.headers.items()}
        self.server.requests.append({"path": self.path, "headers": headers, "body": body})
        if self.path == "/v1/chat/completions":
            self._openai(headers, body)
        elif self.path == "/v1/messages":
            self._anthropic(headers, body)
        else:
            self._send(404, {"error": {"message": f"no route {self.path}", "type": "not_found"}})

    def _openai(self, headers: dict, body: dict) -> None:
        if headers.get("authorization") == f"Bearer {BAD_KEY}":
            self._send(
                401,
                {
                    "error": {
                        "message": "Incorrect API key provided.",
                        "type": "invalid_request_error",
                        "param": None,
                        "code": "invalid_api_key",
                    }
                },
            )
            return
        prompt = next(m["content"] for m in body["messages"] if m["role"] == "user")
        text = reply_text(body["model"], prompt)
        self._send(
            200,
            {
                "id": "chatcmpl-local",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "logprobs": None,
                        "message": {"role": "assistant", "content": text, "refusal": None},
                    }
                ],
                "usage": {
                    "prompt_tokens": len(prompt.split()),
                    "completion_tokens": len(text.split()),
                    "total_tokens": len(prompt.split()) + len(text.split()),
                },
            },
        )

    def _anthropic(self, headers: dict, body: dict) -> None:
        # The SDK sends the key as `x-api-key` or, in recent versions, as a bearer token.
        if BAD_KEY in (
            headers.get("x-api-key"),
            headers.get("authorization", "").removeprefix("Bearer "),
        ):
            self._send(
                401,
                {
                    "type": "error",
                    "error": {"type": "authentication_error", "message": "invalid x-api-key"},
                },
            )
            return
        prompt = body["messages"][-1]["content"]
        text = reply_text(body["model"], prompt)
        self._send(
            200,
            {
                "id": "msg_local",
                "type": "message",
                "role": "assistant",
                "model": body["model"],
                "content": [{"type": "text", "text": text}],
                "stop_reason": "end_turn",
                "stop_sequence": None,
                "usage": {"input_tokens": len(prompt.split()), "output_tokens": len(text.split())},
            },
        )


class FakeLLMServer:
    """Start with `with FakeLLMServer() as server:`; stops and joins its thread on exit."""

    def __init__(self) -> None:
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)  # port 0: any free port
        self._httpd.requests = []
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def requests(self) -> list[dict]:
        return self._httpd.requests

    def __enter__(self) -> FakeLLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
