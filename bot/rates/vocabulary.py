"""The words the calculators recognise for levels, cities and units, read from
`knowledge/vocabulary/calculator_words.yaml`, and the patterns built from them."""

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


class CalculatorWords(BaseModel):
    """Every level, city and unit with its words; each must be there, so the router knows them all."""

    model_config = ConfigDict(extra="forbid")

    levels: dict[Level, Words]
    cities: dict[City, Words]
    connectors: Words = Field(min_length=1)
    naming: Words = Field(min_length=1)
    units: dict[Unit, UnitWords]

    def complete(self, path: Path) -> CalculatorWords:
        for name, table, keys in (("levels", self.levels, Level), ("cities", self.cities, City),
                                  ("units", self.units, Unit)):
            missing = set(keys.__args__) - set(table)  # type: ignore[attr-defined]
            if missing:
                raise UserFacingError(f"the calculator words {path}: {name} lacks {', '.join(sorted(missing))}")
        return self


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


def after_patterns(words: CalculatorWords) -> dict[Unit, str]:
    """"650 per dag", "70k a year", "€550/d", "85 hourly": the unit right after an amount."""
    connectors = phrase(words.connectors)
    return {unit: rf"(?:{connectors})\s*(?:{phrase(w.after)})\b|(?:{phrase(w.alone)})\b"
            for unit, w in words.units.items()}


def before_patterns(words: CalculatorWords) -> dict[Unit, str]:
    """"dagtarief van €650", "a day rate of 700": the unit right before an amount."""
    return {unit: rf"(?:{phrase(w.before)})" for unit, w in words.units.items()}


def mention_patterns(words: CalculatorWords) -> dict[Unit, str]:
    """A unit named anywhere in the question ("what is that per day?")."""
    connectors = phrase(words.naming)
    return {unit: rf"\b(?:(?:{connectors})\s+(?:{phrase([a for a in w.after if len(a) > 2])})|"
                  rf"{phrase(w.alone + w.before)})\b" for unit, w in words.units.items()}


@cache
def words() -> CalculatorWords:
    """The calculators' words, read on first use (a calculation, or the router's first question)."""
    return load_words(words_file())
