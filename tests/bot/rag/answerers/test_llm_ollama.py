"""The LLM answerer driving the real LangChain Ollama client against a scripted /api/chat server."""

from __future__ import annotations

import logging

import pytest
from pydantic import SecretStr

from bot.models import Source
from bot.rag.answerers.answer_llm import MAX_ANSWER_TOKENS, LLMAnswerer
from bot.rag.answerers.llm_tools import calculator_tools
from bot.rag.answerers.prompts import system_prompt
from tests.bot.rag.answerers.llm_scripted_server import (
    Hangup,
    Raw,
    Reply,
    ScriptedServer,
    Slow,
    Status,
    Step,
    free_port,
)
from tests.bot.rag.answerers.llm_support import (
    FALLBACK_MARK,
    TEST_CALCULATORS,
    TIMEOUT,
    StandInExtractive,
    make_settings,
)

GROUNDED = "Een medior in Brussel verdient €55.000 tot €70.000 bruto [1]; freelancers vragen €550 tot €750 per dag [2]."
QUESTION = "Wat verdient een medior backend developer in Brussel?"


def answerer(url: str, fallback: StandInExtractive, *, tools: bool = False, **settings: object) -> LLMAnswerer:
    """An answerer on the scripted Ollama server."""
    return LLMAnswerer(make_settings("ollama:llama3.1:8b", url, **settings), fallback,
                       calculator_tools(TEST_CALCULATORS) if tools else [])


def test_a_grounded_dutch_answer_passes_the_checks(
    ollama_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    ollama_server.add(Reply(GROUNDED))
    answer = answerer(ollama_server.url, fallback).compose(QUESTION, "nl", sources, [])
    assert answer.text == GROUNDED and answer.confident and answer.language == "nl" and answer.answered_by == "llm"
    request = ollama_server.requests[0]
    assert request["model"] == "llama3.1:8b" and request["stream"] is True
    assert request["options"]["num_predict"] == MAX_ANSWER_TOKENS and request["options"]["temperature"] == 0
    assert ollama_server.system_prompt() == system_prompt()
    assert "Answer in Dutch." in request["messages"][-1]["content"]


def test_a_key_reaches_an_ollama_behind_a_proxy_as_a_bearer_header(
    ollama_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    ollama_server.add(Reply(GROUNDED))
    answerer(ollama_server.url, fallback, llm_api_key=SecretStr("proxy-key-123")).compose(QUESTION, "nl", sources, [])
    assert ollama_server.headers[0]["authorization"] == "Bearer proxy-key-123"


def test_an_invented_figure_is_replaced(
    ollama_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    ollama_server.add(Reply("Een medior verdient €64.500 [1]."))
    answer = answerer(ollama_server.url, fallback).compose(QUESTION, "nl", sources, [])
    assert answer.text.startswith(FALLBACK_MARK)


def test_a_calculator_tool_call_is_executed_and_cited(
    ollama_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    ollama_server.add(Reply(tool_calls=[("yearly_revenue", {"day_rate": 650, "days": 210})]),
                      Reply("Aan €650 per dag en 210 dagen factureer je €136.500 per jaar [3]."))
    answer = answerer(ollama_server.url, fallback, tools=True).compose("650 per dag, 210 dagen?", "nl", sources, [])
    assert [(c.name, c.result["yearly_revenue"]) for c in answer.tool_calls] == [("yearly_revenue", 136500.0)]
    assert answer.text.endswith("[3].") and answer.confident and answer.answered_by == "llm"
    assert ollama_server.requests[0]["tools"][0]["function"]["name"] == "yearly_revenue"
    assert ollama_server.requests[1]["messages"][-1]["role"] == "tool"


FAILURES: dict[str, list[Step]] = {
    "http-500": [Status(500), Status(500)],
    "slow": [Slow(5, Reply(GROUNDED))],
    "trickle": [Reply("x" * 400, chunk_delay=0.2)],
    "malformed-json": [Raw("{not json"), Raw("{not json")],
    "wrong-shape": [Raw('{"unexpected": true}\n', "application/x-ndjson")] * 2,
    "hangup": [Hangup(), Hangup()],
}


TOO_SLOW = {"slow", "trickle"}  # cut off at the deadline; every other failure is retried once, then given up
ROOMY = 10 * TIMEOUT  # a budget a fast failure and its retry never use up, however busy the machine


@pytest.mark.parametrize("failure", list(FAILURES))
def test_provider_failures_fall_back_after_one_retry_or_at_the_deadline(
    ollama_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source],
    caplog: pytest.LogCaptureFixture, failure: str,
) -> None:
    ollama_server.add(*FAILURES[failure])
    caplog.set_level(logging.WARNING, logger="bot.rag.answerers.answer_llm")
    budget = TIMEOUT if failure in TOO_SLOW else ROOMY
    answer = answerer(ollama_server.url, fallback, llm_timeout=budget).compose(QUESTION, "nl", sources, [])
    assert answer.text.startswith(FALLBACK_MARK) and fallback.calls == [QUESTION]
    assert "LLM provider failed, answering extractively" in caplog.text
    # the deadline or the client's own timeout, whichever a busy machine lets fire first
    timed_out = "fallback_reason=timeout" in caplog.text
    assert timed_out is (failure in TOO_SLOW)
    assert len(ollama_server.requests) == (1 if failure in TOO_SLOW else 2)


def test_an_ollama_that_is_not_running_falls_back_without_waiting_for_the_deadline(
    fallback: StandInExtractive, sources: list[Source], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.rag.answerers.answer_llm")
    llm = answerer(f"http://127.0.0.1:{free_port()}", fallback, llm_timeout=ROOMY)
    answer = llm.compose(QUESTION, "nl", sources, [])
    assert answer.text.startswith(FALLBACK_MARK) and fallback.calls == [QUESTION]
    assert "LLM provider failed, answering extractively" in caplog.text and "TimeoutError" not in caplog.text
