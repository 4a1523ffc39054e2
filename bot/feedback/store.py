"""Answers and 👍/👎 votes in one SQL database, so maintainers can see which answers fail (no Discord imports here).

The database is the SQLite file in the data directory unless CAREERBOT_FEEDBACK_URL names another one (PostgreSQL),
which several bot processes then share: the same salt, so one member's votes count once whichever process took them.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from pydantic import BaseModel
from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    case,
    create_engine,
    delete,
    event,
    func,
    inspect,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Connection, Dialect, Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.schema import CreateColumn
from sqlalchemy.types import TypeDecorator

from bot.errors import Unavailable, UserFacingError
from bot.models import Answer, cited_numbers
from bot.text import numbers

if TYPE_CHECKING:
    from bot.settings import Settings

Vote = Literal["up", "down"]
Outcome = Literal["answered", "unsure", "refused"]
Embed = Callable[[list[str]], np.ndarray]  # questions -> their L2-normalised vectors, one row each
FILENAME = "feedback.sqlite3"
SUPPORTED = ("sqlite", "postgresql")
URL_EXAMPLE = "postgresql://careerbot:PASSWORD@db-host:5432/careerbot"
ID_BATCH = 500  # ids per IN list when reading vectors
REFERENCE_KEY = "reference-vectors:"  # meta rows holding reference texts' vectors (base64 float32), by model and texts
MAX_ID = 2**31 - 1  # ids are 32-bit on PostgreSQL; a larger one in a button's custom_id is unknown, not an error
SCHEMA_LOCK = 0x6361_7265_6572  # PostgreSQL advisory lock taken while creating the tables ("career")
CONNECT_SECONDS = 10  # an unreachable server is reported at start-up instead of hanging it


class UTCMoment(TypeDecorator):
    """A UTC datetime: timestamptz on PostgreSQL, ISO text on SQLite (as the first version of the file kept it;
    UTC ISO strings compare in time order, so the report's date filter works on the text)."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.TIMESTAMP(timezone=True))
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        moment = value.astimezone(UTC)
        return moment if dialect.name == "postgresql" else moment.isoformat()

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        return moment.astimezone(UTC)


# Columns are only ever added (nullable or with a server default): _add_missing_columns brings older databases along.
schema = MetaData()
meta = Table(
    "meta", schema,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)
answers = Table(
    "answers", schema,
    Column("id", Integer, primary_key=True),
    Column("created_at", UTCMoment, nullable=False),
    Column("question", Text, nullable=False),
    Column("language", String(8), nullable=False),
    Column("confident", Boolean, nullable=False),
    Column("private", Boolean, nullable=False),
    Column("sources", JSON, nullable=False),
    Column("calculator", String(40)),  # the calculator that answered, if one did (its votes are reported apart)
    Column("outcome", String(8)),  # answered, unsure or refused; NULL in rows stored before it was kept
    # the asker as a salted hash, so a report counts distinct members and `careerbot forget` finds their questions
    Column("asker_hash", String(64)),
    # the question's vector (float32 bytes) and the model that made it: computed once, by the first report
    Column("vector", LargeBinary),
    Column("vector_model", String(200)),
    Index("answers_created", "created_at"),
    sqlite_autoincrement=True,  # as the first SQLite schema: an id is never handed out twice
)
votes = Table(
    "votes", schema,
    Column("answer_id", Integer, ForeignKey("answers.id"), primary_key=True),
    Column("user_hash", String(64), primary_key=True),
    Column("vote", String(4), CheckConstraint("vote IN ('up', 'down')"), nullable=False),
    Column("voted_at", UTCMoment, nullable=False),
)


class SourceRef(BaseModel):
    """The part of a cited source worth keeping: enough to find the chunk again, not its text."""

    rank: int
    doc_id: str
    title: str
    section: str
    url: str | None = None
    cited: bool = False  # the answer cited it (False in rows stored before this was kept)
    similarity: float = 0.0  # the model's cosine with the question: how close the question came to it


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
    calculator: str | None = None


class CalculatorVotes(BaseModel):
    """The votes on one calculator's answers: counts only, so no amount a member typed is shown."""

    calculator: str
    answers: int
    up: int
    down: int


class FeedbackReport(BaseModel):
    """What `careerbot report` prints: answers voted down and questions answered without confidence."""

    days: int
    since: datetime
    downvoted: list[ReportedAnswer]
    low_confidence: list[ReportedAnswer]
    calculators: list[CalculatorVotes] = []


class StoredQuestion(BaseModel):
    """One stored question with what the coverage report needs: how it went, what it reached, who voted."""

    id: int
    created_at: datetime
    question: str
    language: str
    outcome: Outcome
    sources: list[SourceRef]
    calculator: str | None = None
    asker: str | None = None  # the asker's salted hash, when the front end gave it
    up: int = 0
    down: int = 0
    voters: list[str] = []  # salted hashes


class Pruned(BaseModel):
    """What a retention pass or a `forget` deleted."""

    questions: int = 0
    votes: int = 0


def outcome_of(answer: Answer) -> Outcome:
    """Refused: unsure and citing nothing (the answer says the documents do not cover it)."""
    if answer.confident:
        return "answered"
    return "unsure" if cited_numbers(answer.text) else "refused"


def calculator_of(answer: Answer) -> str | None:
    """The calculator behind an answer (the first tool call), or None for a documents answer."""
    return answer.tool_calls[0].name if answer.tool_calls else None


def calculator_votes(reported: list[ReportedAnswer]) -> list[CalculatorVotes]:
    """Answers and votes per calculator, the most voted down first."""
    tally: dict[str, CalculatorVotes] = {}
    for answer in reported:
        if answer.calculator:
            votes = tally.setdefault(answer.calculator, CalculatorVotes(calculator=answer.calculator, answers=0,
                                                                        up=0, down=0))
            votes.answers, votes.up, votes.down = votes.answers + 1, votes.up + answer.up, votes.down + answer.down
    return sorted(tally.values(), key=lambda v: (-v.down, v.calculator))


def redact_amounts(text: str) -> str:
    """Replace numbers with "#", so a private question's salary or rate never lands on disk."""
    return numbers.redact(text)


def database_url(settings: Settings) -> URL:
    """CAREERBOT_FEEDBACK_URL when set, else the SQLite file in the data directory."""
    if settings.feedback_url is None:
        return sqlite_file(settings.data_dir / FILENAME)
    return parse_url(settings.feedback_url.get_secret_value())


def sqlite_file(path: Path) -> URL:
    return URL.create("sqlite", database=str(path))


def parse_url(text: str) -> URL:
    """A SQLAlchemy URL of a supported database; plain postgresql:// (or postgres://) uses psycopg 3."""
    try:
        url = make_url(text.strip())
    except ArgumentError:
        raise UserFacingError(f"CAREERBOT_FEEDBACK_URL is not a database URL; e.g. {URL_EXAMPLE}") from None
    backend = "postgresql" if url.get_backend_name() == "postgres" else url.get_backend_name()
    if backend not in SUPPORTED:
        raise UserFacingError(f"CAREERBOT_FEEDBACK_URL: {backend} is not supported; use PostgreSQL "
                              f"(e.g. {URL_EXAMPLE}) or a SQLite file (sqlite:////path/to/feedback.sqlite3)")
    if backend == "sqlite" and url.database in (None, "", ":memory:"):
        raise UserFacingError("CAREERBOT_FEEDBACK_URL: an in-memory SQLite database would lose every vote at "
                              "exit; give a file (sqlite:////path/to/feedback.sqlite3)")
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    return url


SECRET_PARAMETER = re.compile(r"pass|pwd|secret|token|key", re.IGNORECASE)


def shown(url: URL) -> str:
    """The URL for messages and the log: never its password, in the user part or in the query
    (`?password=…`, `sslkey=…`)."""
    masked = {name: "***" for name in url.query if SECRET_PARAMETER.search(name)}
    return (url.update_query_dict(masked) if masked else url).render_as_string(hide_password=True)


class FeedbackProblem(UserFacingError):
    """The feedback database failed or refused: a maintainer's matter, told in the terminal and the log, never to a
    member (it names the database's host, user and name)."""


class FeedbackUnavailable(FeedbackProblem, Unavailable):
    """The feedback database cannot be reached or written now."""


class FeedbackStore:
    """One feedback database (a SQLite file or a server); safe to call from worker threads and other processes."""

    def __init__(self, location: Path | URL) -> None:
        """A path is a SQLite file (created with its directory); a URL any supported database."""
        self.url = location if isinstance(location, URL) else sqlite_file(location)
        self.path = Path(self.url.database) if self.url.get_backend_name() == "sqlite" else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._engine = connect(self.url)
        self._insert = (postgresql if self._engine.dialect.name == "postgresql" else sqlite).insert
        try:
            with self._calls():
                self._salt = self._prepare()
        except UserFacingError:
            self._engine.dispose()
            raise

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> FeedbackStore:
        """The default store: the SQLite file in the data directory."""
        return cls(data_dir / FILENAME)

    @classmethod
    def from_settings(cls, settings: Settings) -> FeedbackStore:
        """The store every front end and the report share: CAREERBOT_FEEDBACK_URL, else the data directory's."""
        return cls(database_url(settings))

    @classmethod
    def existing(cls, settings: Settings) -> FeedbackStore:
        """The configured store for reading; a SQLite file that was never written is an error, not a new file."""
        url = database_url(settings)
        if url.get_backend_name() == "sqlite" and not Path(url.database or "").exists():
            where = settings.data_dir if settings.feedback_url is None else Path(url.database or "")
            raise UserFacingError(f"no feedback recorded yet in '{where}'; the bot records it while it runs")
        return cls(url)

    @contextmanager
    def _calls(self) -> Iterator[None]:
        """Database calls: a server that is down or a file that cannot be written is an outage (exit 1), anything
        else the database refuses (a missing permission, a wrong schema) a problem to fix (exit 2)."""
        try:
            yield
        except OperationalError as err:
            raise FeedbackUnavailable(f"cannot use the feedback database {shown(self.url)}: {reason(err)}; check "
                                      "that it is running and that CAREERBOT_FEEDBACK_URL names it, then try again"
                                      ) from err
        except SQLAlchemyError as err:
            raise FeedbackProblem(f"the feedback database {shown(self.url)} refused: {reason(err)}") from err

    def _prepare(self) -> bytes:
        """Create what is missing and read the salt, in one transaction: processes starting together agree."""
        with self._engine.begin() as db:
            if db.dialect.name == "postgresql":  # CREATE TABLE IF NOT EXISTS races between sessions on PostgreSQL
                db.execute(select(func.pg_advisory_xact_lock(SCHEMA_LOCK)))
            schema.create_all(db)
            _add_missing_columns(db)
            # A per-installation secret, so a hashed user id cannot be reversed by hashing every snowflake
            db.execute(self._insert(meta).values(key="salt", value=secrets.token_hex(32)).on_conflict_do_nothing())
            salt = db.execute(select(meta.c.value).where(meta.c.key == "salt")).scalar_one()
        return bytes.fromhex(salt)

    def hash_user(self, user_id: int) -> str:
        """The only form in which a user id is stored."""
        return hmac.new(self._salt, str(user_id).encode(), hashlib.sha256).hexdigest()

    def record_answer(self, answer: Answer, *, private: bool, now: datetime | None = None,
                      asker: int | None = None, vector: tuple[str, np.ndarray] | None = None) -> int:
        """Store an answer that gets feedback buttons; the returned id goes into the buttons' custom_id. `asker`
        (a user id) is stored only as its salted hash; `vector` (the model's name, the question's vector) when
        the answer already made it, so the first report need not."""
        question = redact_amounts(answer.question) if private else answer.question
        sources = [SourceRef.model_validate(s.model_dump()).model_dump() for s in answer.sources]
        # A redacted question's vector would still carry the amounts the text no longer shows: not kept
        kept = vector if vector is not None and question == answer.question else None
        with self._calls(), self._engine.begin() as db:
            result = db.execute(answers.insert().values(
                created_at=now or datetime.now(UTC), question=question, language=answer.language,
                confident=answer.confident, private=private, sources=sources, calculator=calculator_of(answer),
                outcome=outcome_of(answer), asker_hash=None if asker is None else self.hash_user(asker),
                vector=None if kept is None else np.asarray(kept[1], dtype=np.float32).tobytes(),
                vector_model=None if kept is None else kept[0],
            ))
            return int(result.inserted_primary_key[0])

    def vote(self, answer_id: int, user_id: int, vote: Vote, *, now: datetime | None = None) -> bool:
        """Record (or change) one user's vote; False when the answer is unknown, e.g. from another database."""
        if not 1 <= answer_id <= MAX_ID:
            return False
        with self._calls(), self._engine.begin() as db:
            if db.execute(select(answers.c.id).where(answers.c.id == answer_id)).first() is None:
                return False
            row = self._insert(votes).values(answer_id=answer_id, user_hash=self.hash_user(user_id), vote=vote,
                                             voted_at=now or datetime.now(UTC))
            db.execute(row.on_conflict_do_update(
                index_elements=[votes.c.answer_id, votes.c.user_hash],
                set_={"vote": row.excluded.vote, "voted_at": row.excluded.voted_at},
            ))
            return True

    def votes(self, answer_id: int) -> dict[str, int]:
        """Vote counts for one answer."""
        counts = {"up": 0, "down": 0}
        if not 1 <= answer_id <= MAX_ID:
            return counts
        query = (select(votes.c.vote, func.count()).where(votes.c.answer_id == answer_id).group_by(votes.c.vote))
        with self._calls(), self._engine.connect() as db:
            counts.update({vote: int(n) for vote, n in db.execute(query)})
        return counts

    def report(self, days: int = 7, *, now: datetime | None = None) -> FeedbackReport:
        """Answers voted down and low-confidence questions of the last `days` days, newest first."""
        since = (now or datetime.now(UTC)).astimezone(UTC) - timedelta(days=days)
        reported = self._answers_since(since)
        return FeedbackReport(
            days=days,
            since=since,
            downvoted=[a for a in reported if a.down > 0],
            low_confidence=[a for a in reported if not a.confident],
            calculators=calculator_votes(reported),
        )

    def _answers_since(self, since: datetime) -> list[ReportedAnswer]:
        tally = (
            select(votes.c.answer_id,
                   func.sum(case((votes.c.vote == "up", 1), else_=0)).label("up"),
                   func.sum(case((votes.c.vote == "down", 1), else_=0)).label("down"))
            .group_by(votes.c.answer_id)
            .subquery()
        )
        query = (
            select(answers, func.coalesce(tally.c.up, 0).label("up"), func.coalesce(tally.c.down, 0).label("down"))
            .select_from(answers.outerjoin(tally, tally.c.answer_id == answers.c.id))
            .where(answers.c.created_at >= since)
            .order_by(answers.c.created_at.desc(), answers.c.id.desc())
        )
        with self._calls(), self._engine.connect() as db:
            rows = db.execute(query).mappings().all()
        return [
            ReportedAnswer(
                id=row["id"], created_at=row["created_at"], question=row["question"], language=row["language"],
                confident=row["confident"], sources=[SourceRef.model_validate(s) for s in row["sources"]],
                up=int(row["up"]), down=int(row["down"]), calculator=row["calculator"],
            )
            for row in rows
        ]

    def questions_since(self, since: datetime) -> list[StoredQuestion]:
        """The stored questions of a period with their votes and voters, oldest first."""
        query = (select(answers.c.id, answers.c.created_at, answers.c.question, answers.c.language,
                        answers.c.confident, answers.c.outcome, answers.c.sources, answers.c.calculator,
                        answers.c.asker_hash)
                 .where(answers.c.created_at >= since).order_by(answers.c.created_at, answers.c.id))
        ballots = (select(votes.c.answer_id, votes.c.user_hash, votes.c.vote)
                   .join(answers, answers.c.id == votes.c.answer_id).where(answers.c.created_at >= since))
        with self._calls(), self._engine.connect() as db:
            rows = db.execute(query).mappings().all()
            cast = db.execute(ballots).all()
        by_answer: dict[int, list[tuple[str, str]]] = {}
        for answer_id, user_hash, vote in cast:
            by_answer.setdefault(answer_id, []).append((user_hash, vote))
        return [stored_question(row, by_answer.get(row["id"], [])) for row in rows]

    def vectors(self, questions: list[StoredQuestion], model: str, embed: Embed) -> np.ndarray:
        """The questions' vectors, one row each: stored ones read back, missing ones (or another model's) made once,
        each distinct text in one model call, and stored with their rows."""
        if not questions:
            return np.zeros((0, 0), dtype=np.float32)
        ids = [q.id for q in questions]
        known = self._stored_vectors(ids, model)
        missing = [q for q in questions if q.id not in known]
        if missing:
            texts = list(dict.fromkeys(q.question for q in missing))
            made = dict(zip(texts, np.asarray(embed(texts), dtype=np.float32), strict=True))
            fresh = {q.id: made[q.question] for q in missing}
            self._store_vectors(fresh, model)
            known.update(fresh)
        return np.stack([known[i] for i in ids])

    def _stored_vectors(self, ids: list[int], model: str) -> dict[int, np.ndarray]:
        found: dict[int, np.ndarray] = {}
        with self._calls(), self._engine.connect() as db:
            for start in range(0, len(ids), ID_BATCH):  # bounded IN lists: SQLite caps a statement's parameters
                query = select(answers.c.id, answers.c.vector).where(
                    answers.c.id.in_(ids[start:start + ID_BATCH]), answers.c.vector_model == model)
                found.update((i, np.frombuffer(v, dtype=np.float32)) for i, v in db.execute(query) if v is not None)
        return found

    def _store_vectors(self, vectors: dict[int, np.ndarray], model: str) -> None:
        rows = [{"row_id": i, "new_vector": v.astype(np.float32).tobytes(), "new_model": model}
                for i, v in vectors.items()]
        statement = (update(answers).where(answers.c.id == bindparam("row_id"))
                     .values(vector=bindparam("new_vector"), vector_model=bindparam("new_model")))
        with self._calls(), self._engine.begin() as db:
            db.execute(statement, rows)

    def prune(self, retention_days: int, *, now: datetime | None = None) -> Pruned:
        """Delete the questions and votes older than the retention period (members' data is kept no longer)."""
        cutoff = (now or datetime.now(UTC)).astimezone(UTC) - timedelta(days=retention_days)
        old = select(answers.c.id).where(answers.c.created_at < cutoff)
        with self._calls(), self._engine.begin() as db:
            gone_votes = db.execute(delete(votes).where(or_(votes.c.voted_at < cutoff, votes.c.answer_id.in_(old))))
            gone = db.execute(delete(answers).where(answers.c.created_at < cutoff))
        return Pruned(questions=gone.rowcount, votes=gone_votes.rowcount)

    def forget(self, user_id: int) -> Pruned:
        """Delete one member's votes and the questions stored with their hash (a request to erase their data)."""
        member = self.hash_user(user_id)
        theirs = select(answers.c.id).where(answers.c.asker_hash == member)
        with self._calls(), self._engine.begin() as db:
            gone_votes = db.execute(delete(votes).where(or_(votes.c.user_hash == member,
                                                            votes.c.answer_id.in_(theirs))))
            gone = db.execute(delete(answers).where(answers.c.asker_hash == member))
        return Pruned(questions=gone.rowcount, votes=gone_votes.rowcount)

    def reference_vectors(self, texts: list[str], model: str, embed: Embed) -> np.ndarray:
        """Vectors of fixed texts that are no member's question (the report's reference questions), one row each:
        made once per model and set of texts and kept in the meta table; another model or set replaces them."""
        key = REFERENCE_KEY + hashlib.sha256("\n".join([model, *texts]).encode()).hexdigest()[:40]
        with self._calls(), self._engine.connect() as db:
            kept = db.execute(select(meta.c.value).where(meta.c.key == key)).scalar_one_or_none()
        if kept is not None:
            return np.frombuffer(base64.b64decode(kept), dtype=np.float32).reshape(len(texts), -1)
        made = np.asarray(embed(texts), dtype=np.float32)
        with self._calls(), self._engine.begin() as db:
            db.execute(delete(meta).where(meta.c.key.startswith(REFERENCE_KEY), meta.c.key != key))
            db.execute(self._insert(meta).values(key=key, value=base64.b64encode(made.tobytes()).decode("ascii"))
                       .on_conflict_do_nothing())
        return made

    def claim(self, key: str, value: str) -> bool:
        """Move the marker `key` on to `value` (markers compare as text) in one transaction: True for the one caller
        that did, False when it holds `value` or a later one already. The weekly report claims its week so that
        neither a restart nor a second process on the same database posts it again."""
        with self._calls(), self._engine.begin() as db:
            first = self._insert(meta).values(key=key, value=value).on_conflict_do_nothing().returning(meta.c.key)
            if db.execute(first).first() is not None:  # (an insert's rowcount is -1 on psycopg)
                return True
            moved = db.execute(update(meta).where(meta.c.key == key, meta.c.value < value).values(value=value))
            return bool(moved.rowcount)

    def close(self) -> None:
        """Close the connections (called on shutdown)."""
        self._engine.dispose()


def stored_question(row: Any, ballots: list[tuple[str, str]]) -> StoredQuestion:
    """A row of `answers` with its votes; rows from before `outcome` was kept are answered or unsure."""
    outcome = row["outcome"] or ("answered" if row["confident"] else "unsure")
    return StoredQuestion(
        id=row["id"], created_at=row["created_at"], question=row["question"], language=row["language"],
        outcome=outcome, sources=[SourceRef.model_validate(s) for s in row["sources"]], calculator=row["calculator"],
        asker=row["asker_hash"], up=sum(v == "up" for _, v in ballots), down=sum(v == "down" for _, v in ballots),
        voters=sorted({h for h, _ in ballots}),
    )


def connect(url: URL) -> Engine:
    """An engine for the URL; SQLite gets WAL and write transactions that wait for the lock instead of failing."""
    sqlite_file_db = url.get_backend_name() == "sqlite"
    options: dict[str, Any] = {"json_serializer": lambda value: json.dumps(value, ensure_ascii=False)}
    if sqlite_file_db:
        options["connect_args"] = {"check_same_thread": False, "timeout": CONNECT_SECONDS}
    else:
        options.update(pool_pre_ping=True, connect_args={"connect_timeout": CONNECT_SECONDS})  # a restarted server
    try:
        engine = create_engine(url, **options)
    except (NoSuchModuleError, ModuleNotFoundError) as err:
        raise UserFacingError(f"CAREERBOT_FEEDBACK_URL: no installed driver for {url.drivername}; "
                              f"use postgresql:// (psycopg 3 is installed)") from err
    if sqlite_file_db:
        event.listen(engine, "connect", _sqlite_connected)
        event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connected(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's "begin" event below starts the transactions
    dbapi_connection.execute("PRAGMA journal_mode=WAL")  # the report reads while the bot writes


def _sqlite_begin(db: Connection) -> None:
    # Take the write lock at the start: a read that later writes could otherwise fail at the upgrade, not wait
    db.exec_driver_sql("BEGIN IMMEDIATE")


def _add_missing_columns(db: Connection) -> None:
    """Columns added to the tables after a database was created (nullable or with a server default)."""
    inspector = inspect(db)
    for table in schema.sorted_tables:
        present = {column["name"] for column in inspector.get_columns(table.name)}
        for column in table.columns:
            if column.name not in present:
                ddl = CreateColumn(column).compile(dialect=db.dialect)
                db.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {ddl}")


def reason(err: SQLAlchemyError) -> str:
    """The driver's first line (libpq and sqlite3 messages name no password)."""
    original = getattr(err, "orig", None) or err
    lines = str(original).strip().splitlines()
    return lines[0] if lines else type(original).__name__
