"""What a reply that is not an answer looks like: empty, a tool call as text, JSON, unasked code, a foreign
link, cut off, or the sources' headings."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from bot.models import Source
from bot.rag.checks.links import foreign_links
from bot.text.citations import without_marks

# What each reply shape is called in the log.
SHAPES = {
    "empty": "an empty answer",
    "tool_text": "a tool call written as text",
    "json": "a JSON object instead of an answer",
    "code": "code the question did not ask for",
    "link": "a link that is not one of the sources' own",
    "cut_off": "an answer cut off mid-sentence",
    "echo": "the sources' headings instead of an answer",
}


# What a reply that is not an answer looks like.
FENCE = re.compile(r"```|~~~")
TOOL_TAG = re.compile(r"</?\s*(?:tool_call|tool_calls|tools|function_call|function|tool)\b[^>]*>", re.IGNORECASE)
NAME_AND_ARGUMENTS = re.compile(r"\{\s*\"name\"\s*:\s*\"[^\"]*\"\s*,\s*\"(?:arguments|parameters)\"\s*:", re.DOTALL)
CODE_LINE = re.compile(r"^\s*(?:def |class |import |from \S+ import |function |const |let |var |public |SELECT |"
                       r"#include|\$ |>>> |[\w.]+\(.*\)\s*;?\s*$|[{}\[\]];?\s*$)", re.MULTILINE)
ASKS_FOR_CODE = re.compile(r"\b(?:code|snippet|example|voorbeeld|script|query|sql|regex|syntax|function|functie)\b",
                           re.IGNORECASE)
SENTENCE_END = ".!?…)]\"'»”:;*`"
LIST_ITEM = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")


def looks_like_json(text: str) -> bool:
    """The whole reply parses as a JSON object or array."""
    stripped = text.strip()
    if not stripped.startswith(("{", "[")):
        return False
    try:
        return isinstance(json.loads(stripped), dict | list)
    except ValueError:
        return False


def tool_text(text: str) -> bool:
    """A tool call written as text: a <tool_call> or <tools> block, or a {"name": …, "arguments": …} object."""
    return bool(TOOL_TAG.search(text) or NAME_AND_ARGUMENTS.search(text))


def unasked_code(text: str, question: str) -> bool:
    """A code block or lines of code, when the question did not ask for code."""
    if ASKS_FOR_CODE.search(question):
        return False
    return bool(FENCE.search(text)) or len(CODE_LINE.findall(text)) >= 2


def cut_off(text: str) -> bool:
    """The reply stops mid-sentence: its last line is not a list item and ends without closing punctuation."""
    last = without_marks(text.strip()).rstrip()
    if not last:
        return False
    final_line = last.splitlines()[-1]
    return not LIST_ITEM.match(final_line) and last[-1] not in SENTENCE_END and not last[-1].isdigit()


HEADING_PARTS = re.compile(r"\s*›\s*")


def _heading_key(line: str) -> str:
    """A line compared with the sources' headings: no marks, list markers, punctuation or case."""
    line = LIST_ITEM.sub("", without_marks(line)).strip().strip(".:;?!*#-– ").casefold()
    return " › ".join(part for part in HEADING_PARTS.split(line) if part)


def echoes_headings(text: str, sources: Sequence[Source]) -> bool:
    """Most lines of the reply are the sources' titles and section names, not an answer (small models do this)."""
    headings = {_heading_key(part) for source in sources for part in
                (source.title, source.section, f"{source.title} › {source.section}")}
    for source in sources:  # the section path alone, and every tail of it
        parts = HEADING_PARTS.split(source.section)
        headings.update(_heading_key(" › ".join(parts[i:])) for i in range(len(parts)))
    titles = {_heading_key(source.title) + " › " for source in sources}
    lines = [_heading_key(line) for line in text.splitlines() if _heading_key(line)]
    echoed = [line for line in lines if line in headings or line.startswith(tuple(titles))]
    return bool(lines) and len(echoed) * 2 >= len(lines)


def shape_problem(text: str, question: str, allowed_urls: Iterable[str], truncated: bool = False,
                  sources: Sequence[Source] = ()) -> str | None:
    """Why a reply is not an answer to show, as a short code, or None: empty, json, tool_text, code, link,
    echo (the sources' headings repeated), cut_off."""
    if not without_marks(text).strip():
        return "empty"
    if echoes_headings(text, sources):
        return "echo"
    if tool_text(text):
        return "tool_text"
    if looks_like_json(text):
        return "json"
    if unasked_code(text, question):
        return "code"
    if foreign_links(text, allowed_urls):
        return "link"
    if truncated or cut_off(text):
        return "cut_off"
    return None
