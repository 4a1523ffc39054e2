"""What /ask, mentions, DMs and thread follow-ups share: ask the engine off the loop, store, render."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from bot.discord.citations import Catalogue
from bot.discord.feedback_view import feedback_view
from bot.discord.render import answer_embeds, clip, pack
from bot.models import Answer, Turn
from bot.text.catalogue import step_text
from bot.text.language import question_language

if TYPE_CHECKING:
    import discord

    from bot.discord.client import CareerBot

log = logging.getLogger(__name__)

THREAD_NAME_LIMIT = 100


async def ask_engine(bot: CareerBot, question: str, history: Sequence[Turn] = (),
                     status: Status | None = None) -> Answer:
    """Embedding, retrieval and any LLM call block, so they run in the thread pool; `status` (thinking_status)
    is told what the answer is doing while the member waits."""
    if status is None:
        return await asyncio.to_thread(bot.runtime.engine.answer, question, list(history))
    return await answer_with_progress(bot.runtime.engine, question, list(history), status)


# Progress while a local model writes (20-80 s): the step the engine reports, at most one edit a second (Discord
# rate-limits edits, and a member cannot read faster). The texts are fixed, so an edit can never ping or link.
PROGRESS_INTERVAL = 1.0
Status = Callable[[str], Awaitable[object]]


async def answer_with_progress(engine: Any, question: str, history: list[Turn], status: Status,
                               interval: float = PROGRESS_INTERVAL) -> Answer:
    """Answer in the thread pool and show each new step through `status`, an edit per interval at most."""
    language = question_language(question)
    steps: list[str] = []  # appended by the answering thread; the loop reads the latest
    work = asyncio.ensure_future(asyncio.to_thread(engine.answer, question, history, progress=steps.append))
    await showing_progress(work, lambda: step_text(steps[-1] if steps else "searching", language) + "…",
                           status, interval)
    return work.result()


async def showing_progress(work: asyncio.Future, latest: Callable[[], str | None], status: Status,
                           interval: float = PROGRESS_INTERVAL) -> str | None:
    """Until `work` is done, show `latest()` through `status` whenever it changed, an edit per interval at most;
    the text shown last (None: nothing was)."""
    shown = None
    while not work.done():
        text = latest()
        if text is not None and text != shown:
            shown = text
            await tell(status, text)
        await asyncio.wait({work}, timeout=interval)
    return shown


async def tell(status: Status, text: str) -> None:
    """One progress edit; a failed one is logged and forgotten (progress is a courtesy, the result still comes)."""
    try:
        await status(text)
    except Exception:  # noqa: BLE001 - see above
        log.warning("could not show progress", exc_info=True)


def thinking_status(interaction: discord.Interaction) -> Status:
    """Progress in the deferred reply: the "thinking" message shows the step until the answer is sent."""
    return lambda text: interaction.edit_original_response(content=text)


async def remember(bot: CareerBot, answer: Answer, *, private: bool, asker: int) -> int:
    """Store the answer for feedback with the asker's id (the store keeps only its salted hash, so the report can
    count distinct members) and the question's vector when retrieval made it; SQLite writes also stay off the
    loop."""
    runtime, store = bot.runtime, bot.feedback
    return await asyncio.to_thread(lambda: store.record_answer(
        answer, private=private, asker=asker, vector=runtime.question_vector_made(answer.question)))


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
