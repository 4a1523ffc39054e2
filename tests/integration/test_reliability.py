"""Issue 10, hostile input and bad days: every failure ends in one line on stderr and the right exit code, one bad
path or line costs only itself, and the details of a bug are in the log file only."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.logs import LOG_FILE_BACKUPS, LOG_FILE_BYTES
from bot.rates.amounts import parse_amount
from bot.settings import Settings
from bot.terminal import commands
from bot.text.formats import number
from ingest import loaders
from ingest.loaders import load_documents
from tests.cli import Result, careerbot, python

REPO = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO / "knowledge"
JUNIOR = "Wat verdient een junior in Brussel?"  # a calculator question: answered without an index
ANSWER_KEYS = {"question", "language", "answer", "confident", "sources", "tool_calls"}


def one_line(done: Result, code: int, says: str) -> str:
    """The exit code, nothing on stdout, and exactly one line on stderr that says it."""
    assert done.returncode == code, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], done.stderr
    return lines[0]


# Item 3: no traceback on stderr, on any exit path

UNEXPECTED = re.compile(r"^error: unexpected failure \(\w+, error id ([0-9a-f]{8})\); details are in the log$")


def test_an_unexpected_failure_is_one_line_with_an_error_id_and_the_traceback_is_in_the_log(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "chroma").mkdir(parents=True)
    (data_dir / "chroma" / "chroma.sqlite3").write_text("not a database", encoding="utf-8")  # a damaged index
    # a process: its real exit status and all that reaches its stderr, up to the interpreter's own exit
    done = careerbot("ask", "Hoe bereid ik me voor op een sollicitatiegesprek?", data_dir=data_dir, process=True)
    line = one_line(done, 1, "")
    match = UNEXPECTED.match(line)
    assert match, line
    error_id = match.group(1)
    log = (data_dir / "careerbot.log").read_text(encoding="utf-8")
    assert f"error id {error_id}: unexpected failure" in log and "Traceback" in log


def test_a_failure_before_logging_is_set_up_still_goes_to_the_log_only(tmp_path: Path) -> None:
    crash = ("import bot.cli as cli\n"
             "def boom(**_): raise RuntimeError('a bug before any command ran')\n"
             "cli.app = boom\ncli.main()\n")
    line = one_line(python("-c", crash, data_dir=tmp_path / "data"), 1, "(RuntimeError, error id")
    assert UNEXPECTED.match(line)
    assert "a bug before any command ran" in (tmp_path / "data" / "careerbot.log").read_text(encoding="utf-8")


@pytest.mark.parametrize("amount", ["9" * 400, "9" * 309, "€" + "9" * 400 + "k"])
def test_a_huge_amount_is_bad_input_not_an_overflow(amount: str, tmp_path: Path) -> None:
    one_line(careerbot("rate", "employer-cost", amount, data_dir=tmp_path / "data"), 2, "too large to be an amount")


def test_huge_and_infinite_amounts_are_refused_or_printed_not_overflowed() -> None:
    for text in ("9" * 400, "1" + "0" * 16, "9" * 306 + "k"):
        with pytest.raises(ValueError, match="too large"):
            parse_amount(text)
    assert parse_amount("10.000.000") == 10_000_000
    assert number(float("inf")) == "inf"  # JSON's 1e999 reaches the range check's message as infinity


# Item 5: one bad path does not abort the ingest

def test_bad_paths_are_skipped_with_a_reason_and_the_rest_is_loaded(knowledge_copy: Path, tmp_path: Path) -> None:
    (knowledge_copy / "dangling.md").symlink_to(knowledge_copy / "gone.md")
    (knowledge_copy / "loop-a.md").symlink_to(knowledge_copy / "loop-b.md")
    (knowledge_copy / "loop-b.md").symlink_to(knowledge_copy / "loop-a.md")
    (knowledge_copy / "x.md").mkdir()
    outside = tmp_path / "private" / "secret.md"  # a valid document: following the link would publish it
    outside.parent.mkdir()
    outside.write_bytes((KNOWLEDGE / "it-job-interviews.md").read_bytes())
    (knowledge_copy / "secret.md").symlink_to(outside)
    (knowledge_copy / "alias.md").symlink_to(knowledge_copy / "it-job-interviews.md")  # inside: still followed
    documents, skipped = load_documents(knowledge_copy)
    assert sorted(d.doc_id for d in documents) == sorted([p.stem for p in KNOWLEDGE.glob("*.md")] + ["alias"])
    reasons = {item.path.split("/")[-1]: item.reason for item in skipped}
    assert reasons == {"dangling.md": "a symlink to nothing (its target does not exist)",
                       "loop-a.md": "a symlink loop", "loop-b.md": "a symlink loop",
                       "x.md": "a directory, not a document",
                       "secret.md": "a symlink to a file outside the knowledge directory; not followed"}


# Item 6: a size cap per document, and a batch read line by line

def test_a_document_over_the_cap_is_skipped_naming_the_cap_and_the_setting(knowledge_copy: Path,
                                                                            monkeypatch) -> None:
    assert Settings(_env_file=None).max_document_bytes == loaders.MAX_DOCUMENT_BYTES == 1_000_000
    big = knowledge_copy / "huge.md"
    big.write_bytes((KNOWLEDGE / "it-job-interviews.md").read_bytes() + b"word " * 250_000)
    documents, skipped = load_documents(knowledge_copy)
    assert "huge" not in {d.doc_id for d in documents} and len(documents) == 5
    assert [str(s) for s in skipped] == ["knowledge/huge.md: larger than the cap of 1,000,000 bytes per document "
                                         "(CAREERBOT_MAX_DOCUMENT_BYTES); split it or raise the cap"]
    documents, skipped = load_documents(knowledge_copy, max_bytes=10_000)
    assert {d.doc_id for d in documents} == {"ai-coding-tools-2025", "backend-skills-and-learning",
                                             "it-job-interviews"}


def test_the_cap_is_read_from_the_setting(tmp_path: Path) -> None:
    done = careerbot("ingest", "--dry-run", "--json", data_dir=tmp_path / "data",
                     env={"CAREERBOT_MAX_DOCUMENT_BYTES": "20000"})
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert json.loads(done.stdout)["skipped"] == [
        "knowledge/backend-rates-belgium-2026.md: larger than the cap of 20,000 bytes per document "
        "(CAREERBOT_MAX_DOCUMENT_BYTES); split it or raise the cap"]


class Echo:
    """An engine that answers with the question, so the batch loop can be run in-process."""

    def answer(self, question: str) -> Echo:
        self.question = question
        return self

    def to_json_dict(self) -> dict:
        return {"answer": self.question}


def test_a_batch_is_read_line_by_line(tmp_path: Path, monkeypatch, capsys) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text("".join(json.dumps({"id": n, "q": f"vraag {n}"}) + "\n" for n in range(3)), encoding="utf-8")
    monkeypatch.setattr(commands, "open_runtime", lambda: type("Runtime", (), {"engine": Echo()}))

    def whole_file(*_: object, **__: object) -> None:
        raise AssertionError("the whole batch file was read at once")

    monkeypatch.setattr(Path, "read_text", whole_file)
    monkeypatch.setattr(Path, "read_bytes", whole_file)
    assert commands.ask_batch(batch) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows == [{"id": n, "answer": f"vraag {n}"} for n in range(3)]


# Item 7: bad bytes cost one line, never a session

def test_a_batch_line_that_is_not_utf8_gets_an_error_and_the_rest_is_answered(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_bytes(b'{"id": "a", "q": "caf\xe9"}\n'
                      b'{"id": "b", "q": "\\ud800"}\n'  # a lone surrogate: valid JSON, not printable text
                      + json.dumps({"id": "c", "q": JUNIOR}).encode() + b"\n")
    done = careerbot("ask", "--json", "--batch", str(batch), data_dir=tmp_path / "data")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows[:2] == [{"id": None, "error": "line 1: not valid UTF-8 text"},
                        {"id": None, "error": "line 2: not valid UTF-8 text"}]
    assert rows[2]["id"] == "c" and set(rows[2]) >= ANSWER_KEYS


def test_an_eval_file_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_bytes(json.dumps({"id": "q1", "q": JUNIOR, "expect": ["x"]}).encode() + b"\n"
                          + b'{"id": "q2", "q": "caf\xe9", "expect": ["x"]}\n')
    one_line(careerbot("eval", questions.name, data_dir=tmp_path / "data"), 2,
             "question file 'questions.jsonl' is not UTF-8 text (line 2)")


def test_chat_survives_a_line_that_is_not_utf8(tmp_path: Path) -> None:
    conversation = JUNIOR.encode() + b"\ncaf\xe9\n\xed\xa0\x80\nEn in Gent?\n"  # latin-1, then an encoded surrogate
    done = careerbot("chat", data_dir=tmp_path / "data", stdin=conversation)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("> ") == 2 and "Gent" in done.stdout.split("> En in Gent?")[1]
    assert done.stderr.splitlines() == ["error: that line is not valid UTF-8 text; type it again"] * 2


def test_a_question_argument_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    one_line(careerbot("ask", "--json", b"caf\xe9", data_dir=tmp_path / "data"), 2,
             "the question is not valid UTF-8 text")


# Item 9: the smaller ones

def test_a_batch_may_start_with_a_bom(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"id": "a", "q": JUNIOR}) + "\n", encoding="utf-8-sig")
    done = careerbot("ask", "--json", "--batch", str(batch), data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["id"] == "a"


@pytest.mark.parametrize(("content", "args", "says"), [
    ("", ["ask", "--batch", "batch.jsonl"], "batch file 'batch.jsonl' holds no questions"),
    ("\n  \n", ["ask", "--json", "--batch", "batch.jsonl"], "batch file 'batch.jsonl' holds no questions"),
    (None, ["ask", "--batch", "."], "batch file '.' is a directory"),
])
def test_an_empty_or_directory_batch_is_one_line(content: str | None, args: list[str], says: str,
                                                 tmp_path: Path) -> None:
    if content is not None:
        (tmp_path / "batch.jsonl").write_text(content, encoding="utf-8")
    one_line(careerbot(*args, data_dir=tmp_path / "data"), 2, says)


def test_an_unknown_log_level_is_a_configuration_error(tmp_path: Path) -> None:
    one_line(careerbot("ask", JUNIOR, data_dir=tmp_path / "data", env={"CAREERBOT_LOG_LEVEL": "verbose"}), 2,
             "CAREERBOT_LOG_LEVEL")
    assert Settings(_env_file=None, log_level=" debug ").log_level == "DEBUG"


def test_a_dot_env_that_is_not_utf8_is_a_configuration_error(tmp_path: Path) -> None:
    (tmp_path / ".env").write_bytes(b"CAREERBOT_TOP_K=\xff\n")
    one_line(careerbot("ask", JUNIOR, data_dir=tmp_path / "data"), 2, "the .env file is not UTF-8 text")


def test_the_log_file_is_rotated(tmp_path: Path) -> None:
    fill = ("import logging\nfrom bot.logs import configure_logging\nfrom bot.settings import load_settings\n"
            "configure_logging(load_settings())\n"
            f"for _ in range({5 * LOG_FILE_BYTES // 1000}): logging.getLogger('fill').info('x' * 1000)\n")
    done = python("-c", fill, data_dir=tmp_path / "data")
    assert done.returncode == 0 and done.stderr == "", done.stderr
    logs = sorted((tmp_path / "data").glob("careerbot.log*"))
    assert [p.name for p in logs] == ["careerbot.log"] + [f"careerbot.log.{n}" for n in range(1, LOG_FILE_BACKUPS + 1)]
    assert all(p.stat().st_size <= LOG_FILE_BYTES for p in logs)


# Item 4: deleted index builds leave no directories on disk

def uuid_directories(chroma: Path) -> list[Path]:
    return [path for path in chroma.iterdir() if path.is_dir() and re.fullmatch(r"[0-9a-f-]{36}", path.name)]


def edit(knowledge: Path, cycle: int) -> None:
    document = knowledge / "it-job-interviews.md"
    document.write_text(document.read_text(encoding="utf-8") + f"\nEdit number {cycle} of this document.\n",
                        encoding="utf-8")


def test_edit_and_ingest_cycles_leave_only_the_live_and_previous_builds_on_disk(make_runtime, knowledge_copy: Path,
                                                                                tmp_path: Path) -> None:
    runtime = make_runtime()
    runtime.ingest()
    chroma = tmp_path / "data" / "chroma"
    for cycle in range(5):
        edit(knowledge_copy, cycle)
        with runtime.engine.retriever.pinned():  # an answer that began on the build live before this ingest
            assert runtime.ingest().updated == 1
            assert "Snyk" in runtime.engine.answer("Which AI tool checks code for security issues?").text
        builds = runtime.store._build_names()
        assert len(builds) == 4  # live and previous, each with its sentences collection
        assert len(uuid_directories(chroma)) == len(builds), "a deleted build's directory was left on disk"
    done = careerbot("ask", "--json", "Which AI tool checks code for security issues?", data_dir=tmp_path / "data",
                     env={"CAREERBOT_KNOWLEDGE_DIR": str(knowledge_copy)},
                     process=True)  # a new process reads the live build from disk (this one holds it open)
    assert done.returncode == 0 and "Snyk" in json.loads(done.stdout)["answer"], done.stderr


def test_directories_chroma_leaves_for_deleted_collections_go_at_the_next_ingest(make_runtime, knowledge_copy: Path,
                                                                                 tmp_path: Path) -> None:
    runtime = make_runtime()
    runtime.ingest()
    chroma = tmp_path / "data" / "chroma"
    killed = runtime.store.new_build()  # what an ingest killed half way leaves, written to disk
    killed.add(ids=["half"], documents=["half-written"], embeddings=[[0.0] * 384], metadatas=[{"doc_id": "x"}])
    runtime.store.client.delete_collection(killed.name)  # Chroma 1.5 keeps the directory (chroma issue #5520)
    assert len(uuid_directories(chroma)) == len(runtime.store._build_names()) + 1
    unrelated = [chroma / "notes", chroma / "0000-not-a-segment"]
    for path in unrelated:
        path.mkdir()
    assert runtime.ingest().unchanged == 5  # an ingest that changes nothing still cleans up
    assert len(uuid_directories(chroma)) == len(runtime.store._build_names()) == 2
    assert all(path.is_dir() for path in unrelated)  # only segment directories are Chroma's to remove


def test_no_directory_is_removed_when_chroma_s_catalogue_cannot_be_read(tmp_path: Path) -> None:
    from bot.rag.index.store import orphan_directories

    chroma = tmp_path / "chroma"
    segment = chroma / "6f1d1a70-0c9b-4a4e-9a51-3b3f7f3d2c11"
    segment.mkdir(parents=True)
    (chroma / "chroma.sqlite3").write_text("not a database", encoding="utf-8")
    assert orphan_directories(chroma) == [] and segment.is_dir()


# Item 9: eval files, id-less batch lines, mentions, plain pytest

def test_an_eval_file_may_start_with_a_bom(tmp_path: Path) -> None:
    from bot.evaluate import load_questions

    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"id": "q1", "q": JUNIOR, "expect": ["junior"]}) + "\n", encoding="utf-8-sig")
    assert [question.id for question in load_questions(questions)] == ["q1"]


@pytest.mark.parametrize(("line", "says"), [
    ({"q": JUNIOR, "expect": ["junior"]}, "questions.jsonl:2: missing id; each line is a JSON object with id, q"),
    ({"id": "q2", "q": JUNIOR, "expect": [""]}, "questions.jsonl:2: expect: holds an empty phrase, which every text "
                                                "contains"),
    ({"id": "q2", "q": JUNIOR, "must": [["junior"], [" "]]}, "questions.jsonl:2: must: holds an empty phrase"),
])
def test_an_eval_line_without_an_id_or_with_an_empty_phrase_is_named(line: dict, says: str, tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"id": "q1", "q": JUNIOR, "expect": ["junior"]}) + "\n" + json.dumps(line) + "\n",
                         encoding="utf-8")
    one_line(careerbot("eval", questions.name, data_dir=tmp_path / "data"), 2, says)


def test_a_batch_line_without_an_id_gets_an_error_and_the_rest_is_answered(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text(json.dumps({"q": JUNIOR}) + "\n" + json.dumps({"id": 7, "q": JUNIOR}) + "\n", encoding="utf-8")
    done = careerbot("ask", "--json", "--batch", str(batch), data_dir=tmp_path / "data")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert rows[0] == {"id": None, "error": 'line 1: no "id"; give every line an id to match its answer'}
    assert rows[1]["id"] == 7 and rows[1]["tool_calls"]


@pytest.mark.parametrize("question", [f"<@123> {JUNIOR}", "Wat verdient een <@!123> junior in <#456> Brussel?",
                                      f"{JUNIOR} <@&99>"])
def test_a_discord_mention_does_not_hide_a_calculation(question: str, tmp_path: Path) -> None:
    done = careerbot("ask", "--json", question, data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert [call["name"] for call in answer["tool_calls"]] and "€36.750–€57.500" in answer["answer"]


def test_plain_pytest_collects_the_tests_that_import_the_conftest() -> None:
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([str(Path(sys.executable).with_name("pytest")), "--collect-only", "-q",
                           "tests/bot/rag/retrieval/test_retrieval.py"], capture_output=True, text=True, cwd=REPO,
                          env=environment, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "error" not in done.stdout.lower()
