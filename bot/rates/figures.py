"""The figures from <knowledge>/rates/*.yaml: each one quoted from a document, plus the named assumptions.

An ingest checks the figures against the documents and stores them with the index build, so documents and
figures switch together. The calculators read `book_in_use()`: the figures of the build the current answer
reads (the engine pins them per answer), else the live index's, else the packaged ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from bot.datafile import first_line, load_yaml
from bot.errors import UserFacingError
from bot.models import Language, Source
from bot.settings import knowledge_file


def rates_dir() -> Path:
    """The packaged figures: <CAREERBOT_KNOWLEDGE_DIR>/rates when it has them, else this checkout's knowledge/rates
    (so an installed, non-editable package finds them through the settings; see settings.knowledge_file); found
    when first needed, not at import."""
    return knowledge_file("rates")


class MissingFigure(UserFacingError):
    """A calculator needs a figure the knowledge base does not hold (its figures file was removed or edited)."""


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
        """A figure by id; without it the calculator that asks cannot answer from the documents."""
        if figure_id not in self.figures:
            raise MissingFigure(f"the knowledge base has no figure {figure_id!r} (rates/*.yaml), so this "
                                "calculation is not available; ask a maintainer to add it")
        return self.figures[figure_id]

    def assumption(self, name: str) -> AssumptionDefault:
        """An assumption's default by name."""
        if name not in self.assumptions:
            raise MissingFigure(f"the knowledge base has no assumption {name!r} (rates/assumptions.yaml)")
        return self.assumptions[name]


def load_book(directory: Path) -> FigureBook:
    """Read every YAML file in the directory: documents' figures and the assumptions file. A malformed file is
    a clear error naming it."""
    return book_and_files(directory)[0]


def book_and_files(directory: Path) -> tuple[FigureBook, dict[str, str]]:
    """The figures of a directory, and the file (`rates/<name>.yaml`) each figure id comes from."""
    figures: dict[str, Figure] = {}
    files: dict[str, str] = {}
    assumptions: dict[str, AssumptionDefault] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _read(path)
        header = {key: data.get(key) for key in ("doc_id", "title", "year", "region")}
        for item in data.get("figures") or []:
            figure = _parsed(Figure, path, item, header)
            figures[_unique(figure.id, figures, path)] = figure
            files[figure.id] = f"{directory.name}/{path.name}"
        for item in data.get("assumptions") or []:
            assumption = _parsed(AssumptionDefault, path, item)
            assumptions[_unique(assumption.name, assumptions, path)] = assumption
    return FigureBook(figures=figures, assumptions=assumptions), files


def _read(path: Path) -> dict:
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise UserFacingError(f"cannot read the figures file {path}: {first_line(err)}") from err
    if not isinstance(data, dict):
        raise UserFacingError(f"the figures file {path} must hold doc_id, title, year, region and figures:")
    return data


def _parsed(model: type[BaseModel], path: Path, item: object, header: dict | None = None):  # noqa: ANN202
    """One figure or assumption; a bad one is a clear error naming the file, the entry and the field."""
    name = item.get("id") or item.get("name") if isinstance(item, dict) else None
    try:
        if not isinstance(item, dict):
            raise TypeError("each entry must be a mapping of fields")
        return model(**(header or {}), **item)
    except (TypeError, ValidationError) as err:
        detail = first_line(err)
        if isinstance(err, ValidationError):
            first = err.errors()[0]
            detail = f"{'.'.join(map(str, first['loc']))}: {first['msg']}"
        raise UserFacingError(f"{path}: {name or 'an entry'}: {detail}") from err


def _unique(key: str, seen: dict, path: Path) -> str:
    """Two figures with one id would make citations ambiguous."""
    if key in seen:
        raise UserFacingError(f"{path.name}: '{key}' is defined twice")
    return key


_in_use: ContextVar[FigureBook | None] = ContextVar("figures_in_use", default=None)


@contextmanager
def use_book(book: FigureBook | None) -> Iterator[None]:
    """The figures every calculation inside this block uses (an answer's, from the build it reads); None keeps
    the usual lookup."""
    token = _in_use.set(book)
    try:
        yield
    finally:
        _in_use.reset(token)


def book_in_use() -> FigureBook:
    """The figures for the calculation at hand: those of the `use_book` block it runs in (a front end passes the
    runtime's), else the packaged ones."""
    book = _in_use.get()
    return book if book is not None else default_book()


@lru_cache(maxsize=1)
def default_book() -> FigureBook:
    """The packaged figures (knowledge/rates of this repository, checked against its documents by the tests)."""
    return load_book(rates_dir())
