"""What /ask, mentions, DMs and thread follow-ups share: ask the engine off the loop, store, render."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.discord.citations import Catalogue
from bot.discord.feedback_view import feedback_view
from bot.discord.render import answer_embeds, clip, pack
from bot.models import Answer, Turn

if TYPE_CHECKING:
    from bot.discord.client import CareerBot

THREAD_NAME_LIMIT = 100


async def ask_engine(bot: CareerBot, question: str, history: Sequence[Turn] = ()) -> Answer:
    """Embedding, retrieval and any LLM call block, so they run in the thread pool."""
    return await asyncio.to_thread(bot.runtime.engine.answer, question, list(history))


async def remember(bot: CareerBot, answer: Answer, *, private: bool) -> int:
    """Store the answer for feedback; SQLite writes also stay off the loop."""
    return await asyncio.to_thread(bot.feedback.record_answer, answer, private=private)


def answer_messages(answer: Answer, *, answer_id: int, title: str | None = None, catalogue: Catalogue | None = None
                    ) -> list[dict[str, Any]]:
    """Keyword arguments for each message of an answer; the vote buttons go under the last one."""
    embeds = answer_embeds(answer, title=title, catalogue=catalogue)
    messages: list[dict[str, Any]] = [{"embeds": part} for part in pack(embeds)]
    messages[-1]["view"] = feedback_view(answer_id)
    return messages


def thread_name(question: str) -> str:
    """A thread is named after the question that opened it."""
    return clip(question, THREAD_NAME_LIMIT)
