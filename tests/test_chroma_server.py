"""Scale-out mode: a real `chroma run` server on 127.0.0.1, ingested into and answered from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chroma_server import ChromaServer, free_port


@pytest.fixture
def chroma_server(tmp_path: Path):
    """Start `chroma run` on a free loopback port; stop it when the test ends."""
    server = ChromaServer(tmp_path / "server").start()
    try:
        yield server.url
    finally:
        server.stop()


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
