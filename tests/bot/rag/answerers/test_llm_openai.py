"""The LLM answerer driving the real LangChain OpenAI client against a scripted OpenAI-compatible server."""

from __future__ import annotations

import json
import logging

import pytest

from bot.models import Answer, Source, ToolCall
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

GROUNDED = "A medior in Brussels earns €55.000 to €70.000 gross [1]; freelancers charge €550 to €750 a day [2]."
QUESTION = "What does a medior backend developer earn in Brussels?"


def answerer(server_url: str, fallback: StandInExtractive, *, tools: bool = False, stream: bool = True,
             **settings: object) -> LLMAnswerer:
    """An answerer on the scripted server, with the test calculator offered for every question when asked."""
    settings = {"llm_tools": "on" if tools else "auto"} | settings
    return LLMAnswerer(make_settings("openai:test-model", server_url, **settings), fallback,
                       calculator_tools(TEST_CALCULATORS) if tools else [], stream=stream)


def ask(llm: LLMAnswerer, sources: list[Source], question: str = QUESTION) -> Answer:
    """The answer to an English question."""
    return llm.compose(question, "en", sources, [])


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "plain"])
def test_a_grounded_answer_with_citations_passes_the_checks(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], stream: bool
) -> None:
    openai_server.add(Reply(GROUNDED))
    answer = ask(answerer(openai_server.url, fallback, stream=stream), sources)
    assert answer.text == GROUNDED
    assert answer.confident is True and answer.sources == sources and answer.tool_calls == []
    assert answer.answered_by == "llm"
    request = openai_server.requests[0]
    assert request["model"] == "test-model" and bool(request.get("stream")) is stream
    assert request.get("max_completion_tokens", request.get("max_tokens")) == MAX_ANSWER_TOKENS
    assert openai_server.system_prompt() == system_prompt()
    assert "<<<SOURCE [1]" in request["messages"][-1]["content"]


def test_without_a_key_a_local_server_gets_a_placeholder(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply(GROUNDED))
    ask(answerer(openai_server.url, fallback), sources)
    assert openai_server.headers[0]["authorization"] == "Bearer not-needed"


def test_a_configured_key_is_sent_as_a_header_and_never_in_the_prompt(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply(GROUNDED))
    ask(answerer(openai_server.url, fallback, llm_api_key="sk-test-secret-1234"), sources)
    assert openai_server.headers[0]["authorization"] == "Bearer sk-test-secret-1234"
    assert "sk-test-secret-1234" not in json.dumps(openai_server.requests)


def test_an_invented_figure_is_replaced_by_the_extractive_answer(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], caplog: pytest.LogCaptureFixture
) -> None:
    openai_server.add(Reply("A medior in Brussels earns €85,000 gross [1]."))
    caplog.set_level(logging.WARNING, logger="bot.rag.answerers.answer_llm")
    answer = ask(answerer(openai_server.url, fallback), sources)
    assert answer.text.startswith(FALLBACK_MARK) and fallback.calls == [QUESTION]
    assert "85,000" not in answer.text
    assert "replaced by the extractive answer" in caplog.text and "85,000" in caplog.text


def test_a_citation_to_no_source_is_removed_and_the_answer_is_not_confident(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply("Seniors earn €75,000 or more [7]."))
    answer = ask(answerer(openai_server.url, fallback), sources)
    assert answer.text == "Seniors earn €75,000 or more."
    assert answer.confident is False and answer.answered_by == "llm"


@pytest.mark.parametrize("stream", [True, False], ids=["streamed", "plain"])
def test_a_calculator_tool_call_is_executed_and_cited(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], stream: bool
) -> None:
    openai_server.add(Reply(tool_calls=[("yearly_revenue", {"day_rate": 600, "days": 220})]),
                      Reply("At €600 a day for 220 days you invoice €132,000 a year [3], within the range [2]."))
    answer = ask(answerer(openai_server.url, fallback, tools=True, stream=stream), sources, "600 a day, per year?")
    assert answer.tool_calls == [ToolCall(name="yearly_revenue", arguments={"day_rate": 600, "days": 220},
                                          result={"day_rate": 600.0, "days": 220, "yearly_revenue": 132000.0})]
    assert answer.text.startswith("At €600 a day") and "[3]" in answer.text and answer.confident is True
    assert [s.rank for s in answer.sources] == [1, 2, 3] and answer.sources[2].doc_id == "calculator:yearly_revenue"
    assert [t["function"]["name"] for t in openai_server.requests[0]["tools"]] == ["yearly_revenue"]
    tool_reply = json.loads(openai_server.requests[1]["messages"][-1]["content"])
    assert tool_reply == {"cite_as": "[3]", "result": answer.tool_calls[0].result}


def test_a_figure_the_calculator_did_not_produce_is_replaced(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply(tool_calls=[("yearly_revenue", {"day_rate": 600, "days": 220})]),
                      Reply("You invoice €140,000 a year [3]."))
    answer = ask(answerer(openai_server.url, fallback, tools=True), sources)
    assert answer.text.startswith(FALLBACK_MARK) and answer.tool_calls == []


def test_bad_calculator_input_goes_back_to_the_model_as_an_error(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply(tool_calls=[("yearly_revenue", {"day_rate": 600, "days": 9999})]),
                      Reply("I could not compute that; rates are €550 to €750 a day [2]."))
    answer = ask(answerer(openai_server.url, fallback, tools=True), sources)
    assert answer.tool_calls == [] and answer.text.startswith("I could not compute")
    error = json.loads(openai_server.requests[1]["messages"][-1]["content"])["error"]
    assert "ValidationError" in error and "days" in error


def test_at_most_three_calculator_calls_an_answer(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    calls = [("yearly_revenue", {"day_rate": rate, "days": 200}) for rate in (550, 600, 650, 700, 750)]
    openai_server.add(Reply(tool_calls=calls), Reply("Rates run from €550 to €750 a day [2]."))
    answer = ask(answerer(openai_server.url, fallback, tools=True), sources)
    assert [call.arguments["day_rate"] for call in answer.tool_calls] == [550, 600, 650]
    replies = [json.loads(m["content"]) for m in openai_server.requests[1]["messages"] if m["role"] == "tool"]
    assert [("error" in reply) for reply in replies] == [False, False, False, True, True]
    assert "limit of 3" in replies[-1]["error"]


def test_a_model_that_never_stops_calling_tools_falls_back(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(*[Reply(tool_calls=[("yearly_revenue", {"day_rate": 600, "days": 200})])] * 4)
    answer = ask(answerer(openai_server.url, fallback, tools=True), sources)
    assert answer.text.startswith(FALLBACK_MARK) and len(openai_server.requests) == 4


def test_one_transient_failure_is_retried(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Status(503), Reply(GROUNDED))
    answer = ask(answerer(openai_server.url, fallback), sources)
    assert answer.text == GROUNDED and len(openai_server.requests) == 2


def test_a_client_error_is_not_retried(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Status(401, '{"error": {"message": "bad key"}}'), Reply(GROUNDED))
    answer = ask(answerer(openai_server.url, fallback), sources)
    assert answer.text.startswith(FALLBACK_MARK) and len(openai_server.requests) == 1


FAILURES: dict[str, list[Step]] = {
    "http-500": [Status(500), Status(500)],
    "slow": [Slow(5, Reply(GROUNDED))],
    "trickle": [Reply("x" * 400, chunk_delay=0.2)],
    "malformed-json": [Raw("{not json"), Raw("{not json")],
    "wrong-shape": [Raw('{"id": "x", "object": "chat.completion"}')] * 2,
    "garbage-sse": [Raw("data: {garbage\n\n", "text/event-stream")] * 2,
    "html": [Raw("<html>502 Bad Gateway</html>", "text/html")] * 2,
    "hangup": [Hangup(), Hangup()],
}


# A trickle only exists in a streamed response.
FAILURE_CASES = [(name, stream) for name in FAILURES for stream in (True, False) if stream or name != "trickle"]
TOO_SLOW = {"slow", "trickle"}  # cut off at the deadline; every other failure is retried once, then given up
ROOMY = 10 * TIMEOUT  # a budget a fast failure and its retry never use up, however busy the machine


@pytest.mark.parametrize(("failure", "stream"), FAILURE_CASES, ids=[f"{n}-{'streamed' if s else 'plain'}"
                                                                    for n, s in FAILURE_CASES])
def test_provider_failures_fall_back_after_one_retry_or_at_the_deadline(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source],
    caplog: pytest.LogCaptureFixture, failure: str, stream: bool,
) -> None:
    openai_server.add(*FAILURES[failure])
    caplog.set_level(logging.WARNING, logger="bot.rag.answerers.answer_llm")
    budget = TIMEOUT if failure in TOO_SLOW else ROOMY
    answer = ask(answerer(openai_server.url, fallback, stream=stream, llm_timeout=budget), sources)
    assert answer.text.startswith(FALLBACK_MARK) and fallback.calls == [QUESTION]
    assert "LLM provider failed, answering extractively" in caplog.text
    # the deadline or the client's own timeout, whichever a busy machine lets fire first
    timed_out = "fallback_reason=timeout" in caplog.text
    assert timed_out is (failure in TOO_SLOW)
    assert len(openai_server.requests) == (1 if failure in TOO_SLOW else 2)


def test_a_refused_connection_falls_back_without_waiting_for_the_deadline(
    fallback: StandInExtractive, sources: list[Source], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="bot.rag.answerers.answer_llm")
    answer = ask(answerer(f"http://127.0.0.1:{free_port()}/v1", fallback, llm_timeout=ROOMY), sources)
    assert answer.text.startswith(FALLBACK_MARK)
    assert "Connection error" in caplog.text and "TimeoutError" not in caplog.text
