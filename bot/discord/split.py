"""Split long text for Discord's limits without cutting a citation like "[3]" or a ``` code fence in half."""

from __future__ import annotations

import re

from bot.text.citations import MARK as CITATION

MESSAGE_LIMIT = 2000
EMBED_DESCRIPTION_LIMIT = 4096
EMBED_TOTAL_LIMIT = 6000

FENCE_LINE = re.compile(r"^[ \t]*```(.*)$", re.MULTILINE)
FENCE_CLOSE = "\n```"
MAX_LANG = 20
# Separators in order of preference; a cut is only taken if it keeps at least half of the budget.
SEPARATORS = ("\n\n", "\n", ". ", " ")


def split_text(text: str, limit: int) -> list[str]:
    """Chunks of at most `limit` characters; a fence open at a cut is closed and reopened in the next chunk."""
    if limit < 40:
        raise ValueError("limit is too small to carry a code fence across chunks")
    chunks: list[str] = []
    rest = text.strip()
    lang: str | None = None  # the info string of a fence left open by the previous chunk
    while rest:
        prefix = "" if lang is None else f"```{lang}\n"
        if len(prefix) + len(rest) <= limit:
            chunks.append(prefix + rest)
            break
        cut, skip = _find_cut(rest, limit - len(prefix) - len(FENCE_CLOSE))
        piece = prefix + rest[:cut].rstrip()
        rest = rest[cut + skip :]
        lang = open_fence(piece)
        if lang is not None:
            piece += FENCE_CLOSE
        else:
            rest = rest.lstrip()
        chunks.append(piece)
    return [chunk for chunk in chunks if chunk.strip()]


def open_fence(text: str) -> str | None:
    """The language tag of a ``` fence still open at the end of `text`, or None when all fences are closed."""
    lang: str | None = None
    for match in FENCE_LINE.finditer(text):
        lang = match.group(1).strip()[:MAX_LANG] if lang is None else None
    return lang


def _find_cut(text: str, budget: int) -> tuple[int, int]:
    """Where to cut within `budget` characters, and how many separator characters to drop there."""
    for separator in SEPARATORS:
        keep = 1 if separator == ". " else 0  # keep the full stop, drop the space
        end = budget + len(separator) - keep
        while (index := text.rfind(separator, 0, end)) >= budget // 2:
            cut, skip = index + keep, len(separator) - keep
            # Inline ``` after a space would become a fence line at the start of the next chunk.
            if separator.startswith("\n") or not text.startswith("```", cut + skip):
                return cut, skip
            end = index + len(separator) - 1
    return _hard_cut(text, budget), 0


def _hard_cut(text: str, budget: int) -> int:
    """A cut inside a long run without spaces, moved back before a citation it would split, or before the last
    letter of a word followed by an inline ``` (alone at the start of the next chunk, it would open a fence)."""
    for match in CITATION.finditer(text, max(0, budget - 12), budget + 12):
        if match.start() < budget < match.end():
            return match.start()
    cut = budget
    while cut > 1 and text[cut:].lstrip(" \t").startswith("```") and not text[:cut].endswith("\n"):
        cut = len(text[:cut].rstrip(" \t")) - 1
    return cut
