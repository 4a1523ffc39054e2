"""What small local models really reply, through the real OpenAI client and a scripted server: nothing that is not
an answer reaches a member, a second try is made where it can help, and every shown answer cites."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import BaseModel, Field

from bot.models import Answer, Source
from bot.rag.answerers.answer_llm import MAX_ANSWER_CHARS, LLMAnswerer
from bot.rag.answerers.llm_tools import calculator_tools
from tests.bot.rag.answerers.llm_scripted_server import Reply, ScriptedServer
from tests.bot.rag.answerers.llm_support import (
    FALLBACK_MARK,
    DayRateInput,
    StandInExtractive,
    make_settings,
    yearly_revenue,
)

QUESTION = "What does a medior backend developer earn in Brussels?"
GROUNDED = "A medior in Brussels earns €55.000 to €70.000 gross [1]."

# Replies that are not answers, as small models write them, and the reason each one is not shown.
NOT_ANSWERS = {
    "json-object": ('{"answer": "A medior earns well", "source": 1}', "json"),
    "json-array": ('[{"text": "A medior earns well"}]', "json"),
    "fenced-json-tool-call": ('```json\n{"name": "Snyk Code", "arguments": {"query": "salary"}}\n```', "tool_text"),
    "tool_call-tag": ('<tool_call>\n{"name": "salary", "arguments": {"level": "medior"}}\n</tool_call>', "tool_text"),
    "tools-tag": ('<tools>\n{"name": "Snyk Code", "arguments": {"language": "python"}}\n</tools>', "tool_text"),
    "bare-name-arguments": ('Sure: {"name": "Snyk Code", "arguments": {"scan": true}}', "tool_text"),
    "fenced-code": ("```python\nprint('medior')\n```", "code"),
    "code-lines": ("import salaries\nsalaries.lookup('brussels')\n", "code"),
    "headings-echoed": ("Backend salaries in Belgium › Brussels [1]\n\nFreelance day rates › Day rates [2]?", "echo"),
    "empty": ("", "empty"),
    "only-a-citation": (" [1] ", "empty"),
}


def answerer(server: ScriptedServer, fallback: StandInExtractive, *, tools: str = "auto",
             calculators: dict[str, Any] | None = None) -> LLMAnswerer:
    """The LLM answerer on the scripted server, offering the calculators as CAREERBOT_LLM_TOOLS says."""
    registry = calculators if calculators is not None else {"yearly_revenue": (DayRateInput, yearly_revenue)}
    return LLMAnswerer(make_settings("openai:test-model", server.url, llm_tools=tools), fallback,
                       calculator_tools(registry))


def ask(llm: LLMAnswerer, sources: list[Source], question: str = QUESTION, language: str = "en") -> Answer:
    return llm.compose(question, language, sources, [])  # type: ignore[arg-type]


def last_message(server: ScriptedServer, request: int) -> str:
    return server.requests[request]["messages"][-1]["content"]


@pytest.mark.parametrize("shape", NOT_ANSWERS, ids=list(NOT_ANSWERS))
def test_a_reply_that_is_not_an_answer_is_tried_once_more_then_falls_back(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], shape: str
) -> None:
    text, reason = NOT_ANSWERS[shape]
    openai_server.add(Reply(text), Reply(text))
    answer = ask(answerer(openai_server, fallback), sources)
    assert answer.text.startswith(FALLBACK_MARK) and answer.fallback_reason == reason
    assert answer.answered_by == "extractive" and answer.to_json_dict()["fallback_reason"] == reason
    assert len(openai_server.requests) == 2 and "Your reply was not an answer" in last_message(openai_server, 1)
    assert "Snyk" not in answer.text and "{" not in answer.text


@pytest.mark.parametrize("shape", ["fenced-json-tool-call", "tools-tag", "json-object"])
def test_the_second_try_is_made_without_tools_and_its_answer_shown(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], shape: str
) -> None:
    openai_server.add(Reply(NOT_ANSWERS[shape][0]), Reply(GROUNDED))
    answer = ask(answerer(openai_server, fallback, tools="on"), sources)
    assert answer.text == GROUNDED and answer.answered_by == "llm" and answer.fallback_reason is None
    assert "tools" in openai_server.requests[0] and "tools" not in openai_server.requests[1]
    assert answer.answered_by == "llm"


def test_code_is_shown_when_the_question_asks_for_it(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply("A medior earns €55.000 to €70.000 gross [1]:\n```\nsalary = 55000\n```"))
    answer = ask(answerer(openai_server, fallback), sources, "Show me a code example for the medior salary range")
    assert answer.answered_by == "llm" and "```" in answer.text


@pytest.mark.parametrize("reply", [Reply("A medior in Brussels earns €55.000 to €70.000 gross and"),
                                   Reply(GROUNDED, finish="length")], ids=["mid-sentence", "token-limit"])
def test_an_answer_cut_off_falls_back_without_a_second_try(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], reply: Reply
) -> None:
    openai_server.add(reply, Reply(GROUNDED))
    answer = ask(answerer(openai_server, fallback), sources)
    assert answer.text.startswith(FALLBACK_MARK) and answer.fallback_reason == "cut_off"
    assert len(openai_server.requests) == 1


def test_a_list_that_ends_without_a_full_stop_is_not_cut_off(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply("What a medior earns in Brussels [1]:\n- medior: €55.000 to €70.000 gross\n"
                            "- senior: €75,000 or more"))
    assert ask(answerer(openai_server, fallback), sources).answered_by == "llm"


class Counting:
    """A calculator that counts its runs, so a test can tell a refused call was never run."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self, data: DayRateInput) -> Any:
        self.runs += 1
        return yearly_revenue(data)


class WithDefault(BaseModel):
    """A calculator input with a default, which a refused call must not fall back on."""

    day_rate: float = Field(gt=0)
    days: int = Field(default=220, gt=0, le=366)


TEXT_CALL = '<tool_call>\n{{"name": "yearly_revenue", "arguments": {arguments}}}\n</tool_call>'
AMOUNT_QUESTION = "What is a day rate of 600 per year over 220 days?"


BARE_CALL = '{{"name": "yearly_revenue", "arguments": {arguments}}}'


@pytest.mark.parametrize("wrapper", [TEXT_CALL, f"```json\n{BARE_CALL}\n```", BARE_CALL],
                         ids=["tool_call-tag", "fenced", "bare"])
def test_a_tool_call_written_as_text_is_run_when_it_names_a_calculator_with_valid_arguments(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], wrapper: str
) -> None:
    counting = Counting()
    openai_server.add(Reply(wrapper.format(arguments='{"day_rate": 600, "days": 220}')),
                      Reply("At €600 a day for 220 days you invoice €132,000 a year [3]."))
    llm = answerer(openai_server, fallback, calculators={"yearly_revenue": (DayRateInput, counting)})
    answer = ask(llm, sources, AMOUNT_QUESTION)
    assert counting.runs == 1 and answer.answered_by == "llm" and answer.confident
    assert [call.arguments for call in answer.tool_calls] == [{"day_rate": 600, "days": 220}]
    assert answer.sources[2].doc_id == "calculator:yearly_revenue" and answer.text.endswith("[3].")
    handed_back = last_message(openai_server, 1)
    assert "cite it as [3]" in handed_back and "132000" in handed_back
    assert "tools" in openai_server.requests[0] and "tools" not in openai_server.requests[1]


@pytest.mark.parametrize("arguments", [
    '{day_rate: 600, days: 220}',  # not JSON
    '{"day_rate": 600, "days": 9999}',  # fails validation
    '{"day_rate": -5}',  # fails validation, and the default would have filled days
    '{"rate": 600}',  # an invented name: day_rate would be missing, days defaulted
    '{"day_rate": 600, "days": 220, "bonus": true}',  # an argument the calculator does not have
    '"day_rate=600"',  # not an object
], ids=["not-json", "invalid", "invalid-with-default", "invented-name", "extra-argument", "not-an-object"])
def test_a_text_tool_call_with_bad_arguments_is_never_run(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], arguments: str
) -> None:
    counting = Counting()
    text = TEXT_CALL.format(arguments=arguments)
    openai_server.add(Reply(text), Reply(text))
    llm = answerer(openai_server, fallback, calculators={"yearly_revenue": (WithDefault, counting)})
    answer = ask(llm, sources, AMOUNT_QUESTION)
    assert counting.runs == 0 and answer.tool_calls == []
    assert answer.text.startswith(FALLBACK_MARK) and answer.fallback_reason == "tool_text"


def test_a_text_tool_call_is_not_run_when_no_calculator_was_offered(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    counting = Counting()
    text = TEXT_CALL.format(arguments='{"day_rate": 600, "days": 220}')
    openai_server.add(Reply(text), Reply(GROUNDED))
    llm = answerer(openai_server, fallback, tools="off", calculators={"yearly_revenue": (DayRateInput, counting)})
    answer = ask(llm, sources, AMOUNT_QUESTION)
    assert counting.runs == 0 and answer.text == GROUNDED


@pytest.mark.parametrize(("mode", "question", "offered"), [
    ("auto", QUESTION, False),
    ("auto", AMOUNT_QUESTION, True),
    ("auto", "Hoeveel is 550 euro per dag per jaar?", True),
    ("on", QUESTION, True),
    ("off", AMOUNT_QUESTION, False),
])
def test_calculators_are_offered_as_llm_tools_says(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], mode: str, question: str,
    offered: bool,
) -> None:
    openai_server.add(Reply(GROUNDED))
    ask(answerer(openai_server, fallback, tools=mode), sources, question)
    assert ("tools" in openai_server.requests[0]) is offered


def test_an_answer_without_citations_cites_the_sources_its_sentences_match(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply("A medior backend developer in Brussels earns between €55.000 and €70.000 gross per "
                            "year. Freelance backend developers charge €550 to €750 per day."))
    answer = ask(answerer(openai_server, fallback), sources)
    assert answer.text == ("A medior backend developer in Brussels earns between €55.000 and €70.000 gross per "
                           "year [1]. Freelance backend developers charge €550 to €750 per day [2].")
    assert answer.confident and answer.answered_by == "llm"


def test_a_sentence_that_matches_no_source_makes_the_answer_not_confident(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply("A medior backend developer in Brussels earns between €55.000 and €70.000 gross per "
                            "year. Always wear a tie to impress the hiring committee."))
    answer = ask(answerer(openai_server, fallback), sources)
    assert answer.answered_by == "llm" and answer.confident is False
    assert answer.text.startswith("A medior") and "per year [1]." in answer.text


def test_an_answer_that_matches_no_source_falls_back(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply("Always wear a tie to impress the hiring committee."))
    answer = ask(answerer(openai_server, fallback), sources)
    assert answer.text.startswith(FALLBACK_MARK) and answer.fallback_reason == "no_citation"
    assert len(openai_server.requests) == 1


DUTCH_QUESTION = "Wat verdient een medior backend developer in Brussel?"
ENGLISH_ANSWER = "A medior backend developer in Brussels earns between €55.000 and €70.000 gross per year [1]."
DUTCH_ANSWER = "Een medior backend developer in Brussel verdient tussen €55.000 en €70.000 bruto per jaar [1]."
MIXED_ANSWER = DUTCH_ANSWER + " Seniors earn €75,000 or more and that is what the documents say [1]."


def test_an_answer_in_the_other_language_is_rewritten_once_in_the_questions_language(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply(ENGLISH_ANSWER), Reply(DUTCH_ANSWER))
    answer = ask(answerer(openai_server, fallback), sources, DUTCH_QUESTION, "nl")
    assert answer.text == DUTCH_ANSWER and answer.answered_by == "llm"
    second = openai_server.requests[1]["messages"]
    assert second[-2] == {"role": "assistant", "content": ENGLISH_ANSWER}
    assert "Dutch only" in second[-1]["content"]


@pytest.mark.parametrize("reply", [ENGLISH_ANSWER, MIXED_ANSWER], ids=["english", "mixed"])
def test_a_second_answer_in_the_wrong_language_falls_back(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], reply: str
) -> None:
    openai_server.add(Reply(reply), Reply(reply))
    answer = ask(answerer(openai_server, fallback), sources, DUTCH_QUESTION, "nl")
    assert answer.text.startswith(FALLBACK_MARK) and answer.fallback_reason == "language"
    assert len(openai_server.requests) == 2


@pytest.mark.parametrize("invented", ["ninety-five thousand euros", "vijfennegentigduizend euro",
                                      "half a million euros", "1e5 euros", "10⁵ euros", "９５，０００ euros"])
def test_an_invented_figure_in_words_or_unusual_digits_falls_back(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], invented: str
) -> None:
    openai_server.add(Reply(f"Seniors in Brussels earn {invented} [1]."))
    answer = ask(answerer(openai_server, fallback), sources)
    assert answer.text.startswith(FALLBACK_MARK) and answer.fallback_reason == "figures"


@pytest.mark.parametrize("stated", ["seventy thousand euros", "zeventigduizend euro", "７０，０００ euros"])
def test_a_source_figure_in_words_or_full_width_digits_is_supported(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source], stated: str
) -> None:
    openai_server.add(Reply(f"A medior in Brussels earns up to {stated} gross [1]."))
    answer = ask(answerer(openai_server, fallback), sources)
    assert answer.answered_by == "llm", answer.fallback_reason


def test_every_reason_reaches_the_json_answer(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply(GROUNDED))
    shown = ask(answerer(openai_server, fallback), sources).to_json_dict()
    assert (shown["answered_by"], shown["fallback_reason"]) == ("llm", None)
    assert json.loads(json.dumps(shown))["answer"] == GROUNDED


def test_a_question_the_documents_do_not_answer_is_refused_without_asking_the_model(
    openai_server: ScriptedServer, fallback: StandInExtractive
) -> None:
    openai_server.add(Reply("Why did the cat cross the road? To reach the salary survey [1]."))
    answer = ask(answerer(openai_server, fallback), [], "Tell me a joke about cats.")
    assert answer.confident is False and answer.fallback_reason == "not_in_documents"
    assert openai_server.requests == []


def test_a_cited_sentence_that_matches_no_source_is_not_grounded_by_its_mark(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply("Why did the cat refuse to go to the vet? Because it feared the vet's cat food. [2]"))
    answer = ask(answerer(openai_server, fallback), sources, "Tell me a joke about cats.")
    assert answer.text.startswith(FALLBACK_MARK) and answer.fallback_reason == "no_citation"


def test_a_sentence_citing_the_wrong_source_takes_the_one_it_matches(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply("[2] A medior backend developer in Brussels earns between €55.000 and €70.000 gross. "
                            "[1] Freelance backend developers charge €550 to €750 per day."))
    answer = ask(answerer(openai_server, fallback), sources)
    assert answer.text == ("A medior backend developer in Brussels earns between €55.000 and €70.000 gross [1]. "
                           "Freelance backend developers charge €550 to €750 per day [2].")
    assert answer.confident and answer.answered_by == "llm"


def test_a_long_answer_ends_at_its_last_whole_sentence_within_the_cap(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    sentence = "A medior backend developer in Brussels earns between €55.000 and €70.000 gross per year [1]. "
    openai_server.add(Reply(sentence * 30))
    answer = ask(answerer(openai_server, fallback), sources)
    assert answer.answered_by == "llm" and len(answer.text) <= MAX_ANSWER_CHARS
    assert answer.text.endswith("per year [1].") and "…" not in answer.text


def test_a_long_answer_without_a_sentence_end_falls_back_as_cut_off(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply("A medior in Brussels earns €55.000 to €70.000 gross " * 60 + "[1]."))
    answer = ask(answerer(openai_server, fallback), sources)
    assert answer.fallback_reason == "cut_off"
