"""The feedback store on SQLite (the default file) and on a real PostgreSQL server started for these tests: votes,
hashing, redaction, the report window, reopening; then what is SQLite's own (older files, the configured URL)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Column, MetaData, String, create_engine, inspect, text

from bot.errors import UserFacingError
from bot.feedback import store as feedback
from bot.feedback.store import FeedbackStore, parse_url, redact_amounts
from bot.models import Answer, Source
from bot.settings import Settings
from tests import postgres_server
from tests.postgres_server import PostgresServer, running_server

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
USER = 123_456_789_012_345_678

Opener = Callable[[], FeedbackStore]  # opens a new store on the same database each call, like a restarted bot


def answer(question: str, *, confident: bool = True) -> Answer:
    source = Source(rank=1, doc_id="rates", title="Rates 2024", section="Freelance", path="knowledge/rates.md",
                    url=None, score=0.5, text="Full chunk text that should not be stored.")
    return Answer(question=question, language="en", text="An answer [1].", confident=confident, sources=[source])


@pytest.fixture(params=["sqlite", "postgresql"])
def open_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """The same database each time it is called: the data directory's file, or one fresh PostgreSQL database."""
    if request.param == "sqlite":
        settings = Settings(_env_file=None, data_dir=tmp_path)
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        settings = Settings(_env_file=None, data_dir=tmp_path, feedback_url=server.new_database())
    opened: list[FeedbackStore] = []

    def opener() -> FeedbackStore:
        opened.append(FeedbackStore.from_settings(settings))
        return opened[-1]

    yield opener
    for store in opened:
        store.close()


@pytest.fixture
def store(open_store: Opener) -> FeedbackStore:
    return open_store()


def test_a_down_vote_shows_up_in_the_report_with_question_and_sources(store):
    answer_id = store.record_answer(answer("Is 600 a day fair?"), private=False, now=NOW)
    assert store.vote(answer_id, USER, "down", now=NOW)
    report = store.report(7, now=NOW)
    (down,) = report.downvoted
    assert (down.question, down.down, down.up) == ("Is 600 a day fair?", 1, 0)
    assert [(s.rank, s.title, s.section) for s in down.sources] == [(1, "Rates 2024", "Freelance")]
    assert down.created_at == NOW and down.language == "en" and down.confident is True


def test_changing_a_vote_replaces_it(store):
    answer_id = store.record_answer(answer("q"), private=False, now=NOW)
    store.vote(answer_id, USER, "down", now=NOW)
    store.vote(answer_id, USER, "up", now=NOW)
    store.vote(answer_id, USER + 1, "up", now=NOW)
    assert store.votes(answer_id) == {"up": 2, "down": 0}
    assert store.report(7, now=NOW).downvoted == []


def test_votes_are_counted_per_answer(store):
    first = store.record_answer(answer("first"), private=False, now=NOW)
    second = store.record_answer(answer("second"), private=False, now=NOW)
    store.vote(first, USER, "down", now=NOW)
    store.vote(second, USER, "up", now=NOW)
    store.vote(second, USER + 1, "down", now=NOW)
    assert (store.votes(first), store.votes(second)) == ({"up": 0, "down": 1}, {"up": 1, "down": 1})
    assert [(a.question, a.up, a.down) for a in store.report(7, now=NOW).downvoted] == [("second", 1, 1),
                                                                                          ("first", 0, 1)]


@pytest.mark.parametrize("answer_id", [999, 0, -1, 2**31, 10**20])
def test_a_vote_for_an_unknown_answer_is_refused(store, answer_id):
    assert store.vote(answer_id, USER, "up") is False
    assert store.votes(answer_id) == {"up": 0, "down": 0}


def test_low_confidence_questions_are_reported_without_votes(store):
    store.record_answer(answer("Wat verdient een architect?", confident=False), private=False, now=NOW)
    store.record_answer(answer("Confident one"), private=False, now=NOW)
    assert [a.question for a in store.report(7, now=NOW).low_confidence] == ["Wat verdient een architect?"]


def test_the_report_only_covers_the_last_n_days(store):
    store.record_answer(answer("old", confident=False), private=False, now=NOW - timedelta(days=10))
    store.record_answer(answer("new", confident=False), private=False, now=NOW - timedelta(days=1))
    store.record_answer(answer("edge", confident=False), private=False, now=NOW - timedelta(days=7, seconds=1))
    assert [a.question for a in store.report(7, now=NOW).low_confidence] == ["new"]
    assert [a.question for a in store.report(30, now=NOW).low_confidence] == ["new", "edge", "old"]


def test_moments_in_another_time_zone_are_compared_as_utc(store):
    brussels = datetime(2025, 3, 1, 14, 30, tzinfo=ZoneInfo("Europe/Brussels"))  # 13:30 UTC
    store.record_answer(answer("in Brussels time", confident=False), private=False, now=brussels)
    store.record_answer(answer("half an hour later, UTC", confident=False), private=False, now=NOW + timedelta(hours=2))
    (later, earlier) = store.report(1, now=NOW + timedelta(hours=3)).low_confidence
    assert (later.question, earlier.question) == ("half an hour later, UTC", "in Brussels time")
    assert earlier.created_at == datetime(2025, 3, 1, 13, 30, tzinfo=UTC)


def test_user_ids_are_stored_only_as_salted_hashes(open_store):
    store = open_store()
    answer_id = store.record_answer(answer("q"), private=False)
    store.vote(answer_id, USER, "up")
    with create_engine(store.url).connect() as db:
        stored = [tuple(row) for table in ("meta", "answers", "votes")
                  for row in db.execute(text(f"SELECT * FROM {table}"))]
    assert stored and not any(str(USER) in str(value) for row in stored for value in row)
    assert store.hash_user(USER) in {str(value) for row in stored for value in row}


def test_another_installation_hashes_the_same_member_differently(tmp_path, store):
    other = FeedbackStore(tmp_path / "other.db")
    try:
        assert store.hash_user(USER) != other.hash_user(USER)
    finally:
        other.close()


def test_votes_survive_reopening_the_database(open_store):
    first = open_store()
    answer_id = first.record_answer(answer("q"), private=False)
    first.vote(answer_id, USER, "down")
    first.close()
    second = open_store()
    second.vote(answer_id, USER, "down")  # same user again: still one vote, so the salt was kept
    assert second.votes(answer_id) == {"up": 0, "down": 1}


def test_private_questions_lose_their_amounts(store):
    store.record_answer(answer("Is €65.000 or 5,5k a month ok for 3 years?", confident=False), private=True, now=NOW)
    (stored,) = store.report(7, now=NOW).low_confidence
    assert stored.question == "Is €# or # a month ok for # years?"


def test_redact_amounts_leaves_words_alone():
    assert redact_amounts("junior in Ghent") == "junior in Ghent"
    assert redact_amounts("650 a day, 220 days") == "# a day, # days"


# --- SQLite: the default file, older files, the configured URL -----------------------------------------------------


def test_the_sqlite_file_holds_no_user_id_on_disk(tmp_path):
    store = FeedbackStore.in_data_dir(tmp_path)
    store.vote(store.record_answer(answer("q"), private=False), USER, "up")
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("feedback"))
    assert raw and str(USER).encode() not in raw


# The schema the store wrote before it moved to SQLAlchemy: files in existing data directories look like this.
FIRST_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE answers (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL, question TEXT NOT NULL,
    language TEXT NOT NULL, confident INTEGER NOT NULL, private INTEGER NOT NULL, sources TEXT NOT NULL);
CREATE TABLE votes (answer_id INTEGER NOT NULL REFERENCES answers(id), user_hash TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')), voted_at TEXT NOT NULL, PRIMARY KEY (answer_id, user_hash));
CREATE INDEX answers_created ON answers(created_at);
INSERT INTO meta VALUES ('salt', '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff');
INSERT INTO answers VALUES (1, '2025-02-27T09:00:00+00:00', 'Wat kost een senior?', 'nl', 0, 0,
    '[{"rank": 1, "doc_id": "rates", "title": "Tarieven", "section": "Senior", "url": null}]');
INSERT INTO votes VALUES (1, 'h1', 'down', '2025-02-27T09:01:00+00:00');
"""


def test_a_file_written_by_the_first_schema_is_read_and_extended(tmp_path):
    with sqlite3.connect(tmp_path / feedback.FILENAME) as old:
        old.executescript(FIRST_SCHEMA)
    store = FeedbackStore.in_data_dir(tmp_path)
    (kept,) = store.report(7, now=NOW).downvoted
    assert (kept.id, kept.question, kept.confident, kept.down, kept.sources[0].title) == (
        1, "Wat kost een senior?", False, 1, "Tarieven")
    assert kept.created_at == datetime(2025, 2, 27, 9, 0, tzinfo=UTC)
    assert store.hash_user(USER) == FeedbackStore(tmp_path / feedback.FILENAME).hash_user(USER)  # the old salt
    new_id = store.record_answer(answer("new one", confident=False), private=False, now=NOW)
    assert new_id == 2 and store.vote(new_id, USER, "up", now=NOW)
    assert [a.question for a in store.report(7, now=NOW).low_confidence] == ["new one", "Wat kost een senior?"]
    store.close()


def test_a_column_added_to_a_table_is_added_to_an_existing_database(tmp_path, monkeypatch):
    FeedbackStore.in_data_dir(tmp_path).close()
    extended = MetaData()
    for table in feedback.schema.sorted_tables:
        table.to_metadata(extended)
    extended.tables["answers"].append_column(Column("kind", String(16), nullable=True))
    monkeypatch.setattr(feedback, "schema", extended)
    FeedbackStore.in_data_dir(tmp_path).close()
    with create_engine(feedback.sqlite_file(tmp_path / feedback.FILENAME)).connect() as db:
        assert "kind" in {column["name"] for column in inspect(db).get_columns("answers")}


def test_without_a_url_the_store_is_the_data_directorys_file(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data", feedback_url="  ")
    assert settings.feedback_url is None
    store = FeedbackStore.from_settings(settings)
    store.close()
    assert store.path == tmp_path / "data" / feedback.FILENAME and store.path.exists()


def test_a_sqlite_url_names_the_file(tmp_path):
    target = tmp_path / "elsewhere" / "votes.db"
    store = FeedbackStore.from_settings(Settings(_env_file=None, data_dir=tmp_path, feedback_url=f"sqlite:///{target}"))
    store.close()
    assert target.exists() and not (tmp_path / feedback.FILENAME).exists()


def test_reading_a_store_that_was_never_written_is_an_error_and_creates_nothing(tmp_path):
    with pytest.raises(UserFacingError, match="no feedback recorded yet in '.*data'"):
        FeedbackStore.existing(Settings(_env_file=None, data_dir=tmp_path / "data"))
    configured = tmp_path / "votes.db"
    with pytest.raises(UserFacingError, match="no feedback recorded yet in '.*votes.db'"):
        FeedbackStore.existing(Settings(_env_file=None, data_dir=tmp_path, feedback_url=f"sqlite:///{configured}"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("url", "says"), [
    ("not a url", "is not a database URL"),
    ("mysql://u:p@host/db", "mysql is not supported"),
    ("sqlite://", "in-memory SQLite"),
    ("sqlite:///:memory:", "in-memory SQLite"),
    ("postgresql+nodriver://host/db", "no installed driver"),
])
def test_a_bad_feedback_url_is_a_clear_error(url, says, tmp_path):
    with pytest.raises(UserFacingError, match=says):
        FeedbackStore.from_settings(Settings(_env_file=None, data_dir=tmp_path, feedback_url=url))


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgresql_urls_use_psycopg_3(scheme):
    url = parse_url(f"{scheme}://careerbot:s3cret@db:5432/careerbot")
    assert (url.drivername, url.host, url.database, url.password) == ("postgresql+psycopg", "db", "careerbot",
                                                                       "s3cret")
    assert "s3cret" not in feedback.shown(url)


def test_the_feedback_url_is_a_secret_in_the_settings():
    settings = Settings(_env_file=None, feedback_url="postgresql://careerbot:s3cret@db/careerbot")
    assert "s3cret" not in repr(settings) and "s3cret" not in str(settings.model_dump())


def test_without_postgresql_installed_its_tests_skip_naming_the_package(monkeypatch):
    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(postgres_server, "DEBIAN_BINARIES", "/nonexistent/*/bin/initdb")
    with pytest.raises(pytest.skip.Exception, match="install Debian's postgresql package"), running_server():
        pass
