"""The LLM answerer's parts in-process, with LangChain's own fake chat model: log lines, retry decisions, the
second try's conversation, calculator replies to the model, calculator calls written as text, and the checks."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import httpx
import openai
import pytest
from langchain_core.language_models.fake_chat_models import FakeMessagesListChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage

from bot.models import Source, ToolCall, Turn
from bot.parts import reporting_to
from bot.rag.answerers.answer_extractive import ExtractiveAnswerer
from bot.rag.answerers.answer_llm import (
    Cancelled,
    Draft,
    LLMAnswerer,
    _ollama_client_kwargs,
    build_llm_answerer,
    describe,
    reply_text,
    retryable,
    stopped_at_limit,
)
from bot.rag.answerers.llm_tools import MAX_TOOL_CALLS, ToolFailure, calculator_tools, for_model, run_tool, tool_source
from bot.rag.answerers.prompts import build_messages, calculator_result
from bot.settings import Settings

BASE_URL = "http://127.0.0.1:9/v1"  # never contacted: every model here is a fake
QUESTION = "What does a medior backend developer earn in Brussels?"
SALARY_ARGS = {"level": "mid", "city": "brussels"}
GROUNDED = "A medior backend developer in Brussels earns between €55.000 and €70.000 gross per year [1]."
DUTCH = "Een medior backend developer in Brussel verdient tussen €55.000 en €70.000 bruto per jaar [1]."
FIRMER_FORMAT_NL = ("Your reply was not an answer. Reply with plain sentences only, in Dutch: no JSON, no code, "
                    "no tool call, no tags. Cite each sentence's document, such as [1].")
FIRMER_LANGUAGE_NL = ("Your reply was not in Dutch. Write the whole answer in Dutch only, also where the documents "
                      "are in another language. Cite each sentence's document, such as [1].")


class ScriptedChatModel(FakeMessagesListChatModel):
    """LangChain's fake chat model, remembering each conversation it was sent. The fake's BaseChatModel.bind_tools
    raises NotImplementedError; replies here are scripted, so binding the calculators changes nothing but must
    work, and returns the model itself."""

    received: list[list[BaseMessage]] = []

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.received = [*self.received, list(messages)]
        return super()._generate(messages, *args, **kwargs)

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> ScriptedChatModel:
        return self


def settings(**overrides: Any) -> Settings:
    """Settings that ignore the developer's environment and .env file."""
    values: dict[str, Any] = {"llm": "openai:test", "llm_base_url": BASE_URL, "llm_timeout": 5.0,
                              "llm_api_key": None}
    return Settings(_env_file=None, **(values | overrides))


def answerer(*replies: AIMessage, **overrides: Any) -> LLMAnswerer:
    """The answerer with the real extractive fallback and calculators, over a scripted fake model."""
    model = ScriptedChatModel(responses=list(replies) or [AIMessage("unused")])
    return LLMAnswerer(settings(**overrides), ExtractiveAnswerer(), calculator_tools(), model=model, stream=False)


@pytest.fixture
def tools() -> dict[str, Any]:
    return {tool.name: tool for tool in calculator_tools()}


def salary_run(tools: dict[str, Any]) -> ToolCall:
    return ToolCall(name="salary", arguments=SALARY_ARGS, result=run_tool(tools["salary"], SALARY_ARGS))


@pytest.fixture
def steps() -> Iterator[list[str]]:
    """The progress steps reported while a test runs (what Engine.answer's progress callback would be told)."""
    told: list[str] = []
    with reporting_to(told.append):
        yield told


# describe: the log line for a provider failure


def test_describe_is_the_type_and_the_first_line_only() -> None:
    assert describe(ValueError("the server said no\nTraceback (most recent call last):")) == \
        "ValueError: the server said no"


def test_describe_masks_the_secrets_a_message_echoes() -> None:
    assert describe(RuntimeError("key sk-live-123 was refused"), ["sk-live-123"]) == "RuntimeError: key *** was refused"


def test_describe_keeps_300_characters_of_a_long_line() -> None:
    assert describe(ValueError("x" * 400)) == "ValueError: " + "x" * 300


@pytest.mark.parametrize("message", ["", "  \n  "])
def test_describe_is_the_type_name_alone_for_an_empty_message(message: str) -> None:
    assert describe(Cancelled(message)) == "Cancelled"


# stopped_at_limit and reply_text


@pytest.mark.parametrize(("metadata", "stopped"), [
    ({"finish_reason": "length"}, True), ({"done_reason": "length"}, True),
    ({"finish_reason": "stop"}, False), ({"done_reason": "stop"}, False),
    ({"finish_reason": "tool_calls", "done_reason": "stop"}, False), ({}, False),
])
def test_stopped_at_limit_reads_openai_and_ollama_spellings(metadata: dict[str, str], stopped: bool) -> None:
    assert stopped_at_limit(AIMessage("A medior earns €55.000 [1]", response_metadata=metadata)) is stopped


def test_reply_text_drops_think_blocks() -> None:
    assert reply_text(AIMessage("<think>Which source?</think>\nA medior earns €55.000 [1].")) == \
        "A medior earns €55.000 [1]."


# retryable


def status_error(status: int) -> openai.APIStatusError:
    response = httpx.Response(status, request=httpx.Request("POST", BASE_URL + "/chat/completions"))
    return openai.APIStatusError(f"HTTP {status}", response=response, body=None)


@pytest.mark.parametrize(("status", "again"), [(400, False), (404, False), (408, True), (429, True), (500, True)])
def test_retryable_by_status(status: int, again: bool) -> None:
    assert retryable(status_error(status)) is again


def test_retryable_without_a_status_and_never_after_cancellation() -> None:
    assert retryable(ConnectionError("reset by peer")) is True
    assert retryable(Cancelled("time budget used up")) is False


# configuration


def test_ollama_client_kwargs_with_and_without_a_key() -> None:
    assert _ollama_client_kwargs(settings(llm_timeout=7.5)) == {"timeout": 7.5}
    assert _ollama_client_kwargs(settings(llm_timeout=7.5, llm_api_key="")) == {"timeout": 7.5}
    assert _ollama_client_kwargs(settings(llm_timeout=7.5, llm_api_key="ol-key")) == {
        "timeout": 7.5, "headers": {"Authorization": "Bearer ol-key"}}


def test_build_llm_answerer_is_the_fallback_itself_without_a_model() -> None:
    fallback = ExtractiveAnswerer()
    assert build_llm_answerer(settings(llm=None), fallback) is fallback


def test_build_llm_answerer_offers_exactly_the_tools_given() -> None:
    fallback = ExtractiveAnswerer()
    salary = [tool for tool in calculator_tools() if tool.name == "salary"]
    built = build_llm_answerer(settings(), fallback, salary)
    assert isinstance(built, LLMAnswerer) and built.fallback is fallback
    assert list(built.tools) == ["salary"]
    assert build_llm_answerer(settings(), fallback, []).tools == {}


# the second try's conversation


def test_a_wrong_language_answer_stays_in_the_retry_to_be_rewritten(sources: list[Source]) -> None:
    messages = build_messages("Wat verdient een medior in Brussel?", "nl", sources, [])
    retry = LLMAnswerer._retry_messages(messages, Draft(text=GROUNDED), "language", "nl")
    assert retry[:-2] == messages and len(retry) == len(messages) + 2
    assert type(retry[-2]) is AIMessage and retry[-2].content == GROUNDED
    assert type(retry[-1]) is HumanMessage and retry[-1].content == FIRMER_LANGUAGE_NL


def test_a_reply_in_the_wrong_form_is_left_out_of_the_retry(sources: list[Source]) -> None:
    messages = build_messages("Wat verdient een medior in Brussel?", "nl", sources, [])
    retry = LLMAnswerer._retry_messages(messages, Draft(text='{"answer": 1}'), "format", "nl")
    assert retry[:-1] == messages and len(retry) == len(messages) + 1
    assert type(retry[-1]) is HumanMessage and retry[-1].content == FIRMER_FORMAT_NL


def test_compose_retries_a_wrong_language_answer_with_it_and_the_firmer_message(sources: list[Source]) -> None:
    llm = answerer(AIMessage(GROUNDED), AIMessage(DUTCH))
    answer = llm.compose("Wat verdient een medior backend developer in Brussel?", "nl", sources, [])
    assert (answer.answered_by, answer.text) == ("llm", DUTCH)
    first, second = llm.model.received
    assert second[:-2] == first
    assert second[-2].content == GROUNDED and second[-1].content == FIRMER_LANGUAGE_NL


# a calculator call's reply to the model


def call(name: str, args: dict[str, Any], call_id: str | None = "call_1") -> dict[str, Any]:
    return {"name": name, "args": args, "id": call_id, "type": "tool_call"}


def test_tool_content_refuses_a_tool_that_is_not_offered(tools: dict[str, Any]) -> None:
    draft = Draft()
    offered = {"salary": tools["salary"], "convert": tools["convert"]}
    content = answerer()._tool_content(call("shell", {"cmd": "ls"}), draft, offered, first_rank=3)
    assert content == json.dumps({"error": "no tool named 'shell'; only ['convert', 'salary'] exist"})
    assert draft == Draft()


def test_tool_content_refuses_past_the_cap(tools: dict[str, Any]) -> None:
    runs = [salary_run(tools)] * MAX_TOOL_CALLS
    draft = Draft(tool_calls=list(runs))
    content = answerer()._tool_content(call("salary", SALARY_ARGS), draft, tools, first_rank=3)
    assert content == '{"error": "limit of 3 calculator calls reached; answer now"}'
    assert draft.tool_calls == runs and draft.sources == []


def test_tool_content_hands_a_failure_back_as_written(tools: dict[str, Any]) -> None:
    arguments = {"level": "mid", "city": "Mars"}
    with pytest.raises(ToolFailure) as failure:
        run_tool(tools["salary"], arguments)
    draft = Draft()
    content = answerer()._tool_content(call("salary", arguments), draft, tools, first_rank=3)
    assert content == json.dumps({"error": str(failure.value)}, ensure_ascii=False)
    assert content.startswith('{"error": "ValidationError: city: Value error, unknown city \'Mars\'')
    assert "liège" in content  # not escaped: a small model reads the city as written
    assert draft == Draft()


def test_tool_content_records_the_run_and_cites_after_the_sources_already_recorded(tools: dict[str, Any]) -> None:
    earlier = salary_run(tools)
    draft = Draft(tool_calls=[earlier], sources=[tool_source(earlier, rank=3)])
    content = answerer()._tool_content(call("salary", SALARY_ARGS), draft, tools, first_rank=3)
    record = salary_run(tools)
    assert content == json.dumps({"cite_as": "[4]", "result": for_model(record.result)}, ensure_ascii=False)
    assert json.loads(content)["cite_as"] == "[4]" and "€52,500" in content
    assert draft.tool_calls == [earlier, record]
    assert draft.sources == [tool_source(earlier, rank=3), tool_source(record, rank=4)]


def test_run_tools_answers_each_call_by_its_id(tools: dict[str, Any]) -> None:
    reply = AIMessage("", tool_calls=[call("salary", SALARY_ARGS, "call_7"), call("shell", {}, None)])
    messages = answerer()._run_tools(reply, Draft(), tools, first_rank=3)
    assert [type(message) for message in messages] == [ToolMessage, ToolMessage]
    assert [message.tool_call_id for message in messages] == ["call_7", ""]
    assert json.loads(messages[0].content)["cite_as"] == "[3]"


def test_compose_runs_a_tool_call_and_hands_the_model_its_result(sources: list[Source], tools: dict[str, Any]
                                                                 ) -> None:
    text = "In Brussels a mid-level developer earns €52,500 to €86,250 gross a year [3]."
    llm = answerer(AIMessage("", tool_calls=[call("salary", SALARY_ARGS, "call_1")]), AIMessage(text),
                   llm_tools="on")
    answer = llm.compose(QUESTION, "en", sources, [])
    record = salary_run(tools)
    assert (answer.answered_by, answer.text, answer.tool_calls) == ("llm", text, [record])
    assert answer.sources == [*sources, tool_source(record, rank=3)]
    handed = llm.model.received[1][-1]
    assert isinstance(handed, ToolMessage) and handed.tool_call_id == "call_1"
    assert handed.content == json.dumps({"cite_as": "[3]", "result": for_model(record.result)}, ensure_ascii=False)


# a calculator call written as text

TEXT_CALL = '<tool_call>{"name": "salary", "arguments": {"level": "mid", "city": "brussels"}}</tool_call>'


def test_text_that_is_no_tool_call_is_not_run(tools: dict[str, Any]) -> None:
    # Valid JSON naming a calculator, but not in the {"name": …, "arguments": …} shape the checks call tool text.
    draft = Draft(text='{"arguments": {"level": "mid", "city": "brussels"}, "name": "salary"}')
    assert answerer()._text_tool_call(draft, tools, first_rank=3) is None
    assert (draft.tool_calls, draft.sources) == ([], [])


def test_a_text_tool_call_at_the_cap_is_not_run(tools: dict[str, Any]) -> None:
    runs = [salary_run(tools)] * MAX_TOOL_CALLS
    draft = Draft(text=TEXT_CALL, tool_calls=list(runs))
    assert answerer()._text_tool_call(draft, tools, first_rank=3) is None
    assert (draft.tool_calls, draft.sources) == (runs, [])


@pytest.mark.parametrize("text", [
    '<tool_call>{"name": "salary", "arguments": {"level": "mid", "city": "Mars"}}</tool_call>',
    '<tool_call>{"name": "shell", "arguments": {"cmd": "ls"}}</tool_call>',
    '<tool_call>{"name": "salary", "arguments": {"level": "mid", "planet": "Mars"}}</tool_call>',
])
def test_a_refused_text_tool_call_is_not_run_nor_recorded(tools: dict[str, Any], text: str) -> None:
    draft = Draft(text=text)
    assert answerer()._text_tool_call(draft, tools, first_rank=3) is None
    assert (draft.tool_calls, draft.sources) == ([], [])


def test_a_good_text_tool_call_is_run_recorded_and_handed_back(tools: dict[str, Any]) -> None:
    earlier = salary_run(tools)
    draft = Draft(text=TEXT_CALL, tool_calls=[earlier], sources=[tool_source(earlier, rank=3)])
    ran = answerer()._text_tool_call(draft, tools, first_rank=3)
    record = salary_run(tools)
    assert ran == ("salary", 4, json.dumps(for_model(record.result), ensure_ascii=False))
    assert "€52,500" in ran[2]  # not escaped
    assert draft.tool_calls == [earlier, record]
    assert draft.sources == [tool_source(earlier, rank=3), tool_source(record, rank=4)]


# the checks


def test_checked_reports_the_step(sources: list[Source], steps: list[str]) -> None:
    answerer()._checked(QUESTION, "en", sources, [], Draft(text=GROUNDED))
    assert steps == ["checking"]


def test_a_long_draft_is_cut_at_its_last_whole_sentence(sources: list[Source]) -> None:
    sentence = GROUNDED + " "
    answer, review = answerer()._checked(QUESTION, "en", sources, [], Draft(text=sentence * 15))
    assert answer is not None and review.reasons == []
    assert answer.text == (sentence * 12).strip()  # 12 sentences of 93 characters fit in 1200, 13 do not


def test_a_long_draft_without_a_sentence_end_is_cut_off(sources: list[Source]) -> None:
    answer, review = answerer()._checked(QUESTION, "en", sources, [], Draft(text="developer " * 130))
    assert answer is None and review.reasons[0] == "cut_off"


def test_a_draft_the_provider_stopped_at_the_limit_is_cut_off(sources: list[Source]) -> None:
    answer, review = answerer()._checked(QUESTION, "en", sources, [], Draft(text=GROUNDED, truncated=True))
    assert answer is None and review.reasons == ["cut_off"]


def test_a_draft_in_the_other_language_is_rejected(sources: list[Source]) -> None:
    answer, review = answerer()._checked(QUESTION, "en", sources, [], Draft(text=DUTCH))
    assert answer is None and review.reasons == ["language"]


def test_a_checked_draft_is_the_llm_answer_with_its_calculator_runs(sources: list[Source], tools: dict[str, Any]
                                                                    ) -> None:
    record = salary_run(tools)
    text = "In Brussels a mid-level developer earns €52,500 to €86,250 gross a year [3]."
    draft = Draft(text=text, tool_calls=[record], sources=[tool_source(record, rank=3)])
    answer, review = answerer()._checked(QUESTION, "en", sources, [], draft)
    assert answer is not None and review.reasons == []
    assert (answer.question, answer.language, answer.text, answer.confident) == (QUESTION, "en", text, True)
    assert (answer.answered_by, answer.fallback_reason) == ("llm", None)
    assert answer.sources == [*sources, tool_source(record, rank=3)]
    assert answer.tool_calls == [record]


# compose: why the fallback answered, and the steps it reports

QUESTION = "What does a medior backend developer earn in Brussels?"


class FailingChatModel(ScriptedChatModel):
    """A provider whose every call fails with the given exception."""

    failure: Any = None

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        self.received = [*self.received, list(messages)]
        raise self.failure


class ReadTimeout(Exception):
    """A client library's own timeout, known only by its name."""


def test_a_question_the_documents_do_not_answer_never_reaches_the_model(sources: list[Source]) -> None:
    llm = answerer(AIMessage(GROUNDED))
    answer = llm.compose("Which pizza should I order tonight?", "en", sources, [])
    assert (answer.answered_by, answer.fallback_reason, answer.confident) == ("extractive", "not_in_documents", False)
    assert answer.text.startswith("I can't answer that from the documents I have.")
    assert llm.model.received == []


@pytest.mark.parametrize(("failure", "reason"), [
    (RuntimeError("refused"), "provider_error"), (TimeoutError("slow"), "timeout"), (ReadTimeout("slow"), "timeout"),
])
def test_a_failing_provider_is_answered_extractively_with_the_reason(sources: list[Source], failure: Exception,
                                                                     reason: str) -> None:
    model = FailingChatModel(responses=[AIMessage("unused")], failure=failure)
    llm = LLMAnswerer(settings(), ExtractiveAnswerer(), calculator_tools(), model=model, stream=False)
    answer = llm.compose(QUESTION, "en", sources, [])
    assert (answer.answered_by, answer.fallback_reason) == ("extractive", reason)
    assert answer.confident and "€55.000 and €70.000" in answer.text


def test_a_checked_answer_reports_generating_then_checking(sources: list[Source], steps: list[str]) -> None:
    answer = answerer(AIMessage(GROUNDED)).compose(QUESTION, "en", sources, [])
    assert (answer.answered_by, answer.fallback_reason) == ("llm", None)
    assert steps == ["generating", "checking"]


def test_a_second_wrong_reply_is_refused_with_the_second_reason(sources: list[Source], steps: list[str]) -> None:
    llm = answerer(AIMessage(DUTCH), AIMessage('{"answer": "€55.000"}'))
    answer = llm.compose(QUESTION, "en", sources, [])
    assert (answer.answered_by, answer.fallback_reason) == ("extractive", "json")
    assert steps == ["generating", "checking", "retrying", "checking"]
    assert len(llm.model.received) == 2 and llm.model.received[1][0] == llm.model.received[0][0]


# which calculators are offered, what a figure may come from, how long the tool loop runs

@pytest.mark.parametrize(("mode", "question", "offered"), [
    ("on", "Tips for an interview?", True), ("off", "How much does a junior earn?", False),
    ("auto", "How much is €60,000 a year per month?", True), ("auto", "How much does a junior earn?", False),
])
def test_tools_for_follows_the_setting_and_the_question(mode: str, question: str, offered: bool) -> None:
    llm = answerer(llm_tools=mode)
    assert llm.tools_for(question) == (llm.tools if offered else {})


def test_evidence_is_the_question_the_member_s_turns_the_sources_and_the_runs(sources: list[Source],
                                                                             tools: dict[str, Any]) -> None:
    history = [Turn(role="user", text="I am a medior"), Turn(role="assistant", text="Noted: €99.999")]
    run = salary_run(tools)
    texts = LLMAnswerer._evidence("And in Brussels?", history, sources[:1], [run])
    assert texts == ["And in Brussels?", "I am a medior",
                     f"{sources[0].title}\n{sources[0].section}\n{sources[0].text}",
                     json.dumps([run.arguments, run.result], ensure_ascii=False)]
    assert "€" in texts[-1]  # a figure in the run's own words, as an answer quotes it


def test_a_model_that_keeps_calling_tools_is_a_provider_error_after_the_cap(sources: list[Source]) -> None:
    calling = AIMessage("", tool_calls=[{"name": "salary", "args": SALARY_ARGS, "id": "c"}])
    llm = answerer(*[calling] * (MAX_TOOL_CALLS + 2), llm_tools="on")
    answer = llm.compose("How much does a medior earn in Brussels?", "en", sources, [])
    assert (answer.answered_by, answer.fallback_reason) == ("extractive", "provider_error")
    assert len(llm.model.received) == MAX_TOOL_CALLS + 1  # the cap's runs, then one call that must answer


def test_a_malformed_tool_call_is_a_provider_error(sources: list[Source]) -> None:
    broken = AIMessage("", invalid_tool_calls=[{"name": "salary", "args": "{", "id": "c", "error": "bad JSON"}])
    answer = answerer(broken, llm_tools="on").compose("How much does a medior earn in Brussels?", "en", sources, [])
    assert (answer.answered_by, answer.fallback_reason) == ("extractive", "provider_error")


def test_secrets_are_masked_in_log_messages_and_tracebacks(caplog: pytest.LogCaptureFixture) -> None:
    answerer(llm_api_key="sk-unit-secret-4242")  # masks its key in every log record from now on
    logger = logging.getLogger("careerbot.test")
    with caplog.at_level(logging.INFO, logger="careerbot.test"):
        logger.info("the key is %s", "sk-unit-secret-4242")
        logger.info("nothing secret: %s", "plain")
        try:
            raise RuntimeError("echoed sk-unit-secret-4242")
        except RuntimeError:
            logger.exception("provider failed")
    masked, plain, failed = caplog.records
    assert "sk-unit-secret-4242" not in masked.getMessage() and masked.args is None
    assert plain.getMessage() == "nothing secret: plain" and plain.args == ("plain",)
    assert "sk-unit-secret-4242" not in failed.exc_text and "RuntimeError: echoed" in failed.exc_text
    assert "sk-unit-secret-4242" not in caplog.text


def test_compose_runs_a_calculator_call_written_as_text_and_hands_back_its_result(sources: list[Source],
                                                                                 tools: dict[str, Any]) -> None:
    record = salary_run(tools)
    answer_text = "A medior backend developer in Brussels earns €52,500 a year [3]."
    llm = answerer(AIMessage(TEXT_CALL), AIMessage(answer_text), llm_tools="on")
    answer = llm.compose("How much does a medior earn in Brussels?", "en", sources, [])
    first, second = llm.model.received
    assert second[:-2] == first and second[-2].content == TEXT_CALL
    expected = calculator_result("salary", 3, json.dumps(for_model(record.result), ensure_ascii=False), "en")
    assert second[-1].content == expected.content
    assert (answer.answered_by, answer.tool_calls) == ("llm", [record])
    assert answer.sources[-1] == tool_source(record, rank=3)
