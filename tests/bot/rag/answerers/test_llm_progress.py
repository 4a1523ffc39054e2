"""Progress a member can see while a model writes: the Discord status edits and the terminal chat's spinner."""

from __future__ import annotations

import asyncio
import io

import pytest
from rich.console import Console

from bot.discord.answering import answer_with_progress, thinking_status
from bot.engine import Engine
from bot.models import Source
from bot.rag.answerers.answer_llm import LLMAnswerer
from bot.terminal import commands
from bot.text.catalogue import step_text
from tests.bot.rag.answerers.llm_scripted_server import Reply, ScriptedServer, Slow
from tests.bot.rag.answerers.llm_support import StandInExtractive, make_settings

GROUNDED = "A medior in Brussels earns €55.000 to €70.000 gross [1]."
INTERVAL = 0.05


class Fixed:
    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources

    def search(self, query: str, k: int) -> list[Source]:
        return self.sources[:k]


def engine(server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]) -> Engine:
    llm = LLMAnswerer(make_settings("openai:test-model", server.url, llm_timeout=10.0), fallback, [])
    return Engine(retriever=Fixed(sources), answerer=llm)


class Edits:
    """Records each status edit and when the loop made it."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.times: list[float] = []

    async def __call__(self, text: str) -> None:
        self.texts.append(text)
        self.times.append(asyncio.get_running_loop().time())


def test_discord_status_shows_each_step_once_spaced_by_the_interval_then_the_answer_comes(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Slow(0.3, Reply("A medior in Brussels earns €55.000 to €70.000 gross")),
                      Slow(0.3, Reply(GROUNDED)))
    edits = Edits()
    answer = asyncio.run(answer_with_progress(engine(openai_server, fallback, sources), "Wat verdient een medior?",
                                              [], edits, interval=INTERVAL))
    assert answer.answered_by == "extractive" and answer.fallback_reason == "cut_off"
    assert edits.texts[0] == step_text("searching", "nl") + "…"
    assert step_text("writing", "nl") + "…" in edits.texts and len(edits.texts) == len(set(edits.texts))
    gaps = [later - earlier for earlier, later in zip(edits.times, edits.times[1:], strict=False)]
    assert all(gap >= INTERVAL * 0.9 for gap in gaps)  # the loop waits a whole interval after every edit
    assert all("@" not in text and "://" not in text for text in edits.texts)


def test_a_status_edit_that_fails_does_not_cost_the_answer(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Slow(0.2, Reply(GROUNDED)))

    async def failing(text: str) -> None:
        raise RuntimeError("Discord is down")

    answer = asyncio.run(answer_with_progress(engine(openai_server, fallback, sources), "What does a medior earn?",
                                              [], failing, interval=INTERVAL))
    assert answer.text == GROUNDED and answer.answered_by == "llm"


def test_thinking_status_edits_the_deferred_reply() -> None:
    class Deferred:
        def __init__(self) -> None:
            self.edits: list[dict[str, str]] = []

        async def edit_original_response(self, **kwargs: str) -> None:
            self.edits.append(kwargs)

    interaction = Deferred()
    asyncio.run(thinking_status(interaction)("Searching the documents…"))  # type: ignore[arg-type]
    assert interaction.edits == [{"content": "Searching the documents…"}]


def test_the_terminal_spinner_names_the_step_and_is_silent_when_not_a_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plain = Console(file=io.StringIO(), force_terminal=False)
    monkeypatch.setattr(commands, "out", plain)
    with commands.thinking("What does a medior earn?") as progress:
        assert progress is None
    terminal_output = io.StringIO()
    monkeypatch.setattr(commands, "out", Console(file=terminal_output, force_terminal=True, width=80))
    with commands.thinking("Wat verdient een medior?") as progress:
        assert progress is not None
        progress("checking")
    assert step_text("checking", "nl") in terminal_output.getvalue()
