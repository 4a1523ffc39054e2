"""Amounts as people type them (70000, 70.000, 70,000, 70k, €70.000) and euros as people read them."""

from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from bot.errors import UserFacingError
from bot.models import Language
from bot.numbers import read

AMOUNT_HELP = "write it like 70000, 70.000, 70,000, 70k or €70.000"
# The English of every calculator input problem, as the CLI prints it. The Discord bot says the same problems in
# the member's language from knowledge/vocabulary/discord.yaml (replies.input_<key>, terms replies.input_term_<code>).
PROBLEMS: dict[str, str] = {
    "amount_unreadable": "'{text}' is not an amount; " + AMOUNT_HELP,
    "amount_too_large": "'{text}' is too large to be an amount",
    "not_an_amount": "'{text}' is not an amount",
    "unknown_level": "unknown level '{value}'; known levels: {known}",
    "unknown_city": "unknown city '{value}'; known cities: {known}",
    "amount_out_of_range": "{what} must be more than €0 and at most €{limit} {per}; got €{value}",
    "number_out_of_range": "{what} must be {kind} from {low} to {high}; got {value}",
    "number_unreadable": "{what} must be {kind} from {low} to {high}; got '{value}'",
}
# The English of the words a problem names by code: the fields, the units' "per" and the kinds of number.
TERMS: dict[str, str] = {
    "day_rate": "the day rate", "gross_yearly_salary": "the gross yearly salary", "gross_salary": "the gross salary",
    "amount": "the amount", "years": "years of experience", "billable_days": "billable days",
    "months_of_pay": "months of pay", "own_costs": "own costs (euros a year)", "hours_per_day": "hours a day",
    "hours_per_week": "hours a week",
    "hourly": "an hour", "daily": "a day", "monthly": "a month", "yearly": "a year",
    "number": "a number", "whole_number": "a whole number",
}
_CURRENCY = re.compile(r"^(?:€|eur(?:o|os)?)\s*|\s*(?:€|eur(?:o|os)?)$", re.IGNORECASE)
_NUMBER = re.compile(r"^(?P<sign>-)?\s*(?P<digits>\d+(?:[.,]\d+)*)\s*(?P<k>k)?$", re.IGNORECASE)
# Far above any salary or rate, and small enough that a float keeps whole euros exact and stays finite when a
# caller multiplies it (309 digits would overflow to infinity, which no message can print).
MAX_AMOUNT = 1e15


class InputProblem(UserFacingError, ValueError):
    """A calculator input that cannot be used. `key` names the message (PROBLEMS), `values` fill it in (numbers
    are written in the reader's format), `terms` fill in words by code (TERMS); str() is the English text.

    A ValueError, so pydantic validators report it; a UserFacingError, so every front end shows it to the user."""

    def __init__(self, key: str, terms: dict[str, str] | None = None, **values: Any) -> None:
        self.key = key
        self.terms = terms or {}
        self.values = values
        super().__init__(self.render(PROBLEMS[key], TERMS, "en"))

    def render(self, template: str, terms: dict[str, str], language: Language) -> str:
        """The message from one language's template and term words."""
        shown = {name: shown_value(value, language) for name, value in self.values.items()}
        return template.format(**shown, **{name: terms[code] for name, code in self.terms.items()})


def shown_value(value: Any, language: Language) -> Any:
    """A number as the language writes it (1,5 or 1.5); anything else as it is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return number(value, language)


def parse_amount(text: str) -> float:
    """Read an amount as Belgians and English speakers write it (a sign is kept, so range checks can name it)."""
    cleaned = _CURRENCY.sub("", str(text).strip()).strip()
    match = _NUMBER.match(cleaned)
    if not match:
        raise InputProblem("amount_unreadable", text=text)
    value = _number(match.group("digits")) * (-1 if match.group("sign") else 1)
    value = value * 1000 if match.group("k") else value
    if abs(value) > MAX_AMOUNT:
        raise InputProblem("amount_too_large", text=_shorten(str(text)))
    return value


def _shorten(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _number(digits: str) -> float:
    """70.000 and 70,000 are thousands; 85,5 and 85.50 are decimals; 70.000,50 and 70,000.50 are both."""
    try:
        return read(digits)
    except ValueError as err:
        raise InputProblem("amount_unreadable", text=digits) from err


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
