"""Mentions, DMs and follow-ups in the bot's threads, answered like /ask as a reply to the message."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import discord
from discord.ext import commands

from bot.discord.answering import answer_messages, ask_engine, remember
from bot.discord.client import CareerBot, guild_allowed
from bot.discord.error_replies import OnCooldown, describe
from bot.discord.i18n import locale_language, say
from bot.models import Language, Turn
from bot.text.language import question_language

log = logging.getLogger(__name__)

HISTORY_MESSAGES = 20


def strip_mention(content: str, bot_id: int) -> str:
    """The question without the bot's own mention."""
    return re.sub(rf"<@!?{bot_id}>", " ", content).strip()


def message_language(message: discord.Message, question: str) -> Language:
    """A message's replies follow its question's language; the server's language (or English) breaks a tie."""
    default = locale_language(message.guild.preferred_locale) if message.guild else "en"
    return question_language(question, default)


def turns_from_messages(messages: Iterable[discord.Message], bot_id: int) -> list[Turn]:
    """A conversation's turns, oldest first; an /ask answer's embed title holds the question it answered."""
    turns: list[Turn] = []
    for message in messages:
        for turn in _turns_of(message, bot_id):
            if turns and turns[-1].role == turn.role:
                turns[-1] = Turn(role=turn.role, text=turns[-1].text + "\n\n" + turn.text)
            else:
                turns.append(turn)
    return turns


def _turns_of(message: discord.Message, bot_id: int) -> list[Turn]:
    if message.author.id != bot_id:
        text = strip_mention(message.content, bot_id)
        return [Turn(role="user", text=text)] if text else []
    turns = [Turn(role="user", text=message.embeds[0].title)] if message.embeds and message.embeds[0].title else []
    text = "\n\n".join(e.description for e in message.embeds if e.description) or message.content
    return turns + ([Turn(role="assistant", text=text)] if text else [])


class Conversation(commands.Cog):
    """Answers messages addressed to the bot; reads only what Discord delivers without privileged intents."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        """Answer DMs, mentions and (with message content on) any message in the bot's own threads."""
        question = self.question_in(message)
        if question is None:
            return
        try:
            await self.answer(message, question)
        except Exception as error:  # noqa: BLE001 - every failure becomes a message with an error id
            context = f"message (guild {message.guild and message.guild.id}, user {message.author.id})"
            text, _ = describe(error, context, message_language(message, question))
            await self._reply_quietly(message, text)

    def question_in(self, message: discord.Message) -> str | None:
        """The question a message puts to the bot, or None when the message is not for the bot."""
        me = self.bot.user
        if me is None or message.author.bot or not guild_allowed(self.bot.settings, message.guild and message.guild.id):
            return None
        mentioned = any(user.id == me.id for user in message.mentions)
        unprompted = self.bot.settings.message_content and self.in_own_thread(message.channel)
        if message.guild is None or mentioned or unprompted:
            return strip_mention(message.content, me.id)
        return None

    def in_own_thread(self, channel: object) -> bool:
        """Threads the bot opened under its answers."""
        me = self.bot.user
        return isinstance(channel, discord.Thread) and me is not None and channel.owner_id == me.id

    async def answer(self, message: discord.Message, question: str) -> None:
        """Spend from the cooldown, gather the conversation so far, answer as a reply."""
        if not question:
            await message.reply(say("empty_question", message_language(message, question)), mention_author=False)
            return
        wait = self.bot.budgets["questions"].spend(message.author.id)
        if wait:
            await message.reply(OnCooldown(wait).text(message_language(message, question)), mention_author=False)
            return
        async with message.channel.typing():
            history = await self.history(message)
            answer = await ask_engine(self.bot, question, history)
            answer_id = await remember(self.bot, answer, private=message.guild is None,
                                       asker=message.author.id)
        for index, kwargs in enumerate(answer_messages(answer, answer_id=answer_id, catalogue=self.bot.catalogue)):
            if index == 0:
                await message.reply(**kwargs, mention_author=False)
            else:
                await message.channel.send(**kwargs)

    async def history(self, message: discord.Message) -> list[Turn]:
        """Recent turns of a bot thread or DM; elsewhere only the bot answer being replied to, if any."""
        if self.bot.user is None:
            return []
        channel = message.channel
        if self.in_own_thread(channel) or isinstance(channel, discord.DMChannel):
            earlier = [m async for m in channel.history(limit=HISTORY_MESSAGES, before=message)]
            starter = await self._starter(channel) if isinstance(channel, discord.Thread) else None
            return turns_from_messages(([starter] if starter else []) + earlier[::-1], self.bot.user.id)
        resolved = message.reference.resolved if message.reference else None
        if isinstance(resolved, discord.Message) and resolved.author.id == self.bot.user.id:
            return turns_from_messages([resolved], self.bot.user.id)
        return []

    async def _starter(self, thread: discord.Thread) -> discord.Message | None:
        """The /ask answer the thread was opened from (it lives in the parent channel, under the thread's id)."""
        if thread.starter_message is not None:
            return thread.starter_message
        if not isinstance(thread.parent, discord.TextChannel):
            return None
        try:
            return await thread.parent.fetch_message(thread.id)
        except discord.HTTPException:
            log.info("the starter message of thread %s is gone; answering without it", thread.id)
            return None

    async def _reply_quietly(self, message: discord.Message, text: str) -> None:
        try:
            await message.reply(text, mention_author=False)
        except discord.HTTPException:
            log.warning("could not deliver an error message to channel %s", message.channel.id, exc_info=True)


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Conversation(bot))
