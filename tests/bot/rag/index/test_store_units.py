"""The Chroma store in-process: URLs and credentials, outage and disk-failure messages, the bounded connect, the
pointer, builds, the switch, stale builds and the directories of deleted collections, on a real embedded Chroma
in a temporary directory with small hand-made vectors (no embedding model)."""

from __future__ import annotations

import base64
import errno
import os
import re
import socket
import sqlite3
import threading
import uuid
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace

import chromadb
import httpx
import pytest
from chromadb.api.fastapi import FastAPI
from chromadb.config import Settings as ChromaSettings
from chromadb.config import System
from chromadb.errors import NotFoundError

from bot.errors import Unavailable, UserFacingError
from bot.rag.index import store as store_module
from bot.rag.index.store import (
    ABANDONED_AFTER_NS,
    FIGURES_KEY,
    SENTENCES_SUFFIX,
    CatalogueUnread,
    ChromaStore,
    ChunkRecords,
    Guarded,
    IndexPointer,
    Place,
    _is_uuid,
    basic_auth,
    bound_requests,
    catalogue_figures_json,
    file_identity,
    open_client,
    orphan_directories,
    remove_orphan_directories,
    shown_url,
    storage_problem,
)
from bot.settings import Settings

URL = "http://chroma.internal:8000"
TIMEOUT_TEXT = ("the Chroma server at http://chroma.internal:8000 did not answer within {} s "
                "(CAREERBOT_CHROMA_TIMEOUT); check that it is running and not overloaded, then try again")
UNREACHABLE_TEXT = ("cannot reach the Chroma server at {}; check that it is running and that CAREERBOT_CHROMA_URL "
                    "names it, then try again")
FULL_TEXT = "the disk holding {} is full; free some space and try again (the index already built is unchanged)"
READ_ONLY_TEXT = ("cannot write to {}: Chroma writes to its directory even to answer; make CAREERBOT_DATA_DIR a "
                  "directory this user may write to")
REMOVED_TEXT = ("the index in {} was removed while this process was running; run `careerbot ingest`, then start "
                "this again")
TOO_LONG_TEXT = ("this ingest took too long to write its index build to the Chroma server, so another ingest may "
                 "remove it; the index in use is unchanged; ingest again")
CHROMA_SETTINGS = ChromaSettings(anonymized_telemetry=False)


def raised(err: BaseException) -> BaseException:
    """The exception as Python hands it over once raised (with its traceback and context)."""
    try:
        raise err
    except BaseException as caught:  # noqa: BLE001 - returned to the test
        return caught


def chained(outer: Exception, inner: Exception) -> Exception:
    """`outer` raised while `inner` was being handled, as chromadb turns an httpx error into a ValueError."""
    try:
        try:
            raise inner
        except Exception:
            raise outer  # noqa: B904 - the implicit context is the point
    except Exception as caught:
        return caught


def client_in(directory: Path):
    return chromadb.PersistentClient(path=str(directory), settings=CHROMA_SETTINGS)


def segment_ids(directory: Path) -> set[str]:
    with sqlite3.connect(directory / "chroma.sqlite3") as catalogue:
        return {row[0] for row in catalogue.execute("SELECT id FROM segments")}


def records(n: int, prefix: str = "c") -> ChunkRecords:
    return ChunkRecords([f"{prefix}{i}" for i in range(n)], [f"text {prefix}{i}" for i in range(n)],
                        [{"doc_id": f"d{i}", "n": i} for i in range(n)],
                        [[float(i + 1), 0.5, -0.25] for i in range(n)])


@pytest.fixture
def chroma_dir(tmp_path: Path) -> Path:
    return tmp_path / "chroma"


@pytest.fixture
def local(chroma_dir: Path) -> ChromaStore:
    """A store over an embedded Chroma directory, as `careerbot` opens one."""
    client = client_in(chroma_dir)
    return ChromaStore(client, place=Place(directory=chroma_dir, catalogue=file_identity(chroma_dir)))


class Clock:
    """The store's clock, set by the test (a server's heartbeat is its clock)."""

    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


@pytest.fixture
def shared(chroma_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[ChromaStore, Clock]:
    """A store that behaves as one on a server (no data directory of its own), on an embedded Chroma, with a clock
    the test sets."""
    store = ChromaStore(client_in(chroma_dir), place=Place(url=URL))
    clock = Clock(10**18)
    monkeypatch.setattr(store, "_now_ns", clock)
    return store, clock


# --- URLs and credentials ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "shown"), [
    ("http://user:secret@chroma:8000/path?q=1", "http://chroma:8000/path?q=1"),
    ("https://only-user@chroma", "https://chroma"),
    ("http://a@b:pw@chroma:8000", "http://chroma:8000"),
    ("http://chroma:8000", "http://chroma:8000"),
    ("http://chroma:8000/p@th", "http://chroma:8000/p@th"),
])
def test_shown_url_drops_only_the_credentials(url, shown):
    assert shown_url(url) == shown


def test_basic_auth_encodes_user_and_password():
    assert basic_auth("user", "secret") == {"Authorization": "Basic " + base64.b64encode(b"user:secret").decode()}
    assert basic_auth("user", "secret") == {"Authorization": "Basic dXNlcjpzZWNyZXQ="}
    assert basic_auth("user", None) == {"Authorization": "Basic dXNlcjo="}
    assert basic_auth(None, "secret") == {"Authorization": "Basic OnNlY3JldA=="}
    assert basic_auth("", "") == {"Authorization": "Basic Og=="}
    assert basic_auth(None, None) is None


def http_api() -> FastAPI:
    """chromadb's own HTTP client API object, made without talking to any server."""
    system = System(ChromaSettings(chroma_api_impl="chromadb.api.fastapi.FastAPI", chroma_server_host="127.0.0.1",
                                   chroma_server_http_port=9, anonymized_telemetry=False))
    return system.instance(FastAPI)


def test_bound_requests_sets_the_timeout_of_chromas_http_session():
    api = http_api()
    assert api._session.timeout == httpx.Timeout(None)
    bound_requests(SimpleNamespace(_server=api), 2.5)
    assert api._session.timeout == httpx.Timeout(2.5)


@pytest.mark.parametrize("client", [SimpleNamespace(), SimpleNamespace(_server=SimpleNamespace()),
                                    SimpleNamespace(_server=SimpleNamespace(_session="not an httpx client"))])
def test_bound_requests_refuses_a_client_without_the_session_it_knows(client):
    with pytest.raises(RuntimeError) as caught:
        bound_requests(client, 2.5)
    assert str(caught.value) == ("this chromadb version keeps its HTTP session elsewhere; requests would have no "
                                 "timeout")


def test_bound_requests_refuses_an_embedded_client(chroma_dir):
    with pytest.raises(RuntimeError, match="keeps its HTTP session elsewhere"):
        bound_requests(client_in(chroma_dir), 2.5)


# --- the catalogue's identity and disk failures ---------------------------------------------------------------------

def test_file_identity_is_the_catalogues_device_and_inode(tmp_path):
    (tmp_path / "chroma.sqlite3").write_bytes(b"")
    status = os.stat(tmp_path / "chroma.sqlite3")
    assert file_identity(tmp_path) == (status.st_dev, status.st_ino)
    assert file_identity(tmp_path / "missing") is None
    (tmp_path / "chroma.sqlite3").unlink()
    assert file_identity(tmp_path) is None


def test_a_recreated_catalogue_has_another_identity(tmp_path):
    (tmp_path / "chroma.sqlite3").write_bytes(b"")
    first = file_identity(tmp_path)
    os.link(tmp_path / "chroma.sqlite3", tmp_path / "kept")  # the old file lives on, so its inode is not reused
    (tmp_path / "chroma.sqlite3").unlink()
    (tmp_path / "chroma.sqlite3").write_bytes(b"")
    assert file_identity(tmp_path) not in (first, None)


FULL_DISK = [
    OSError(errno.ENOSPC, "quota"),
    sqlite3.OperationalError("database or disk is full"),
    RuntimeError("Disk Is Full while writing"),
    ValueError("error returned from database: No Space Left on device"),
]
READ_ONLY = [
    OSError(errno.EROFS, "x"),
    OSError(errno.EACCES, "x"),
    OSError(errno.EPERM, "x"),
    sqlite3.OperationalError("attempt to write a ReadOnly Database"),
    RuntimeError("Read-Only file system"),
    ValueError("Permission Denied (os error 13)"),
]
OTHERS = [
    OSError(errno.ENOENT, "x"),
    OSError("no code"),
    ValueError("Collection [x] does not exist"),
    sqlite3.OperationalError("no such table: segments"),
    RuntimeError(""),
]


@pytest.mark.parametrize("err", FULL_DISK)
def test_a_full_disk_is_unavailable(err, tmp_path):
    problem = storage_problem(err, tmp_path)
    assert type(problem) is Unavailable
    assert str(problem) == FULL_TEXT.format(tmp_path)


@pytest.mark.parametrize("err", READ_ONLY)
def test_a_directory_this_process_may_not_write_to_is_the_users_to_fix(err, tmp_path):
    problem = storage_problem(err, tmp_path)
    assert type(problem) is UserFacingError
    assert str(problem) == READ_ONLY_TEXT.format(tmp_path)


@pytest.mark.parametrize("err", OTHERS)
def test_other_failures_are_no_storage_problem(err, tmp_path):
    assert storage_problem(err, tmp_path) is None


def test_a_full_disk_wins_over_a_read_only_word(tmp_path):
    problem = storage_problem(OSError(errno.ENOSPC, "permission denied"), tmp_path)
    assert str(problem) == FULL_TEXT.format(tmp_path)


# --- Place.problem and Place.calls -----------------------------------------------------------------------------------

@pytest.mark.parametrize("err", [httpx.ReadTimeout("slow"), httpx.ConnectTimeout("slow"), httpx.PoolTimeout("x")])
def test_a_timeout_names_the_server_and_the_setting(err):
    problem = Place(url=URL, timeout=2.5).problem(err)
    assert type(problem) is Unavailable
    assert str(problem) == TIMEOUT_TEXT.format("2.5")


def test_the_default_timeout_is_fifteen_seconds():
    assert Place(url=URL).timeout == 15.0
    assert str(Place(url=URL).problem(httpx.ReadTimeout("slow"))) == TIMEOUT_TEXT.format("15")


@pytest.mark.parametrize("err", [httpx.ConnectError("refused"), httpx.RemoteProtocolError("closed"),
                                 httpx.ReadError("reset")])
def test_a_transport_error_says_the_server_cannot_be_reached(err):
    problem = Place(url=URL).problem(err)
    assert type(problem) is Unavailable
    assert str(problem) == UNREACHABLE_TEXT.format(URL)


def test_an_httpx_error_behind_chromas_value_error_is_what_counts():
    assert str(Place(url=URL).problem(chained(ValueError("Could not connect"), httpx.ConnectError("refused")))) == (
        UNREACHABLE_TEXT.format(URL))
    assert str(Place(url=URL).problem(chained(ValueError("x"), httpx.ReadTimeout("slow")))) == (
        TIMEOUT_TEXT.format("15"))


def test_an_httpx_error_is_judged_by_itself_not_by_its_context():
    err = chained(httpx.ConnectError("refused"), httpx.ReadTimeout("slow"))
    assert str(Place(url=URL).problem(err)) == UNREACHABLE_TEXT.format(URL)


def test_an_unrelated_context_changes_nothing(tmp_path):
    assert Place(url=URL).problem(chained(ValueError("bug"), KeyError("k"))) is None
    err = chained(ValueError("bug"), OSError(errno.ENOSPC, "quota"))
    assert Place(directory=tmp_path).problem(err) is None


def test_without_a_directory_other_failures_are_bugs():
    assert Place(url=URL).problem(OSError(errno.ENOSPC, "quota")) is None
    assert Place().problem(ValueError("bug")) is None


def test_with_a_directory_disk_failures_are_told(tmp_path):
    place = Place(directory=tmp_path)
    assert str(place.problem(OSError(errno.ENOSPC, "quota"))) == FULL_TEXT.format(tmp_path)
    assert str(place.problem(OSError(errno.EROFS, "x"))) == READ_ONLY_TEXT.format(tmp_path)
    assert place.problem(ValueError("bug")) is None


def test_a_removed_index_is_told_when_the_catalogue_is_another_file(tmp_path):
    (tmp_path / "chroma.sqlite3").write_bytes(b"")
    opened = file_identity(tmp_path)
    assert Place(directory=tmp_path, catalogue=opened).problem(ValueError("x")) is None
    other = (opened[0], opened[1] + 1)
    problem = Place(directory=tmp_path, catalogue=other).problem(ValueError("x"))
    assert type(problem) is Unavailable
    assert str(problem) == REMOVED_TEXT.format(tmp_path)
    (tmp_path / "chroma.sqlite3").unlink()
    assert str(Place(directory=tmp_path, catalogue=opened).problem(ValueError("x"))) == REMOVED_TEXT.format(tmp_path)


def test_a_disk_failure_is_told_before_a_removed_index(tmp_path):
    place = Place(directory=tmp_path, catalogue=(1, 2))
    assert str(place.problem(OSError(errno.ENOSPC, "quota"))) == FULL_TEXT.format(tmp_path)


def test_without_a_catalogue_identity_nothing_is_removed(tmp_path):
    assert Place(directory=tmp_path / "gone").problem(ValueError("x")) is None


def test_calls_turns_a_failure_into_the_users_message_with_its_cause():
    err = httpx.ConnectError("refused")
    with pytest.raises(Unavailable) as caught, Place(url=URL).calls():
        raise err
    assert str(caught.value) == UNREACHABLE_TEXT.format(URL)
    assert caught.value.__cause__ is err


def test_calls_lets_a_bug_and_a_users_error_through_unchanged(tmp_path):
    bug, told = ValueError("bug"), UserFacingError("told")
    with pytest.raises(ValueError) as caught, Place(url=URL).calls():
        raise bug
    assert caught.value is bug
    (tmp_path / "chroma.sqlite3").write_bytes(b"")
    with pytest.raises(UserFacingError) as caught, Place(directory=tmp_path, catalogue=file_identity(tmp_path)).calls():
        raise told
    assert caught.value is told
    with Place(url=URL).calls():
        pass


# --- the bounded connect ---------------------------------------------------------------------------------------------

def test_bounded_returns_what_connect_made_on_a_daemon_thread():
    seen = {}

    def connect() -> str:
        seen["thread"] = threading.current_thread()
        return "client"

    assert Place(url=URL).bounded(connect) == "client"
    assert seen["thread"] is not threading.current_thread()
    assert (seen["thread"].name, seen["thread"].daemon) == ("chroma-connect", True)


def test_bounded_passes_a_bug_on_unchanged():
    bug = KeyError("bug")

    def connect() -> str:
        raise bug

    with pytest.raises(KeyError) as caught:
        Place(url=URL).bounded(connect)
    assert caught.value is bug


def test_bounded_tells_a_refused_connection():
    def connect() -> str:
        raise chained(ValueError("Could not connect to a Chroma server"), httpx.ConnectError("refused"))

    with pytest.raises(Unavailable) as caught:
        Place(url=URL).bounded(connect)
    assert str(caught.value) == UNREACHABLE_TEXT.format(URL)


def test_bounded_gives_up_on_a_connect_that_does_not_return():
    release = threading.Event()
    try:
        with pytest.raises(Unavailable) as caught:
            Place(url=URL, timeout=0.05).bounded(lambda: release.wait(5) and "late")
    finally:
        release.set()
    assert str(caught.value) == TIMEOUT_TEXT.format("0.05")
    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert str(caught.value.__cause__) == "no answer while connecting"


# --- open_client ------------------------------------------------------------------------------------------------------

def test_open_client_makes_the_data_directory_and_remembers_its_catalogue(tmp_path):
    data = tmp_path / "deep" / "data"
    client, place = open_client(Settings(_env_file=None, data_dir=data))
    assert (data / "chroma" / "chroma.sqlite3").is_file()
    assert place == Place(directory=data / "chroma", catalogue=file_identity(data / "chroma"))
    assert place.catalogue is not None
    client.heartbeat()


def test_open_client_opens_an_existing_directory_again(tmp_path):
    open_client(Settings(_env_file=None, data_dir=tmp_path))
    client, place = open_client(Settings(_env_file=None, data_dir=tmp_path))
    assert place.directory == tmp_path / "chroma"
    client.heartbeat()


def test_open_client_turns_chromas_telemetry_off(tmp_path, monkeypatch):
    monkeypatch.delenv("ANONYMIZED_TELEMETRY", raising=False)  # chromadb's own default is on
    client, _ = open_client(Settings(_env_file=None, data_dir=tmp_path))
    assert client.get_settings().anonymized_telemetry is False


def test_open_client_tells_a_full_disk_while_making_the_directory(tmp_path, monkeypatch):
    def full(self: Path, *args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "mkdir", full)
    with pytest.raises(Unavailable) as caught:
        open_client(Settings(_env_file=None, data_dir=tmp_path / "data"))
    assert str(caught.value) == FULL_TEXT.format(tmp_path / "data" / "chroma")


def test_from_settings_opens_the_named_store_in_the_data_directory(tmp_path):
    store = ChromaStore.from_settings(Settings(_env_file=None, data_dir=tmp_path, collection="kb"))
    assert (store.prefix, store.meta_name, store.build_prefix) == ("kb", "kb-meta", "kb-v")
    assert store.place.directory == tmp_path / "chroma"
    assert not store.shared


def test_open_client_tells_a_data_directory_it_cannot_make(tmp_path):
    (tmp_path / "file").write_text("not a directory")
    with pytest.raises(OSError):  # a path under a file is neither a full nor a read-only disk: a bug to log
        open_client(Settings(_env_file=None, data_dir=tmp_path / "file" / "data"))


@pytest.mark.parametrize(("url", "shown"), [
    ("ftp://chroma:8000", "ftp://chroma:8000"),
    ("http://:8000", "http://:8000"),
    ("http://chroma:port", "http://chroma:port"),
    ("chroma:8000", "chroma:8000"),
    ("ftp://user:secret@chroma", "ftp://chroma"),
])
def test_open_client_refuses_a_url_it_cannot_use(url, shown):
    with pytest.raises(UserFacingError) as caught:
        open_client(Settings(_env_file=None, chroma_url=url))
    assert type(caught.value) is UserFacingError
    assert str(caught.value) == f"CAREERBOT_CHROMA_URL must look like http://host:8000, got {shown!r}"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OneRequest:
    """A listener that takes one connection, keeps the first bytes the client sends, and hangs up."""

    def __init__(self) -> None:
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen()
        self.port = self.socket.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self) -> None:
        connection, _ = self.socket.accept()
        with connection:
            connection.settimeout(5)
            while b"\r\n\r\n" not in self.received and len(self.received) < 65536:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                self.received += chunk
                if self.received[:1] == b"\x16":  # a TLS handshake: that is all a client says first
                    break

    def close(self) -> None:
        self.thread.join(5)
        self.socket.close()


def test_open_client_sends_the_urls_credentials_over_plain_http(tmp_path):
    server = OneRequest()
    try:
        with pytest.raises(Unavailable) as caught:
            open_client(Settings(_env_file=None, data_dir=tmp_path,
                                 chroma_url=f"http://user:secret@127.0.0.1:{server.port}"))
    finally:
        server.close()
    assert str(caught.value) == UNREACHABLE_TEXT.format(f"http://127.0.0.1:{server.port}")
    head = server.received.decode("latin-1").lower()
    assert head.startswith("get /api/v2/")
    assert "authorization: basic dxnlcjpzzwnyzxq=" in head


def test_open_client_speaks_tls_to_an_https_url(tmp_path):
    server = OneRequest()
    try:
        with pytest.raises(Unavailable) as caught:
            open_client(Settings(_env_file=None, data_dir=tmp_path, chroma_url=f"https://127.0.0.1:{server.port}"))
    finally:
        server.close()
    assert str(caught.value) == UNREACHABLE_TEXT.format(f"https://127.0.0.1:{server.port}")
    assert server.received[:2] == b"\x16\x03"


def listening_on(port: int) -> socket.socket:
    """A silent listener on a fixed port; several test processes may share it (SO_REUSEPORT)."""
    silent = socket.socket()
    silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        silent.bind(("127.0.0.1", port))
    except OSError:
        silent.close()
        pytest.skip(f"port {port} is taken by another program")
    silent.listen()
    return silent


@pytest.mark.parametrize(("url", "port"), [("http://127.0.0.1", 8000), ("https://127.0.0.1", 443)])
def test_open_client_uses_the_schemes_default_port(tmp_path, url, port):
    with listening_on(port), pytest.raises(Unavailable) as caught:  # a refused port would say "cannot reach"
        open_client(Settings(_env_file=None, data_dir=tmp_path, chroma_url=url, chroma_timeout=0.2))
    assert str(caught.value).startswith(f"the Chroma server at {url} did not answer within 0.2 s")


def test_open_client_tells_a_server_that_refuses(tmp_path):
    port = closed_port()
    with pytest.raises(Unavailable) as caught:
        open_client(Settings(_env_file=None, data_dir=tmp_path, chroma_url=f"http://u:pw@127.0.0.1:{port}"))
    assert str(caught.value) == UNREACHABLE_TEXT.format(f"http://127.0.0.1:{port}")
    with pytest.raises(Unavailable) as caught:
        open_client(Settings(_env_file=None, data_dir=tmp_path, chroma_url=f"https://127.0.0.1:{port}"))
    assert str(caught.value) == UNREACHABLE_TEXT.format(f"https://127.0.0.1:{port}")


def test_open_client_gives_up_on_a_server_that_never_answers(tmp_path):
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        with pytest.raises(Unavailable) as caught:
            open_client(Settings(_env_file=None, data_dir=tmp_path, chroma_url=f"http://127.0.0.1:{port}",
                                 chroma_timeout=0.2))
    assert str(caught.value) == (f"the Chroma server at http://127.0.0.1:{port} did not answer within 0.2 s "
                                 "(CAREERBOT_CHROMA_TIMEOUT); check that it is running and not overloaded, then "
                                 "try again")


# --- Guarded --------------------------------------------------------------------------------------------------------

def test_guarded_reads_attributes_and_calls_through(chroma_dir):
    collection = client_in(chroma_dir).create_collection("guarded", embedding_function=None)
    guarded = Guarded(collection, Place(directory=chroma_dir))
    assert guarded.name == "guarded" and guarded.id == collection.id
    assert guarded.add.__name__ == "add"
    guarded.add(ids=["a"], documents=["text"], embeddings=[[1.0, 0.0]])
    assert guarded.count() == 1
    assert guarded.get(ids=["a"])["documents"] == ["text"]


def test_guarded_translates_a_failed_call_through_its_place(chroma_dir):
    collection = client_in(chroma_dir).create_collection("guarded", embedding_function=None)
    collection.add(ids=["a"], documents=["text"], embeddings=[[1.0, 0.0]])
    bug = Guarded(collection, Place(directory=chroma_dir, catalogue=file_identity(chroma_dir)))
    with pytest.raises(Exception) as caught:  # a vector of the wrong size is a bug: raised as chromadb raised it
        bug.add(ids=["b"], documents=["text"], embeddings=[[1.0, 0.0, 0.0]])
    assert not isinstance(caught.value, UserFacingError)
    removed = Guarded(collection, Place(directory=chroma_dir, catalogue=(0, 0)))
    with pytest.raises(Unavailable) as caught:  # noticed before the call: Chroma could answer from open files
        removed.add(ids=["b"], documents=["text"], embeddings=[[1.0, 0.0]])
    assert str(caught.value) == REMOVED_TEXT.format(chroma_dir)
    assert collection.count() == 1  # the call was never made


# --- the directories of deleted collections --------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("bc71ab83-812d-4a3c-b03d-9ec1655bf9b2", True),
    ("BC71AB83-812D-4A3C-B03D-9EC1655BF9B2", False),
    ("bc71ab83812d4a3cb03d9ec1655bf9b2", False),
    ("{bc71ab83-812d-4a3c-b03d-9ec1655bf9b2}", False),
    ("bc71ab83-812d-4a3c-b03d-9ec1655bf9b", False),
    ("careerbot-v1", False),
    ("", False),
])
def test_is_uuid_only_for_a_uuid_written_as_chroma_writes_it(name, expected):
    assert _is_uuid(name) is expected


def filled(client, name: str):
    collection = client.create_collection(name, embedding_function=None)
    collection.add(ids=["a", "b"], documents=["one", "two"], embeddings=[[1.0, 0.0], [0.0, 1.0]])
    return collection


def segment_dirs(directory: Path) -> set[str]:
    return {path.name for path in directory.iterdir() if path.is_dir()}


def test_the_directory_of_a_deleted_collection_and_a_stray_one_are_orphans(chroma_dir):
    client = client_in(chroma_dir)
    kept = filled(client, "kept-one")
    filled(client, "gone-one")
    live_dirs = segment_dirs(chroma_dir)
    client.delete_collection("gone-one")
    (gone,) = segment_dirs(chroma_dir) - (live_dirs & segment_ids(chroma_dir))
    stray = chroma_dir / str(uuid.uuid4())
    stray.mkdir()
    (chroma_dir / str(uuid.uuid4())).write_text("a file, not a directory")
    (chroma_dir / "not-a-uuid").mkdir()
    (chroma_dir / str(uuid.uuid4()).upper()).mkdir()
    expected = {chroma_dir / gone, stray}
    assert set(orphan_directories(chroma_dir)) == expected and len(orphan_directories(chroma_dir)) == 2
    assert set(remove_orphan_directories(chroma_dir)) == expected
    assert not (chroma_dir / gone).exists() and not stray.exists()
    assert (chroma_dir / "not-a-uuid").is_dir()
    assert orphan_directories(chroma_dir) == []
    assert remove_orphan_directories(chroma_dir) == []
    assert kept.get(ids=["a"])["documents"] == ["one"]
    assert kept.query(query_embeddings=[[1.0, 0.0]], n_results=1)["ids"] == [["a"]]


def test_a_link_named_like_a_segment_is_not_followed(chroma_dir, tmp_path):
    client_in(chroma_dir).heartbeat()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("not Chroma's")
    (chroma_dir / str(uuid.uuid4())).symlink_to(outside, target_is_directory=True)
    assert orphan_directories(chroma_dir) == [] and remove_orphan_directories(chroma_dir) == []
    assert (outside / "keep.txt").read_text() == "not Chroma's"


def test_nothing_is_an_orphan_in_a_directory_without_segment_directories(tmp_path):
    (tmp_path / "not-a-uuid").mkdir()
    assert orphan_directories(tmp_path) == []
    assert not (tmp_path / "chroma.sqlite3").exists()


def test_nothing_is_removed_when_the_catalogue_is_missing(tmp_path):
    stray = tmp_path / str(uuid.uuid4())
    stray.mkdir()
    assert orphan_directories(tmp_path) == []
    assert remove_orphan_directories(tmp_path) == []
    assert stray.is_dir()
    assert not (tmp_path / "chroma.sqlite3").exists()  # read-only: the check makes no catalogue


def test_nothing_is_removed_when_the_catalogue_is_not_a_database(tmp_path):
    stray = tmp_path / str(uuid.uuid4())
    stray.mkdir()
    (tmp_path / "chroma.sqlite3").write_text("not a database")
    assert remove_orphan_directories(tmp_path) == []
    assert stray.is_dir()


def test_nothing_is_removed_when_the_catalogue_has_no_segments_table(tmp_path):
    stray = tmp_path / str(uuid.uuid4())
    stray.mkdir()
    with closing_db(tmp_path / "chroma.sqlite3") as catalogue:
        catalogue.execute("CREATE TABLE other (id TEXT)")
    assert remove_orphan_directories(tmp_path) == []
    assert stray.is_dir()


def closing_db(path: Path):
    from contextlib import closing

    return closing(sqlite3.connect(path, isolation_level=None))


def test_nothing_is_removed_when_no_directory_belongs_to_a_segment(chroma_dir):
    client = client_in(chroma_dir)
    client.create_collection("empty-one", embedding_function=None)  # segments in the catalogue, no directory yet
    assert segment_ids(chroma_dir)
    stray = chroma_dir / str(uuid.uuid4())
    stray.mkdir()
    assert remove_orphan_directories(chroma_dir) == []
    assert stray.is_dir()


def test_with_no_segment_at_all_every_directory_is_an_orphan(chroma_dir):
    client_in(chroma_dir).heartbeat()
    assert segment_ids(chroma_dir) == set()
    stray = chroma_dir / str(uuid.uuid4())
    stray.mkdir()
    assert remove_orphan_directories(chroma_dir) == [stray]
    assert not stray.exists()


# --- the store: pointer, builds, switch ------------------------------------------------------------------------------

def test_a_store_names_its_collections_after_its_prefix(chroma_dir):
    client = client_in(chroma_dir)
    default, named = ChromaStore(client), ChromaStore(client, "kb")
    assert (default.prefix, default.meta_name, default.build_prefix) == ("careerbot", "careerbot-meta", "careerbot-v")
    assert (named.prefix, named.meta_name, named.build_prefix) == ("kb", "kb-meta", "kb-v")
    assert default.place == Place() and default.shared
    assert not ChromaStore(client, place=Place(directory=chroma_dir)).shared


def test_an_empty_store_has_no_pointer_and_no_builds(local):
    assert local.pointer() is None
    assert local._build_names() == []
    assert [c.name for c in local.client.list_collections()] == ["careerbot-meta"]


def test_a_pointer_reads_missing_fields_as_empty(local):
    local._meta().modify(metadata={"collection": "careerbot-v1-abc"})
    assert local.pointer() == IndexPointer("careerbot-v1-abc", "", "", "")
    local._meta().modify(metadata={"collection": ""})
    assert local.pointer() is None


def test_a_new_build_is_named_by_the_clock_with_a_random_part(local, monkeypatch):
    monkeypatch.setattr(local, "_now_ns", lambda: 1234567890)
    build = local.new_build()
    assert re.fullmatch(r"careerbot-v1234567890-[0-9a-f]{6}", build.name)
    assert build.metadata == {"hnsw:space": "cosine"}
    assert build._collection._embedding_function is None
    assert local._meta()._collection._embedding_function is None
    assert local.figures_json(build) is None
    assert isinstance(build, Guarded)
    assert local.new_build().name != build.name
    assert local.pointer() is None  # invisible until switched to


def test_a_new_build_carries_the_figures(local):
    build = local.new_build('{"rates": 1}')
    assert build.metadata == {"hnsw:space": "cosine", FIGURES_KEY: '{"rates": 1}'}
    assert ChromaStore.figures_json(build) == '{"rates": 1}'
    assert local.figures_json(local.collection(build.name)) == '{"rates": 1}'
    assert local.new_build("").metadata == {"hnsw:space": "cosine"}


def test_the_catalogue_read_directly_gives_the_live_figures_chroma_gives(local, chroma_dir, tmp_path):
    """`careerbot rate` reads the figures from Chroma's catalogue without chromadb: it must agree with Chroma at
    every step (a chromadb whose catalogue changed fails here, and falls back to the client when run)."""
    assert catalogue_figures_json(tmp_path / "never-made", "careerbot") is None
    assert catalogue_figures_json(chroma_dir, "careerbot") is None  # nothing ingested
    first = local.new_build('{"rates": 1}')
    first.add(ids=["x"], documents=["x"], embeddings=[[1.0, 0.0]])
    assert catalogue_figures_json(chroma_dir, "careerbot") is None  # built, not yet live
    local.switch(first, "model")
    assert catalogue_figures_json(chroma_dir, "careerbot") == local.live_figures_json() == '{"rates": 1}'
    second = local.new_build('{"rates": 2}')
    second.add(ids=["x"], documents=["x"], embeddings=[[1.0, 0.0]])
    assert catalogue_figures_json(chroma_dir, "careerbot") == '{"rates": 1}'
    local.switch(second, "model")
    assert catalogue_figures_json(chroma_dir, "careerbot") == local.live_figures_json() == '{"rates": 2}'
    assert catalogue_figures_json(chroma_dir, "other") is None  # another CAREERBOT_COLLECTION
    bare = local.new_build()
    bare.add(ids=["x"], documents=["x"], embeddings=[[1.0, 0.0]])
    local.switch(bare, "model")
    assert catalogue_figures_json(chroma_dir, "careerbot") is local.live_figures_json() is None


@pytest.mark.parametrize("name", ["q?x", "h#x", "p%41"])
def test_the_catalogue_is_read_where_it_is_whatever_its_directory_is_called(name, tmp_path):
    """An SQLite URI would end at a '?' or '#' in the path, open the shortened path read-write and make a file there."""
    directory = tmp_path / name / "chroma"
    store = ChromaStore(client_in(directory), place=Place(directory=directory, catalogue=file_identity(directory)))
    build = store.new_build('{"rates": 3}')
    build.add(ids=["x"], documents=["x"], embeddings=[[1.0, 0.0]])
    store.switch(build, "model")
    before = sorted(tmp_path.iterdir())
    assert catalogue_figures_json(directory, "careerbot") == '{"rates": 3}'
    assert orphan_directories(directory) == []
    assert sorted(tmp_path.iterdir()) == before


def test_a_catalogue_of_another_layout_is_left_to_chroma(tmp_path):
    directory = tmp_path / "chroma"
    directory.mkdir()
    with closing(sqlite3.connect(directory / "chroma.sqlite3")) as catalogue:
        catalogue.execute("CREATE TABLE collections (id TEXT, name TEXT)")
    with pytest.raises(CatalogueUnread, match="no such"):
        catalogue_figures_json(directory, "careerbot")
    (directory / "chroma.sqlite3").write_bytes(b"not a database at all, " * 100)
    with pytest.raises(CatalogueUnread):
        catalogue_figures_json(directory, "careerbot")


def test_a_build_uses_cosine_distance(local):
    build = local.new_build()
    build.add(ids=["x", "y"], documents=["x", "y"], embeddings=[[1.0, 0.0], [10.0, 10.0]])
    got = build.query(query_embeddings=[[5.0, 5.0]], n_results=2, include=["distances"])
    assert got["ids"] == [["y", "x"]]
    assert got["distances"][0][0] == pytest.approx(0.0, abs=1e-5)


def test_add_writes_every_record_across_batches(local):
    build = local.new_build()
    written = records(store_module.ADD_BATCH * 2 + 3)
    local.add(build, written)
    assert build.count() == len(written.ids)
    got = local.records(local.collection(build.name), with_embeddings=True)
    order = sorted(range(len(got.ids)), key=lambda i: int(got.ids[i][1:]))
    assert [got.ids[i] for i in order] == written.ids
    assert [got.texts[i] for i in order] == written.texts
    assert [got.metadatas[i] for i in order] == written.metadatas
    assert [got.embeddings[i] for i in order] == [pytest.approx(vector) for vector in written.embeddings]


def test_add_keeps_each_write_within_chromas_batch_limit(local):
    build = local.new_build()
    many = local.client.get_max_batch_size() + 1  # one write of them all would be refused
    local.add(build, ChunkRecords([f"c{i}" for i in range(many)], ["t"] * many, [{"n": i} for i in range(many)],
                                  [[1.0, float(i)] for i in range(many)]))
    assert build.count() == many


def test_add_in_small_batches_keeps_every_record(local, monkeypatch):
    monkeypatch.setattr(store_module, "ADD_BATCH", 2)
    build = local.new_build()
    local.add(build, records(5))
    assert sorted(local.records(build).ids) == ["c0", "c1", "c2", "c3", "c4"]


def test_add_refuses_records_without_vectors(local):
    with pytest.raises(AssertionError):
        local.add(local.new_build(), ChunkRecords(["a"], ["text"], [{"doc_id": "d"}]))


def test_records_holds_vectors_only_when_asked(local):
    build = local.new_build()
    local.add(build, records(2))
    plain = local.records(build)
    assert (plain.ids, plain.texts, plain.metadatas, plain.embeddings) == (
        ["c0", "c1"], ["text c0", "text c1"], [{"doc_id": "d0", "n": 0}, {"doc_id": "d1", "n": 1}], None)
    full = local.records(build, with_embeddings=True)
    assert full.embeddings == [[1.0, 0.5, -0.25], [2.0, 0.5, -0.25]]
    assert all(type(v) is float for vector in full.embeddings for v in vector)
    assert type(full.ids) is list and type(full.texts) is list and type(full.metadatas) is list


def test_sentence_vectors_are_stored_with_their_build(local):
    build = local.new_build()
    sentences = local.new_sentences(build)
    assert sentences.name == build.name + SENTENCES_SUFFIX == build.name + "-sentences"
    assert sentences.metadata == {"hnsw:space": "cosine"}
    assert sentences._collection._embedding_function is None
    assert isinstance(sentences, Guarded)
    local.add(sentences, ChunkRecords(["s0", "s1"], ["Eerste zin.", "Tweede zin."], [{"chars": 11}, {"chars": 11}],
                                      [[0.5, 0.25], [-1.0, 2.0]]))
    vectors = local.sentence_vectors(build.name)
    assert vectors == {"Eerste zin.": [0.5, 0.25], "Tweede zin.": [-1.0, 2.0]}
    assert all(type(v) is float for vector in vectors.values() for v in vector)


def test_a_build_without_sentences_has_no_sentence_vectors(local):
    assert local.sentence_vectors(local.new_build().name) == {}
    assert local.sentence_vectors("careerbot-v1-never") == {}


def test_collection_opens_a_build_by_name(local):
    build = local.new_build()
    local.add(build, records(1))
    opened = local.collection(build.name)
    assert isinstance(opened, Guarded) and opened.name == build.name and opened.count() == 1
    assert opened._collection._embedding_function is None  # vectors always come from us
    with pytest.raises(NotFoundError):
        local.collection("careerbot-v1-missing")


def test_delete_removes_a_collection_and_a_missing_one_is_fine(local):
    build = local.new_build()
    local.delete(build.name)
    assert local._build_names() == []
    local.delete(build.name)
    local.delete("careerbot-v1-never")


def test_build_names_are_the_prefixed_collections_sorted(local):
    for name in ("careerbot-v3-c", "careerbot-v1-a", "careerbot-v2-b-sentences", "other-v1-a", "careerbot-x"):
        local.client.create_collection(name, embedding_function=None)
    local._meta()
    assert local._build_names() == ["careerbot-v1-a", "careerbot-v2-b-sentences", "careerbot-v3-c"]


def test_switch_points_at_the_build_and_keeps_the_one_it_replaced(local):
    first = local.new_build()
    pointer = local.switch(first, "model-a")
    assert pointer == local.pointer()
    assert (pointer.collection, pointer.model, pointer.previous) == (first.name, "model-a", "")
    stamp = datetime.fromisoformat(pointer.ingested_at)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", pointer.ingested_at)
    assert stamp.tzinfo == UTC and abs((datetime.now(UTC) - stamp).days) == 0
    second = local.new_build()
    local.new_sentences(second)
    assert local.switch(second, "model-b") == IndexPointer(second.name, "model-b", local.pointer().ingested_at,
                                                           first.name)
    assert local._build_names() == sorted([first.name, second.name, second.name + SENTENCES_SUFFIX])
    third = local.new_build()
    assert local.switch(third, "model-b").previous == second.name
    assert local._build_names() == sorted([second.name, second.name + SENTENCES_SUFFIX, third.name])


def test_switch_drops_leftover_builds_and_their_directories(local, chroma_dir):
    live = local.new_build()
    local.add(live, records(2))
    local.switch(live, "m")
    leftover = local.new_build()  # what an ingest killed half way leaves
    local.add(leftover, records(2, "x"))
    local.add(local.new_sentences(leftover), records(1, "s"))
    dirs_before = segment_dirs(chroma_dir)
    nxt = local.new_build()
    local.add(nxt, records(3))
    local.switch(nxt, "m")
    assert local._build_names() == sorted([live.name, nxt.name])
    assert segment_dirs(chroma_dir) <= segment_ids(chroma_dir)  # the leftover's directories are gone
    assert len(dirs_before & segment_dirs(chroma_dir)) == 1  # the live build's stays
    assert local.records(local.collection(live.name)).ids == ["c0", "c1"]


def test_switching_back_to_the_previous_build_keeps_both(local):
    first = local.new_build()
    local.switch(first, "m")
    second = local.new_build()
    local.switch(second, "m")
    assert local.switch(first, "m").previous == second.name
    assert local._build_names() == sorted([first.name, second.name])


def test_drop_stale_in_a_directory_keeps_only_the_live_and_previous_builds(local, chroma_dir):
    first = local.new_build()
    local.add(first, records(1))
    local.new_sentences(first)
    local.switch(first, "m")
    second = local.new_build()
    local.add(second, records(1))
    local.new_sentences(second)
    local.switch(second, "m")
    stray = local.new_build()
    local.new_sentences(stray)
    local.client.create_collection("careerbot-x-not-a-build", embedding_function=None)
    orphan = chroma_dir / str(uuid.uuid4())
    filled(local.client, "to-be-deleted")
    local.client.delete_collection("to-be-deleted")
    orphan.mkdir()
    local.drop_stale()
    assert local._build_names() == sorted([first.name, first.name + SENTENCES_SUFFIX, second.name,
                                           second.name + SENTENCES_SUFFIX])
    assert "careerbot-x-not-a-build" in [c.name for c in local.client.list_collections()]
    assert not orphan.exists()
    assert orphan_directories(chroma_dir) == []


def test_drop_stale_with_nothing_live_drops_every_build(local):
    local.new_build()
    local.drop_stale()
    assert local._build_names() == []


def test_remove_orphan_directories_of_a_store_without_a_directory_is_for_its_host(chroma_dir):
    store = ChromaStore(client_in(chroma_dir), place=Place(url=URL))
    filled(store.client, "to-be-deleted")
    store.client.delete_collection("to-be-deleted")
    left = orphan_directories(chroma_dir)
    assert len(left) == 1
    assert store.remove_orphan_directories() == []
    assert orphan_directories(chroma_dir) == left


def test_remove_orphan_directories_of_a_local_store_removes_them(local, chroma_dir):
    filled(local.client, "to-be-deleted")
    local.client.delete_collection("to-be-deleted")
    (left,) = orphan_directories(chroma_dir)
    assert local.remove_orphan_directories() == [left]
    assert not left.exists()


# --- the store's clock and the ages of builds on a server ------------------------------------------------------------

@pytest.mark.parametrize(("name", "base"), [
    ("careerbot-v1234-abcdef", 1234), ("careerbot-v1234-abcdef-sentences", 1234), ("kb-v7", 7),
    ("careerbot-v", 0), ("careerbot-x", 0), ("careerbot-vx12", 0), ("a-v12-v34", 12),
])
def test_age_base_is_the_time_in_a_builds_name(name, base):
    assert ChromaStore._age_base(name) == base


def test_a_local_store_keeps_this_machines_time(local, monkeypatch):
    monkeypatch.setattr(local.client, "heartbeat", lambda: 42)  # not asked: only a server's clock is shared
    before = datetime.now(UTC).timestamp() * 10**9
    now = local._now_ns()
    after = datetime.now(UTC).timestamp() * 10**9
    assert type(now) is int and before - 10**7 <= now <= after + 10**7


def test_a_shared_store_keeps_the_servers_time(chroma_dir, monkeypatch):
    store = ChromaStore(client_in(chroma_dir), place=Place(url=URL))
    monkeypatch.setattr(store.client, "heartbeat", lambda: 42.0)
    assert store._now_ns() == 42 and type(store._now_ns()) is int
    assert store._age_ns("careerbot-v40-abc") == 2


def test_a_shared_store_tells_an_unreachable_server_for_the_clock(chroma_dir, monkeypatch):
    store = ChromaStore(client_in(chroma_dir), place=Place(url=URL))

    def heartbeat() -> int:
        raise httpx.ConnectError("refused")

    monkeypatch.setattr(store.client, "heartbeat", heartbeat)
    with pytest.raises(Unavailable, match="cannot reach the Chroma server at http://chroma.internal:8000"):
        store._now_ns()


def test_a_shared_build_half_abandoned_is_not_switched_to(shared):
    store, clock = shared
    build = store.new_build()
    assert store._age_base(build.name) == clock.now
    clock.now += ABANDONED_AFTER_NS // 2
    assert store.switch(build, "m").collection == build.name
    late = store.new_build()
    clock.now += ABANDONED_AFTER_NS // 2 + 1
    with pytest.raises(Unavailable) as caught:
        store.switch(late, "m")
    assert str(caught.value) == TOO_LONG_TEXT
    assert store.pointer().collection == build.name


def test_a_local_build_of_any_age_is_switched_to(local, monkeypatch):
    monkeypatch.setattr(local, "_now_ns", Clock(5))
    build = local.new_build()
    monkeypatch.setattr(local, "_now_ns", Clock(5 + ABANDONED_AFTER_NS * 10))
    assert local.switch(build, "m").collection == build.name


def test_on_a_server_only_abandoned_and_pushed_out_builds_go(shared):
    store, clock = shared
    first = store.new_build()
    store.new_sentences(first)
    store.switch(first, "m")
    second = store.new_build()
    store.switch(second, "m")
    others = store.new_build()  # another machine's build in progress
    store.new_sentences(others)
    third = store.new_build()
    store.switch(third, "m")  # pushes `first` out, young as it is
    assert store._build_names() == sorted([second.name, third.name, others.name, others.name + SENTENCES_SUFFIX])
    clock.now += ABANDONED_AFTER_NS
    store.drop_stale()
    assert others.name in store._build_names()
    clock.now += 1
    store.drop_stale()
    assert store._build_names() == sorted([second.name, third.name])


def test_on_a_server_a_switch_back_pushes_nothing_out(shared):
    store, _ = shared
    first, second = store.new_build(), store.new_build()
    store.switch(first, "m")
    store.switch(second, "m")
    store.switch(first, "m")
    assert store._build_names() == sorted([first.name, second.name])
    store.switch(first, "m")  # the same build again: live and previous are both `first`, `second` goes
    assert store._build_names() == [first.name]


def test_on_a_server_drop_stale_pushes_out_only_what_it_is_told(shared):
    store, _ = shared
    live, other = store.new_build(), store.new_build()
    store.switch(live, "m")
    store.drop_stale()
    assert store._build_names() == sorted([live.name, other.name])
    store.drop_stale(other.name)
    assert store._build_names() == [live.name]
    store.drop_stale(live.name)  # the live build is never dropped
    assert store._build_names() == [live.name]
