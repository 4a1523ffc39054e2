"""Outages and bad days: a Chroma server that is silent, gone or back again, credentials in its URL, ingests from
two machines into one server, and a data directory that is removed, read-only or on a full disk. Each ends in one
clear line (or a clear error in a long-running process), and the process answers again once the cause is gone."""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.errors import Unavailable
from bot.runtime import build_runtime
from bot.settings import Settings
from bot.terminal import commands
from tests.chroma_server import ChromaServer, SilentServer, TrickleProxy, free_port
from tests.cli import Result, careerbot

REPO = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO / "knowledge"
DOCUMENTS_QUESTION = "Which AI tool checks code for security issues?"  # answered from the documents only
DOCUMENTS_FACT = "Snyk"
CALCULATOR_QUESTION = "Wat verdient een junior in Brussel?"  # answered by a calculator, without the index
CALCULATOR_FACT = "€36.750–€57.500"
SECRET = "s3cr3t-pass"


def last_line(done: Result, code: int, says: str) -> str:
    """The exit code, no traceback, and stderr ending in one line that says it."""
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr and "Traceback" not in done.stdout
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("error: ") and says in line, done.stderr
    return line


def one_line(done: Result, code: int, says: str) -> str:
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    return last_line(done, code, says)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, embedder) -> Path:
    """A data directory holding an ingested index, to be copied by each test that changes it."""
    data_dir = tmp_path_factory.mktemp("outages") / "data"
    runtime = build_runtime(Settings(_env_file=None, data_dir=data_dir, knowledge_dir=KNOWLEDGE), embedder)
    runtime.ingest()
    runtime.close()
    return data_dir


def copy_of(built: Path, target: Path) -> Path:
    shutil.copytree(built, target, ignore=shutil.ignore_patterns("*.log*", "ingest.lock"))
    return target


# A server that accepts connections and never answers

def test_a_silent_server_fails_ask_within_the_timeout_in_one_line(tmp_path: Path) -> None:
    silent = SilentServer()
    try:  # a process: only its timeout ends the run if the command waits for the server for ever
        done = careerbot("ask", DOCUMENTS_QUESTION, data_dir=tmp_path / "data", process=True,
                         env={"CAREERBOT_CHROMA_URL": f"http://127.0.0.1:{silent.port}",
                              "CAREERBOT_CHROMA_TIMEOUT": "1"})
    finally:
        silent.close()
    one_line(done, 1, f"the Chroma server at http://127.0.0.1:{silent.port} did not answer within 1 s "
                      "(CAREERBOT_CHROMA_TIMEOUT)")
    assert done.stdout == ""


def test_a_server_that_stops_answering_fails_the_call_and_answers_again_once_it_resumes(tmp_path: Path,
                                                                                      make_runtime,
                                                                                      knowledge_copy) -> None:
    server = ChromaServer(tmp_path / "server").start()
    try:
        runtime = make_runtime(chroma_url=server.url, chroma_timeout=2)
        runtime.ingest()
        assert DOCUMENTS_FACT in runtime.engine.answer(DOCUMENTS_QUESTION).text
        server.pause()  # the socket stays open: connections are accepted, nothing answers
        with pytest.raises(Unavailable, match="did not answer within 2 s"):
            runtime.engine.answer(DOCUMENTS_QUESTION)
        assert CALCULATOR_FACT in runtime.engine.answer(CALCULATOR_QUESTION).text  # calculators need no index
        server.resume()
        assert DOCUMENTS_FACT in runtime.engine.answer(DOCUMENTS_QUESTION).text
        server.stop()  # gone altogether, then back on the same port and directory
        with pytest.raises(Unavailable, match=f"cannot reach the Chroma server at {server.url}"):
            runtime.engine.answer(DOCUMENTS_QUESTION)
        server.start()
        assert DOCUMENTS_FACT in runtime.engine.answer(DOCUMENTS_QUESTION).text
    finally:
        server.stop()


@pytest.mark.parametrize(("command", "slow"), [
    (["ask", DOCUMENTS_QUESTION], r"/query(?:\?|$)"),  # the search itself trickles
    (["health"], r"/count(?:\?|$)"),  # the health check's last request trickles
])
def test_a_server_that_trickles_its_answer_fails_the_request_within_the_timeout(tmp_path: Path, make_runtime,
                                                                                knowledge_copy, command, slow) -> None:
    server = ChromaServer(tmp_path / "server").start()
    proxy = None
    try:
        make_runtime(chroma_url=server.url).ingest()
        proxy = TrickleProxy(server.port, slow)
        # each byte comes well within the 2 s read timeout; without a deadline per request this would wait for
        # the whole trickled answer (minutes), so the subprocess's own timeout would fail the test
        done = careerbot(*command, data_dir=tmp_path / "data", process=True,
                         env={"CAREERBOT_KNOWLEDGE_DIR": str(knowledge_copy), "CAREERBOT_CHROMA_URL": proxy.url,
                              "CAREERBOT_CHROMA_TIMEOUT": "2"})
        assert proxy.trickled, f"the proxy never trickled; it saw {proxy.seen}, the command said {done.stderr}"
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "did not answer within 2 s" in done.stderr
    finally:
        if proxy is not None:
            proxy.close()
        server.stop()


# Credentials in CAREERBOT_CHROMA_URL

def test_credentials_in_the_url_are_sent_as_basic_auth_and_never_shown(tmp_path: Path) -> None:
    silent = SilentServer()
    try:  # a process, as above
        done = careerbot("ask", DOCUMENTS_QUESTION, data_dir=tmp_path / "data", process=True,
                         env={"CAREERBOT_CHROMA_TIMEOUT": "1",
                              "CAREERBOT_CHROMA_URL": f"http://bot:{SECRET}@127.0.0.1:{silent.port}",
                              "CAREERBOT_LOG_LEVEL": "DEBUG"})
    finally:
        silent.close()
    one_line(done, 1, f"the Chroma server at http://127.0.0.1:{silent.port} did not answer")
    assert b"Authorization: Basic " + base64.b64encode(f"bot:{SECRET}".encode()) in silent.received
    log = (tmp_path / "data" / "careerbot.log").read_text(encoding="utf-8")
    assert SECRET not in done.stderr + done.stdout + log and "did not answer" in log


@pytest.mark.parametrize(("url", "code", "says"), [
    (f"ftp://bot:{SECRET}@127.0.0.1:8000", 2, "CAREERBOT_CHROMA_URL must look like http://host:8000, got "
                                              "'ftp://127.0.0.1:8000'"),
    (f"http://bot:{SECRET}@127.0.0.1:port", 2, "got 'http://127.0.0.1:port'"),
    (f"http://bot:{SECRET}@127.0.0.1:{{port}}", 1, "cannot reach the Chroma server at http://127.0.0.1:"),
])
def test_a_bad_or_unreachable_url_is_one_line_without_its_password(url: str, code: int, says: str,
                                                                   tmp_path: Path) -> None:
    for command in (["ask", DOCUMENTS_QUESTION], ["ingest"]):
        done = careerbot(*command, data_dir=tmp_path / "data",
                         env={"CAREERBOT_CHROMA_URL": url.format(port=free_port())})
        one_line(done, code, says)
        assert SECRET not in done.stderr + (tmp_path / "data" / "careerbot.log").read_text(encoding="utf-8")
    done = careerbot("health", data_dir=tmp_path / "data", env={"CAREERBOT_CHROMA_URL": url.format(port=free_port())})
    assert done.returncode == 1 and SECRET not in done.stderr and says.split(", got")[0] in done.stderr


# Two machines ingesting into one server

def test_an_ingest_does_not_remove_another_machine_s_build_in_progress(tmp_path: Path, make_runtime,
                                                                       knowledge_copy) -> None:
    server = ChromaServer(tmp_path / "server").start()
    try:
        first = make_runtime(chroma_url=server.url, data_dir=tmp_path / "machine-a")
        first.ingest()
        other_knowledge = tmp_path / "knowledge-b"
        shutil.copytree(knowledge_copy, other_knowledge)
        second = make_runtime(chroma_url=server.url, data_dir=tmp_path / "machine-b", knowledge_dir=other_knowledge)
        edit(knowledge_copy, "Machine A edited this document.")
        edit(other_knowledge, "Machine B edited this document.")
        half_written, finished = threading.Event(), threading.Event()
        add = first.store.add

        def add_then_wait(build, records):  # machine A stops half way through writing its build
            add(build, records)
            if not half_written.is_set():
                half_written.set()
                assert finished.wait(300)

        first.store.add = add_then_wait
        failures: list[BaseException] = []
        writer = threading.Thread(target=lambda: capture(failures, first.ingest))
        writer.start()
        assert half_written.wait(300)
        second.ingest()  # switches and cleans up while A's build is half written
        finished.set()
        writer.join(300)
        assert failures == []
        pointer = first.store.pointer()  # B switched first, then A: A's build is live, B's the kept previous one
        live, previous = (first.store.records(first.store.collection(name)).texts
                          for name in (pointer.collection, pointer.previous))
        assert any("Machine A edited" in text for text in live)
        assert any("Machine B edited" in text for text in previous)
        builds = set(first.store._build_names())
        assert {pointer.collection, pointer.previous} <= builds
        assert DOCUMENTS_FACT in second.engine.answer(DOCUMENTS_QUESTION).text
    finally:
        server.stop()


def edit(knowledge: Path, sentence: str) -> None:
    document = knowledge / "it-job-interviews.md"
    document.write_text(document.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def capture(failures: list[BaseException], call) -> None:
    try:
        call()
    except BaseException as error:  # noqa: BLE001 - the test asserts there was none
        failures.append(error)


# A data directory removed, read-only or full

class Lines:
    """Standard input for `careerbot chat` that runs an action before handing out each line."""

    def __init__(self, steps: list[tuple[str, object]]) -> None:
        self.buffer = self
        self._steps = steps

    def isatty(self) -> bool:
        return False

    def __iter__(self) -> Iterator[bytes]:
        for line, before in self._steps:
            if callable(before):
                before()
            yield (line + "\n").encode()


def test_chat_survives_its_data_directory_being_removed(built: Path, tmp_path: Path, embedder, monkeypatch,
                                                        capsys) -> None:
    data_dir = copy_of(built, tmp_path / "data")
    runtime = build_runtime(Settings(_env_file=None, data_dir=data_dir, knowledge_dir=KNOWLEDGE), embedder)
    monkeypatch.setattr(commands, "open_runtime", lambda: runtime)
    monkeypatch.setattr(sys, "stdin", Lines([(DOCUMENTS_QUESTION, lambda: shutil.rmtree(data_dir)),
                                             (CALCULATOR_QUESTION, None), (DOCUMENTS_QUESTION, None)]))
    commands.chat()  # returns: the conversation went on to the end of its input
    captured = capsys.readouterr()
    removed = f"error: the index in {data_dir / 'chroma'} was removed while this process was running; run " \
              "`careerbot ingest`, then start this again"
    # both documents questions after the removal fail with this line, though Chroma still holds the removed files
    # open and could serve them; the calculator question between them is answered and the conversation goes on
    assert captured.err.splitlines() == [removed, removed]
    assert captured.out.count("> ") == 3 and CALCULATOR_FACT in captured.out


def test_a_short_calculation_after_a_documents_question_is_answered_once_the_index_is_gone(
        built: Path, tmp_path: Path, embedder, monkeypatch, capsys) -> None:
    data_dir = copy_of(built, tmp_path / "data")
    runtime = build_runtime(Settings(_env_file=None, data_dir=data_dir, knowledge_dir=KNOWLEDGE), embedder)
    monkeypatch.setattr(commands, "open_runtime", lambda: runtime)
    # read as a follow-up of the answered documents question, the calculation carries a documents part with it
    monkeypatch.setattr(sys, "stdin", Lines([(DOCUMENTS_QUESTION, None),
                                             (CALCULATOR_QUESTION, lambda: shutil.rmtree(data_dir))]))
    commands.chat()
    captured = capsys.readouterr()
    assert DOCUMENTS_FACT in captured.out and CALCULATOR_FACT in captured.out
    assert "De documenten konden nu niet doorzocht worden" in captured.out  # the rest is said to be unanswered
    assert captured.err == ""


@contextlib.contextmanager
def read_only(directory: Path) -> Iterator[None]:
    """The directory made read-only: by its mode for a normal user, by a read-only bind mount for root (whom
    modes do not stop)."""
    if os.geteuid() != 0:
        modes = {path: path.stat().st_mode for path in [directory, *directory.rglob("*")]}
        for path in modes:
            path.chmod(modes[path] & ~0o222)
        try:
            yield
        finally:
            for path, mode in modes.items():
                path.chmod(mode)
        return
    if subprocess.run(["mount", "--bind", str(directory), str(directory)], capture_output=True).returncode:
        pytest.skip("root without the right to mount: cannot make a read-only directory")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(directory)], check=True, capture_output=True)
        yield
    finally:
        subprocess.run(["umount", str(directory)], check=True)


def test_a_read_only_data_directory_is_a_configuration_error_in_one_line(built: Path, tmp_path: Path) -> None:
    data_dir = copy_of(built, tmp_path / "data")
    with read_only(data_dir):
        asked = careerbot("ask", DOCUMENTS_QUESTION, data_dir=data_dir)
        ingested = careerbot("ingest", data_dir=data_dir)
    for done in (asked, ingested):
        one_line(done, 2, f"cannot write to {data_dir / 'chroma'}: Chroma writes to its directory even to answer; "
                           "make CAREERBOT_DATA_DIR a directory this user may write to")
        assert done.stdout == ""


@contextlib.contextmanager
def small_disk(directory: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of this size mounted on the directory (root only)."""
    directory.mkdir(parents=True)
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs",
                                            str(directory)], capture_output=True).returncode:
        pytest.skip("a full disk is made with a small tmpfs, which needs root")
    try:
        yield directory
    finally:
        subprocess.run(["umount", str(directory)], check=True)


# a few hundred kB fail in SQLite ("database or disk is full"); a few MB get further, into Chroma's Rust core,
# which reports only a failed compaction
@pytest.mark.parametrize("left", [160_000, 1_500_000])
def test_a_full_disk_during_ingest_is_one_line_and_the_index_keeps_answering(built: Path, tmp_path: Path,
                                                                             knowledge_copy: Path, left: int) -> None:
    with small_disk(tmp_path / "disk", 12) as disk:
        data_dir = copy_of(built, disk / "data")
        filler = disk / "filler"
        free = shutil.disk_usage(disk).free
        filler.write_bytes(b"\0" * (free - left))  # room for the log, not for a new index build
        edit(knowledge_copy, "A sentence that needs a new index build.")
        done = careerbot("ingest", data_dir=data_dir, env={"CAREERBOT_KNOWLEDGE_DIR": str(knowledge_copy)})
        one_line(done, 1, f"the disk holding {data_dir / 'chroma'} is full; free some space and try again (the "
                          "index already built is unchanged)")
        filler.unlink()
        asked = careerbot("ask", "--json", DOCUMENTS_QUESTION, data_dir=data_dir)
        assert asked.returncode == 0 and DOCUMENTS_FACT in json.loads(asked.stdout)["answer"], asked.stderr
        again = careerbot("ingest", "--json", data_dir=data_dir, env={"CAREERBOT_KNOWLEDGE_DIR": str(knowledge_copy)})
        assert again.returncode == 0 and json.loads(again.stdout)["updated"] == 1, again.stderr

