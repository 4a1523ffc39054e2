"""The parts the engine wires together, as the engine sees them, and an answer's progress reports: below the engine,
so that the answerers can report progress without importing it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

from bot.models import Answer, Language, Routed, Source, Turn

log = logging.getLogger(__name__)

class Retriever(Protocol):
    """Ranked chunks for a query."""

    def search(self, query: str, k: int) -> list[Source]: ...


class Answerer(Protocol):
    """Writes the answer text from retrieved sources (extractive by default, an LLM optionally)."""

    def compose(self, question: str, language: Language, sources: list[Source], history: Sequence[Turn]) -> Answer: ...


Router = Callable[[str, Language], "Routed | None"]
# Told each step of an answer ("searching", "writing", "checking", "retrying"), so a front end can show progress.
Progress = Callable[[str], None]
_progress: ContextVar[Progress | None] = ContextVar("careerbot_progress", default=None)


def report(step: str) -> None:
    """Tell the current answer's progress callback what the answer is doing now; a failing callback is ignored."""
    callback = _progress.get()
    if callback is None:
        return
    try:
        callback(step)
    except Exception:  # noqa: BLE001 - showing progress must never cost the answer
        log.debug("progress callback failed on %r", step, exc_info=True)


@contextmanager
def reporting_to(progress: Progress | None) -> Iterator[None]:
    """Within this block (one answer, in its thread), `report` tells this callback."""
    token = _progress.set(progress)
    try:
        yield
    finally:
        _progress.reset(token)
