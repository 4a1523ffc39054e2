"""The wording of calculator answers takes its figures from the figures in use, never from literals."""

from __future__ import annotations

from bot.rates import run
from bot.rates.answers import compose
from bot.rates.figures import FigureBook, default_book, use_book


def with_figure(book: FigureBook, figure_id: str, **numbers: float) -> FigureBook:
    figures = dict(book.figures)
    figures[figure_id] = figures[figure_id].model_copy(update=numbers)
    return book.model_copy(update={"figures": figures})


def test_an_edited_uplift_and_example_reach_the_employer_cost_wording() -> None:
    book = with_figure(with_figure(default_book(), "employer.uplift", low=30, high=50), "employer.example",
                       value=60000, low=80000, high=90000)
    with use_book(book):
        english, _ = compose(run("employer_cost", gross="70000"), "en")
        dutch, _ = compose(run("employer_cost", gross="70000"), "nl")
    assert "30–50% above gross" in english and "gross × 1.3 to gross × 1.5" in english
    assert "€60,000 gross costs €80,000–€90,000" in english and "25–45%" not in english
    assert "ligt 30–50% boven het brutoloon" in dutch and "bruto × 1,3 tot bruto × 1,5" in dutch
    assert "€60.000 bruto kost €80.000–€90.000" in dutch


def test_an_edited_brussels_premium_and_working_day_reach_the_wording() -> None:
    book = with_figure(with_figure(default_book(), "city.brussels", low=10, high=20), "freelance.hours_per_day",
                       value=7.6)
    with use_book(book):
        salary, _ = compose(run("salary", level="junior", city="brussels"), "en")
        freelance, _ = compose(run("freelance", level="mid"), "nl")
    assert "Brussels pays 10–20% more" in salary and "× 1.1 (low end) and × 1.2 (high end)" in salary
    assert "per dag van 7,6 uur" in freelance and "8 uur" not in freelance
