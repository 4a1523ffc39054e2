"""The figures from knowledge/rates/*.yaml: each one quoted from a document, plus the named assumptions."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict

from bot.models import Language, Source

RATES_DIR = Path(__file__).resolve().parents[2] / "knowledge" / "rates"


class Figure(BaseModel):
    """One number (or range, or statement) with the document, section and sentence it comes from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    doc_id: str
    title: str
    year: int
    region: str
    section: str
    quote: str
    context: str | None = None
    unit: str
    low: float | None = None
    high: float | None = None
    value: float | None = None
    open_ended: bool = False

    @property
    def lo(self) -> float:
        """The low end, for figures that have one (a KeyError-like failure here is a YAML bug)."""
        return _required(self.low, self.id, "low")

    @property
    def hi(self) -> float:
        """The high end."""
        return _required(self.high, self.id, "high")

    @property
    def val(self) -> float:
        """The single value."""
        return _required(self.value, self.id, "value")

    @property
    def path(self) -> str:
        """Where the cited document lives in the repository."""
        return f"knowledge/{self.doc_id}.md"

    def source(self, rank: int) -> Source:
        """The figure as a cited source of an answer."""
        return Source(rank=rank, doc_id=self.doc_id, title=self.title, section=self.section, path=self.path,
                      url=None, score=1.0, text=self.quote)


def _required(number: float | None, figure_id: str, field: str) -> float:
    """A calculator asked a figure for a number its YAML entry does not have."""
    if number is None:
        raise ValueError(f"figure '{figure_id}' has no {field} in knowledge/rates")
    return number


class AssumptionDefault(BaseModel):
    """A default the documents do not give, with the reason for its value."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    label: dict[Language, str]
    value: float
    unit: str
    overridable: bool = True
    reason: dict[Language, str]


class FigureBook(BaseModel):
    """Every figure and assumption, looked up by id."""

    model_config = ConfigDict(frozen=True)

    figures: dict[str, Figure]
    assumptions: dict[str, AssumptionDefault]

    def figure(self, figure_id: str) -> Figure:
        """A figure by id; a missing one is a bug in the YAML or the code, so it raises KeyError."""
        return self.figures[figure_id]

    def assumption(self, name: str) -> AssumptionDefault:
        """An assumption's default by name."""
        return self.assumptions[name]


def load_book(directory: Path = RATES_DIR) -> FigureBook:
    """Read every YAML file in the directory: documents' figures and the assumptions file."""
    figures: dict[str, Figure] = {}
    assumptions: dict[str, AssumptionDefault] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("figures", []):
            header = {key: data[key] for key in ("doc_id", "title", "year", "region")}
            figure = Figure(**header, **item)
            figures[_unique(figure.id, figures, path)] = figure
        for item in data.get("assumptions", []):
            assumption = AssumptionDefault(**item)
            assumptions[_unique(assumption.name, assumptions, path)] = assumption
    return FigureBook(figures=figures, assumptions=assumptions)


def _unique(key: str, seen: dict, path: Path) -> str:
    """Two figures with one id would make citations ambiguous."""
    if key in seen:
        raise ValueError(f"{path.name}: '{key}' is defined twice")
    return key


@lru_cache(maxsize=1)
def default_book() -> FigureBook:
    """The repository's figures, read once on first use (not at import time)."""
    return load_book(RATES_DIR)
