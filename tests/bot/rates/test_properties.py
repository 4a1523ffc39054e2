"""Property tests: results grow with their inputs, ranges stay ordered, and no allowed input raises."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.rates.answers import compose
from bot.rates.calculators import check, compare, convert, day_rate_for, employer_cost, freelance, salary
from bot.rates.schemas import (
    LIMITS,
    CheckInput,
    CompareInput,
    ConvertInput,
    DayRateForInput,
    EmployerCostInput,
    FreelanceInput,
    SalaryInput,
)

settings.register_profile("rates", max_examples=60, deadline=None)
settings.load_profile("rates")

levels = st.sampled_from(["junior", "mid", "senior"])
cities = st.none() | st.sampled_from(["brussels", "antwerp", "ghent", "leuven", "liege", "flanders", "other"])
units = st.sampled_from(["hourly", "daily", "monthly", "yearly"])
days = st.integers(1, 260)
months = st.floats(12, 16)
own_costs = st.floats(0, 1_000_000)
day_rates = st.floats(0.01, LIMITS["daily"])
salaries = st.floats(0.01, LIMITS["yearly"])
languages = st.sampled_from(["en", "nl"])


def ordered(band) -> bool:  # noqa: ANN001 - a Band
    return band.low <= band.high


@given(years=st.floats(0, 50), more=st.floats(0, 50), city=cities)
def test_salary_never_drops_with_more_experience(years: float, more: float, city: str | None) -> None:
    low, high = sorted((years, more))
    a, b = salary(SalaryInput(years=low, city=city)).bands[0], salary(SalaryInput(years=high, city=city)).bands[0]
    assert a.band.low <= b.band.low and a.band.high <= b.band.high


@given(level=levels, months_of_pay=months)
def test_brussels_is_never_below_the_national_band(level: str, months_of_pay: float) -> None:
    (band,) = salary(SalaryInput(level=level, city="brussels", months_of_pay=months_of_pay)).bands
    assert band.national.low < band.band.low and band.national.high < band.band.high
    assert ordered(band.band) and ordered(band.monthly)


@given(level=levels, billable_days=days)
def test_freelance_bands_are_ordered(level: str, billable_days: int) -> None:
    (band,) = freelance(FreelanceInput(level=level, billable_days=billable_days)).bands
    assert ordered(band.hourly) and ordered(band.daily) and ordered(band.yearly_revenue)


@given(a=salaries, b=salaries)
def test_employer_cost_grows_with_the_salary(a: float, b: float) -> None:
    low, high = sorted((a, b))
    x, y = employer_cost(EmployerCostInput(gross=low)), employer_cost(EmployerCostInput(gross=high))
    assert x.total_cost.low <= y.total_cost.low and x.total_cost.high <= y.total_cost.high
    assert x.gross_yearly <= x.total_cost.low and ordered(x.total_cost)


@given(a=day_rates, b=day_rates, billable_days=days, costs=own_costs)
def test_compare_grows_with_the_day_rate(a: float, b: float, billable_days: int, costs: float) -> None:
    low, high = sorted((a, b))
    x = compare(CompareInput(day_rate=low, billable_days=billable_days, own_costs=costs))
    y = compare(CompareInput(day_rate=high, billable_days=billable_days, own_costs=costs))
    assert x.revenue <= y.revenue and x.equivalent_salary.high <= y.equivalent_salary.high
    assert x.equivalent_salary_after_costs.low <= y.equivalent_salary_after_costs.low
    assert x.equivalent_salary_after_costs.high <= x.equivalent_salary.high and x.revenue <= x.naive_revenue


@given(rate=day_rates, a=days, b=days)
def test_more_billable_days_mean_more_revenue(rate: float, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert compare(CompareInput(day_rate=rate, billable_days=low)).revenue <= compare(
        CompareInput(day_rate=rate, billable_days=high)).revenue


@given(a=salaries, b=salaries, billable_days=days, costs=own_costs)
def test_a_higher_salary_needs_a_higher_day_rate(a: float, b: float, billable_days: int, costs: float) -> None:
    low, high = sorted((a, b))
    x = day_rate_for(DayRateForInput(salary=low, billable_days=billable_days, own_costs=costs))
    y = day_rate_for(DayRateForInput(salary=high, billable_days=billable_days, own_costs=costs))
    assert x.day_rate_with_costs.low <= y.day_rate_with_costs.low and ordered(x.day_rate_with_costs)
    assert x.day_rate.high <= x.day_rate_with_costs.high


@given(level=levels, unit=units, a=st.floats(0.01, 1.0), b=st.floats(0.01, 1.0), city=cities)
def test_check_position_moves_up_with_the_amount(level: str, unit: str, a: float, b: float, city: str | None) -> None:
    order = {"below": 0, "within": 1, "above": 2}
    low, high = sorted((a * LIMITS[unit], b * LIMITS[unit]))  # type: ignore[index]
    x = check(CheckInput(level=level, amount=low, unit=unit, city=city))
    y = check(CheckInput(level=level, amount=high, unit=unit, city=city))
    assert order[x.position] <= order[y.position] and x.percent >= 0


@given(unit=units, a=st.floats(0.01, 1.0), b=st.floats(0.01, 1.0), basis=st.none() | st.sampled_from(
    ["freelance", "salary"]), billable_days=days, months_of_pay=months)
def test_convert_grows_with_the_amount(unit: str, a: float, b: float, basis: str | None, billable_days: int,
                                       months_of_pay: float) -> None:
    low, high = sorted((a * LIMITS[unit], b * LIMITS[unit]))  # type: ignore[index]
    options = {"from_unit": unit, "basis": basis, "billable_days": billable_days, "months_of_pay": months_of_pay}
    x, y = convert(ConvertInput(amount=low, **options)), convert(ConvertInput(amount=high, **options))
    assert all(getattr(x, k) <= getattr(y, k) for k in ("hourly", "daily", "monthly", "yearly"))


@given(level=st.none() | levels, years=st.none() | st.floats(0, 50), city=cities, months_of_pay=st.none() | months,
       language=languages)
def test_salary_answers_in_both_languages_for_any_allowed_input(level, years, city, months_of_pay, language) -> None:  # noqa: ANN001
    result = salary(SalaryInput(level=level, years=years, city=city, months_of_pay=months_of_pay))
    text, sources = compose(result, language)
    assert text and sources and all(f"[{s.rank}]" in text for s in sources)


@given(rate=day_rates, salary_=st.none() | salaries, billable_days=st.none() | days, costs=st.none() | own_costs,
       language=languages)
def test_compare_answers_for_any_allowed_input(rate, salary_, billable_days, costs, language) -> None:  # noqa: ANN001
    result = compare(CompareInput(day_rate=rate, salary=salary_, billable_days=billable_days, own_costs=costs))
    text, sources = compose(result, language)
    assert all(f"[{s.rank}]" in text for s in sources)


@given(level=levels, unit=units, share=st.floats(0.0001, 1.0), city=cities, language=languages)
def test_check_answers_cite_every_source(level: str, unit: str, share: float, city: str | None, language) -> None:  # noqa: ANN001
    result = check(CheckInput(level=level, amount=share * LIMITS[unit], unit=unit, city=city))  # type: ignore[index]
    text, sources = compose(result, language)
    assert sources and all(f"[{s.rank}]" in text for s in sources)


@given(unit=units, share=st.floats(0.0001, 1.0), city=cities, language=languages)
def test_check_without_a_level_cites_every_source(unit: str, share: float, city: str | None, language) -> None:  # noqa: ANN001
    result = check(CheckInput(amount=share * LIMITS[unit], unit=unit, city=city))  # type: ignore[index]
    text, sources = compose(result, language)
    assert sources and all(f"[{s.rank}]" in text for s in sources)
    assert result.levels is not None and [p.level for p in result.levels] == ["junior", "mid", "senior"]


@given(unit=units, share=st.floats(0.0001, 1.0), basis=st.none() | st.sampled_from(["freelance", "salary"]),
       language=languages)
def test_convert_answers_cite_every_source(unit: str, share: float, basis: str | None, language) -> None:  # noqa: ANN001
    result = convert(ConvertInput(amount=share * LIMITS[unit], from_unit=unit, basis=basis))  # type: ignore[index]
    text, sources = compose(result, language)
    assert sources and all(f"[{s.rank}]" in text for s in sources)


@given(level=st.none() | levels, gross=salaries, language=languages)
def test_other_answers_cite_every_source(level: str | None, gross: float, language) -> None:  # noqa: ANN001
    for result in (freelance(FreelanceInput(level=level)), employer_cost(EmployerCostInput(gross=gross)),
                   day_rate_for(DayRateForInput(salary=gross))):
        text, sources = compose(result, language)
        assert sources and all(f"[{s.rank}]" in text for s in sources)
