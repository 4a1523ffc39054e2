"""Every figure in knowledge/rates/*.yaml is quoted word for word from the section of the document it cites."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import pytest

from bot.rates.figures import RATES_DIR, Figure, load_book

KNOWLEDGE = RATES_DIR.parent
BOOK = load_book(RATES_DIR)
WORD_NUMBERS = {"two": 2, "six": 6, "eight": 8}
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def normalise(text: str) -> str:
    """Markdown adds list dashes and line breaks; the words stay the same."""
    text = re.sub(r"^\s*[-*]\s+", "", text, flags=re.MULTILINE)
    return " ".join(text.split())


def section_text(doc_id: str, section: str) -> str:
    """The text under a heading, up to the next heading."""
    body = frontmatter.load(KNOWLEDGE / f"{doc_id}.md").content
    headings = list(HEADING.finditer(body))
    for i, heading in enumerate(headings):
        if heading.group(1) == section:
            end = headings[i + 1].start() if i + 1 < len(headings) else len(body)
            return normalise(body[heading.end():end])
    raise AssertionError(f"{doc_id}.md has no heading '{section}'")


def numbers_in(quote: str) -> set[float]:
    """Digits (with thousands separators) and the number words the documents use."""
    digits = {float(re.sub(r"[.,]", "", m)) for m in re.findall(r"\d+(?:[.,]\d{3})*", quote)}
    words = {float(value) for word, value in WORD_NUMBERS.items() if re.search(rf"\b{word}\b", quote, re.IGNORECASE)}
    return digits | words


@pytest.mark.parametrize("figure", BOOK.figures.values(), ids=lambda f: f.id)
def test_quote_is_in_the_cited_section(figure: Figure) -> None:
    assert normalise(figure.quote) in section_text(figure.doc_id, figure.section)


@pytest.mark.parametrize("figure", BOOK.figures.values(), ids=lambda f: f.id)
def test_every_number_comes_from_the_quote(figure: Figure) -> None:
    given = {n for n in (figure.low, figure.high, figure.value) if n is not None}
    assert given <= numbers_in(figure.quote), f"{figure.id}: {given - numbers_in(figure.quote)} not in its quote"


@pytest.mark.parametrize("figure", BOOK.figures.values(), ids=lambda f: f.id)
def test_context_sentence_is_in_the_section_too(figure: Figure) -> None:
    if figure.context:
        assert normalise(figure.context) in section_text(figure.doc_id, figure.section)


def test_titles_and_years_match_the_documents_front_matter() -> None:
    for figure in BOOK.figures.values():
        meta = frontmatter.load(KNOWLEDGE / f"{figure.doc_id}.md").metadata
        assert (figure.title, figure.year, figure.region) == (meta["title"], meta["year"], meta["region"])


def test_the_issue_s_figures_are_all_there() -> None:
    expected = {
        "salary.junior": (35000, 50000), "salary.mid": (50000, 75000), "salary.senior": (75000, 110000),
        "flanders.monthly": (3000, 6000), "flanders.yearly": (36000, 90000), "flanders.most_common": (37000, 51000),
        "freelance.junior": (35, 60), "freelance.mid": (60, 100), "freelance.senior": (100, 160),
        "freelance.daily_experienced": (500, 800), "employer.uplift": (25, 45), "employer.example": (90000, 100000),
        "city.brussels": (5, 15), "flanders.hours_per_week": (38, 40),
    }
    assert {key: (BOOK.figure(key).low, BOOK.figure(key).high) for key in expected} == expected
    assert BOOK.figure("freelance.hours_per_day").value == 8
    assert BOOK.figure("freelance.daily_specialist").low == 1000
    assert BOOK.figure("salary.senior").open_ended and BOOK.figure("freelance.senior").open_ended


def test_statements_without_numbers_stay_statements() -> None:
    for figure_id in ("city.antwerp_ghent", "city.leuven", "city.smaller"):
        figure = BOOK.figure(figure_id)
        assert (figure.unit, figure.low, figure.high, figure.value) == ("statement", None, None, None)


def test_assumptions_are_named_with_reasons_in_both_languages() -> None:
    assert set(BOOK.assumptions) == {"billable_days", "months_of_pay", "own_costs", "weekdays_per_year"}
    for assumption in BOOK.assumptions.values():
        assert assumption.reason["en"] and assumption.reason["nl"] and assumption.label["nl"]
    assert not BOOK.assumption("weekdays_per_year").overridable


def test_a_duplicate_figure_id_is_refused(tmp_path: Path) -> None:
    text = (RATES_DIR / "flanders-2024.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match="defined twice"):
        load_book(tmp_path)
