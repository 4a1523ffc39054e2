"""Scale-out mode: a real `chroma run` server on 127.0.0.1, ingested into and answered from."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.chroma_server import ChromaServer, free_port
from tests.cli import careerbot


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


def test_clean_chroma_removes_what_a_server_leaves_of_deleted_builds(tmp_path: Path, make_runtime, knowledge_copy):
    from bot.rag.index.store import orphan_directories

    server = ChromaServer(tmp_path / "server").start()
    try:
        runtime = make_runtime(chroma_url=server.url)
        runtime.ingest()
        for number in range(3):
            document = knowledge_copy / "it-job-interviews.md"
            document.write_text(document.read_text(encoding="utf-8") + f"\nEdit {number}.\n", encoding="utf-8")
            runtime.ingest()
        left = orphan_directories(tmp_path / "server")
        assert left, "the server removed its deleted collections' directories: the command may no longer be needed"
        done = careerbot("clean-chroma", str(tmp_path / "server"), data_dir=tmp_path / "data")
        assert done.returncode == 0 and done.stdout.startswith(f"removed {len(left)} directories"), done.stderr
        assert orphan_directories(tmp_path / "server") == []
        fresh = make_runtime(chroma_url=server.url)  # the server still serves the live build from its disk
        assert "Snyk" in fresh.engine.answer("Which AI tool checks code for security issues?").text
    finally:
        server.stop()
    done = careerbot("clean-chroma", str(tmp_path), data_dir=tmp_path / "data")
    assert done.returncode == 2 and done.stderr.strip() == (f"error: {str(tmp_path)!r} is not a Chroma directory (it "
                                                            "has no chroma.sqlite3)")
