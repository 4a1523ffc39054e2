"""CareerBot: the discord.py client that holds the resources main() built and loads one extension per feature."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.discord.citations import Catalogue, load_catalogue
from bot.discord.cooldown import Budget
from bot.discord.error_replies import Refusal, send_error
from bot.discord.feedback_view import FeedbackButton
from bot.discord.i18n import CatalogueTranslator, interaction_language
from bot.discord.ports import Runtime
from bot.feedback.store import FeedbackStore, Pruned
from bot.settings import Settings

log = logging.getLogger(__name__)

WEEKLY_REPORT = "bot.discord.cogs.weekly_report"  # loaded only when CAREERBOT_REPORT_CHANNEL_ID is set
EXTENSIONS = (
    "bot.discord.cogs.ask",
    "bot.discord.cogs.conversation",
    "bot.discord.cogs.library",
    "bot.discord.cogs.report",
    "bot.discord.cogs.calculators",
    "bot.discord.cogs.help",
)

RETENTION_HOURS = 24  # how often the bot deletes what is older than CAREERBOT_FEEDBACK_RETENTION_DAYS

# What the invite link asks for: read and answer in channels, open and write in threads, embed links.
INVITE_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    create_public_threads=True,
    embed_links=True,
    read_message_history=True,
)


class GuildNotAllowed(Refusal):
    """The server is not on CAREERBOT_GUILD_IDS."""

    def __init__(self) -> None:
        super().__init__("guild_not_allowed")


def build_intents(settings: Settings) -> discord.Intents:
    """Only what the bot needs; message_content (privileged) only when the setting asks for it."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = settings.message_content
    return intents


def guild_allowed(settings: Settings, guild_id: int | None) -> bool:
    """DMs are always allowed; servers only when the allowlist is empty or names them."""
    return guild_id is None or not settings.guild_ids or guild_id in settings.guild_ids


class CareerTree(app_commands.CommandTree["CareerBot"]):
    """The command tree with the server allowlist and the one error handler."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        """Settle the reply language first (refusals use it), then refuse servers that are not on the allowlist."""
        interaction_language(interaction)
        if not guild_allowed(self.client.settings, interaction.guild_id):
            raise GuildNotAllowed()
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        """Every command error ends here: a user message, or a log entry with an id and a generic message."""
        await send_error(interaction, error)


def shard_options(settings: Settings) -> dict[str, object]:
    """discord.py's sharding arguments: none for one connection; else the total count and this process's ids
    (None: every shard of the count runs here)."""
    if settings.shard_count is None:
        return {}
    return {"shard_count": settings.shard_count, "shard_ids": list(settings.shard_ids) or None}


class CareerBot(commands.Bot):
    """The Discord front end; everything it needs is passed in, nothing is loaded at import time.

    With CAREERBOT_SHARD_COUNT set, `CareerBot(...)` builds a ShardedCareerBot (an AutoShardedBot) instead, so
    every caller gets the sharded client from the settings alone."""

    def __new__(cls, *args: object, settings: Settings, **kwargs: object) -> CareerBot:
        if cls is CareerBot and settings.shard_count is not None:
            cls = ShardedCareerBot
        return super().__new__(cls)

    def __init__(self, *, settings: Settings, runtime: Runtime | None, feedback: FeedbackStore | None) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=build_intents(settings),
            tree_cls=CareerTree,
            allowed_mentions=discord.AllowedMentions.none(),
            **shard_options(settings),
        )
        self.settings = settings
        self._runtime = runtime
        self._feedback = feedback
        self.budgets = {
            "questions": Budget(settings.cooldown_questions, settings.cooldown_seconds),
            "calculations": Budget(settings.cooldown_calculations, settings.cooldown_calculation_seconds),
        }
        self.catalogue: Catalogue = {}

    @property
    def runtime(self) -> Runtime:
        """The engine and index; absent only when the bot was built just to list its commands."""
        if self._runtime is None:
            raise RuntimeError("this CareerBot was built without a runtime")
        return self._runtime

    @property
    def feedback(self) -> FeedbackStore:
        """Where answers and votes are stored."""
        if self._feedback is None:
            raise RuntimeError("this CareerBot was built without a feedback store")
        return self._feedback

    async def setup_hook(self) -> None:
        """Runs once at login: load the features, start the daily retention pass and, when a channel is set for it,
        the weekly report; commands are synced only by `careerbot sync-commands`."""
        await self.load_features()
        if self._feedback is not None:
            self.retention.start()
            if self.settings.report_channel_id is not None:
                await self.load_extension(WEEKLY_REPORT)

    @tasks.loop(hours=RETENTION_HOURS)
    async def retention(self) -> None:
        """At start-up and then once a day: members' questions and votes are kept no longer than the setting says,
        also when nobody runs a report."""
        await prune_feedback(self.feedback, self.settings.feedback_retention_days)

    async def close(self) -> None:
        """Stop the retention loop before the connections go."""
        self.retention.cancel()
        await super().close()

    async def load_features(self) -> None:
        """The Dutch command names, every feature extension, the persistent feedback buttons, and (when the bot
        answers) the documents' citations."""
        await self.tree.set_translator(CatalogueTranslator())
        for name in EXTENSIONS:
            await self.load_extension(name)
        self.add_dynamic_items(FeedbackButton)
        if self._runtime is not None:
            await self.refresh_catalogue()

    async def refresh_catalogue(self) -> None:
        """Read the documents' publishers, years and links from the live index again (at start-up and after a
        re-ingest)."""
        self.catalogue = await asyncio.to_thread(load_catalogue, self.runtime)

    async def on_message(self, message: discord.Message, /) -> None:
        """No prefix commands: the conversation extension answers mentions, DMs and thread follow-ups."""

    async def on_ready(self) -> None:
        """Log who we are and where, so an operator can check the invite worked."""
        log.info("connected as %s (id %s) to %d servers", self.user, self.user and self.user.id, len(self.guilds))

    async def on_guild_join(self, guild: discord.Guild) -> None:
        """Leave servers that are not on the allowlist."""
        if not guild_allowed(self.settings, guild.id):
            log.warning("leaving server %s: not in CAREERBOT_GUILD_IDS", guild.id)
            await guild.leave()


async def prune_feedback(store: FeedbackStore, retention_days: int) -> Pruned | None:
    """One retention pass in the thread pool; a failure is logged, not raised (the loop must not stop, and the
    next pass deletes what this one could not)."""
    try:
        pruned = await asyncio.to_thread(store.prune, retention_days, now=discord.utils.utcnow())
    except Exception:  # noqa: BLE001 - see above
        log.exception("the feedback retention pass failed; it runs again in %d hours", RETENTION_HOURS)
        return None
    log.info("feedback retention: deleted %d questions and %d votes older than %d days", pruned.questions,
             pruned.votes, retention_days)
    return pruned


class ShardedCareerBot(CareerBot, commands.AutoShardedBot):
    """CareerBot over the shards of CAREERBOT_SHARD_COUNT / CAREERBOT_SHARD_IDS: Discord sends each server's events
    to one shard only (DMs to shard 0), so processes running disjoint shards with one token never answer twice."""

    async def on_shard_ready(self, shard_id: int) -> None:
        """One line per shard, so an operator sees which process runs which shards."""
        log.info("shard %s of %s ready", shard_id, self.shard_count)
