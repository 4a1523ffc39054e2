"""Scale-out mode: a real `chroma run` server on 127.0.0.1, ingested into and answered from."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path: Path):
    """Start `chroma run` on a free loopback port; stop it when the test ends."""
    import chromadb

    port = free_port()
    executable = Path(sys.executable).with_name("chroma")
    command = [str(executable), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(120):
            try:
                chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
                break
            except Exception:  # noqa: BLE001 - not up yet
                if server.poll() is not None:
                    pytest.fail("chroma run exited before it was ready")
                time.sleep(0.5)
        else:
            pytest.fail("chroma run did not become ready")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_ingest_into_a_chroma_server_and_answer_from_it(chroma_server, make_runtime, knowledge_copy):
    runtime = make_runtime(chroma_url=chroma_server)
    report = runtime.ingest()
    assert report.added == 5 and report.chunks > 50
    answer = runtime.engine.answer("What do junior freelancers charge per hour?")
    assert answer.confident and "€35 and €60" in answer.text
    second = make_runtime(chroma_url=chroma_server)  # another bot process sharing the server
    assert second.ingest().embedded == 0
    assert "€35 and €60" in second.engine.answer("What do junior freelancers charge per hour?").text


def test_unreachable_server_is_a_clear_error(make_runtime):
    from bot.errors import UserFacingError

    with pytest.raises(UserFacingError, match="Chroma"):
        make_runtime(chroma_url=f"http://127.0.0.1:{free_port()}").ingest()
