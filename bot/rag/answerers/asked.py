"""What kind of figure a question asks for (a percentage, a duration, a year, an age), and whether a
sentence states one: the vocabulary is data (knowledge/vocabulary/asked.yaml), in Dutch, English and French."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, Field

from bot.datafile import read_yaml_model
from bot.settings import SOURCE_KNOWLEDGE

ASKED_FILE = SOURCE_KNOWLEDGE / "vocabulary" / "asked.yaml"  # a knowledge directory may hold its own
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


class KindWords(BaseModel):
    asked: list[str] = Field(min_length=1)
    units: list[str] = []


class AskedFile(BaseModel):
    kinds: dict[str, KindWords] = Field(min_length=1)
    number_words: list[str] = []
    reasons: list[str] = []


def plain(text: str) -> str:
    """Lowercase without accents and with apostrophes as spaces, as members type ("jusqu'a", "duree")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _phrase(words: list[str]) -> str:
    """One alternation of whole-word phrases (a phrase of symbols, such as "%" or "€", needs no word edge)."""
    parts = [re.escape(plain(w)).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)]
    return "|".join(rf"(?<!\w){p}(?!\w)" if re.match(r"\w", plain(w)) else p for p, w in
                    zip(parts, sorted(words, key=len, reverse=True), strict=True))


def _glued(units: list[str]) -> str:
    """Units as a figure states them, also at the end of a Dutch compound ("30 kalenderdagen", "12 werkweken")."""
    parts = [re.escape(plain(u)).replace(r"\ ", r"\s+") for u in sorted(units, key=len, reverse=True)]
    words = "|".join(rf"{p}(?!\w)" for p, u in zip(parts, sorted(units, key=len, reverse=True), strict=True)
                     if re.match(r"\w", plain(u)))
    symbols = "|".join(p for p, u in zip(parts, sorted(units, key=len, reverse=True), strict=True)
                       if not re.match(r"\w", plain(u)))
    return "|".join(filter(None, [rf"(?:[a-z]{{4,}}?)?(?:{words})" if words else "", symbols]))


@dataclass(frozen=True)
class AskedKinds:
    """The compiled vocabulary: which kinds a question asks for, and which a sentence states."""

    asked: dict[str, re.Pattern[str]]
    stated: dict[str, re.Pattern[str]]
    reason: re.Pattern[str] | None = None

    @classmethod
    def from_file(cls, path: Path) -> AskedKinds:
        data = read_yaml_model(path, AskedFile, "vocabulary of asked figures")
        number = r"(?:\d[\d.,/]*|" + _phrase(data.number_words) + ")" if data.number_words else r"\d[\d.,/]*"
        asked = {kind: re.compile(_phrase(words.asked)) for kind, words in data.kinds.items()}
        stated = {kind: re.compile(rf"{number}\s*(?:{_glued(words.units)})" if words.units else r"\b(?:19|20)\d\d\b")
                  for kind, words in data.kinds.items()}
        return cls(asked, stated, re.compile(_phrase(data.reasons)) if data.reasons else None)

    def wants_reason(self, question: str) -> bool:
        """Whether the question asks why, which no figure answers."""
        return self.reason is not None and self.reason.search(plain(question)) is not None

    def of(self, question: str) -> set[str]:
        """The kinds of figure the question asks for."""
        text = plain(question)
        return {kind for kind, pattern in self.asked.items() if pattern.search(text)}

    def states(self, sentence: str, kinds: set[str], given: str = "") -> bool:
        """Whether the sentence states a figure of one of these kinds, other than a number the question itself
        gives ("what % instead of 18?" is not answered by the sentence on 18%)."""
        text, known = plain(sentence), set(NUMBER.findall(given))
        return any(set(NUMBER.findall(found.group())) - known or not NUMBER.search(found.group())
                   for kind in kinds if kind in self.stated for found in self.stated[kind].finditer(text))


@cache
def packaged() -> AskedKinds:
    """The vocabulary shipped with the checkout (the knowledge directory's own is passed in by the runtime)."""
    return AskedKinds.from_file(ASKED_FILE)
