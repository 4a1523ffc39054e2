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


def test_the_working_comes_in_dutch_with_dutch_numbers_for_a_dutch_reader() -> None:
    result = run("salary", level="senior", city="brussels")
    dutch, english = result.steps_in("nl"), result.steps_in("en")
    assert len(dutch) == len(english) == len(result.steps)
    assert "Senior (meer dan 6 jaar), België 2026: €75.000–€110.000 of meer bruto per jaar" in dutch
    assert any(step.startswith("Brussel +5–15%: €75.000 × 1,05 = €78.750") for step in dutch)
    assert any("€78,750" in step for step in english) and not any("€78,750" in step for step in dutch)


def test_every_calculator_writes_each_step_in_both_languages() -> None:
    results = [run("salary", years="4"), run("freelance"), run("employer_cost", gross="4000", period="monthly"),
               run("compare", day_rate="700", salary="60000"), run("day_rate_for", salary="60000"),
               run("check", amount="650", unit="daily"), run("check", amount="95", unit="hourly", level="senior"),
               run("convert", amount="85", from_unit="hourly")]
    for result in results:
        assert result.steps_nl and len(result.steps_nl) == len(result.steps), result.calculator
        assert result.steps_nl != result.steps, result.calculator


def test_the_discord_working_follows_the_member_s_language() -> None:
    from bot.discord.cogs.calculators import result_embeds

    result = run("employer_cost", gross="70000")
    dutch = result_embeds(result, "Werkgeverskost", "nl")[0].description or ""
    assert "**Berekening**" in dutch and "Werkgeverskost 25–45% boven bruto: €70.000 × 1,25 = €87.500" in dutch
