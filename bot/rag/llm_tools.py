"""The pure calculators as LangChain tools: the only things a model is ever allowed to call."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool, ToolException
from pydantic import BaseModel, ValidationError

from bot.errors import UserFacingError
from bot.models import Source, ToolCall

MAX_TOOL_CALLS = 3


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
