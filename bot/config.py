"""Load settings and set up logging once per process, turning bad configuration into a user error."""

from __future__ import annotations

import contextlib
import logging
import sys
from logging.handlers import RotatingFileHandler

from pydantic import ValidationError

from bot.errors import UserFacingError
from bot.settings import Settings

QUIET_LIBRARIES = ("chromadb", "httpx", "httpcore", "sentence_transformers", "transformers", "urllib3", "discord")
LOG_FILE_BYTES, LOG_FILE_BACKUPS = 5_000_000, 3  # a long-running bot keeps at most 20 MB of log
FILE_ONLY = {"file_only": True}  # extra= for a record the user was already told about in their own words


def load_settings() -> Settings:
    """Settings from the environment and .env; an invalid value names the variable and why, not a traceback."""
    try:
        return Settings()
    except ValidationError as err:
        raise UserFacingError(invalid_configuration(err)) from err
    except UnicodeDecodeError as err:
        raise UserFacingError("the .env file is not UTF-8 text; save it as UTF-8") from err


def invalid_configuration(err: ValidationError) -> str:
    """Which variables are wrong and why, from pydantic's messages (which never repeat the value: it may be a
    secret)."""
    reasons = {"CAREERBOT_" + str(e["loc"][0]).upper(): _reason(e["msg"]) for e in err.errors() if e["loc"]}
    names = sorted(reasons)
    why = reasons[names[0]] if len(names) == 1 else "; ".join(f"{name}: {reasons[name]}" for name in names)
    return f"invalid configuration in {', '.join(names)}; {why}; see .env.example for the allowed values"


def _reason(message: str) -> str:
    """"Value error, shard ids must be …" → "shard ids must be …"; "Input should be …" → "it should be …"."""
    message = message.removeprefix("Value error, ")
    return "it should" + message.removeprefix("Input should") if message.startswith("Input should") else message


def described(err: UserFacingError) -> str:
    """The error in one line; when a data file is missing because the configured knowledge directory does not
    exist (an installed copy run where there is none), that is what to fix, whichever of its files was missed."""
    if not isinstance(err.__cause__, FileNotFoundError):
        return " ".join(str(err).split())
    try:
        knowledge = Settings().knowledge_dir
    except (ValidationError, UnicodeDecodeError):  # the settings' own error is the one to show
        knowledge = None
    if knowledge is not None and not knowledge.is_dir():
        return (f"no knowledge directory at '{knowledge}': set CAREERBOT_KNOWLEDGE_DIR to the directory that "
                "holds the documents, rates/ and vocabulary/")
    return " ".join(str(err).split())


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
