"""Every figure of a generated answer must stand in its evidence (the context or a tool result), in any of the
ways a number is written."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from text_to_num import alpha2digit

from bot.rag.checks.links import DISCORD_ID, LINK, LIST_MARKER
from bot.text import numbers
from bot.text.citations import without_marks


@dataclass(frozen=True)
class Figure:
    """One number in a text, with every value it can mean (3.500 is 3500 in Dutch and 3.5 in English)."""

    raw: str
    values: tuple[tuple[float, int], ...]  # (value before the k/M multiplier, decimals shown)
    multiplier: float
    in_words: bool = False  # "twelve thousand": a source that writes the same words supports it too


# Ways to write a number that the digit reader does not see: 1e5, 10^5, 10**5 and 10⁵ are read as their value.
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
POWER = re.compile(
    rf"(?<![\w.,])(\d+(?:\.\d+)?)(?:[eE]([+-]?\d+)|\s?(?:\^|\*\*)\s?([+-]?\d+)|([{SUPERSCRIPTS}]+))(?!\w|[.,]\d)"
)
HALF = re.compile(r"\b(?:half an?|een halve?) (million|miljoen|thousand|duizend)\b", re.IGNORECASE)
HALF_VALUES = {"million": 500_000, "miljoen": 500_000, "thousand": 500, "duizend": 500}
# One to nine written out are prose ("three tips", "een van de tools"); from ten on a word number is a figure.
MIN_WORD_FIGURE = 10
FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}  # ０-９，． and the rest to ASCII


def plain_digits(text: str) -> str:
    """Full-width forms and every other script's digits as ASCII, so ７０，０００ reads as 70,000."""
    text = text.translate(FULL_WIDTH)
    return re.sub(r"[^\x00-\x7f]", lambda m: str(unicodedata.digit(m.group(), m.group())), text)


def _power_value(match: re.Match[str]) -> str:
    base, exponent = float(match.group(1)), match.group(2) or match.group(3)
    if exponent is None:
        exponent = "".join(str(SUPERSCRIPTS.index(ch)) for ch in match.group(4))
    try:
        value = base * 10.0 ** int(exponent) if match.group(2) else base ** min(int(exponent), 30)
    except OverflowError:  # beyond any float: written as a number above them all, which no source supports
        return "1" + "0" * 309
    return f"{value:.10g}" if not math.isfinite(value) or value != int(value) else str(int(value))


def expand_powers(text: str) -> str:
    """1e5, 10^5, 10**5 and 10⁵ written as the number they mean."""
    return POWER.sub(_power_value, text)


def word_figures(text: str) -> list[Figure]:
    """Numbers written in words, in English or Dutch ("twelve thousand", "half a million", "twaalfduizend"),
    from MIN_WORD_FIGURE on; the digits in the text are masked first so "1.5 million" stays one figure."""
    masked = numbers.NUMBER.sub(" ", text)
    found = [Figure(m.group(0), ((float(HALF_VALUES[m.group(1).lower()]), 0),), 1.0, in_words=True)
             for m in HALF.finditer(masked)]
    masked = HALF.sub(" ", masked)
    for language in ("en", "nl"):
        converted = alpha2digit(masked, language)
        for written in numbers.find(converted):
            value = written.value()
            if value >= MIN_WORD_FIGURE and all(f.values[0][0] != value for f in found):
                found.append(Figure(written.raw, ((value, 0),), 1.0, in_words=True))
    return found


def figures(text: str) -> list[Figure]:
    """Every amount, percentage or count in a text, with its possible values (digits in any script, powers)."""
    text = plain_digits(expand_powers(text))
    return [Figure(n.raw, tuple(n.readings()), n.multiplier) for n in numbers.find(text)]


def evidence_values(texts: Iterable[str]) -> set[float]:
    """All values the context and tool results state in digits, as plain numbers."""
    return {value * figure.multiplier for text in texts for figure in figures(text) for value, _ in figure.values}


def evidence_word_values(texts: Iterable[str]) -> set[float]:
    """The values the evidence writes in words: they support the same number in words, not a figure in digits."""
    return {figure.values[0][0] for text in texts for figure in word_figures(text)}


def _supported(figure: Figure, allowed: set[float]) -> bool:
    """A figure is supported when some reading of it equals an evidence value shown at the figure's precision."""
    for value, decimals in figure.values:
        for known in allowed:
            if abs(round(known / figure.multiplier, decimals) - value) < 1e-9:
                return True
    return False


def answer_figures(text: str) -> list[Figure]:
    """The figures an answer states, in digits or words, leaving out citation marks, list numbering, Discord IDs
    and URLs."""
    text = DISCORD_ID.sub(" ", without_marks(plain_digits(expand_powers(text)), " "))
    text = LIST_MARKER.sub(" ", text)
    text = LINK.sub(lambda m: m.group("label") or " ", text)
    return figures(text) + word_figures(text)


def unsupported_figures(answer: str, evidence: Iterable[str]) -> list[str]:
    """The figures in the answer that no context text or tool result states (70.000 = 70,000 = 70k = €70,000 =
    seventy thousand)."""
    evidence = list(evidence)
    allowed = evidence_values(evidence)
    in_words = allowed | evidence_word_values(evidence)
    return [figure.raw for figure in answer_figures(answer)
            if not _supported(figure, in_words if figure.in_words else allowed)]
