"""Several processes on one PostgreSQL feedback database (CAREERBOT_FEEDBACK_URL), on a real server these tests start
on 127.0.0.1 and stop afterwards: one salt for all, tables created once, `careerbot report` reading it, a restart
of the server survived, a stopped or unreachable one an outage in one line, a role without rights a configuration
error."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bot.errors import Unavailable, UserFacingError
from bot.feedback.store import FeedbackStore
from bot.models import Answer
from bot.settings import Settings
from tests.cli import careerbot, environment
from tests.postgres_server import PostgresServer, free_port

MEMBER = 987_654_321_098_765_432

# One bot process, as far as the feedback store goes: open the configured store, answer, vote, say who it saw.
# It says "ready" once imported and opens the store when told "go", so that the processes open it together.
PROCESS = """
import json, sys
from bot.feedback.store import FeedbackStore
from bot.models import Answer
from bot.settings import Settings
print("ready", flush=True)
sys.stdin.readline()
store = FeedbackStore.from_settings(Settings(_env_file=None))
shared, member, other = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
own = store.record_answer(Answer(question=sys.argv[4], language="en", text="t", confident=False), private=False)
voted = shared > 0 and store.vote(shared, member, "down") and store.vote(shared, other, "up")
print(json.dumps({"hash": store.hash_user(member), "own": own, "voted": voted}))
store.close()
"""


@pytest.fixture
def database(postgres: PostgresServer) -> str:
    return postgres.new_database()


def run_processes(tmp_path: Path, url: str, shared: int, questions: list[str]) -> list[dict]:
    """One process per question, all opening the store at the same moment; what each printed."""
    processes = [subprocess.Popen([sys.executable, "-c", PROCESS, str(shared), str(MEMBER), str(MEMBER + n), q],
                                  cwd=tmp_path, env=environment(tmp_path / "data", {"CAREERBOT_FEEDBACK_URL": url}),
                                  text=True,
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
                 for n, q in enumerate(questions, 1)]
    for process in processes:
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
    results = []
    for process in processes:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        results.append(json.loads(out))
    return results


def store_for(url: str, tmp_path: Path) -> FeedbackStore:
    return FeedbackStore.from_settings(Settings(_env_file=None, data_dir=tmp_path / "data", feedback_url=url))


def test_processes_share_one_salt_one_set_of_answers_and_one_vote_per_member(database: str, tmp_path: Path) -> None:
    store = store_for(database, tmp_path)
    asked = store.record_answer(Answer(question="Is 550 a day fair?", language="en", text="t", confident=True),
                                private=False)
    results = run_processes(tmp_path, database, asked, ["asked in process 1", "asked in process 2"])
    assert {r["hash"] for r in results} == {store.hash_user(MEMBER)}  # one salt: the member is one member
    assert all(r["voted"] for r in results)
    assert store.votes(asked) == {"up": 2, "down": 1}  # the member's two 👎 (one per process) count once
    report = store.report(1)
    assert {a.question for a in report.low_confidence} == {"asked in process 1", "asked in process 2"}
    assert len({r["own"] for r in results} | {asked}) == 3  # every process got its own answer id
    store.close()


def test_processes_starting_together_on_an_empty_database_create_it_once(database: str, tmp_path: Path) -> None:
    results = run_processes(tmp_path, database, 0, [f"first start {n}" for n in range(4)])
    assert len({r["hash"] for r in results}) == 1
    store = store_for(database, tmp_path)
    assert len(store.report(1).low_confidence) == 4
    store.close()


def test_the_store_reconnects_after_the_server_restarts(postgres: PostgresServer, database: str,
                                                        tmp_path: Path) -> None:
    store = store_for(database, tmp_path)
    before = store.record_answer(Answer(question="before", language="en", text="t", confident=False), private=False)
    postgres.restart()  # the pooled connection is gone; the next call must notice and open a new one
    after = store.record_answer(Answer(question="after", language="en", text="t", confident=False), private=False)
    assert store.vote(before, MEMBER, "down") and after > before
    store.close()


def test_careerbot_report_reads_the_configured_database(database: str, tmp_path: Path) -> None:
    store = store_for(database, tmp_path)
    asked = store.record_answer(Answer(question="Wat is een ecocheque?", language="nl", text="t", confident=True),
                                private=False)
    store.vote(asked, MEMBER, "down")
    store.close()
    done = careerbot("report", "--json", data_dir=tmp_path / "data", env={"CAREERBOT_FEEDBACK_URL": database})
    assert done.returncode == 0, done.stderr
    assert [(a["question"], a["down"]) for a in json.loads(done.stdout)["downvoted"]] == [("Wat is een ecocheque?", 1)]
    assert not (tmp_path / "data" / "feedback.sqlite3").exists()  # not the data directory's file


def test_while_the_server_is_down_a_call_is_an_outage_and_then_works_again(postgres: PostgresServer, database: str,
                                                                           tmp_path: Path) -> None:
    store = store_for(database, tmp_path)
    with postgres.stopped(), pytest.raises(Unavailable, match="cannot use the feedback database postgresql"):
        store.record_answer(Answer(question="lost", language="en", text="t", confident=False), private=False)
    assert store.record_answer(Answer(question="kept", language="en", text="t", confident=False), private=False) > 0
    assert [a.question for a in store.report(1).low_confidence] == ["kept"]
    store.close()


def test_a_role_that_may_not_create_the_tables_is_a_configuration_error(postgres: PostgresServer, database: str,
                                                                        tmp_path: Path) -> None:
    postgres.run_sql("CREATE ROLE reader LOGIN")  # PostgreSQL 15 on: only the owner creates in schema public
    try:
        with pytest.raises(UserFacingError, match="refused: permission denied for schema public") as refused:
            store_for(database.replace("careerbot@", "reader@"), tmp_path)
        assert not isinstance(refused.value, Unavailable)  # exit 2: a grant to fix, not a server to wait for
    finally:
        postgres.run_sql("DROP ROLE reader")


def test_an_unreachable_server_is_one_line_and_exit_1_without_the_password(tmp_path: Path) -> None:
    url = f"postgresql://careerbot:s3cret-pw@127.0.0.1:{free_port()}/careerbot"
    done = careerbot("report", data_dir=tmp_path / "data", env={"CAREERBOT_FEEDBACK_URL": url})
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1, done.stderr  # an outage, as for the Chroma server
    assert "cannot use the feedback database postgresql+psycopg://careerbot:***@127.0.0.1" in lines[0]
    assert "CAREERBOT_FEEDBACK_URL" in lines[0] and "s3cret-pw" not in done.stderr + done.stdout
