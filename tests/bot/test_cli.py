"""The entry point as the tests run it (tests/cli.py): in this process it exits, prints and writes its log as the real
`careerbot` process does, and one run leaves nothing behind for the next."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import threading
from pathlib import Path

import pytest

from bot.runtime import Runtime
from tests.cli import KNOWLEDGE, careerbot

JUNIOR = "Wat verdient een junior in Brussel?"  # a calculation: no index, no model


@pytest.mark.parametrize("args", [["rate", "day-rate-for", "60k"], ["rate", "employer-cost", "-5"],
                                  ["ask", "--no-such-option"], ["report"]])
def test_a_run_in_process_exits_and_prints_as_the_process_does(args: list[str], tmp_path: Path) -> None:
    in_process = careerbot(*args, data_dir=tmp_path / "data")
    assert in_process == careerbot(*args, data_dir=tmp_path / "data", process=True)


def test_a_run_leaves_the_environment_the_directory_and_the_root_logger_as_it_found_them(tmp_path: Path) -> None:
    root = logging.getLogger()
    before = (dict(os.environ), os.getcwd(), list(root.handlers), root.level, logging.raiseExceptions)
    done = careerbot("ask", JUNIOR, data_dir=tmp_path / "data", env={"CAREERBOT_LOG_LEVEL": "DEBUG"})
    assert done.returncode == 0, done.stderr
    assert (dict(os.environ), os.getcwd(), list(root.handlers), root.level, logging.raiseExceptions) == before
    log = tmp_path / "data" / "careerbot.log"
    assert log.is_file() and not any(Path(f"/proc/self/fd/{fd}").resolve() == log for fd in os.listdir("/proc/self/fd")
                                     if Path(f"/proc/self/fd/{fd}").is_symlink())  # closed, as at a process's end


def test_a_failure_is_logged_in_its_own_run_s_data_directory(tmp_path: Path) -> None:
    first, second = tmp_path / "first" / "data", tmp_path / "second" / "data"
    assert careerbot("ask", JUNIOR, data_dir=first).returncode == 0
    (second / "chroma").mkdir(parents=True)
    (second / "chroma" / "chroma.sqlite3").write_text("not a database", encoding="utf-8")  # a damaged index
    done = careerbot("ask", "Hoe bereid ik me voor op een sollicitatiegesprek?", data_dir=second)
    assert done.returncode == 1 and done.stderr.strip().endswith("details are in the log"), done.stderr
    assert "Traceback" in (second / "careerbot.log").read_text(encoding="utf-8")
    assert "Traceback" not in (first / "careerbot.log").read_text(encoding="utf-8")


def test_a_run_reads_its_own_knowledge_directory_not_what_an_earlier_run_cached(tmp_path: Path) -> None:
    broken = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, broken)
    (broken / "vocabulary" / "calculator_words.yaml").write_bytes(b"\xff\xfe not UTF-8")
    assert careerbot("ask", JUNIOR, data_dir=tmp_path / "data").returncode == 0
    done = careerbot("ask", JUNIOR, data_dir=tmp_path / "data", env={"CAREERBOT_KNOWLEDGE_DIR": str(broken)})
    assert done.returncode == 2 and "not UTF-8 text" in done.stderr, done.stderr
    assert careerbot("ask", JUNIOR, data_dir=tmp_path / "data").returncode == 0


def test_a_run_stops_the_chroma_clients_it_opened(tmp_path: Path) -> None:
    assert careerbot("ask", JUNIOR, data_dir=tmp_path / "data").returncode == 0  # opens the index; never closes it
    shared = sys.modules["chromadb.api.shared_system_client"].SharedSystemClient
    assert not any(str(tmp_path) in identifier for identifier in shared._identifier_to_system)


def test_a_run_s_exit_handlers_are_called_at_its_end(ingested: Runtime) -> None:
    before = set(threading.enumerate())
    done = careerbot("ask", "How do I prepare for a job interview?", data_dir=ingested.settings.data_dir)
    assert done.returncode == 0, done.stderr
    # the answer started embedding the glossary in the background; the process's exit would have stopped that
    assert "glossary-vectors" not in {thread.name for thread in set(threading.enumerate()) - before}
