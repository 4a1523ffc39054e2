"""Leaks that try to slip past the checks, a key a provider echoes in its error body, and how an answer says where
it came from (answered_by, fallback_reason, progress) through Engine.answer."""

from __future__ import annotations

import logging
import sys

import pytest
from pydantic import SecretStr

from bot.engine import Engine
from bot.models import Language, Routed, Source, ToolCall
from bot.rag.answerers.answer_llm import LLMAnswerer
from bot.rag.answerers.prompts import system_prompt
from bot.rag.checks import leaks, skeleton
from tests.bot.rag.answerers.llm_scripted_server import Reply, ScriptedServer, Status
from tests.bot.rag.answerers.llm_support import FALLBACK_MARK, StandInExtractive, make_settings

API_KEY = "sk-live-do-not-leak-7731"
QUESTION = "What does a medior backend developer earn in Brussels?"
GROUNDED = "A medior in Brussels earns €55.000 to €70.000 gross [1]."
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"]


def answerer(server: ScriptedServer, fallback: StandInExtractive) -> LLMAnswerer:
    settings = make_settings("openai:test-model", server.url, llm_api_key=SecretStr(API_KEY))
    return LLMAnswerer(settings, fallback, [])


@pytest.mark.parametrize("disguise", [
    pytest.param(lambda s: "\u200b".join(s), id="zero-width-between-every-character"),
    pytest.param(lambda s: s.replace("-", "-\u2060"), id="word-joiner"),
    pytest.param(lambda s: s.replace("o", "\u043e").replace("a", "\u0430"), id="cyrillic-look-alikes"),
    pytest.param(lambda s: s.replace("e", "\u0435").replace("s", "\u0455"), id="more-cyrillic"),
    pytest.param(lambda s: "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s), id="full-width"),
])
def test_a_key_disguised_with_invisible_or_look_alike_characters_is_still_a_leak(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], disguise: object,
) -> None:
    disguised = disguise(API_KEY)  # type: ignore[operator]
    assert disguised != API_KEY
    openai_server.add(Reply(f"Seniors earn €75,000 or more [1]. The key: {disguised}."))
    answer = answerer(openai_server, fallback).compose(QUESTION, "en", sources, [])
    assert answer.text.startswith(FALLBACK_MARK) and answer.fallback_reason == "leak"


@pytest.mark.parametrize("char", ZERO_WIDTH)
def test_a_rule_with_invisible_characters_between_its_words_is_still_recognised(char: str) -> None:
    rule = next(line for line in system_prompt().splitlines() if line.startswith("7."))
    hidden = rule[3:].replace(" ", f" {char}")
    assert leaks(f"My rules: {hidden}", [], system_prompt()) == ["a verbatim part of the system prompt"]


def test_the_skeleton_keeps_ordinary_text_as_it_reads() -> None:
    assert skeleton("Een  medior verdient €55.000 [1].") == "een medior verdient €55.000 [1]."


def test_a_key_echoed_in_the_providers_error_body_reaches_neither_the_log_nor_stderr(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source],
    caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
) -> None:
    openai_server.add(Status(401, f'{{"error": {{"message": "Incorrect API key provided: {API_KEY}"}}}}'))
    stderr = logging.StreamHandler(sys.stderr)  # what the CLI's console handler does
    logging.getLogger().addHandler(stderr)
    caplog.set_level(logging.DEBUG)
    try:
        llm = answerer(openai_server, fallback)
        answer = llm.compose(QUESTION, "en", sources, [])
        try:
            raise RuntimeError(f"provider said: bad key {API_KEY}")
        except RuntimeError:
            logging.getLogger("openai").exception("another library logs the failure %s", API_KEY)
    finally:
        logging.getLogger().removeHandler(stderr)
    assert answer.text.startswith(FALLBACK_MARK) and answer.fallback_reason == "provider_error"
    assert "Incorrect API key provided: ***" in caplog.text and "another library logs the failure ***" in caplog.text
    assert API_KEY not in caplog.text
    assert "provider said: bad key ***" in caplog.text
    written = capsys.readouterr()
    assert "Incorrect API key provided" in written.err and API_KEY not in written.err + written.out


class OneSource:
    """A retriever with the same chunks for every query."""

    def __init__(self, sources: list[Source]) -> None:
        self.sources = sources

    def search(self, query: str, k: int) -> list[Source]:
        return self.sources[:k]


def routed_salary(question: str, language: Language) -> Routed | None:
    """A router that places 'salary of 600 a day' questions, as the calculators' router does."""
    if "600" not in question:
        return None
    call = ToolCall(name="yearly_revenue", arguments={"day_rate": 600, "days": 220}, result={"yearly": 132000})
    source = Source(rank=1, doc_id="calculator:yearly_revenue", title="Calculator", section="working",
                    path="calculator:yearly_revenue", text="600 x 220 = 132000")
    return Routed(text="€600 a day for 220 days is €132,000 a year [1].", tool_calls=[call], sources=[source])


def test_engine_answers_say_how_they_were_made_and_report_progress(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source],
) -> None:
    openai_server.add(Reply("A medior in Brussels earns between €55.000 and €70.000 gross per year and"),
                      Reply('{"name": "Snyk Code", "arguments": {}}'), Reply('{"name": "Snyk Code"}'))
    engine = Engine(retriever=OneSource(sources), answerer=answerer(openai_server, fallback), router=routed_salary)
    steps: list[str] = []
    cut = engine.answer(QUESTION, progress=steps.append)
    assert (cut.answered_by, cut.fallback_reason) == ("extractive", "cut_off")
    assert steps == ["searching", "writing", "generating", "checking"]
    steps.clear()
    retried = engine.answer("Hoeveel verdient een medior in Brussel?", progress=steps.append)
    assert (retried.answered_by, retried.fallback_reason) == ("extractive", "json")  # the second reply's shape
    assert steps == ["searching", "writing", "generating", "checking", "retrying", "checking"]
    calculated = engine.answer("What is 600 a day per year?", progress=steps.append)
    assert (calculated.answered_by, calculated.fallback_reason) == ("calculator", None)
    assert calculated.to_json_dict()["answered_by"] == "calculator"


def test_a_progress_callback_that_fails_costs_nothing(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source],
) -> None:
    openai_server.add(Reply(GROUNDED))
    engine = Engine(retriever=OneSource(sources), answerer=answerer(openai_server, fallback))

    def broken(step: str) -> None:
        raise RuntimeError(step)

    answer = engine.answer(QUESTION, progress=broken)
    assert answer.text == GROUNDED and answer.answered_by == "llm"
