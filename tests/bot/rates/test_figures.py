"""The figures in knowledge/rates/*.yaml: the ones the calculators need, with their units and assumptions."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import UserFacingError
from bot.rates.figures import load_book, rates_dir

RATES_DIR = rates_dir()

BOOK = load_book(RATES_DIR)
# That each quote stands in its document's section, with the figure's numbers, is checked at every ingest
# (ingest/figure_check.py, tests/ingest/test_maintaining.py).


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
    with pytest.raises(UserFacingError, match="defined twice"):
        load_book(tmp_path)
