"""The real calculators (bot.rates.CALCULATORS) as LangChain tools, alone and called by a scripted model."""

from __future__ import annotations

import json

import pytest

from bot.models import Source, ToolCall
from bot.rag.answerers.answer_llm import LLMAnswerer
from bot.rag.answerers.llm_tools import ToolFailure, calculator_tools, for_model, run_tool, tool_source
from bot.rates import CALCULATORS
from bot.rates.schemas import SalaryInput
from tests.bot.rag.answerers.llm_scripted_server import Reply, ScriptedServer
from tests.bot.rag.answerers.llm_support import StandInExtractive, make_settings


def salary_result() -> dict:
    """What the salary calculator itself says about a mid-level developer in Brussels."""
    return CALCULATORS["salary"].run(SalaryInput(level="mid", city="brussels")).model_dump(mode="json")


def test_every_registered_calculator_becomes_a_tool_with_its_description() -> None:
    tools = {tool.name: tool for tool in calculator_tools()}
    assert set(tools) == set(CALCULATORS)
    for name, tool in tools.items():
        assert tool.description == CALCULATORS[name].description
        assert tool.args_schema is CALCULATORS[name].input_model


def test_a_tool_returns_exactly_what_the_calculator_returns() -> None:
    tool = next(t for t in calculator_tools() if t.name == "salary")
    assert run_tool(tool, {"level": "medior", "city": "Brussel"}) == salary_result()


@pytest.mark.parametrize(("arguments", "field"), [({"level": "wizard"}, "level"), ({"years": 99}, "years"),
                                                   ({"level": "mid", "shell": "rm -rf /"}, "shell")])
def test_bad_arguments_become_a_tool_failure_naming_the_field(arguments: dict, field: str) -> None:
    tool = next(t for t in calculator_tools() if t.name == "salary")
    with pytest.raises(ToolFailure, match=field):
        run_tool(tool, arguments)


def test_a_calculator_run_becomes_a_citable_source_with_its_working() -> None:
    call = ToolCall(name="salary", arguments={"level": "mid", "city": "brussels"}, result=salary_result())
    source = tool_source(call, rank=4)
    assert (source.rank, source.doc_id) == (4, "calculator:salary")
    assert source.path == "knowledge/backend-rates-belgium-2026.md"
    assert call.result["steps"][0] in source.text
    assert call.result["figures"][0]["quote"] in source.text


def test_the_model_sees_each_quote_once_and_no_bookkeeping() -> None:
    compact = for_model(salary_result())
    assert "figures" not in compact
    quotes = [q["quote"] for q in compact["quotes"]]
    assert len(quotes) == len(set(quotes)) == 2  # salary.mid and experience.mid share one sentence


def test_the_answerer_offers_only_the_calculators_and_cites_a_real_run(
    openai_server: ScriptedServer, fallback: StandInExtractive, sources: list[Source]
) -> None:
    openai_server.add(Reply(tool_calls=[("salary", {"level": "mid", "city": "brussels"})]),
                      Reply("In Brussels a mid-level developer earns €52,500 to €86,250 gross a year [3]."))
    llm = LLMAnswerer(make_settings("openai:test-model", openai_server.url, llm_tools="on"), fallback)
    answer = llm.compose("What does a mid-level developer earn in Brussels?", "en", sources, [])
    assert {t["function"]["name"] for t in openai_server.requests[0]["tools"]} == set(CALCULATORS)
    assert answer.tool_calls == [ToolCall(name="salary", arguments={"level": "mid", "city": "brussels"},
                                          result=salary_result())]
    assert answer.text.endswith("[3].") and answer.confident and answer.answered_by == "llm"
    assert json.loads(openai_server.requests[1]["messages"][-1]["content"])["cite_as"] == "[3]"
