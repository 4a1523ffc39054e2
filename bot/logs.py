"""Logging, set up once per process: one line per record on stderr, the details in careerbot.log in the data
directory."""

from __future__ import annotations

import contextlib
import logging
import sys
from logging.handlers import RotatingFileHandler

from bot.settings import Settings, load_settings

QUIET_LIBRARIES = ("chromadb", "httpx", "httpcore", "sentence_transformers", "transformers", "urllib3", "discord")
LOG_FILE_BYTES, LOG_FILE_BACKUPS = 5_000_000, 3  # a long-running bot keeps at most 20 MB of log
FILE_ONLY = {"file_only": True}  # extra= for a record the user was already told about in their own words


class OneLine(logging.Formatter):
    """stderr shows what happened in one line; the traceback is for the log file only."""

    def format(self, record: logging.LogRecord) -> str:
        return " ".join(f"{record.levelname} {record.name}: {record.getMessage()}".split())


def configure_logging(settings: Settings, console_level: int = logging.WARNING) -> None:
    """Warnings to stderr, everything at CAREERBOT_LOG_LEVEL to careerbot.log in the data directory."""
    root = logging.getLogger()
    if getattr(root, "_careerbot_configured", False):
        return
    root.setLevel(settings.log_level)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(console_level)
    console.setFormatter(OneLine())
    console.addFilter(lambda record: not getattr(record, "file_only", False))
    root.addHandler(console)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        file = RotatingFileHandler(settings.data_dir / "careerbot.log", maxBytes=LOG_FILE_BYTES,
                                   backupCount=LOG_FILE_BACKUPS, encoding="utf-8")
        file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(file)
    except OSError:  # a data directory that cannot be written fails the command with its own clear line
        logging.getLogger(__name__).info("cannot write a log file in %s", settings.data_dir)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    logging.raiseExceptions = False  # a log write that fails (a full disk) must not print a traceback on stderr
    root._careerbot_configured = True  # type: ignore[attr-defined]


def log_file_ready() -> bool:
    """Whether a failure's details can go to the log file, setting logging up if the command had not got that far."""
    with contextlib.suppress(Exception):  # the settings themselves may be what failed
        configure_logging(load_settings())
    root = logging.getLogger()
    if not root.handlers:
        root.addHandler(logging.NullHandler())  # else logging's last resort prints the traceback on stderr
    return any(isinstance(handler, logging.FileHandler) for handler in root.handlers)
