"""Places a question may name outside the country the documents describe (knowledge/vocabulary/places.yaml): a
question about the Netherlands is not answered by a section on Belgium, however close the model finds them. The
same holds for a year: a question about 2020 is not answered by a section on 2026."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel, Field

from bot.datafile import read_yaml_model
from bot.models import Source
from bot.rag.answerers.asked import plain
from bot.settings import SOURCE_KNOWLEDGE

PLACES_FILE = SOURCE_KNOWLEDGE / "vocabulary" / "places.yaml"  # a knowledge directory may hold its own


class PlacesFile(BaseModel):
    home: list[str] = []
    elsewhere: list[list[str]] = Field(min_length=1)


def _names(names: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(plain(n)).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


@dataclass(frozen=True)
class Places:
    """Each place elsewhere as one pattern of all its names."""

    elsewhere: tuple[re.Pattern[str], ...]

    @classmethod
    def from_file(cls, path: Path) -> Places:
        data = read_yaml_model(path, PlacesFile, "list of places")
        home = {plain(n) for n in data.home}
        return cls(tuple(_names([n for n in group if plain(n) not in home]) for group in data.elsewhere))

    def unsupported(self, question: str, sources: list[Source]) -> list[str]:
        """The places the question names that none of the sources names (in any of the place's names)."""
        asked = plain(question)
        said = plain(" ".join(f"{s.title} {s.section} {s.text}" for s in sources))
        return [found.group() for pattern in self.elsewhere if (found := pattern.search(asked))
                and not pattern.search(said)]


# a year as a question names one ("in 2020", "2019?"), not an amount ("2000 euro", "€2020", "2025k")
YEAR = re.compile(r"(?<![\w€$.,])(?:19[89]\d|20[0-4]\d)"
                  r"(?![\w€$%/]|[.,]\d|\s*(?:euro|eur\b|€|\$|k\b|bruto|netto|gross|net\b|brut|per\b|a\s+(?:month|year|day)|par\b"
                  r"|(?:in\s+de\s+|a\s+|per\s+)?(?:maand|mois|month)))", re.IGNORECASE)


def unsaid_years(question: str, sources: list[Source]) -> list[str]:
    """The years the question names that none of the sources names."""
    said = set(YEAR.findall(" ".join(f"{s.title} {s.section} {s.text}" for s in sources)))
    return [year for year in YEAR.findall(question) if year not in said]


@cache
def packaged() -> Places:
    """The list shipped with the checkout (the knowledge directory's own is passed in by the runtime)."""
    return Places.from_file(PLACES_FILE)
