"""/ask: an answer as an embed with sources and vote buttons; a public answer opens a thread for follow-ups."""

# No `from __future__ import annotations`: the /ask signature is evaluated at runtime with the configured length cap.

import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.answering import answer_messages, ask_engine, remember, thinking_status, thread_name
from bot.discord.client import CareerBot
from bot.discord.error_replies import acknowledge, drop_public_thinking, follow_up, replace_thinking
from bot.discord.gates import question_cooldown
from bot.discord.i18n import say

log = logging.getLogger(__name__)

THREAD_ARCHIVE_MINUTES = 1440


class Ask(commands.Cog):
    """The /ask command; built per bot because the question's max_length comes from the settings."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot
        self.command = build_ask_command(self, bot.settings.max_question_chars)

    async def cog_load(self) -> None:
        """Register /ask on the tree (the command is not a class attribute, so the cog cannot do it)."""
        self.bot.tree.add_command(self.command)

    async def cog_unload(self) -> None:
        """Remove /ask again when the extension is unloaded."""
        self.bot.tree.remove_command(self.command.name)

    async def ask(self, interaction: discord.Interaction, question: str, private: bool) -> None:
        """Defer first, answer in the thread pool, then post the embed(s), the buttons and maybe a thread. An
        answer the engine is not confident of stays private (with a note why) and opens no thread."""
        await acknowledge(interaction, ephemeral=private)
        # A generated answer takes a while: the "thinking" message then shows what it is doing.
        status = thinking_status(interaction) if self.bot.settings.llm else None
        answer = await ask_engine(self.bot, question, status=status)
        unsure = not answer.confident and not private
        if unsure:
            await drop_public_thinking(interaction)
        private = private or unsure
        answer_id = await remember(self.bot, answer, private=private, asker=interaction.user.id)
        messages = answer_messages(answer, answer_id=answer_id, title=question, catalogue=self.bot.catalogue)
        if unsure:
            messages[0]["content"] = say("unsure_private", answer.language)
        first: discord.Message | None = None
        for kwargs in messages:
            if status is not None and first is None and not interaction.extras.get("followed_up"):
                sent: discord.Message = await replace_thinking(interaction, **kwargs)  # it shows a step now
            else:
                sent = await follow_up(interaction, ephemeral=private, **kwargs)
            first = first or sent
        if first is not None and not private and isinstance(interaction.channel, discord.TextChannel):
            await open_thread(interaction.channel, first, question)


async def open_thread(channel: discord.TextChannel, message: discord.Message, question: str) -> None:
    """Follow-ups go in a thread named after the question; a missing permission only costs the thread."""
    try:
        # Through the channel: a follow-up message carries no guild, so message.create_thread would refuse.
        await channel.create_thread(
            name=thread_name(question), message=message, auto_archive_duration=THREAD_ARCHIVE_MINUTES
        )
    except discord.HTTPException as error:
        log.warning("could not open a thread for an answer (HTTP %s)", error.status)


def build_ask_command(cog: Ask, max_chars: int) -> app_commands.Command:
    """The /ask command with `question` capped at the configured CAREERBOT_MAX_QUESTION_CHARS."""

    @app_commands.command(name="ask")
    @app_commands.describe(
        question="Your question, in English, Dutch or French",
        private="Only you see the answer, and no thread is opened",
    )
    @question_cooldown()
    async def ask(
        interaction: discord.Interaction, question: app_commands.Range[str, 1, max_chars], private: bool = False
    ) -> None:
        """Ask about backend careers in Belgium: salaries, rates, contracts, interviews."""
        await cog.ask(interaction, question, private)

    return ask


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Ask(bot))
