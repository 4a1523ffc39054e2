"""A real `chroma run` server for the tests: on a free 127.0.0.1 port, over a directory of the test's, stopped by
the fixture (or the test) that started it; it can be stopped and started again on the same port and directory,
as a server restarted in production would be."""

from __future__ import annotations

import contextlib
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

READY_TRIES = 240  # half a second each


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ChromaServer:
    """`chroma run --path PATH --port PORT` on 127.0.0.1."""

    def __init__(self, path: Path, port: int | None = None) -> None:
        self.path = path
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._process: subprocess.Popen | None = None

    def start(self) -> ChromaServer:
        import chromadb

        executable = Path(sys.executable).with_name("chroma")
        command = [str(executable), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)]
        self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(READY_TRIES):
            try:
                chromadb.HttpClient(host="127.0.0.1", port=self.port).heartbeat()
                return self
            except Exception:  # noqa: BLE001 - not up yet
                if self._process.poll() is not None:
                    pytest.fail("chroma run exited before it was ready")
                time.sleep(0.5)
        self.stop()
        pytest.fail("chroma run did not become ready")

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.send_signal(signal.SIGCONT)  # a paused server cannot act on the terminate
            self._process.terminate()
            self._process.wait(timeout=30)
        self._process = None

    def pause(self) -> None:
        """Stop the process without closing its socket: connections are accepted and never answered."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)


class SilentServer:
    """A socket that accepts connections and never answers, keeping what the first client sent."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.received = b""
        self._connections: list[socket.socket] = []
        self._listener = threading.Thread(target=self._accept, daemon=True)
        self._listener.start()

    def _accept(self) -> None:
        try:
            while True:
                connection, _ = self.socket.accept()
                self._connections.append(connection)
                connection.settimeout(5)
                with contextlib.suppress(OSError):
                    self.received += connection.recv(65536)
        except OSError:  # closed
            return

    def close(self) -> None:
        self.socket.close()
        for connection in self._connections:
            connection.close()


class TrickleProxy:
    """A proxy on 127.0.0.1 in front of a server that passes requests through, but sends the answers to requests
    whose path matches `slow` one byte every `pause` seconds: each read gets a byte well within a read timeout,
    the whole answer never comes in time."""

    def __init__(self, upstream_port: int, slow: str, pause: float = 0.5) -> None:
        import re

        self.upstream_port, self.slow, self.pause = upstream_port, re.compile(slow), pause
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.trickled: list[str] = []
        self.seen: list[str] = []
        self._closed = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.socket.accept()
                threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        import http.client

        with contextlib.suppress(OSError), connection:
            reader = connection.makefile("rb")
            while not self._closed.is_set():
                request_line = reader.readline().decode("latin-1").strip()
                if not request_line:
                    return
                method, path, _ = request_line.split(" ", 2)
                self.seen.append(f"{method} {path}")
                headers = {}
                while (line := reader.readline().decode("latin-1").strip()):
                    name, _, value = line.partition(":")
                    headers[name.strip()] = value.strip()
                body = reader.read(int(headers.get("Content-Length", "0") or 0))
                upstream = http.client.HTTPConnection("127.0.0.1", self.upstream_port, timeout=30)
                upstream.request(method, path, body=body or None, headers=headers)
                answer = upstream.getresponse()
                content = answer.read()
                upstream.close()
                kept = [(k, v) for k, v in answer.getheaders() if k.lower() not in ("content-length",
                                                                                     "transfer-encoding",
                                                                                     "connection")]
                raw = (f"HTTP/1.1 {answer.status} {answer.reason}\r\n"
                       + "".join(f"{k}: {v}\r\n" for k, v in kept)
                       + f"Content-Length: {len(content)}\r\n\r\n").encode("latin-1") + content
                if not self.slow.search(path):
                    connection.sendall(raw)
                    continue
                self.trickled.append(path)
                for byte in raw:
                    if self._closed.is_set():
                        return
                    connection.sendall(bytes([byte]))
                    time.sleep(self.pause)

    def close(self) -> None:
        self._closed.set()
        self.socket.close()
