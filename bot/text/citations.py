"""The [n] marks by which an answer cites its numbered sources, read in one place: the answer model, the checks on
generated answers, the engine and the Discord splitter all mean the same thing by a citation."""

from __future__ import annotations

import re
from collections.abc import Callable

PATTERN = r"\[\d+\]"  # one mark, for patterns that place marks (after a full stop, at the start of a line)
MARK = re.compile(r"\[(\d+)\]")
# Marks as a model may write them: several numbers in one pair of brackets ("[1, 3]"), with the space before
# them, so that a mark taken out leaves no double space.
WRITTEN = re.compile(r"\s?\[(\d+(?:\s*,\s*\d+)*)\]")
REPEATED = re.compile(rf"({PATTERN})(?:\s*\1)+")


def cited_ranks(text: str) -> list[int]:
    """The numbers of the [n] marks in a text, in reading order, repeats kept."""
    return [int(number) for number in MARK.findall(text)]


def cited_numbers(text: str) -> set[int]:
    """The source numbers an answer text cites as [n]."""
    return set(cited_ranks(text))


def has_marks(text: str) -> bool:
    """Whether the text cites anything, however the marks are written."""
    return WRITTEN.search(text) is not None


def without_marks(text: str, gap: str = "") -> str:
    """The text with every mark, however written, replaced by `gap`."""
    return WRITTEN.sub(gap, text)


def written_numbers(mark: re.Match[str]) -> list[int]:
    """Every number of one WRITTEN match, in order ("[1, 3]" → [1, 3])."""
    return [int(number) for number in re.findall(r"\d+", mark.group(1))]


def renumber(text: str, new_number: Callable[[int], int]) -> str:
    """Every [n] mark as [new_number(n)]."""
    return MARK.sub(lambda mark: f"[{new_number(int(mark.group(1)))}]", text)


def without_repeats(text: str) -> str:
    """A mark written twice in a row ("[1][1]", "[1] [1]", as a renumbering can leave them) written once."""
    return REPEATED.sub(r"\1", text)

