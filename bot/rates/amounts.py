"""Amounts as people type them (70000, 70.000, 70,000, 70k, €70.000) and euros as people read them."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal

from bot.models import Language
from bot.numbers import read

AMOUNT_HELP = "write it like 70000, 70.000, 70,000, 70k or €70.000"
_CURRENCY = re.compile(r"^(?:€|eur(?:o|os)?)\s*|\s*(?:€|eur(?:o|os)?)$", re.IGNORECASE)
_NUMBER = re.compile(r"^(?P<sign>-)?\s*(?P<digits>\d+(?:[.,]\d+)*)\s*(?P<k>k)?$", re.IGNORECASE)
# Far above any salary or rate, and small enough that a float keeps whole euros exact and stays finite when a
# caller multiplies it (309 digits would overflow to infinity, which no message can print).
MAX_AMOUNT = 1e15


def parse_amount(text: str) -> float:
    """Read an amount as Belgians and English speakers write it (a sign is kept, so range checks can name it)."""
    cleaned = _CURRENCY.sub("", str(text).strip()).strip()
    match = _NUMBER.match(cleaned)
    if not match:
        raise ValueError(f"'{text}' is not an amount; {AMOUNT_HELP}")
    value = _number(match.group("digits")) * (-1 if match.group("sign") else 1)
    value = value * 1000 if match.group("k") else value
    if abs(value) > MAX_AMOUNT:
        raise ValueError(f"'{_shorten(str(text))}' is too large to be an amount")
    return value


def _shorten(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(digits: str) -> float:
    """70.000 and 70,000 are thousands; 85,5 and 85.50 are decimals; 70.000,50 and 70,000.50 are both."""
    try:
        return read(digits)
    except ValueError as err:
        raise ValueError(f"'{digits}' is not an amount; {AMOUNT_HELP}") from err


def euros(value: float) -> int:
    """Round to whole euros the way people do (half up), not banker's rounding."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def money(value: float, language: Language = "en") -> str:
    """€70,000 in English, €70.000 in Dutch."""
    text = f"{euros(value):,}"
    return "€" + (text.replace(",", ".") if language == "nl" else text)


def number(value: float, language: Language = "en") -> str:
    """A plain number with the language's decimal mark (13.92 or 13,92)."""
    if not math.isfinite(value):  # JSON's 1e999 reaches the range check as infinity, which must still be said
        return str(value)
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    if language == "nl":
        return text.translate(str.maketrans({",": ".", ".": ","}))
    return text
