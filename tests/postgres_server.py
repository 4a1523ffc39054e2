"""A throwaway PostgreSQL server for the feedback tests: initdb in a temporary directory, listening on 127.0.0.1
only, stopped (and its directory removed) by the fixture that started it. Needs initdb and pg_ctl: on Debian the
postgresql package (under /usr/lib/postgresql/VERSION/bin); `.ci/run` installs it when it is missing."""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from glob import glob
from pathlib import Path

import pytest

MISSING = ("PostgreSQL feedback tests skipped: initdb and pg_ctl not found; install Debian's postgresql package "
           "(apt-get install postgresql)")
SUPERUSER = "careerbot"
SERVER_USER = "postgres"  # PostgreSQL refuses to run as root: as root, the server runs as this user (or nobody)
TIMEOUT = 60
DEBIAN_BINARIES = "/usr/lib/postgresql/*/bin/initdb"


def binaries() -> Path | None:
    """The directory holding initdb, pg_ctl and postgres: on PATH, else the newest Debian version."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent  # pg_ctl looks for postgres beside its real location
    versions = sorted(glob(DEBIAN_BINARIES), key=lambda p: int(Path(p).parts[-3].split(".")[0]))
    return Path(versions[-1]).parent if versions else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """One server; each test asks it for a fresh database."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="careerbot-pg-"))  # not under pytest's root-only 0700 directory
        self.data = self.root / "data"
        self.port = free_port()
        self._names = itertools.count(1)
        self._as_user: dict[str, object] = {}
        if os.geteuid() == 0:
            account = self._server_account()
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as_user = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []}

    @staticmethod
    def _server_account() -> pwd.struct_passwd:
        try:
            return pwd.getpwnam(SERVER_USER)
        except KeyError:
            return pwd.getpwnam("nobody")

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([str(self.bindir / tool), *args], cwd=self.root, capture_output=True, text=True,
                              timeout=TIMEOUT, env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8"},
                              **self._as_user)  # type: ignore[arg-type]
        if done.returncode != 0:
            log = self.root / "server.log"
            raise RuntimeError(f"{tool} failed: {done.stderr or done.stdout}"
                               + (log.read_text(errors="replace")[-2000:] if log.exists() else ""))

    def start(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8", "--no-sync")
        self._pg_ctl("start")

    def _pg_ctl(self, action: str) -> None:
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.root} "
                   "-c fsync=off")  # a test server: durability is not under test
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-t", str(TIMEOUT),
                  "-m", "fast", "-o", options, action)

    def restart(self) -> None:
        """Stop and start again: every open connection is dropped."""
        self._pg_ctl("restart")

    @contextlib.contextmanager
    def stopped(self) -> Iterator[None]:
        """The server is down inside the block, up again after it."""
        self._pg_ctl("stop")
        try:
            yield
        finally:
            self._pg_ctl("start")

    def run_sql(self, statement: str, database: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as admin:
            admin.execute(statement)

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._pg_ctl("stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres", scheme: str = "postgresql") -> str:
        return f"{scheme}://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database; its URL (plain postgresql://, as an operator writes it)."""
        name = f"feedback_{next(self._names)}"
        self.run_sql(f'CREATE DATABASE "{name}"')
        return self.url(name)


@contextlib.contextmanager
def running_server() -> Iterator[PostgresServer]:
    """A started server, stopped afterwards; skips the test when PostgreSQL is not installed."""
    bindir = binaries()
    if bindir is None:
        pytest.skip(MISSING)
    server = PostgresServer(bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()
