"""The bot end to end in SimCord, an in-memory Discord (REST and gateway) that runs the real discord.py client:
members type slash commands Discord validates, click buttons, write in threads and DMs.

One real runtime (the knowledge base ingested once per session, tests/conftest.py's `ingested`) answers every
test; each test gets a fresh Discord and bot. Members whose Discord client is Dutch are set with `world.dutch`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord
import simcord.interactions

from bot.discord.client import CareerBot
from bot.feedback.store import FeedbackStore
from bot.settings import Settings

# The first answer of a session embeds its question with a cold model; SimCord waits this long for the bot.
SETTLE_SECONDS = 120.0


class LocaleBook:
    """SimCord 3.2.1 sends every interaction with locale en-US; this gives chosen members their client's
    language, the way Discord sets `locale` on each interaction from the member's client."""

    def __init__(self) -> None:
        self.locales: dict[int, str] = {}

    def wrap(self, build: Callable[..., Any]) -> Callable[..., Any]:
        def with_locale(backend: Any, *, user_id: int, **kwargs: Any) -> Any:
            record, payload = build(backend, user_id=user_id, **kwargs)
            payload["locale"] = self.locales.get(user_id, payload["locale"])
            return record, payload

        return with_locale


@dataclass
class World:
    """A running SimCord environment with one server, a #careers channel, and members in several roles."""

    env: simcord.Env
    bot: CareerBot
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    member: simcord.MemberActor  # an ordinary member, English client
    dutch_member: simcord.MemberActor  # Dutch client (locale nl)
    french_member: simcord.MemberActor  # French client (locale fr)
    admin: simcord.MemberActor  # Manage Server, but not a listed maintainer
    maintainer: simcord.MemberActor  # listed in CAREERBOT_MAINTAINER_IDS (and Manage Server)
    stranger: simcord.UserHandle  # not in the server: DMs only
    feedback: FeedbackStore
    seen_errors: int = 0

    def errors(self) -> list[BaseException]:
        """The errors the bot's handlers got since the last look (a refusal is one: the tree's error handler
        answers it); the ones no test looked at fail the test at teardown."""
        new = list(self.env.errors_since(self.seen_errors))
        self.seen_errors += len(new)
        return new

    def bot_messages(self, channel: simcord.ChannelHandle) -> list[discord.Message]:
        """What the bot posted in a channel, oldest first (not Discord's notices such as "started a thread")."""
        return [m for m in channel.history()
                if m.author.id == self.bot.user.id and not m.is_system()]  # type: ignore[union-attr]


def make_bot(settings: Settings, runtime: Any, feedback: FeedbackStore) -> CareerBot:
    """The bot exactly as `careerbot run` builds it."""
    return CareerBot(settings=settings, runtime=runtime, feedback=feedback)


@pytest.fixture
def locales(monkeypatch: pytest.MonkeyPatch) -> LocaleBook:
    book = LocaleBook()
    monkeypatch.setattr(simcord.interactions, "base_payload", book.wrap(simcord.interactions.base_payload))
    return book


@pytest.fixture
def bot_settings(tmp_path: Path, ingested: Any) -> Callable[..., Settings]:
    """Settings for a bot over the shared runtime's knowledge base, overridable per test."""

    def make(**overrides: Any) -> Settings:
        values: dict[str, Any] = {"data_dir": tmp_path / "bot-data", "knowledge_dir": ingested.settings.knowledge_dir,
                                  "message_content": False, **overrides}
        return Settings(_env_file=None, **values)

    return make


async def open_world(settings: Settings, runtime: Any, feedback: FeedbackStore, locales: LocaleBook) -> World:
    """Start SimCord around a new bot, sync its commands, and build the server and its members."""
    bot = make_bot(settings, runtime, feedback)
    env = simcord.Env(bot, settle_timeout=SETTLE_SECONDS)
    await env.start()
    await bot.tree.sync()  # the bot never syncs on start; `careerbot sync-commands` does it once
    guild = env.create_guild(name="Backend Belgium")
    channel = guild.create_text_channel("careers")
    managers = guild.create_role("admins", permissions=discord.Permissions(manage_guild=True))
    member = guild.add_member(env.create_user("alice"))
    dutch_member = guild.add_member(env.create_user("jan"))
    french_member = guild.add_member(env.create_user("camille"))
    admin = guild.add_member(env.create_user("admin"), roles=[managers])
    maintainer = guild.add_member(env.create_user("maintainer"), roles=[managers])
    # Ids exist only once the members do; the cogs read the settings on every call.
    bot.settings = settings.model_copy(update={"maintainer_ids": [maintainer.id]})
    locales.locales[dutch_member.id] = "nl"
    locales.locales[french_member.id] = "fr"
    return World(env, bot, guild, channel, member, dutch_member, french_member, admin, maintainer,
                 env.create_user("bob"), feedback)


async def close_world(world: World) -> None:
    """Stop the bot; an error the bot swallowed without a test looking at it fails the test here."""
    try:
        await world.env.shutdown()
    finally:
        world.feedback.close()
    unexpected = world.errors()
    if unexpected:
        raise ExceptionGroup("the bot raised errors no test expected", unexpected)


@pytest.fixture
async def world(bot_settings: Callable[..., Settings], ingested: Any, locales: LocaleBook) -> AsyncIterator[World]:
    """The default world: the real runtime, default budgets."""
    settings = bot_settings()
    opened = await open_world(settings, ingested, FeedbackStore.in_data_dir(settings.data_dir), locales)
    yield opened
    await close_world(opened)


@pytest.fixture
async def world_with(bot_settings: Callable[..., Settings], ingested: Any, locales: LocaleBook
                     ) -> AsyncIterator[Callable[..., Any]]:
    """A world with other settings, another engine or another feedback store: `await world_with(runtime=...,
    feedback=..., **settings)` (one a test)."""
    opened: list[World] = []

    async def make(runtime: Any = None, feedback: FeedbackStore | None = None, **overrides: Any) -> World:
        settings = bot_settings(**overrides)
        made = await open_world(settings, runtime or ingested, feedback or FeedbackStore.in_data_dir(settings.data_dir),
                                locales)
        opened.append(made)
        return made

    yield make
    for made in opened:
        await close_world(made)


class WithEngine:
    """The shared runtime with another engine in front of it (an engine that fails, or writes a long answer)."""

    def __init__(self, runtime: Any, engine: Any) -> None:
        self._runtime = runtime
        self.engine = engine

    def __getattr__(self, name: str) -> Any:
        return getattr(self._runtime, name)


class RecordingEngine:
    """The shared runtime's engine, noting each question and the conversation it was asked with."""

    def __init__(self, runtime: Any) -> None:
        self.runtime = runtime
        self.calls: list[tuple[str, list[Any]]] = []

    def answer(self, question: str, history: Any = ()) -> Any:
        self.calls.append((question, list(history)))
        return self.runtime.engine.answer(question, history)

    def questions(self) -> list[str]:
        return [question for question, _ in self.calls]


def read(message: Any) -> str:
    """Everything a member reads in one message (a discord.Message or SimCord's ResponseMessage)."""
    parts = [message.content or ""]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or ""]
        parts += [f"{f.name} {f.value}" for f in embed.fields]
        parts.append(embed.footer.text or "")
    return "\n".join(part for part in parts if part)


def buttons(message: Any) -> list[str]:
    """The custom ids of a message's buttons, in order (discord.py's components or SimCord's payload dicts)."""
    ids = []
    for row in message.components:
        items = row.get("components", []) if isinstance(row, dict) else row.children
        ids += [item["custom_id"] if isinstance(item, dict) else item.custom_id for item in items]
    return [custom_id for custom_id in ids if custom_id]
