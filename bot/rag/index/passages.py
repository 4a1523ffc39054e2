"""How a chunk's body reads as sentences and lists: shared by ingest (which embeds every sentence) and the
extractive answerer (which quotes them), so both see the same sentences."""

from __future__ import annotations

import re
from functools import cache

SECTION_SEPARATOR = " › "
LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d+\.)\s+")
# What may begin a document's sentence: a stop before anything else ("bv. een", "e.g. the") ends none.
SENTENCE_START = r"[A-Z€\d“\"(]"

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


def split_sentences(text: str, *, stops: str = ".!?", before_capital_only: bool = True, at_line_breaks: bool = False,
                    keep_breaks: bool = False) -> list[str]:
    """The sentences of a text, stripped, fragments of two characters or fewer left out.

    A sentence ends at one of `stops` followed by white space; in a document only where the next sentence begins
    as one (SENTENCE_START). Generated answers and prompts are split with `before_capital_only=False` and
    `at_line_breaks=True`: their lines are units of their own. With `keep_breaks` the pieces come as written,
    the breaks between them included, so that joining them gives the text back."""
    pieces = _sentence_break(stops, before_capital_only, at_line_breaks, keep_breaks).split(text)
    return pieces if keep_breaks else [piece.strip() for piece in pieces if len(piece.strip()) > 2]


@cache
def _sentence_break(stops: str, before_capital_only: bool, at_line_breaks: bool, kept: bool) -> re.Pattern[str]:
    """The break between two sentences; in a group when it is `kept` (re.split then returns it)."""
    after_stop = rf"(?<=[{re.escape(stops)}])\s+" + (f"(?={SENTENCE_START})" if before_capital_only else "")
    pattern = after_stop + (r"|\n+" if at_line_breaks else "")
    return re.compile(f"({pattern})" if kept else pattern)


def first_sentence(item: str) -> str:
    """A list item's first sentence, without the list's punctuation."""
    return (split_sentences(item) or [item])[0].rstrip(";,.")
