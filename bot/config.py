"""Load settings and set up logging once per process, turning bad configuration into a user error."""

from __future__ import annotations

import logging
import sys

from pydantic import ValidationError

from bot.errors import UserFacingError
from bot.settings import Settings

QUIET_LIBRARIES = ("chromadb", "httpx", "httpcore", "sentence_transformers", "transformers", "urllib3", "discord")


def load_settings() -> Settings:
    """Settings from the environment and .env; an invalid value names the variable instead of a traceback."""
    try:
        return Settings()
    except ValidationError as err:
        names = ", ".join(sorted({"CAREERBOT_" + str(e["loc"][0]).upper() for e in err.errors() if e["loc"]}))
        raise UserFacingError(f"invalid configuration in {names}; see .env.example for the allowed values") from err


def configure_logging(settings: Settings, console_level: int = logging.WARNING) -> None:
    """Warnings to stderr, everything at CAREERBOT_LOG_LEVEL to careerbot.log in the data directory."""
    root = logging.getLogger()
    if getattr(root, "_careerbot_configured", False):
        return
    root.setLevel(settings.log_level.upper())
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(console_level)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(console)
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        file = logging.FileHandler(settings.data_dir / "careerbot.log", encoding="utf-8")
        file.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(file)
    except OSError:
        logging.getLogger(__name__).warning("cannot write a log file in %s", settings.data_dir)
    for name in QUIET_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    root._careerbot_configured = True  # type: ignore[attr-defined]
