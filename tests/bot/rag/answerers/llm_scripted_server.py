"""A scripted OpenAI-compatible / Ollama HTTP server on 127.0.0.1, so the real LangChain clients can be tested."""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """A completion: text and/or tool calls (name, arguments), rendered plain or streamed as the client asks."""

    content: str = ""
    tool_calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    chunk_delay: float = 0.0  # seconds between streamed chunks: a trickling server
    finish: str | None = None  # the finish reason to report ("length": cut off at the token limit)


@dataclass
class Status:
    """An HTTP error from the provider."""

    code: int
    body: str = '{"error": {"message": "scripted failure", "type": "server_error"}}'


@dataclass
class Raw:
    """A 200 response with whatever body: malformed JSON, a wrong shape, garbage SSE."""

    body: str
    content_type: str = "application/json"


@dataclass
class Slow:
    """Wait before answering: a provider slower than the timeout."""

    seconds: float
    then: Reply | Status | Raw = field(default_factory=Reply)


@dataclass
class Hangup:
    """Close the connection without any response."""


Step = Reply | Status | Raw | Slow | Hangup


def free_port() -> int:
    """A port nothing listens on once this returns: connecting to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def openai_message(reply: Reply) -> dict[str, Any]:
    """The assistant message of a non-streamed chat completion."""
    message: dict[str, Any] = {"role": "assistant", "content": reply.content or None}
    if reply.tool_calls:
        message["tool_calls"] = [
            {"id": f"call_{i}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
            for i, (name, args) in enumerate(reply.tool_calls)
        ]
    return message


def openai_completion(reply: Reply, model: str) -> dict[str, Any]:
    """A whole chat.completion object."""
    finish = reply.finish or ("tool_calls" if reply.tool_calls else "stop")
    return {"id": "chatcmpl-scripted", "object": "chat.completion", "created": 1700000000, "model": model,
            "choices": [{"index": 0, "message": openai_message(reply), "finish_reason": finish}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}}


def openai_chunks(reply: Reply, model: str) -> list[dict[str, Any]]:
    """The chat.completion.chunk objects a streaming server sends for the reply."""
    def chunk(delta: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
        return {"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "created": 1700000000, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    chunks = [chunk({"role": "assistant", "content": ""})]
    chunks += [chunk({"content": piece}) for piece in pieces(reply.content)]
    for i, (name, args) in enumerate(reply.tool_calls):
        text = json.dumps(args)
        chunks.append(chunk({"tool_calls": [{"index": i, "id": f"call_{i}", "type": "function",
                                             "function": {"name": name, "arguments": text[:5]}}]}))
        chunks.append(chunk({"tool_calls": [{"index": i, "function": {"arguments": text[5:]}}]}))
    chunks.append(chunk({}, reply.finish or ("tool_calls" if reply.tool_calls else "stop")))
    return chunks


def ollama_lines(reply: Reply, model: str) -> list[dict[str, Any]]:
    """The NDJSON objects Ollama's /api/chat streams for the reply."""
    def line(message: dict[str, Any], done: bool = False) -> dict[str, Any]:
        body = {"model": model, "created_at": "2025-01-01T00:00:00Z", "message": message, "done": done}
        final = {"done_reason": reply.finish or "stop", "total_duration": 1, "eval_count": 5, "prompt_eval_count": 5}
        return body | (final if done else {})

    lines = [line({"role": "assistant", "content": piece}) for piece in pieces(reply.content)]
    if reply.tool_calls:
        calls = [{"function": {"name": name, "arguments": args}} for name, args in reply.tool_calls]
        lines.append(line({"role": "assistant", "content": "", "tool_calls": calls}))
    lines.append(line({"role": "assistant", "content": ""}, done=True))
    return lines


def pieces(text: str, size: int = 12) -> list[str]:
    """Split text the way a model streams it: a few characters at a time."""
    return [text[i : i + size] for i in range(0, len(text), size)]


class QuietServer(ThreadingHTTPServer):
    """A client that gives up on a slow step (its timeout is the point of such a test) resets the connection; that
    is expected here, and socketserver would print its traceback in the middle of the test run."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class ScriptedServer:
    """Answers each POST with the next scripted step and records what the client sent."""

    def __init__(self, flavour: str) -> None:
        self.flavour = flavour  # "openai" or "ollama"
        self.script: deque[Step] = deque()
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.stopping = threading.Event()
        self.httpd = QuietServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL, as CAREERBOT_LLM_BASE_URL would hold it."""
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}" + ("/v1" if self.flavour == "openai" else "")

    def add(self, *steps: Step) -> ScriptedServer:
        """Queue the responses for the next requests, in order."""
        self.script.extend(steps)
        return self

    def start(self) -> ScriptedServer:
        """Serve in a background thread."""
        self.thread.start()
        return self

    def stop(self) -> None:
        """Wake sleeping handlers and shut the server down."""
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def system_prompt(self, index: int = 0) -> str:
        """The system message the client sent in request `index`."""
        return next(m["content"] for m in self.requests[index]["messages"] if m["role"] == "system")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                """Keep pytest output clean."""

            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                server.requests.append(body)
                server.headers.append({k.lower(): v for k, v in self.headers.items()})
                step = server.script.popleft() if server.script else Status(500, '{"error": "script exhausted"}')
                server._respond(self, step, body)

        return Handler

    def _respond(self, handler: BaseHTTPRequestHandler, step: Step, body: dict[str, Any]) -> None:
        """Write one scripted step."""
        if isinstance(step, Slow):
            if self.stopping.wait(step.seconds):
                return
            step = step.then
        if isinstance(step, Hangup):
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
        elif isinstance(step, Status):
            self._send(handler, step.code, "application/json", step.body.encode())
        elif isinstance(step, Raw):
            self._send(handler, 200, step.content_type, step.body.encode())
        elif body.get("stream"):
            self._stream(handler, step, body.get("model", "scripted"))
        else:
            self._send(handler, 200, "application/json", json.dumps(self._whole(step, body)).encode())

    def _whole(self, reply: Reply, body: dict[str, Any]) -> dict[str, Any]:
        """A non-streamed response in the server's flavour."""
        model = body.get("model", "scripted")
        if self.flavour == "openai":
            return openai_completion(reply, model)
        lines = ollama_lines(reply, model)
        final = lines[-1] | {"message": {"role": "assistant", "content": reply.content}}
        if reply.tool_calls:
            final["message"]["tool_calls"] = lines[-2]["message"]["tool_calls"]
        return final

    def _stream(self, handler: BaseHTTPRequestHandler, reply: Reply, model: str) -> None:
        """SSE for OpenAI, NDJSON for Ollama, with the reply's delay between chunks."""
        if self.flavour == "openai":
            events = [f"data: {json.dumps(c)}\n\n" for c in openai_chunks(reply, model)] + ["data: [DONE]\n\n"]
            content_type = "text/event-stream"
        else:
            events = [json.dumps(line) + "\n" for line in ollama_lines(reply, model)]
            content_type = "application/x-ndjson"
        handler.send_response(200)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        for event in events:
            if reply.chunk_delay and self.stopping.wait(reply.chunk_delay):
                return
            data = event.encode()
            try:
                handler.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                handler.wfile.flush()
            except OSError:
                return
        handler.wfile.write(b"0\r\n\r\n")

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, code: int, content_type: str, data: bytes) -> None:
        """A complete response with a body."""
        handler.send_response(code)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)


def wait_until(predicate: Any, seconds: float = 2.0) -> bool:
    """Poll for a condition that another thread makes true."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.01)
    return predicate()
