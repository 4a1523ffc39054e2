"""The tests' one way to run `careerbot`: in this process with typer's CliRunner (the default: no interpreter start-up
and imports per run), or as the real `careerbot` executable in a subprocess (process=True) where a process is the
point: a lock held by another process, a server that never answers (only a subprocess can be stopped by a timeout),
what reaches the real stderr when a crash ends the interpreter, a terminal.

An in-process run goes through `bot.cli.main` as the console script does (sys.argv, sys.exit), so its exit codes and
its stdout and stderr are the command's own. It starts from what a new process would have and gives back what the
process's exit would release: the environment is the one given (the caller's CAREERBOT_* variables removed), the
working directory a scratch one (no developer's .env), the root logger has no handlers, the warnings filters are
Python's defaults and are shown on stderr, and the caches of bot/ and ingest/ are empty (they keep files of the
knowledge directory a run was given); afterwards the project's exit handlers run, the log handlers the run added are
closed and the root logger is given back to pytest, and the Chroma clients the run opened are stopped.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import subprocess
import sys
import traceback
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from unittest import mock

from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
CAREERBOT = Path(sys.executable).with_name("careerbot")  # the console script `pip install -e .` put beside python
TIMEOUT = 240  # seconds: a process run that hangs fails the test instead of stalling the suite
PROJECT = ("bot", "ingest")


@dataclass(frozen=True)
class Result:
    """What a run of the command left: its exit code and everything it wrote, decoded as UTF-8 (newlines as
    written)."""

    returncode: int
    stdout: str
    stderr: str

    @property
    def exit_code(self) -> int:
        return self.returncode


def careerbot(*args: str | bytes, data_dir: Path, stdin: str | bytes | None = None,
              env: Mapping[str, str | None] | None = None, cwd: Path | None = None, process: bool = False) -> Result:
    """`careerbot ARGS` on this checkout's code, CAREERBOT_DATA_DIR=data_dir and the checkout's knowledge/ (unless
    `env` says otherwise; None unsets a variable), in cwd (default: data_dir's parent, created), with `stdin` as its
    standard input (default: empty). A bytes argument is passed as the bytes a shell would pass."""
    environment_ = environment(data_dir, env)
    cwd = cwd or data_dir.parent
    cwd.mkdir(parents=True, exist_ok=True)
    if process:
        if not CAREERBOT.is_file():
            raise FileNotFoundError(f"no careerbot script at {CAREERBOT}: install the checkout (make install)")
        return _in_a_process([str(CAREERBOT), *args], stdin, environment_, cwd)
    return _in_this_process([os.fsdecode(arg) for arg in args], stdin, environment_, cwd)


def python(*args: str | bytes, data_dir: Path, stdin: str | bytes | None = None,
           env: Mapping[str, str | None] | None = None, cwd: Path | None = None) -> Result:
    """`python ARGS` in a subprocess, in the environment and directory `careerbot` gets: for `python -m bot`, or
    `python -c` when a test changes the code before main() runs."""
    cwd = cwd or data_dir.parent
    cwd.mkdir(parents=True, exist_ok=True)
    return _in_a_process([sys.executable, *args], stdin, environment(data_dir, env), cwd)


def environment(data_dir: Path, env: Mapping[str, str | None] | None = None) -> dict[str, str]:
    """The caller's environment without its CAREERBOT_* settings, offline, on this checkout's code (PYTHONPATH,
    whatever checkout the virtual environment was installed from), the data directory and the checkout's
    documents; then `env`, where None unsets a variable."""
    values: dict[str, str | None] = {name: value for name, value in os.environ.items()
                                     if not name.startswith("CAREERBOT_")}
    values.update({"PYTHONPATH": str(REPO), "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1",
                   "ANONYMIZED_TELEMETRY": "False", "PYTHONIOENCODING": "utf-8",
                   "CAREERBOT_DATA_DIR": str(data_dir), "CAREERBOT_KNOWLEDGE_DIR": str(KNOWLEDGE), **(env or {})})
    return {name: value for name, value in values.items() if value is not None}


def _in_a_process(command: list[str | bytes], stdin: str | bytes | None, environment_: dict[str, str],
                  cwd: Path) -> Result:
    done = subprocess.run(command, input=stdin.encode("utf-8") if isinstance(stdin, str) else stdin,
                          stdin=subprocess.DEVNULL if stdin is None else None, capture_output=True, cwd=cwd,
                          env=environment_, timeout=TIMEOUT)
    return Result(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))


def _in_this_process(args: list[str], stdin: str | bytes | None, environment_: dict[str, str], cwd: Path) -> Result:
    from bot import cli

    unset = {name: None for name in os.environ if name not in environment_}
    before = dict(os.environ)
    try:
        with contextlib.chdir(cwd), mock.patch.object(sys, "argv", [str(CAREERBOT), *args]), \
                CliRunner().isolation(input=stdin, env={**unset, **environment_}) as (out, err, _):
            with _a_new_process():
                code = _exit_code(cli.main)
            sys.stdout.flush()  # with what the exit handlers wrote
            sys.stderr.flush()
            stdout, stderr = out.getvalue(), err.getvalue()
    finally:  # what the run itself set too (OMP_NUM_THREADS), not only what the runner set
        for name in set(os.environ) - set(before):
            del os.environ[name]
        os.environ.update({name: value for name, value in before.items() if os.environ.get(name) != value})
    return Result(code, stdout.decode("utf-8"), stderr.decode("utf-8"))


def _exit_code(main: Callable[[], Any]) -> int:
    """The exit status the interpreter would give `sys.exit(main())`."""
    try:
        code = main()
    except SystemExit as end:
        code = end.code
    if code is None or isinstance(code, int):
        return (code or 0) & 0xFF  # what the operating system keeps of it
    print(code, file=sys.stderr)  # sys.exit("message"): the message on stderr, status 1
    return 1


@contextlib.contextmanager
def _a_new_process() -> Iterator[None]:
    """The state of the interpreter as a new process has it, for one run; what its exit releases, after it."""
    root = logging.getLogger()
    pytest_root = dict(vars(root), handlers=list(root.handlers))
    levels = {name: logger.level for name, logger in logging.Logger.manager.loggerDict.items()
              if isinstance(logger, logging.Logger)}
    raise_exceptions = logging.raiseExceptions
    vars(root).clear()
    vars(root).update(vars(logging.RootLogger(logging.WARNING)))  # no handlers, WARNING, no marks of a setup
    root.setLevel(logging.WARNING)  # also clears the loggers' cached levels
    _clear_caches()
    systems = set(_chroma_systems())
    try:
        with warnings.catch_warnings(), _exit_handlers():
            warnings.resetwarnings()  # Python's default filters, last to first
            for action, category, module in [("ignore", ResourceWarning, ""), ("ignore", ImportWarning, ""),
                                              ("ignore", PendingDeprecationWarning, ""),
                                              ("ignore", DeprecationWarning, ""),
                                              ("default", DeprecationWarning, "__main__")]:
                warnings.filterwarnings(action, category=category, module=module)
            warnings.showwarning = _show_warning
            yield
    finally:
        for handler in root.handlers:  # logging.shutdown() at exit: the log file is flushed and closed
            with contextlib.suppress(Exception):
                handler.flush()
                handler.close()
        vars(root).clear()
        vars(root).update(pytest_root)
        root.setLevel(pytest_root["level"])
        for name, logger in logging.Logger.manager.loggerDict.items():
            if isinstance(logger, logging.Logger):
                logger.setLevel(levels.get(name, logging.NOTSET))
        logging.raiseExceptions = raise_exceptions
        for identifier in set(_chroma_systems()) - systems:  # the clients a process would have released by ending
            _stop_chroma_system(identifier)
        _clear_caches()


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: Any = None, line: str | None = None) -> None:
    sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


@contextlib.contextmanager
def _exit_handlers() -> Iterator[None]:
    """The exit handlers the project registers during the run are called at its end, as at the end of a process
    (another package's, registered when the run first imports it, stay for the real exit)."""
    register = atexit.register
    ours: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []

    def recorded(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Callable[..., Any]:
        if _ours(getattr(function, "__module__", None)):
            ours.append((function, args, kwargs))
        return register(function, *args, **kwargs)

    with mock.patch.object(atexit, "register", recorded):
        try:
            yield
        finally:
            for function, args, kwargs in reversed(ours):
                atexit.unregister(function)
                try:
                    function(*args, **kwargs)
                except Exception:  # noqa: BLE001 - the interpreter reports it on stderr and exits as it would have
                    print("Exception ignored in atexit callback", file=sys.stderr)
                    traceback.print_exc()


def _clear_caches() -> None:
    """Empty every functools cache of the project's code: its functions' and its classes' methods'."""
    for name, module in list(sys.modules.items()):
        if module is None or not _ours(name):
            continue
        for value in list(vars(module).values()):
            ours = isinstance(value, type) and _ours(value.__module__)
            for candidate in [value, *vars(value).values()] if ours else [value]:
                function = getattr(candidate, "__func__", candidate)  # a classmethod's or staticmethod's
                clear = getattr(function, "cache_clear", None)
                if callable(clear) and _ours(getattr(function, "__module__", None)):
                    clear()


def _ours(module: object) -> bool:
    return isinstance(module, str) and module.split(".")[0] in PROJECT


def _chroma_systems() -> dict[str, Any]:
    """Chroma's clients in this process, by path or server (empty while chromadb is not imported)."""
    shared = sys.modules.get("chromadb.api.shared_system_client")
    return shared.SharedSystemClient._identifier_to_system if shared else {}


def _stop_chroma_system(identifier: str) -> None:
    shared = sys.modules["chromadb.api.shared_system_client"].SharedSystemClient
    shared._identifier_to_refcount.pop(identifier, None)
    system = shared._identifier_to_system.pop(identifier, None)
    if system is not None:
        with contextlib.suppress(Exception):
            system.stop()
