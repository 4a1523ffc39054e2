"""Chroma access: an embedded directory or a server, with an atomic pointer to the live collection.

Chroma has no aliases, so every ingest that changes something builds a new collection and then flips the
pointer (the metadata of one small collection, replaced in a single write). Readers follow the pointer, so
they keep answering from the old collection until the flip, and a build that dies half way is never seen.

Every Chroma call goes through `Place.calls()`: a server that is down or does not answer in time, a full disk, a
read-only or removed data directory become one message a user can act on, not a library's exception.
"""

from __future__ import annotations

import base64
import errno
import functools
import logging
import re
import secrets
import shutil
import sqlite3
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from bot.deadline import run_within
from bot.errors import Unavailable, UserFacingError
from bot.logs import FILE_ONLY
from bot.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

ADD_BATCH = 256
SENTENCES_SUFFIX = "-sentences"  # each build's sentence vectors live in a collection named after it
FIGURES_KEY = "careerbot:figures"
# On a server, ingests from other machines may be writing builds of their own: a build that is neither live nor
# the kept previous one is removed only once it is this old by the server's clock (its writer is gone: a build
# is written in seconds, its vectors having been computed before it was created), and a writer whose build got
# half this old gives up instead of switching to it.
ABANDONED_AFTER_NS = 15 * 60 * 10**9
BUILD_TIME = re.compile(r"-v(\d+)")
T = TypeVar("T")


def shown_url(url: str) -> str:
    """The URL as messages and logs may show it: without a user name or password."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


@dataclass(frozen=True)
class Place:
    """Where the index lives, a directory or a server, and how a failed Chroma call there reads to a user."""

    directory: Path | None = None  # the embedded store's directory
    url: str = ""  # the server, without credentials
    timeout: float = 15.0
    catalogue: tuple[int, int] | None = None  # device and inode of the directory's chroma.sqlite3 when opened

    @contextmanager
    def calls(self) -> Iterator[None]:
        """Run Chroma calls; an outage, a full disk or an unusable directory becomes a user-facing error. A removed
        directory is noticed before the call: Chroma may still answer from the files it holds open, which would
        make the failure depend on what it happens to have cached."""
        if self.directory is not None and self.catalogue is not None \
                and file_identity(self.directory) != self.catalogue:
            raise self.removed()
        try:
            yield
        except UserFacingError:
            raise
        except Exception as err:
            problem = self.problem(err)
            if problem is None:
                raise
            log.info("%s (%s: %s)", problem, type(err).__name__, err, extra=FILE_ONLY)  # the user was told
            raise problem from err

    def problem(self, err: Exception) -> UserFacingError | None:
        """What went wrong, in the user's terms; None for a failure that is a bug."""
        import httpx

        if not isinstance(err, httpx.TransportError) and isinstance(err.__context__, httpx.TransportError):
            err = err.__context__  # chromadb turns a refused connection into a ValueError while connecting
        if isinstance(err, httpx.TimeoutException):
            return Unavailable(f"the Chroma server at {self.url} did not answer within {self.timeout:g} s "
                               "(CAREERBOT_CHROMA_TIMEOUT); check that it is running and not overloaded, then try "
                               "again")
        if isinstance(err, httpx.TransportError):
            return Unavailable(f"cannot reach the Chroma server at {self.url}; check that it is running and that "
                               "CAREERBOT_CHROMA_URL names it, then try again")
        if self.directory is None:
            return None
        problem = storage_problem(err, self.directory)
        if problem is None and self.catalogue is not None and file_identity(self.directory) != self.catalogue:
            return self.removed()
        return problem

    def removed(self) -> Unavailable:
        return Unavailable(f"the index in {self.directory} was removed while this process was running; run "
                           "`careerbot ingest`, then start this again")

    def bounded(self, connect: Callable[[], T]) -> T:
        """connect() within the timeout: Chroma's client talks to the server while it is being made, before its
        requests can be given a timeout, so it is made on a daemon thread that a silent server cannot hold."""
        import httpx

        with self.calls():
            return run_within(lambda cancel: connect(), self.timeout, "chroma-connect",
                              lambda: httpx.ReadTimeout("no answer while connecting"))


def file_identity(directory: Path) -> tuple[int, int] | None:
    """Which file the directory's catalogue is: Chroma makes a new, empty one when the directory was removed."""
    try:
        status = (directory / "chroma.sqlite3").stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


# Chroma's Rust core reports a write that ran out of space as a failed compaction, without saying why; a failure
# with less than this free on the disk is taken for a full disk
NEARLY_FULL_BYTES = 64 * 1024 * 1024


def nearly_full(directory: Path) -> bool:
    """Whether the disk holding the directory (or its nearest existing parent) has almost no space left."""
    for place in (directory, *directory.parents):
        if place.exists():
            try:
                return shutil.disk_usage(place).free < NEARLY_FULL_BYTES
            except OSError:
                return False
    return False


def storage_problem(err: BaseException, directory: Path) -> UserFacingError | None:
    """A full disk or a directory this process may not write to; None for any other failure."""
    text, code = str(err).lower(), getattr(err, "errno", None)
    if code == errno.ENOSPC or "disk is full" in text or "no space left" in text or nearly_full(directory):
        return Unavailable(f"the disk holding {directory} is full; free some space and try again (the index "
                           "already built is unchanged)")
    if (code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly database" in text or "read-only" in text
            or "permission denied" in text):
        return UserFacingError(f"cannot write to {directory}: Chroma writes to its directory even to answer; make "
                               "CAREERBOT_DATA_DIR a directory this user may write to")
    return None


def open_client(settings: Settings) -> tuple[ClientAPI, Place]:
    """An embedded PersistentClient in the data directory, or an HttpClient when CAREERBOT_CHROMA_URL is set; every
    request to a server has a timeout (CAREERBOT_CHROMA_TIMEOUT)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        directory = settings.data_dir / "chroma"
        with Place(directory=directory).calls():
            directory.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(directory), settings=chroma_settings)
        return client, Place(directory=directory, catalogue=file_identity(directory))
    url, shown = urlsplit(settings.chroma_url), shown_url(settings.chroma_url)
    try:
        port = url.port or (443 if url.scheme == "https" else 8000)
    except ValueError:  # a port that is not a number
        port = None
    if url.scheme not in ("http", "https") or not url.hostname or port is None:
        raise UserFacingError(f"CAREERBOT_CHROMA_URL must look like http://host:8000, got {shown!r}")
    place = Place(url=shown, timeout=settings.chroma_timeout)
    headers = basic_auth(url.username, url.password)
    client = place.bounded(lambda: chromadb.HttpClient(host=url.hostname, port=port, ssl=url.scheme == "https",
                                                       headers=headers, settings=chroma_settings))
    bound_requests(client, settings.chroma_timeout)
    return client, place


def basic_auth(user: str | None, password: str | None) -> dict[str, str] | None:
    """Credentials in the URL (http://user:secret@host:8000) go to the server, or a proxy before it, as Basic auth."""
    if user is None and password is None:
        return None
    token = base64.b64encode(f"{user or ''}:{password or ''}".encode()).decode("ascii")
    return {"Authorization": f"Basic {token}"}


def bound_requests(client: ClientAPI, seconds: float) -> None:
    """Chroma (1.5) makes its HTTP session with no timeout and no setting for one, so this client's session is
    given one: a server that accepts a connection and never answers fails the call instead of hanging it. httpx's
    timeouts apply to each read, so a server (or proxy) that sends a byte now and then would still hold a request
    forever: every request also gets a deadline for its whole answer."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if not isinstance(session, httpx.Client):
        raise RuntimeError("this chromadb version keeps its HTTP session elsewhere; requests would have no timeout")
    session.timeout = httpx.Timeout(seconds)
    session._transport = Deadline(session._transport, seconds)  # noqa: SLF001 - httpx offers no public setter


class Deadline:
    """An httpx transport that gives each request, its whole answer read, at most `seconds`: the request runs on a
    daemon thread, which a trickling server may keep, but not the caller."""

    def __init__(self, inner: Any, seconds: float) -> None:
        self.inner = inner
        self.seconds = seconds

    def handle_request(self, request: Any) -> Any:
        import httpx

        def answer() -> Any:
            response = self.inner.handle_request(request)
            response.read()  # the body too: a trickle may come after the headers
            return response

        return run_within(lambda cancel: answer(), self.seconds, "chroma-request",
                          lambda: httpx.ReadTimeout(f"no complete answer within {self.seconds:g} s", request=request))

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> Deadline:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Guarded:
    """A Chroma collection whose calls fail as the store's place says (outage, full disk) instead of raw."""

    def __init__(self, collection: Collection, place: Place) -> None:
        self._collection = collection
        self._place = place

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._collection, name)
        if not callable(value):
            return value  # name, id, metadata: read without a call to Chroma

        @functools.wraps(value)
        def call(*args: Any, **kwargs: Any) -> Any:
            with self._place.calls():
                return value(*args, **kwargs)

        return call


@dataclass(frozen=True)
class IndexPointer:
    """Which collection serves answers, which model built it, and when."""

    collection: str
    model: str
    ingested_at: str
    previous: str = ""  # the build live before this one, kept for answers that began on it


@dataclass
class ChunkRecords:
    """Parallel lists as Chroma returns them."""

    ids: list[str]
    texts: list[str]
    metadatas: list[dict[str, Any]]
    embeddings: list[list[float]] | None = None


class ChromaStore:
    """The knowledge index: versioned chunk collections plus the pointer to the live one."""

    def __init__(self, client: ClientAPI, prefix: str = "careerbot", place: Place | None = None) -> None:
        self.client = client
        self.prefix = prefix
        self.meta_name = f"{prefix}-meta"
        self.build_prefix = f"{prefix}-v"
        self.place = place or Place()

    @classmethod
    def from_settings(cls, settings: Settings) -> ChromaStore:
        """Open the store the settings describe."""
        client, place = open_client(settings)
        return cls(client, settings.collection, place)

    def close(self) -> None:
        """Release the Chroma client (the embedded database files stay consistent either way)."""
        close = getattr(self.client, "close", None)
        if callable(close):
            try:
                close()
            except Exception:  # noqa: BLE001 - closing is best effort at shutdown
                log.debug("chroma client close failed", exc_info=True)

    def live_figures_json(self) -> str | None:
        """The figures stored with the live build (None before the first ingest or for a build without rates/)."""
        pointer = self.pointer()
        return self.figures_json(self.collection(pointer.collection)) if pointer else None

    @property
    def shared(self) -> bool:
        """A server other machines may write to (the data directory's ingest lock does not reach them)."""
        return self.place.directory is None

    def pointer(self) -> IndexPointer | None:
        """The live index, or None when nothing was ever ingested."""
        metadata = self._meta().metadata or {}
        if not metadata.get("collection"):
            return None
        return IndexPointer(metadata["collection"], metadata.get("model", ""), metadata.get("ingested_at", ""),
                            metadata.get("previous", ""))

    def collection(self, name: str) -> Collection:
        """A chunk collection by name (embeddings are always supplied by us, never by Chroma)."""
        with self.place.calls():
            return self._guarded(self.client.get_collection(name, embedding_function=None))

    def new_build(self, figures_json: str | None = None) -> Collection:
        """A fresh, invisible collection to build the next index into; the calculators' figures, checked against
        its documents, travel in its metadata, so documents and figures switch together. Its name holds the time
        it was made by the store's clock and a random part, so builds from several machines never collide."""
        name = f"{self.build_prefix}{self._now_ns()}-{secrets.token_hex(3)}"
        metadata = {"hnsw:space": "cosine", **({FIGURES_KEY: figures_json} if figures_json else {})}
        with self.place.calls():
            return self._guarded(self.client.create_collection(name, metadata=metadata, embedding_function=None))

    @staticmethod
    def figures_json(build: Collection) -> str | None:
        """The figures stored with a build (None for a build made from a directory without rates/)."""
        return (build.metadata or {}).get(FIGURES_KEY)

    def new_sentences(self, build: Collection) -> Collection:
        """The collection of a build's sentence vectors, switched in with it."""
        with self.place.calls():
            return self._guarded(self.client.create_collection(build.name + SENTENCES_SUFFIX,
                                                               metadata={"hnsw:space": "cosine"},
                                                               embedding_function=None))

    def sentence_vectors(self, build_name: str) -> dict[str, list[float]]:
        """Every sentence of a build with its vector; empty for a build made before sentences were stored."""
        from chromadb.errors import NotFoundError

        try:
            with self.place.calls():
                got = self.client.get_collection(build_name + SENTENCES_SUFFIX, embedding_function=None).get(
                    include=["documents", "embeddings"])
        except (NotFoundError, ValueError):  # chromadb raises one or the other by version
            log.info("no sentence vectors stored with %s", build_name)
            return {}
        return {text: list(map(float, vector)) for text, vector in zip(got["documents"], got["embeddings"],
                                                                       strict=True)}

    def add(self, build: Collection, records: ChunkRecords) -> None:
        """Write chunks with their embeddings in batches."""
        assert records.embeddings is not None
        for start in range(0, len(records.ids), ADD_BATCH):
            end = start + ADD_BATCH
            with self.place.calls():
                build.add(ids=records.ids[start:end], documents=records.texts[start:end],
                          metadatas=records.metadatas[start:end], embeddings=records.embeddings[start:end])

    def switch(self, build: Collection, model: str) -> IndexPointer:
        """Make a finished build the live index (one metadata write), then drop the builds nobody reads. The
        build it replaces stays until the next switch: an answer that began on it finishes on it."""
        if self.shared and self._age_ns(build.name) > ABANDONED_AFTER_NS // 2:
            raise Unavailable("this ingest took too long to write its index build to the Chroma server, so another "
                              "ingest may remove it; the index in use is unchanged; ingest again")
        before = self.pointer()
        pointer = IndexPointer(build.name, model, datetime.now(UTC).isoformat(timespec="seconds"),
                               before.collection if before else "")
        with self.place.calls():
            self._meta().modify(metadata={"collection": pointer.collection, "model": pointer.model,
                                          "ingested_at": pointer.ingested_at, "previous": pointer.previous})
        replaced = before.previous if before and before.previous not in (pointer.collection, pointer.previous) else ""
        self.drop_stale(replaced)
        return pointer

    def drop_stale(self, replaced: str = "") -> None:
        """Delete builds nobody reads: the one a switch just pushed out (`replaced`), and builds that are neither
        live nor the kept previous one. In a data directory only the ingest holding its lock writes, so those
        are leftovers of builds that died; on a server they may be another machine's build in progress, so
        only the abandoned ones go. Then the directories Chroma leaves behind for deleted collections."""
        now = self._now_ns() if self.shared else 0
        live = self.pointer()
        kept = [live.collection, live.previous] if live else []
        keep = {name + suffix for name in kept if name for suffix in ("", SENTENCES_SUFFIX)}
        for name in self._build_names():
            pushed_out = bool(replaced) and name in (replaced, replaced + SENTENCES_SUFFIX)
            abandoned = not self.shared or now - self._age_base(name) > ABANDONED_AFTER_NS
            if name not in keep and (pushed_out or abandoned):
                log.info("dropping stale collection %s", name)
                self.delete(name)
        self.remove_orphan_directories()

    def delete(self, name: str) -> None:
        """Delete a collection; one that another ingest deleted first is fine."""
        from chromadb.errors import NotFoundError

        try:
            with self.place.calls():
                self.client.delete_collection(name)
        except (NotFoundError, ValueError):
            log.info("collection %s was already gone", name)

    def remove_orphan_directories(self) -> list[Path]:
        """Remove the directories Chroma (1.5) leaves on disk for deleted collections (chroma issue #5520). A
        directory is removed only when no segment in Chroma's catalogue has its name, so the live build's and the
        kept previous build's stay; it runs under the data directory's ingest lock, the only writer there."""
        if self.place.directory is None:
            return []  # a server's disk is its host's: `careerbot clean-chroma` there (README, "Several processes")
        return remove_orphan_directories(self.place.directory)

    def records(self, collection: Collection, with_embeddings: bool = False) -> ChunkRecords:
        """Every chunk of a collection (the corpus is small enough to hold in memory)."""
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        with self.place.calls():
            got = collection.get(include=include)
        embeddings = [list(map(float, e)) for e in got["embeddings"]] if with_embeddings else None
        return ChunkRecords(list(got["ids"]), list(got["documents"]), list(got["metadatas"]), embeddings)

    def _guarded(self, collection: Collection) -> Collection:
        return Guarded(collection, self.place)  # type: ignore[return-value] - it answers as the collection does

    def _meta(self) -> Collection:
        with self.place.calls():
            return self._guarded(self.client.get_or_create_collection(self.meta_name, embedding_function=None))

    def _build_names(self) -> list[str]:
        with self.place.calls():
            names = [c if isinstance(c, str) else c.name for c in self.client.list_collections()]
        return sorted(n for n in names if n.startswith(self.build_prefix))

    def _now_ns(self) -> int:
        """The store's clock: a server's, which every machine writing to it shares, or this machine's."""
        if not self.shared:
            return time.time_ns()
        with self.place.calls():
            return int(self.client.heartbeat())

    def _age_ns(self, name: str) -> int:
        return self._now_ns() - self._age_base(name)

    @staticmethod
    def _age_base(name: str) -> int:
        """When a build was made, from its name (0, so old enough to go, for a name without a time)."""
        found = BUILD_TIME.search(name)
        return int(found.group(1)) if found else 0


def remove_orphan_directories(directory: Path) -> list[Path]:
    """Remove the directories of deleted collections from an embedded Chroma directory or a server's --path."""
    removed = orphan_directories(directory)
    for path in removed:
        log.info("removing the directory of a deleted collection: %s", path)
        shutil.rmtree(path, ignore_errors=True)
    return removed


def orphan_directories(directory: Path) -> list[Path]:
    """The segment directories in an embedded Chroma directory that no segment of its catalogue names. The
    directories are listed before the catalogue is read: a collection made in between has its catalogue row
    before its directory. Nothing is reported when the catalogue cannot be read or names none of the directories
    while it has segments (a Chroma whose layout differs from 1.5's)."""
    # a link is never Chroma's own (and rmtree would refuse it): not listed, so not reported as removed
    candidates = [path for path in directory.iterdir()
                  if path.is_dir() and not path.is_symlink() and _is_uuid(path.name)]
    if not candidates:
        return []
    try:
        with closing(sqlite3.connect(read_only_uri(directory / "chroma.sqlite3"), uri=True, timeout=10)) as catalogue:
            segments = {str(row[0]) for row in catalogue.execute("SELECT id FROM segments")}
    except sqlite3.Error as err:
        log.warning("cannot read Chroma's catalogue in %s (%s); no directory removed", directory, err)
        return []
    if segments and not segments & {path.name for path in candidates}:
        log.warning("no directory in %s belongs to a segment; Chroma's layout changed, no directory removed",
                    directory)
        return []
    return [path for path in candidates if path.name not in segments]


def read_only_uri(path: Path) -> str:
    """An SQLite URI opening `path` read-only; the path percent-encoded, so a '?' or '#' in it cannot cut it short
    (and drop mode=ro)."""
    return f"{path.absolute().as_uri()}?mode=ro"


def _is_uuid(name: str) -> bool:
    try:
        return str(uuid.UUID(name)) == name
    except ValueError:
        return False


# The live build's figures as `careerbot rate` needs them, read from an embedded directory's catalogue (Chroma's own
# SQLite file, read-only) without importing chromadb, which costs that command more than half of its second. The
# tables and names are Chroma's since 0.4: the pointer is the meta collection's "collection" metadata, the figures
# are the named build's FIGURES_KEY metadata, in the default tenant's default database.
_LIVE_FIGURES = """
SELECT pointer.str_value, figures.str_value
FROM collections AS meta
JOIN databases AS db ON db.id = meta.database_id AND db.name = 'default_database' AND db.tenant_id = 'default_tenant'
JOIN collection_metadata AS pointer ON pointer.collection_id = meta.id AND pointer.key = 'collection'
LEFT JOIN collections AS live ON live.name = pointer.str_value AND live.database_id = meta.database_id
LEFT JOIN collection_metadata AS figures ON figures.collection_id = live.id AND figures.key = ?
WHERE meta.name = ?
"""


class CatalogueUnread(Exception):
    """The catalogue could not be read as expected (another Chroma layout, a locked or damaged file): ask Chroma."""


def catalogue_figures_json(directory: Path, prefix: str) -> str | None:
    """The figures stored with the live build of the embedded index in `directory` (None when nothing was
    ingested there or the live build has no figures); CatalogueUnread when the catalogue is not as expected."""
    path = directory / "chroma.sqlite3"
    if not path.is_file():
        return None  # never ingested: Chroma would only make an empty catalogue
    try:
        with closing(sqlite3.connect(read_only_uri(path), uri=True, timeout=10)) as catalogue:
            rows = catalogue.execute(_LIVE_FIGURES, (FIGURES_KEY, f"{prefix}-meta")).fetchall()
    except sqlite3.Error as err:
        raise CatalogueUnread(str(err)) from err
    if not rows:
        return None  # no live build yet
    if len(rows) > 1 or not rows[0][0]:
        raise CatalogueUnread(f"{len(rows)} live pointers")
    return rows[0][1]
