"""The words the calculators recognise (levels, cities, units, the nouns around an amount, what a question asks), in
Dutch, English and French, read from `knowledge/vocabulary/calculator_words.yaml`, and the patterns built from
them."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.datafile import read_yaml_model
from bot.errors import UserFacingError
from bot.settings import knowledge_file

Level = Literal["junior", "mid", "senior"]
City = Literal["brussels", "antwerp", "ghent", "leuven", "liege", "flanders", "other"]
Unit = Literal["hourly", "daily", "monthly", "yearly"]
Words = list[str]


class UnitWords(BaseModel):
    """How a question says an amount's unit: after a connector, on its own, or before the amount."""

    model_config = ConfigDict(extra="forbid")

    after: Words = Field(min_length=1)
    alone: Words = Field(min_length=1)
    before: Words = Field(min_length=1)


Intent = Literal["freelance", "employer", "earn", "rate", "dayrate", "income", "compare", "convert", "ask",
                 "place_compare", "national", "judge"]


class CalculatorWords(BaseModel):
    """Every level, city, unit and intent with its words; each must be there, so the router knows them all."""

    model_config = ConfigDict(extra="forbid")

    levels: dict[Level, Words]
    cities: dict[City, Words]
    connectors: Words = Field(min_length=1)
    naming: Words = Field(min_length=1)
    units: dict[Unit, UnitWords]
    in_language: dict[str, dict[Unit, Words]] = {}  # unit words one language reads as another unit ("/j")
    gross: Words = Field(min_length=1)
    salary: Words = Field(min_length=1)
    years: Words = Field(min_length=1)
    days: Words = Field(min_length=1)
    billable: Words = Field(min_length=1)
    intents: dict[Intent, Words]  # regular-expression alternatives
    document_topics: Words = Field(min_length=1)  # regular-expression alternatives
    joiners: Words = Field(min_length=1)
    question_starts: Words = Field(min_length=1)

    def complete(self, path: Path) -> CalculatorWords:
        for name, table, keys in (("levels", self.levels, Level), ("cities", self.cities, City),
                                  ("units", self.units, Unit), ("intents", self.intents, Intent)):
            missing = set(keys.__args__) - set(table)  # type: ignore[attr-defined]
            if missing:
                raise UserFacingError(f"the calculator words {path}: {name} lacks {', '.join(sorted(missing))}")
        for name, alternatives in [*self.intents.items(), ("document_topics", self.document_topics)]:
            try:
                re.compile(alternation(alternatives))
            except re.error as err:
                raise UserFacingError(f"the calculator words {path}: {name} is not a valid pattern ({err})") from err
        return self


def alternation(alternatives: Words) -> str:
    """Regular-expression alternatives as one pattern matched as whole words."""
    return rf"\b(?:{'|'.join(alternatives)})(?!\w)"


def words_file() -> Path:
    """The configured knowledge directory's words, else this checkout's (settings.knowledge_file: no editable
    install); found when first needed, not at import."""
    return knowledge_file("vocabulary", "calculator_words.yaml")


def load_words(path: Path) -> CalculatorWords:
    """The words of a file; anything malformed is a clear error naming the file."""
    return read_yaml_model(path, CalculatorWords, "calculator words").complete(path)


def phrase(words: Words) -> str:
    """An alternation of words; a space inside a phrase matches any run of spaces ("day rate", "day  rate")."""
    ordered = sorted(words, key=len, reverse=True)  # the longest first: "in de" before "de"
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


def after_words(words: CalculatorWords, language: str) -> dict[Unit, Words]:
    """Each unit's words after a connector as one language reads them: a word the language gives to another unit
    moves there ("/j" is a day in French, a year in Dutch)."""
    moved = words.in_language.get(language, {})
    taken = {word for extra in moved.values() for word in extra}
    return {unit: [w for w in unit_words.after if w not in taken] + moved.get(unit, [])
            for unit, unit_words in words.units.items()}


def after_patterns(words: CalculatorWords, language: str = "en") -> dict[Unit, str]:
    """"650 per dag", "70k a year", "€550/d", "85 hourly": the unit right after an amount."""
    connectors = phrase(words.connectors)
    after = after_words(words, language)
    return {unit: rf"(?:{connectors})\s*(?:{phrase(after[unit])})\b|(?:{phrase(w.alone)})\b"
            for unit, w in words.units.items()}


def before_patterns(words: CalculatorWords) -> dict[Unit, str]:
    """"dagtarief van €650", "a day rate of 700": the unit right before an amount."""
    return {unit: rf"(?:{phrase(w.before)})" for unit, w in words.units.items()}


def mention_patterns(words: CalculatorWords, language: str = "en") -> dict[Unit, str]:
    """A unit named anywhere in the question ("what is that per day?")."""
    connectors = phrase(words.naming)
    after = after_words(words, language)
    return {unit: rf"\b(?:(?:{connectors})\s+(?:{phrase([a for a in after[unit] if len(a) > 2])})|"
                  rf"{phrase(w.alone + w.before)})\b" for unit, w in words.units.items()}


@cache
def words() -> CalculatorWords:
    """The calculators' words, read on first use (a calculation, or the router's first question)."""
    return load_words(words_file())
