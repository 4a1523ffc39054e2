"""The payload harness, for the few tests whose point is an exact payload or REST call (each such module says why in
its docstring); every other Discord test runs in SimCord (tests/bot/discord/e2e/). A CareerBot wired to a recorder
instead of Discord's HTTP API, and payload builders for real discord.py objects.

Interactions and messages enter through discord.py's own gateway handlers (parse_interaction_create,
parse_message_create), the way discord.py's tests/test_app_commands_invoke.py builds Interactions from payloads;
every HTTP request discord.py would make is recorded and answered with a plausible payload. Also here, for the
runner and CLI tests (no member, no interaction): a fake runtime and a string shaped like a bot token.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import discord
import numpy as np
import pytest
from discord.webhook.async_ import AsyncWebhookAdapter

from bot.discord.client import CareerBot
from bot.discord.split import EMBED_DESCRIPTION_LIMIT, EMBED_TOTAL_LIMIT, MESSAGE_LIMIT
from bot.feedback.store import FeedbackStore
from bot.models import Answer, Source, Turn
from bot.rates.figures import FigureBook, default_book
from bot.settings import Settings
from ingest.pipeline import IngestReport

BOT_ID = 900_000_000_000_000_001
GUILD_ID = 900_000_000_000_000_100
CHANNEL_ID = 900_000_000_000_000_200
USER_ID = 900_000_000_000_000_400
MAINTAINER_ID = 900_000_000_000_000_600
TIMESTAMP = "2025-01-06T10:00:00+00:00"
EPHEMERAL = 64
VALID_TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz0123456789AB"  # shaped like one, not real
OPTION_TYPES = {str: 3, int: 4, bool: 5, float: 10}

_ids = itertools.count(910_000_000_000_000_000)


def next_id() -> int:
    """Unique snowflakes for messages and interactions."""
    return next(_ids)


# --- payloads ------------------------------------------------------------------------------------------------------


def user_payload(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name, "avatar": None,
            "bot": bot}


def member_payload(user_id: int, name: str) -> dict[str, Any]:
    return {"user": user_payload(user_id, name), "roles": [], "joined_at": TIMESTAMP, "deaf": False, "mute": False,
            "flags": 0, "permissions": "0"}


def text_channel_payload() -> dict[str, Any]:
    return {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID), "name": "careers", "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None, "topic": None, "rate_limit_per_user": 0,
            "last_message_id": None}


def thread_payload(thread_id: int, *, name: str) -> dict[str, Any]:
    return {"id": str(thread_id), "type": 11, "guild_id": str(GUILD_ID), "parent_id": str(CHANNEL_ID),
            "owner_id": str(BOT_ID), "name": name, "rate_limit_per_user": 0, "last_message_id": None,
            "message_count": 0, "member_count": 1, "flags": 0,
            "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "archive_timestamp": TIMESTAMP,
                                "locked": False}}


def guild_payload() -> dict[str, Any]:
    everyone = {"id": str(GUILD_ID), "name": "@everyone", "permissions": "0", "position": 0, "color": 0,
                "hoist": False, "managed": False, "mentionable": False, "flags": 0}
    return {"id": str(GUILD_ID), "name": "Backend Belgium", "icon": None, "owner_id": str(MAINTAINER_ID),
            "roles": [everyone], "emojis": [], "stickers": [], "features": [], "channels": [text_channel_payload()],
            "threads": [], "members": [], "member_count": 3, "unavailable": False, "large": False,
            "mfa_level": 0, "verification_level": 0, "default_message_notifications": 0,
            "explicit_content_filter": 0, "premium_tier": 0, "preferred_locale": "en-US", "nsfw_level": 0,
            "system_channel_flags": 0, "voice_states": [], "presences": [], "stage_instances": [],
            "guild_scheduled_events": [], "soundboard_sounds": []}


def message_payload(
    channel_id: int, author: dict[str, Any], content: str = "", *, embeds: Sequence[dict[str, Any]] = (),
    mentions: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """A guild message as the gateway delivers it."""
    data: dict[str, Any] = {
        "id": str(next_id()), "channel_id": str(channel_id), "author": author, "content": content,
        "timestamp": TIMESTAMP, "edited_timestamp": None, "tts": False, "mention_everyone": False,
        "mentions": list(mentions), "mention_roles": [], "attachments": [], "embeds": list(embeds),
        "pinned": False, "type": 0, "flags": 0, "components": [],
    }
    data["guild_id"] = str(GUILD_ID)
    data["member"] = {k: v for k, v in member_payload(int(author["id"]), author["username"]).items() if k != "user"}
    return data


def _options(options: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"name": name, "type": OPTION_TYPES[type(value)], "value": value} for name, value in options.items()]


def command_payload(name: str, *, user_id: int = USER_ID, **options: Any) -> dict[str, Any]:
    """An APPLICATION_COMMAND interaction in #careers as the gateway delivers it."""
    interaction_id = next_id()
    data: dict[str, Any] = {
        "id": str(interaction_id), "application_id": str(BOT_ID), "type": 2, "token": f"token-{interaction_id}",
        "version": 1, "attachment_size_limit": 8_388_608, "locale": "en-US", "app_permissions": "0",
        "entitlements": [], "authorizing_integration_owners": {},
        "data": {"id": str(next_id()), "name": name, "type": 1, "options": _options(options)},
        "context": 0, "guild_id": str(GUILD_ID), "channel": text_channel_payload(), "channel_id": str(CHANNEL_ID),
        "member": member_payload(user_id, "member"),
    }
    return data


# --- the recorder --------------------------------------------------------------------------------------------------


@dataclass
class Call:
    """One HTTP request discord.py made."""

    method: str
    template: str
    url: str
    payload: Any

    @property
    def token(self) -> str | None:
        match = re.search(r"/(?:interactions/\d+|webhooks/\d+)/(token-\d+)", self.url)
        return match.group(1) if match else None

    @property
    def is_initial_response(self) -> bool:
        return self.template.endswith("/callback")


@dataclass
class Recorder:
    """Stands in for Discord: records every request and returns payloads discord.py can parse."""

    calls: list[Call] = field(default_factory=list)
    channels: dict[str, int] = field(default_factory=dict)  # interaction token -> channel id
    on_request: Callable[[Call], None] | None = None

    async def webhook_request(self, route: Any, session: Any = None, **kwargs: Any) -> Any:
        """Replaces AsyncWebhookAdapter.request: interaction responses and follow-ups."""
        payload = kwargs.get("payload")
        if payload is None and kwargs.get("multipart"):
            payload = {"multipart": True}
        return self._answer(Call(route.method, route.path, route.url, payload))

    async def http_request(self, route: Any, **kwargs: Any) -> Any:
        """Replaces HTTPClient.request: channel messages, threads, history."""
        return self._answer(Call(route.method, route.path, route.url, kwargs.get("json")))

    def _answer(self, call: Call) -> Any:
        self.calls.append(call)
        if self.on_request:
            self.on_request(call)
        if call.is_initial_response:
            return {"interaction": {"id": call.url.split("/interactions/")[1].split("/")[0], "type": 2}}
        if call.method == "POST" and call.template == "/webhooks/{webhook_id}/{webhook_token}":
            return self._sent(self.channels.get(call.token or "", CHANNEL_ID), call.payload)
        if call.method == "PATCH" and call.template.endswith("@original"):
            return self._sent(self.channels.get(call.token or "", CHANNEL_ID), call.payload)
        if call.method == "POST" and call.template == "/channels/{channel_id}/messages":
            return self._sent(int(call.url.split("/channels/")[1].split("/")[0]), call.payload)
        if call.method == "POST" and call.template.endswith("/threads"):
            ids = re.findall(r"\d{15,}", call.url)
            return thread_payload(int(ids[1]), name=call.payload["name"])
        return None

    def _sent(self, channel_id: int, payload: dict[str, Any] | None) -> dict[str, Any]:
        payload = payload or {}
        data = message_payload(channel_id, user_payload(BOT_ID, "careerbot", bot=True), payload.get("content") or "",
                               embeds=payload.get("embeds", []))
        data["components"] = payload.get("components", [])
        return data

    # views over the calls

    def for_token(self, payload: dict[str, Any]) -> list[Call]:
        """The calls that answered one interaction."""
        return [c for c in self.calls if c.token == payload["token"]]


def _message_body(payload: dict[str, Any]) -> dict[str, Any] | None:
    """The message part of a request: callbacks wrap it in {"type", "data"}."""
    if "type" in payload and "data" in payload:
        return payload["data"] if payload["data"] and ("content" in payload["data"] or "embeds" in payload["data"]) \
            else None
    return payload if "content" in payload or "embeds" in payload else None


def body(call: Call) -> dict[str, Any]:
    """The message dict of a recorded call."""
    found = _message_body(call.payload)
    assert found is not None, call
    return found


def text_of(call: Call) -> str:
    """Everything a user would read in one recorded message."""
    data = body(call)
    parts = [data.get("content") or ""]
    for embed in data.get("embeds", []):
        parts += [embed.get("title", ""), embed.get("description", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
        parts.append(embed.get("footer", {}).get("text", ""))
    return "\n".join(p for p in parts if p)


def embed_length(embed: dict[str, Any]) -> int:
    """Discord's count for the 6,000-character limit: title, description, fields, footer, author."""
    fields = sum(len(f["name"]) + len(f["value"]) for f in embed.get("fields", []))
    return (len(embed.get("title", "")) + len(embed.get("description", "")) + fields
            + len(embed.get("footer", {}).get("text", "")) + len(embed.get("author", {}).get("name", "")))


def assert_within_limits(data: dict[str, Any]) -> None:
    """One message's content and embeds fit Discord's limits."""
    assert len(data.get("content") or "") <= MESSAGE_LIMIT
    assert len(data.get("embeds", [])) <= 10
    for embed in data.get("embeds", []):
        assert len(embed.get("title", "")) <= 256
        assert len(embed.get("description", "")) <= EMBED_DESCRIPTION_LIMIT
        assert len(embed.get("fields", [])) <= 25
        assert all(len(f["name"]) <= 256 and len(f["value"]) <= 1024 for f in embed.get("fields", []))
    assert sum(embed_length(e) for e in data.get("embeds", [])) <= EMBED_TOTAL_LIMIT


# --- fakes for the runtime -----------------------------------------------------------------------------------------


def make_answer(question: str, text: str = "A mid-level developer earns €3,800–€4,600 a month [1].",
                *, confident: bool = True, language: str = "en") -> Answer:
    source = Source(rank=1, doc_id="salaries-2024", title="Salaries 2024", section="Backend", path="knowledge/s.md",
                    url="https://example.org/salaries", score=0.9, text="…")
    return Answer(question=question, language=language, text=text, confident=confident, sources=[source])  # type: ignore[arg-type]


class FakeEngine:
    """Engine.answer's contract; records each call and the thread it ran on."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, list[Turn]]] = []
        self.threads: list[str] = []
        self.reply: Callable[[str, list[Turn]], Answer] = lambda q, h: make_answer(q)
        self.before: Callable[[], None] = lambda: None

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        self.before()
        self.calls.append((question, list(history)))
        self.threads.append(threading.current_thread().name)
        return self.reply(question, list(history))


@dataclass
class FakeDocument:
    doc_id: str
    title: str
    language: str
    year: int
    chunks: int
    source: str | None = None
    url: str | None = None


class FakeRuntime:
    """The Runtime contract (bot.discord.ports.Runtime) with an observable ingest."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.engine = FakeEngine()
        self.ingest_calls: list[bool] = []
        self.ingested_beside_answers: list[bool] = []
        self.ingest_progress: list[tuple[int, int]] = []  # what ingest tells its progress callback before the gate
        self.ingest_gate: threading.Event | None = None
        self.ingest_started = threading.Event()
        self.closed = False

    def documents(self) -> list[FakeDocument]:
        return [FakeDocument("salaries-2024", "Salaries 2024", "en", 2024, 12)]

    def last_ingested(self) -> datetime | None:
        return datetime(2025, 1, 6, tzinfo=UTC)

    def index_is_empty(self) -> bool:
        return False

    def question_vector_made(self, text: str) -> tuple[str, np.ndarray] | None:
        return None  # the fake engine embeds nothing: the first report makes the vector

    def figures(self) -> FigureBook:
        return default_book()

    def ingest(self, path: Path | None = None, dry_run: bool = False,
               progress: Callable[[int, int], None] | None = None, beside_answers: bool = False) -> IngestReport:
        self.ingest_calls.append(dry_run)
        self.ingested_beside_answers.append(beside_answers)
        for done, total in self.ingest_progress:
            if progress:
                progress(done, total)
        self.ingest_started.set()
        if self.ingest_gate is not None and not self.ingest_gate.wait(timeout=10):
            raise TimeoutError("the test never released the ingest")
        return IngestReport(documents=5, chunks=42, added=1, updated=2, removed=0, unchanged=2, seconds=1.5,
                            dry_run=dry_run, added_documents=["new-doc"], figures_checked=26)

    def close(self) -> None:
        self.closed = True


# --- the harness ---------------------------------------------------------------------------------------------------


class Harness:
    """Builds bots that share one recorder, data directory and feedback file."""

    def __init__(self, tmp_path: Path, recorder: Recorder) -> None:
        self.tmp_path = tmp_path
        self.recorder = recorder
        self.bots: list[CareerBot] = []

    def settings(self, **overrides: Any) -> Settings:
        values: dict[str, Any] = {"data_dir": self.tmp_path / "data", "maintainer_ids": [MAINTAINER_ID],
                                  "maintainer_role_ids": [], "guild_ids": [], "message_content": False}
        values.update(overrides)
        return Settings(_env_file=None, **values)  # type: ignore[call-arg]

    async def bot(self, runtime: Any = None, **overrides: Any) -> CareerBot:
        """A CareerBot with its features loaded, logged in as BOT_ID, its HTTP going to the recorder."""
        settings = self.settings(**overrides)
        feedback = FeedbackStore.in_data_dir(settings.data_dir)
        bot = CareerBot(settings=settings, runtime=runtime or FakeRuntime(settings), feedback=feedback)
        await bot.__aenter__()  # sets up the loop, like `async with bot` at the start of Client.start
        bot.http.request = self.recorder.http_request  # type: ignore[method-assign]
        state = bot._connection
        state.user = discord.ClientUser(state=state, data=user_payload(BOT_ID, "careerbot", bot=True))
        await bot.load_features()
        state.parse_guild_create(guild_payload())
        self.bots.append(bot)
        return bot

    async def close(self) -> None:
        for bot in self.bots:
            await bot.close()
            bot.feedback.close()

    async def interact(self, bot: CareerBot, payload: dict[str, Any]) -> None:
        """Deliver an interaction through the gateway handler and wait for what it scheduled."""
        self.recorder.channels[payload["token"]] = int(payload["channel_id"])
        await settle(lambda: bot._connection.parse_interaction_create(payload))

    async def message(self, bot: CareerBot, payload: dict[str, Any]) -> None:
        """Deliver a MESSAGE_CREATE event and wait for the listeners."""
        await settle(lambda: bot._connection.parse_message_create(payload))


async def settle(action: Callable[[], None]) -> None:
    """Run a gateway handler and await the tasks it created (command invocations, listeners, button callbacks)."""
    before = asyncio.all_tasks()
    action()
    created = asyncio.all_tasks() - before
    await asyncio.wait_for(asyncio.gather(*created), timeout=20)


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    recorder = Recorder()
    monkeypatch.setattr(AsyncWebhookAdapter, "request", recorder.webhook_request)
    return recorder


@pytest.fixture
async def harness(tmp_path: Path, recorder: Recorder) -> Any:
    harness = Harness(tmp_path, recorder)
    yield harness
    await harness.close()
