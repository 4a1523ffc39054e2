"""Answers and 👍/👎 votes in SQLite, so maintainers can see which answers fail (no Discord imports here)."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from bot import numbers
from bot.models import Answer

Vote = Literal["up", "down"]
FILENAME = "feedback.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS answers (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at TEXT NOT NULL,
    question TEXT NOT NULL,
    language TEXT NOT NULL,
    confident INTEGER NOT NULL,
    private INTEGER NOT NULL,
    sources TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id INTEGER NOT NULL REFERENCES answers(id),
    user_hash TEXT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    voted_at TEXT NOT NULL,
    PRIMARY KEY (answer_id, user_hash)
);
CREATE INDEX IF NOT EXISTS answers_created ON answers(created_at);
"""


class SourceRef(BaseModel):
    """The part of a cited source worth keeping: enough to find the chunk again, not its text."""

    rank: int
    doc_id: str
    title: str
    section: str
    url: str | None = None


class ReportedAnswer(BaseModel):
    """One stored answer as the maintainer report shows it."""

    id: int
    created_at: datetime
    question: str
    language: str
    confident: bool
    sources: list[SourceRef]
    up: int = 0
    down: int = 0


class FeedbackReport(BaseModel):
    """What `careerbot report` prints: answers voted down and questions answered without confidence."""

    days: int
    since: datetime
    downvoted: list[ReportedAnswer]
    low_confidence: list[ReportedAnswer]


def redact_amounts(text: str) -> str:
    """Replace numbers with "#", so a private question's salary or rate never lands on disk."""
    return numbers.redact(text)


def _iso(moment: datetime | None) -> str:
    """UTC ISO text, so timestamps compare correctly as strings inside SQLite."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat()


class FeedbackStore:
    """One SQLite file in the data directory; safe to call from worker threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        with self._lock:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.executescript(SCHEMA)
            self._salt = self._load_salt()

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        """The store every front end and the report share."""
        return cls(data_dir / FILENAME)

    def _load_salt(self) -> bytes:
        """A per-installation secret, so a hashed user id cannot be reversed by hashing every snowflake."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        if row is None:
            salt = secrets.token_hex(32)
            self._db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('salt', ?)", (salt,))
            row = self._db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
        return bytes.fromhex(row["value"])

    def hash_user(self, user_id: int) -> str:
        """The only form in which a user id is stored."""
        return hmac.new(self._salt, str(user_id).encode(), hashlib.sha256).hexdigest()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def record_answer(self, answer: Answer, *, private: bool, now: datetime | None = None) -> int:
        """Store an answer that gets feedback buttons; the returned id goes into the buttons' custom_id."""
        question = redact_amounts(answer.question) if private else answer.question
        sources = [SourceRef.model_validate(s.model_dump()).model_dump() for s in answer.sources]
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO answers (created_at, question, language, confident, private, sources) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (_iso(now), question, answer.language, int(answer.confident), int(private),
                 json.dumps(sources, ensure_ascii=False)),
            )
            return int(cursor.lastrowid or 0)

    def vote(self, answer_id: int, user_id: int, vote: Vote, *, now: datetime | None = None) -> bool:
        """Record (or change) one user's vote; False when the answer is unknown, e.g. from another data dir."""
        with self._transaction() as db:
            if db.execute("SELECT 1 FROM answers WHERE id = ?", (answer_id,)).fetchone() is None:
                return False
            db.execute(
                "INSERT INTO votes (answer_id, user_hash, vote, voted_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (answer_id, user_hash) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at",
                (answer_id, self.hash_user(user_id), vote, _iso(now)),
            )
            return True

    def votes(self, answer_id: int) -> dict[str, int]:
        """Vote counts for one answer."""
        with self._lock:
            rows = self._db.execute(
                "SELECT vote, COUNT(*) AS n FROM votes WHERE answer_id = ? GROUP BY vote", (answer_id,)
            ).fetchall()
        counts = {"up": 0, "down": 0}
        counts.update({row["vote"]: row["n"] for row in rows})
        return counts

    def report(self, days: int = 7, *, now: datetime | None = None) -> FeedbackReport:
        """Answers voted down and low-confidence questions of the last `days` days, newest first."""
        since = datetime.fromisoformat(_iso(now)) - timedelta(days=days)
        answers = self._answers_since(since)
        return FeedbackReport(
            days=days,
            since=since,
            downvoted=[a for a in answers if a.down > 0],
            low_confidence=[a for a in answers if not a.confident],
        )

    def _answers_since(self, since: datetime) -> list[ReportedAnswer]:
        query = (
            "SELECT a.*, "
            "COALESCE(SUM(v.vote = 'up'), 0) AS up, COALESCE(SUM(v.vote = 'down'), 0) AS down "
            "FROM answers a LEFT JOIN votes v ON v.answer_id = a.id "
            "WHERE a.created_at >= ? GROUP BY a.id ORDER BY a.created_at DESC, a.id DESC"
        )
        with self._lock:
            rows = self._db.execute(query, (_iso(since),)).fetchall()
        return [
            ReportedAnswer(
                id=row["id"], created_at=datetime.fromisoformat(row["created_at"]), question=row["question"],
                language=row["language"], confident=bool(row["confident"]),
                sources=[SourceRef.model_validate(s) for s in json.loads(row["sources"])],
                up=row["up"], down=row["down"],
            )
            for row in rows
        ]

    def close(self) -> None:
        """Release the file (called on shutdown)."""
        with self._lock:
            self._db.close()
