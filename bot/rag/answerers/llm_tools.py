"""The pure calculators as LangChain tools: the only things a model is ever allowed to call."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel, ValidationError

from bot.errors import UserFacingError
from bot.models import Source, ToolCall
from bot.text import numbers

MAX_TOOL_CALLS = 3
# Words of a question that asks for an amount to be worked out ("how much", "per year", "bereken").
AMOUNT_QUESTION = re.compile(
    r"\b(?:how much|how many|calculate|compute|work out|total|per (?:year|month|day|hour)|a (?:year|month)|"
    r"yearly|monthly|annual|net|gross|revenue|income|cost|costs|earn|earns|"
    r"hoeveel|bereken|reken|totaal|per (?:jaar|maand|dag|uur)|jaarlijks|maandelijks|netto|bruto|omzet|inkomen|"
    r"kost|kosten|verdien|verdient)\b",
    re.IGNORECASE,
)
# A tool call a model wrote as text: inside <tool_call> or <tools> tags, a code fence, or bare.
TAGGED = re.compile(r"<(tool_call|tools|function_call)>\s*(.*?)\s*(?:</\1>|$)", re.DOTALL | re.IGNORECASE)
FENCED = re.compile(r"```(?:json)?\s*(.*?)\s*(?:```|$)", re.DOTALL | re.IGNORECASE)


def asks_for_amount(question: str) -> bool:
    """The question gives a figure and asks for an amount worked out from it: where a calculator can help."""
    return bool(numbers.find(question)) and bool(AMOUNT_QUESTION.search(question))


@dataclass(frozen=True)
class TextToolCall:
    """A calculator call a model wrote as text, checked: a real calculator and arguments it accepts."""

    name: str
    arguments: dict[str, Any]


class RefusedToolCall(Exception):
    """A tool call written as text that is not run: no such calculator, not JSON, or arguments it rejects."""


def _call_body(text: str) -> str:
    """The JSON part of a text tool call: inside its tags or fence, else the text itself."""
    for pattern, group in ((TAGGED, 2), (FENCED, 1)):
        if match := pattern.search(text):
            return match.group(group)
    return text.strip()


def parse_text_tool_call(text: str, tools: Mapping[str, BaseTool]) -> TextToolCall:
    """A tool call written as text, if it names one of `tools` with arguments that validate exactly (no field
    filled with a default because it was missing or misspelt); RefusedToolCall otherwise."""
    body = _call_body(text)
    try:
        call = json.loads(body[body.index("{"): body.rindex("}") + 1])
    except ValueError as exc:
        raise RefusedToolCall("the tool call is not valid JSON") from exc
    if isinstance(call, dict) and isinstance(call.get("function"), dict):
        call = call["function"]
    name = call.get("name") if isinstance(call, dict) else None
    arguments = call.get("arguments", call.get("parameters")) if isinstance(call, dict) else None
    if isinstance(arguments, str):
        try:
            arguments = json.loads(arguments)
        except ValueError as exc:
            raise RefusedToolCall("the tool call's arguments are not valid JSON") from exc
    tool = tools.get(name) if isinstance(name, str) else None
    if tool is None or not isinstance(arguments, dict):
        raise RefusedToolCall(f"no calculator named {name!r} with an arguments object")
    _validate(tool, arguments)
    return TextToolCall(tool.name, arguments)


def _validate(tool: BaseTool, arguments: dict[str, Any]) -> None:
    """The calculator's input model accepts these arguments, all of them its own fields and none missing."""
    schema = tool.args_schema
    if not isinstance(schema, type) or not issubclass(schema, BaseModel):
        raise RefusedToolCall(f"{tool.name} has no input model to check the arguments against")
    unknown = set(arguments) - set(schema.model_fields)
    missing = {name for name, info in schema.model_fields.items() if name not in arguments and info.is_required()}
    if unknown or missing:
        raise RefusedToolCall(f"arguments for {tool.name}: unknown {sorted(unknown)}, missing {sorted(missing)}")
    try:
        schema.model_validate(arguments)
    except ValidationError as exc:
        raise RefusedToolCall(_reason(exc)) from exc


class ToolFailure(Exception):
    """A calculator refused its input; the message goes back to the model so it can correct itself."""


def _result_dict(result: object) -> dict[str, Any]:
    """Tool results are recorded as JSON objects, whatever the calculator returned."""
    if isinstance(result, BaseModel):
        return result.model_dump(mode="json")
    if isinstance(result, Mapping):
        return json.loads(json.dumps(dict(result), default=str))
    return {"value": json.loads(json.dumps(result, default=str))}


def run_tool(tool: BaseTool, arguments: dict[str, Any]) -> dict[str, Any]:
    """Run one tool on model-supplied arguments; bad input becomes a ToolFailure, never a crash."""
    try:
        return _result_dict(tool.invoke(arguments))
    except (ValidationError, ValueError, TypeError, UserFacingError, ToolException) as exc:
        raise ToolFailure(_reason(exc)) from exc


def _reason(exc: BaseException) -> str:
    """A short reason the model can act on (which field, what is wrong), without tracebacks."""
    if isinstance(exc, ValidationError):
        detail = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'input'}: {e['msg']}" for e in exc.errors())
    else:
        detail = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {detail}"[:300]


def tool_source(call: ToolCall, rank: int) -> Source:
    """A calculator run as a numbered source (its working and quoted figures), so the answer can cite it."""
    figures = _figures(call.result)
    steps = [str(step) for step in call.result.get("steps", []) if step]
    quotes = [f"“{f['quote']}” ({f.get('title', '')}, {f.get('section', '')})" for f in figures]
    text = "\n".join(steps + quotes) or json.dumps(call.result, ensure_ascii=False)
    path = f"knowledge/{figures[0]['doc_id']}.md" if figures and figures[0].get("doc_id") else f"calculator:{call.name}"
    return Source(rank=rank, doc_id=f"calculator:{call.name}", title=f"Calculator: {call.name}", section="working",
                  path=path, url=None, score=1.0, text=text)


def _figures(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The quoted document figures a calculator result carries, once each."""
    figures = result.get("figures")
    if not isinstance(figures, list):
        return []
    unique = {f["quote"]: f for f in figures if isinstance(f, dict) and f.get("quote")}
    return list(unique.values())


def for_model(result: Mapping[str, Any]) -> dict[str, Any]:
    """A compact view of a result for the model: each quoted figure once, without bookkeeping fields."""
    compact = {key: value for key, value in result.items() if key != "figures"}
    if figures := _figures(result):
        compact["quotes"] = [{"quote": f["quote"], "title": f.get("title"), "section": f.get("section")}
                             for f in figures]
    return compact


def calculator_tool(
    name: str, input_model: type[BaseModel], function: Callable[..., Any], description: str
) -> BaseTool:
    """Wrap one pure calculator: the model fills the pydantic input model, the calculator returns its result."""

    def run(**arguments: Any) -> dict[str, Any]:
        return _result_dict(function(input_model(**arguments)))

    return StructuredTool.from_function(
        func=run, name=name, description=description, args_schema=input_model, handle_tool_error=False,
    )


def calculator_tools(registry: Mapping[str, Any] | None = None) -> list[BaseTool]:
    """Every calculator in bot.rates.CALCULATORS as a tool (none when the calculators are not installed)."""
    if registry is None:
        try:
            from bot.rates import CALCULATORS as registry  # noqa: N811
        except ImportError:
            return []
    return [calculator_tool(name, *_unpack(name, entry)) for name, entry in registry.items()]


def _unpack(name: str, entry: Any) -> tuple[type[BaseModel], Callable[..., Any], str]:
    """Registry entries are (InputModel, function) or (InputModel, function, description)."""
    input_model, function, *rest = entry
    description = rest[0] if rest else (function.__doc__ or input_model.__doc__ or name)
    return input_model, function, " ".join(str(description).split())
