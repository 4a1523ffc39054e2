"""`careerbot ingest / ask / chat / eval` as a user runs them (through the entry point, in process unless a process
is the point): exit codes, stdout and stderr."""

from __future__ import annotations

import json
import os
import pty
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli import CAREERBOT, Result, careerbot, environment, python

REPO = Path(__file__).resolve().parents[3]
KNOWLEDGE = REPO / "knowledge"

ANSWER_KEYS = {"question", "language", "answer", "confident", "sources", "tool_calls", "answered_by", "fallback_reason"}
SOURCE_KEYS = {"rank", "doc_id", "title", "section", "path", "url", "score", "text", "similarity", "language", "cited"}
INGEST_KEYS = {"documents", "chunks", "added", "updated", "removed", "unchanged", "seconds"}


def in_a_terminal(*args: str, data_dir: Path) -> tuple[int, str, str]:
    """`careerbot ARGS` with stderr on a pseudo-terminal, as a maintainer runs it: the exit code, stdout, and what
    the terminal was sent (a process of its own: what it shows depends on what its stderr is)."""
    primary, replica = pty.openpty()
    with subprocess.Popen([str(CAREERBOT), *args], stdout=subprocess.PIPE, stderr=replica, stdin=subprocess.DEVNULL,
                          text=True, cwd=data_dir.parent,
                          env=environment(data_dir, {"TERM": "xterm"})) as process:
        os.close(replica)
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 65536)
            except OSError:  # EIO: the process closed the terminal
                break
            if not chunk:
                break
            shown += chunk
        out = process.stdout.read() if process.stdout else ""
        code = process.wait(timeout=300)
    os.close(primary)
    return code, out, shown.decode("utf-8", errors="replace")


def one_error_line(done: Result, says: str) -> str:
    """Exit 2, nothing on stdout, one line on stderr that says what is wrong, no traceback; the line."""
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], done.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data directory filled by a real `careerbot ingest --json` run."""
    data_dir = tmp_path_factory.mktemp("cli") / "data"
    done = careerbot("ingest", "--json", data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) >= INGEST_KEYS and report["documents"] == report["added"] == 5 and report["chunks"] > 5
    return data_dir


def test_the_subprocesses_run_this_checkout_s_code(tmp_path: Path) -> None:
    done = python("-c", "import bot, ingest; print(bot.__file__); print(ingest.__file__)", data_dir=tmp_path / "data")
    assert done.returncode == 0, done.stderr
    assert [Path(line).parent.parent for line in done.stdout.splitlines()] == [REPO, REPO]


@pytest.mark.parametrize(("args", "says"), [
    (["ask", "   "], "the question is empty"),
    (["ask", "x" * 10_000], "10000 characters long"),
    (["ask"], "give a question"),
    (["ask", "--batch", "missing.jsonl"], "batch file 'missing.jsonl' does not exist"),
    (["eval", "missing.jsonl"], "question file 'missing.jsonl' does not exist"),
    (["ingest", "--path", "missing-dir"], "knowledge directory 'missing-dir' does not exist"),
    (["ask", "--no-such-option", "hi"], "No such option"),
])
def test_bad_input_gets_one_line_and_exit_2(args: list[str], says: str, tmp_path: Path) -> None:
    one_error_line(careerbot(*args, data_dir=tmp_path / "data"), says)


def test_an_index_that_was_never_built_is_named(tmp_path: Path) -> None:
    done = careerbot("ask", "Hoe bereid ik me voor op een sollicitatiegesprek?", data_dir=tmp_path / "data")
    one_error_line(done, "run `careerbot ingest` first")


def test_calculations_need_no_index(tmp_path: Path) -> None:
    done = careerbot("ask", "Wat verdient een junior in Brussel?", data_dir=tmp_path / "data")
    assert done.returncode == 0 and "€36.750–€57.500" in done.stdout


def test_an_unexpected_failure_gets_one_error_line_exit_1_and_the_details_in_the_log(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    (data_dir / "chroma").mkdir(parents=True)
    (data_dir / "chroma" / "chroma.sqlite3").write_text("not a database", encoding="utf-8")  # a damaged index
    # a process: its real exit status and all that reaches its stderr, up to the interpreter's own exit
    done = careerbot("ask", "Hoe bereid ik me voor op een sollicitatiegesprek?", data_dir=data_dir, process=True)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: unexpected failure (") and last.endswith("); details are in the log")
    assert "Traceback" in (data_dir / "careerbot.log").read_text(encoding="utf-8")


def test_an_invalid_setting_names_the_variable(tmp_path: Path) -> None:
    done = careerbot("ask", "hi", data_dir=tmp_path / "data", env={"CAREERBOT_TOP_K": "many"})
    one_error_line(done, "CAREERBOT_TOP_K")


@pytest.mark.parametrize(("variable", "value", "says"), [
    ("CAREERBOT_COOLDOWN_SECONDS", "inf", "at most 86400"),
    ("CAREERBOT_LLM_TIMEOUT", "99999999999", "at most 600"),
    ("CAREERBOT_LLM_TIMEOUT", "nan", "at most 600"),
    ("CAREERBOT_MAX_DOCUMENT_BYTES", str(2**63), "at most 100000000"),
    ("CAREERBOT_COLLECTION", "bad name!", "2 to 39 letters"),
    ("CAREERBOT_SHARD_COUNT", str(10**22), "at most 10000"),
])
def test_a_setting_out_of_its_range_is_refused_at_start_up_with_the_range(tmp_path: Path, variable: str, value: str,
                                                                         says: str) -> None:
    done = careerbot("ask", "hi", data_dir=tmp_path / "data", env={variable: value})
    assert says in one_error_line(done, variable)


def test_a_data_directory_that_is_a_file_is_refused_at_start_up(tmp_path: Path) -> None:
    a_file = tmp_path / "data"
    a_file.write_text("not a directory", encoding="utf-8")
    assert "is a file" in one_error_line(careerbot("ask", "hi", data_dir=a_file), "CAREERBOT_DATA_DIR")


def test_ask_json_follows_the_contract(built: Path) -> None:
    done = careerbot("ask", "How do I prepare for a job interview?", "--json", data_dir=built)
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert set(answer) == ANSWER_KEYS and answer["language"] == "en" and answer["sources"]
    assert all(set(source) == SOURCE_KEYS for source in answer["sources"])
    assert "[1]" in answer["answer"]


def test_batch_answers_in_order_and_marks_the_bad_lines(built: Path, tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join([json.dumps({"id": "a", "q": "Hoeveel verdient een junior in Brussel?"}),
                                "{not json", json.dumps({"id": "c", "q": ""}),
                                json.dumps({"id": "d", "q": "Which AI tool checks code for security issues?"})]),
                     encoding="utf-8")
    done = careerbot("ask", "--json", "--batch", str(batch), data_dir=built)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["a", None, "c", "d"]
    assert set(rows[0]) >= ANSWER_KEYS and set(rows[3]) >= ANSWER_KEYS
    assert "line 2" in rows[1]["error"] and "empty" in rows[2]["error"]


def test_chat_reads_a_conversation_from_a_pipe(built: Path) -> None:
    conversation = "Wat verdient een junior in Brussel?\nEn in Gent?\n\nexit\nnot read\n"
    done = careerbot("chat", data_dir=built, stdin=conversation)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("> ") == 2 and "not read" not in done.stdout
    assert "Gent" in done.stdout.split("> En in Gent?")[1]  # the follow-up kept the level and changed the city
    assert "Bronnen:" in done.stdout


def test_eval_prints_the_recall_figures(built: Path, tmp_path: Path) -> None:
    questions = tmp_path / "questions.jsonl"
    questions.write_text(json.dumps({"id": "q1", "q": "Wat is een testopdracht?", "expect": ["testopdracht"]}) + "\n"
                         + json.dumps({"id": "q2", "q": "Wat is het weer morgen?", "expect": ["zonnig"]}) + "\n",
                         encoding="utf-8")
    done = careerbot("eval", str(questions), "--json", data_dir=built)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["questions"] == 2 and report["recall_at_k"] == 1
    assert [miss["id"] for miss in report["misses"]] == ["q2"]


def test_eval_scores_answer_questions_and_new_documents(built: Path, tmp_path: Path) -> None:
    questions = tmp_path / "answers.jsonl"
    lines = [{"id": "a1", "q": "Which AI tool checks code for security issues?", "must": [["Snyk"]]},
             {"id": "a2", "q": "Which AI tool checks code for security issues?", "must": [["Snyk"], ["no such word"]]},
             {"id": "off", "q": "Who won the last football World Cup?", "offtopic": True},
             {"id": "new", "q": "Which team mascot does the company have?", "must": [["Pelican"]]}]
    questions.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    done = careerbot("eval", str(questions), "--json", data_dir=built)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["answers_pass"] == 2 and [m["id"] for m in report["misses"]] == ["a2", "new"]
    assert report["long_answers"] == [] and report["citation_problems"] == []
    extra = tmp_path / "newdocs"
    extra.mkdir()
    (extra / "mascot.md").write_text('---\ntitle: "Team mascot"\nlanguage: "en"\ntopic: "career"\nsource: "test"\n'
                                     'year: 2026\nregion: "Belgium"\n---\n\n# Team mascot\n\n## Mascot\n\n'
                                     "The company's team mascot is a pelican called Pelle.\n", encoding="utf-8")
    done = careerbot("eval", str(questions), "--with-documents", str(extra), data_dir=built)
    assert done.returncode == 0, done.stderr
    assert "answers pass: 3/4" in done.stdout and "miss new" not in done.stdout


def test_an_ingest_that_skipped_a_malformed_document_names_it_and_exits_2(built: Path, tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    (knowledge / "broken.md").write_text("---\ntitle: [unclosed\n---\nTekst.\n", encoding="utf-8")
    done = careerbot("ingest", "--json", "--path", str(knowledge), data_dir=built)
    assert done.returncode == 2, done.stderr
    report = json.loads(done.stdout)
    assert report["documents"] == report["unchanged"] == 5 and len(report["skipped"]) == 1
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("skipped ") and "broken.md" in line and "not valid YAML" in line


def test_a_reingest_with_nothing_changed_embeds_nothing(built: Path) -> None:
    done = careerbot("ingest", "--json", data_dir=built)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["unchanged"] == report["documents"] == 5 and report["added"] == report["updated"] == 0


def test_ingest_shows_its_progress_in_a_terminal_and_none_with_json(built: Path, tmp_path: Path) -> None:
    knowledge, data = tmp_path / "knowledge", tmp_path / "data"
    shutil.copytree(KNOWLEDGE, knowledge)
    shutil.copytree(built, data)  # the seeds are embedded already: only the new document is
    front = '---\ntitle: "{0}"\nlanguage: "en"\ntopic: "career"\nsource: "test"\nyear: 2026\nregion: "Belgium"\n---\n'
    (knowledge / "mascot.md").write_text(front.format("Team mascot") + "\n# Team mascot\n\n## Mascot\n\n"
                                         "The team mascot is a pelican called Pelle.\n", encoding="utf-8")
    code, out, shown = in_a_terminal("ingest", "--path", str(knowledge), data_dir=data)
    assert code == 0 and "added: mascot" in out
    assert "embedding" in shown and "Traceback" not in shown  # the bar, its count and time left, on stderr
    (knowledge / "boat.md").write_text(front.format("Team boat") + "\n# Team boat\n\n## Boat\n\n"
                                       "The team sails a boat called Bobbi.\n", encoding="utf-8")
    code, out, shown = in_a_terminal("ingest", "--json", "--path", str(knowledge), data_dir=data)
    assert code == 0 and json.loads(out)["added_documents"] == ["boat"]
    assert "embedding" not in shown
