"""The shapes every front end shares: an Answer with its sources and tool calls."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.text.citations import MARK, cited_numbers

# The language a text is in: the interface, the calculators and the answers' frames speak all three; retrieval and
# the LLM prompts read Dutch and English (bot.text.language.detect_language), French questions included.
Language = Literal["nl", "en", "fr"]
AnsweredBy = Literal["llm", "extractive", "calculator"]  # how the answer text was made
CITATION = MARK  # the calculators' answers read their [n] marks under this name
# A link members may follow and the LLM prompt quotes: http(s), a host, then any URL characters but those Markdown,
# HTML or a prompt's delimiters could read as syntax (a document copied from the web may try either).
WEB_ADDRESS = re.compile(r"https?://[A-Za-z0-9.-]+(?::\d{1,5})?(?:[/?#][^\s<>\[\]()`\"'{}|\\^]*)?")
NOT_IN_ADDRESS = re.compile(r"[\s<>\[\]`\"'{}|\\^]")


def web_address(value: str) -> str | None:
    """The address as members and the prompt get it, or None when it is not a plain web address: the scheme in
    lower case ("HTTPS://…") and parentheses percent-encoded (a Wikipedia "…_(Belgium)" stays one link in Markdown)."""
    scheme, separator, rest = value.strip().partition("://")
    address = scheme.lower() + separator + rest.replace("(", "%28").replace(")", "%29")
    return address if WEB_ADDRESS.fullmatch(address) else None


class Source(BaseModel):
    """One retrieved chunk (or the document a calculator figure comes from), numbered as cited."""

    rank: int
    doc_id: str
    title: str
    section: str
    path: str
    url: str | None = None
    score: float = 0.0
    text: str
    similarity: float = 0.0  # the dense model's cosine between question and chunk (0 for calculator figures)
    language: str = "en"
    cited: bool = False  # the answer text cites it; every retrieved chunk is listed, so retrieval can be measured

    @field_validator("url", mode="before")
    @classmethod
    def _plain_web_address(cls, value: Any) -> str | None:
        """Only a plain web address reaches a prompt or a member: ingest refuses any other, and one stored by an
        older build is left out here rather than quoted."""
        return web_address(value) if isinstance(value, str) else None

    @property
    def body(self) -> str:
        """The chunk text without the "title › section" line it was embedded with."""
        heading = f"{self.title} › {self.section}\n\n"
        return self.text[len(heading):] if self.text.startswith(heading) else self.text


class ToolCall(BaseModel):
    """A calculator run: its name, the arguments it got and its full result object."""

    name: str
    arguments: dict[str, Any]
    result: dict[str, Any]


class Turn(BaseModel):
    """One earlier message of a conversation, oldest first."""

    role: Literal["user", "assistant"]
    text: str


class Answer(BaseModel):
    """What answer() returns; model_dump(by_alias=True) is the `ask --json` contract."""

    model_config = ConfigDict(populate_by_name=True)

    question: str
    language: Language
    text: str = Field(serialization_alias="answer")
    confident: bool
    sources: list[Source] = []
    tool_calls: list[ToolCall] = []
    answered_by: AnsweredBy = "extractive"
    fallback_reason: str | None = None  # why a generated answer was not used: tool_text, figures, language, timeout…

    def shown_sources(self) -> list[Source]:
        """What a member sees: the cited sources, each section once (all of them when the text cites none)."""
        numbers = cited_numbers(self.text)
        marked = ([s for s in self.sources if s.cited] or [s for s in self.sources if s.rank in numbers]
                  or self.sources)
        seen: set[tuple[str, str]] = set()
        shown = []
        for source in marked:
            if (source.doc_id, source.section) not in seen:
                seen.add((source.doc_id, source.section))
                shown.append(source)
        return shown

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON object DESIGN.md promises to other tools."""
        return self.model_dump(by_alias=True, mode="json")


@dataclass
class Routed:
    """A calculation the router recognised: its answer text (citing [1]..[n]) and what is left of the question."""

    text: str
    tool_calls: list[ToolCall]
    sources: list[Source]
    remainder: str = ""
    confident: bool = True
