"""One reader for the numbers people and documents write: 70000, 70.000, 70,000, 70 000 (non-breaking), 3,5,
12.5, 70k, 1,2 mln. The amount parser, the router, the checks on generated answers, the figure check at ingest
and the feedback redaction all read numbers with it, so "70.000" means the same everywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.models import Language

# A number token: grouped thousands (any of . , and the non-breaking spaces) or plain digits, an optional decimal
# part, and an optional multiplier word or letter. Not inside a word or another number.
NUMBER = re.compile(
    r"(?<![\w.,])(?P<digits>\d{1,3}(?:[.,\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?P<suffix>\s?(?:mln|miljoen|million|miljard|billion)\b|[kKmM](?![\w]))?(?!\w)"
)
# Digits with any . and , between them, as a member types an amount: read() takes or refuses the whole run, so
# "1.2.3" is one number nobody can read rather than "1.2" and a stray "3".
TYPED_DIGITS = r"\d+(?:[.,]\d+)*"
SUFFIXES = {"k": 1e3, "m": 1e6, "mln": 1e6, "miljoen": 1e6, "million": 1e6, "miljard": 1e9, "billion": 1e9}
GROUPED = re.compile(r"^\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*$")  # 70.000 or 1,250,000: thousands only
SPACES = re.compile(r"[\u00a0\u202f\u2009]")
# thousands separator and decimal mark of each language's notation
NOTATION: dict[Language, tuple[str, str]] = {"en": (",", "."), "nl": (".", ","), "fr": (".", ",")}
DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Written:
    """One number as written in a text."""

    raw: str
    digits: str
    multiplier: float
    span: tuple[int, int]

    def readings(self) -> list[tuple[float, int]]:
        """Every value it can mean, with the decimals shown (before the multiplier)."""
        return readings(self.digits)

    def value(self, language: Language | None = None) -> float:
        """The one value it means, in the language's notation (else by the grouping rule), multiplier applied."""
        return read(self.digits, language) * self.multiplier


def find(text: str) -> list[Written]:
    """Every number in a text, in order."""
    found = []
    for match in NUMBER.finditer(text):
        suffix = (match.group("suffix") or "").strip().lower()
        found.append(Written(match.group(0).strip(), match.group("digits"), SUFFIXES.get(suffix, 1.0), match.span()))
    return found


def readings(digits: str) -> list[tuple[float, int]]:
    """A digit string under the Dutch and the English convention: 3.500 is 3500 or 3.5; 3.500,25 is 3500.25."""
    digits = SPACES.sub("", digits)
    separators = [ch for ch in digits if ch in ".,"]
    if not separators:
        return [(float(digits), 0)]
    last = separators[-1]
    head, _, tail = digits.rpartition(last)
    whole = float(re.sub(r"[.,]", "", digits))
    if len(set(separators)) == 2 or len(separators) == 1 and len(tail) != 3:
        return [(float(re.sub(r"[.,]", "", head) + "." + tail), len(tail))]
    if len(separators) > 1:
        return [(whole, 0)]
    return [(whole, 0), (float(head + "." + tail), len(tail))]


def read(digits: str, language: Language | None = None) -> float:
    """The one value of a digit string: in a language's notation when it is known (a document's), else as a member
    types an amount (70.000 and 70,000 are thousands; 85,5 and 85.50 decimals). ValueError when it is neither."""
    digits = SPACES.sub("", digits)
    if language is not None:
        thousands, decimal = NOTATION[language]
        whole, _, fraction = digits.partition(decimal)
        if decimal in fraction or (thousands in whole and not GROUPED.match(whole)):
            raise ValueError(f"'{digits}' is not a number in {language} notation")
        return float(whole.replace(thousands, "") + ("." + fraction if fraction else ""))
    if GROUPED.match(digits):
        return float(re.sub(r"[.,]", "", digits))
    separators = [c for c in digits if c in ".,"]
    if not separators:
        return float(digits)
    decimal = separators[-1]
    whole, _, fraction = digits.rpartition(decimal)
    thousands = "," if decimal == "." else "."
    if decimal in whole or (thousands in whole and not GROUPED.match(whole)):
        raise ValueError(f"'{digits}' is not a number")
    return float(whole.replace(thousands, "") + "." + fraction)


def redact(text: str, mark: str = "#") -> str:
    """Every number replaced by a mark, and any digit left over (inside a word, an id): what makes a private
    question identifying is its salaries, rates and day counts."""
    return DIGITS.sub(mark, NUMBER.sub(mark, text))
