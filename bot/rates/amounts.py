"""Amounts as people type them (70000, 70.000, 70,000, 70k, €70.000), and the problems an input can have."""

from __future__ import annotations

import re
from typing import Any

from bot.errors import UserFacingError
from bot.text.catalogue import Catalogue
from bot.text.numbers import TYPED_DIGITS, read

# The calculators' input problems and the words they name by code (the fields, the units' "per", the kinds of
# number): their texts are in the message catalogue as input_<problem> and input_term_<code>, in every language.
PROBLEMS = ("amount_unreadable", "amount_too_large", "not_an_amount", "unknown_level", "unknown_city",
            "amount_out_of_range", "number_out_of_range", "number_unreadable")
TERMS = ("day_rate", "gross_yearly_salary", "gross_salary", "amount", "years", "billable_days", "months_of_pay",
         "own_costs", "hours_per_day", "hours_per_week", "hourly", "daily", "monthly", "yearly", "number",
         "whole_number")
_CURRENCY = re.compile(r"^(?:€|eur(?:o|os)?)\s*|\s*(?:€|eur(?:o|os)?)$", re.IGNORECASE)
_NUMBER = re.compile(rf"^(?P<sign>-)?\s*(?P<digits>{TYPED_DIGITS})\s*(?P<k>k)?$", re.IGNORECASE)
# Far above any salary or rate, and small enough that a float keeps whole euros exact and stays finite when a
# caller multiplies it (309 digits would overflow to infinity, which no message can print).
MAX_AMOUNT = 1e15


class InputProblem(UserFacingError, ValueError):
    """A calculator input that cannot be used. `key` names the message (input_<key> in the catalogue), `values`
    fill it in (numbers are written in the reader's format), `terms` fill in words by code (input_term_<code>);
    str() is the English text, as the CLI prints it.

    A ValueError, so pydantic validators report it; a UserFacingError, so every front end shows it to the user."""

    def __init__(self, key: str, terms: dict[str, str] | None = None, **values: Any) -> None:
        self.key = key
        self.terms = terms or {}
        self.values = values
        super().__init__(self.text(Catalogue.packaged(), "en"))

    def text(self, catalogue: Catalogue, language: str) -> str:
        """The message in one language, its numbers in that language's format."""
        words = {name: catalogue.say(f"input_term_{code}", language) for name, code in self.terms.items()}
        return catalogue.say(f"input_{self.key}", language, **self.values, **words)


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
