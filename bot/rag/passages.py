"""How a chunk's body reads as sentences and lists: shared by ingest (which embeds every sentence) and the
extractive answerer (which quotes them), so both see the same sentences."""

from __future__ import annotations

import re

SECTION_SEPARATOR = " › "
LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d+\.)\s+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z€\d“\"(])")

Sentence = tuple[str, tuple[str, ...]]  # the sentence, and every item of its list when it is a list item


def section_name(section: str) -> str:
    """The innermost heading of a section path ("FAQ › wat doet een back-end developer?" → the question)."""
    return section.split(SECTION_SEPARATOR)[-1]


def body_of(text: str) -> str:
    """A chunk text without its "title › section" line."""
    return text.split("\n\n", 1)[1] if "\n\n" in text else text


def sentences(body: str) -> list[Sentence]:
    """Sentences and list items of a chunk body (list markers dropped), each list item with its whole list, and
    the sentence just before a list (which introduces it: "…biedt je een waaier aan voordelen.") with it too."""
    found: list[Sentence] = []
    parts = blocks(body)
    for position, block in enumerate(parts):
        if isinstance(block, list):
            items = tuple(block)
            found.extend((part, items) for item in block for part in split_sentences(item))
            continue
        following = parts[position + 1] if position + 1 < len(parts) else None
        said = split_sentences(block)
        found.extend((part, ()) for part in said[:-1])
        if said:
            found.append((said[-1], tuple(following) if isinstance(following, list) else ()))
    return found


def sentence_texts(body: str) -> list[str]:
    """The distinct sentences of a body, in reading order (what ingest embeds)."""
    return list(dict.fromkeys(text for text, _ in sentences(body)))


def blocks(body: str) -> list[str | list[str]]:
    """Plain lines, and runs of consecutive list items gathered into one list."""
    found: list[str | list[str]] = []
    for line in body.splitlines():
        item = LIST_MARKER.match(line)
        text = line[item.end():].strip() if item else line.strip()
        if len(text) <= 2:
            continue
        if item and found and isinstance(found[-1], list):
            found[-1].append(text)
        else:
            found.append([text] if item else text)
    return found


def split_sentences(text: str) -> list[str]:
    return [part.strip() for part in SENTENCE_END.split(text) if len(part.strip()) > 2]


def first_sentence(item: str) -> str:
    """A list item's first sentence, without the list's punctuation."""
    return (split_sentences(item) or [item])[0].rstrip(";,.")
