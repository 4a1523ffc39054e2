"""Golden tests: the calculators reproduce the documents' own figures and show where each number comes from."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.errors import UserFacingError
from bot.rates import CALCULATORS, run
from bot.rates.calculators import check, compare, convert, day_rate_for, employer_cost, freelance, salary
from bot.rates.schemas import (
    CheckInput,
    CompareInput,
    ConvertInput,
    DayRateForInput,
    EmployerCostInput,
    FreelanceInput,
    SalaryInput,
    build,
)


def test_junior_band_is_the_document_s() -> None:
    result = salary(SalaryInput(level="junior"))
    (band,) = result.bands
    assert (band.band.low, band.band.high, band.experience) == (35000, 50000, "0–2 years")
    assert [f.id for f in result.figures][:2] == ["salary.junior", "experience.junior"]
    assert result.figures[0].doc_id == "backend-rates-belgium-2026" and result.figures[0].year == 2026


def test_brussels_adds_five_to_fifteen_percent_and_stays_a_range() -> None:
    (band,) = salary(SalaryInput(level="junior", city="Brussel")).bands
    assert (band.national.low, band.national.high) == (35000, 50000)
    assert (band.band.low, band.band.high) == (36750, 57500)  # 35,000 × 1.05 and 50,000 × 1.15


def test_senior_band_is_open_ended_as_the_document_says() -> None:
    (band,) = salary(SalaryInput(level="lead")).bands
    assert (band.band.low, band.band.high, band.band.open_ended) == (75000, 110000, True)


@pytest.mark.parametrize(("years", "level"), [(0, "junior"), (2, "junior"), (2.5, "mid"), (6, "mid"), (7, "senior")])
def test_years_of_experience_pick_the_document_s_level(years: float, level: str) -> None:
    assert salary(SalaryInput(years=years)).bands[0].level == level


def test_other_cities_keep_the_national_band_and_cite_the_document_s_statement() -> None:
    result = salary(SalaryInput(level="mid", city="antwerpen"))
    assert (result.bands[0].band.low, result.bands[0].band.high) == (50000, 75000)
    ids = [f.id for f in result.figures]
    assert "city.antwerp_ghent" in ids and "flanders.most_common" in ids
    assert any("slightly lower than Brussels" in step for step in result.steps)


def test_no_level_gives_every_level() -> None:
    assert [b.level for b in salary(SalaryInput()).bands] == ["junior", "mid", "senior"]


def test_monthly_view_uses_the_months_of_pay_assumption_and_can_be_overridden() -> None:
    default = salary(SalaryInput(level="junior"))
    assert default.bands[0].monthly.low == round(35000 / 13.92)
    assert default.assumptions[0].name == "months_of_pay" and not default.assumptions[0].given
    twelve = salary(SalaryInput(level="junior", months_of_pay=12))
    assert (twelve.bands[0].monthly.low, twelve.assumptions[0].given) == (2917, True)


def test_freelance_bands_are_the_document_s_hourly_rates_times_eight() -> None:
    result = freelance(FreelanceInput(level="senior"))
    (band,) = result.bands
    assert (band.hourly.low, band.hourly.high, band.daily.low, band.daily.high) == (100, 160, 800, 1280)
    assert band.yearly_revenue.low == 800 * 220
    experienced = result.experienced_daily
    assert (experienced.low, experienced.high, result.specialist_daily_from) == (500, 800, 1000)


def test_employer_cost_of_70000_contains_the_document_s_90000_to_100000() -> None:
    result = employer_cost(EmployerCostInput(gross="€70.000"))
    assert (result.total_cost.low, result.total_cost.high) == (87500, 101500)
    assert result.total_cost.low <= 90000 and result.total_cost.high >= 100000
    assert (result.total_cost_monthly.low, result.total_cost_monthly.high) == (7292, 8458)


def test_employer_cost_of_a_monthly_salary_counts_the_months_of_pay() -> None:
    result = employer_cost(EmployerCostInput(gross=5000, period="monthly"))
    assert (result.gross_yearly, result.gross_monthly) == (69600, 5000)
    assert any("× 13.92 months" in step for step in result.steps)


def test_seven_hundred_a_day_is_not_a_180000_salary() -> None:
    result = compare(CompareInput(day_rate=700))
    assert result.naive_revenue == 182000  # every weekday billed: the sum behind the myth
    assert result.revenue == 700 * 220
    assert (result.equivalent_salary.low, result.equivalent_salary.high) == (106207, 123200)
    assert (result.equivalent_salary_after_costs.low, result.equivalent_salary_after_costs.high) == (99310, 115200)
    assert result.equivalent_salary_after_costs.high < 180000
    assert {"compare.example_day_rate", "compare.example_salary", "employer.uplift"} <= {f.id for f in result.figures}


def test_compare_with_billable_days_and_a_salary_gives_a_verdict() -> None:
    result = compare(CompareInput(day_rate="650", salary="60k", billable_days=200))
    assert result.revenue == 130000 and result.billable_days == 200
    assert result.salary_day_rate is not None and result.verdict == "above"
    assert (result.salary_day_rate.low, result.salary_day_rate.high) == (425, 485)  # (75,000 + 10,000) / 200 …
    assert [a.name for a in result.assumptions if a.given] == ["billable_days"]


def test_compare_does_not_go_negative_when_own_costs_exceed_revenue() -> None:
    result = compare(CompareInput(day_rate=1, billable_days=1, own_costs=50000))
    assert (result.equivalent_salary_after_costs.low, result.equivalent_salary_after_costs.high) == (0, 0)


def test_day_rate_for_a_60000_salary() -> None:
    result = day_rate_for(DayRateForInput(salary="60k"))
    assert (result.employer_cost.low, result.employer_cost.high) == (75000, 87000)
    assert (result.day_rate.low, result.day_rate.high) == (341, 395)
    assert (result.day_rate_with_costs.low, result.day_rate_with_costs.high) == (386, 441)
    assert (result.hourly_rate_with_costs.low, result.hourly_rate_with_costs.high) == (48, 55)


@pytest.mark.parametrize(("amount", "unit", "position", "percent"), [
    (650, "daily", "within", 53), (400, "daily", "below", 17), (900, "daily", "above", 13),
    (60, "hourly", "within", 0), (100, "hourly", "within", 100), (40000, "yearly", "below", 20),
])
def test_check_places_an_amount_against_the_mid_band(amount: float, unit: str, position: str, percent: int) -> None:
    result = check(CheckInput(level="mid", amount=amount, unit=unit))
    assert (result.position, result.percent) == (position, percent)


def test_check_a_brussels_salary_uses_the_brussels_band() -> None:
    result = check(CheckInput(level="junior", amount=56000, unit="yearly", city="brussels"))
    assert (result.band.low, result.band.high, result.position) == (36750, 57500, "within")


@pytest.mark.parametrize(("amount", "unit", "expected"), [
    (85, "hourly", {"hourly": 85, "daily": 680, "yearly": 149600, "monthly": 12467}),
    (680, "daily", {"hourly": 85, "daily": 680, "yearly": 149600, "monthly": 12467}),
])
def test_convert_a_freelance_rate(amount: float, unit: str, expected: dict[str, int]) -> None:
    result = convert(ConvertInput(amount=amount, from_unit=unit))
    assert result.basis == "freelance"
    assert {k: getattr(result, k) for k in expected} == expected


def test_convert_a_monthly_salary_to_a_year_states_the_months_and_hours() -> None:
    result = convert(ConvertInput(amount="4.200", from_unit="monthly"))
    assert (result.basis, result.yearly, result.monthly) == ("salary", 58464, 4200)
    assert result.hourly == round(4200 * 12 / (52 * 38))
    assert "flanders.standard_week" in {f.id for f in result.figures}
    assert any("13.92 months of pay, 38 hours a week" in step for step in result.steps)


def test_convert_overrides_are_recorded_as_given() -> None:
    result = convert(ConvertInput(amount=85, from_unit="hourly", hours_per_day=7.6, billable_days=200))
    assert result.daily == 646 and result.yearly == 129200
    assert {a.name for a in result.assumptions if a.given} == {"hours_per_day", "billable_days"}


@pytest.mark.parametrize(("model", "values", "message"), [
    (SalaryInput, {"level": "expert"}, "known levels: junior"),
    (SalaryInput, {"city": "paris"}, "known cities: brussels"),
    (CompareInput, {"day_rate": 12000}, "at most €10,000 a day"),
    (CompareInput, {"day_rate": 0}, "more than €0"),
    (CompareInput, {"day_rate": 700, "billable_days": 261}, "from 1 to 260"),
    (EmployerCostInput, {"gross": 20_000_000}, "at most €10,000,000 a year"),
    (EmployerCostInput, {"gross": "lots"}, "write it like 70000"),
    (CheckInput, {"level": "mid", "amount": -5, "unit": "daily"}, "more than €0"),
])
def test_bad_inputs_become_one_line_that_says_what_is_allowed(model: type, values: dict, message: str) -> None:
    with pytest.raises(UserFacingError, match=message) as caught:
        build(model, **values)
    assert "\n" not in str(caught.value)


def test_unknown_fields_are_refused_rather_than_ignored() -> None:
    with pytest.raises(ValidationError):
        SalaryInput(levle="junior")  # type: ignore[call-arg]


def test_registry_runs_every_calculator_with_plain_arguments() -> None:
    arguments = {"salary": {"level": "junior"}, "freelance": {}, "employer_cost": {"gross": "70k"},
                 "compare": {"day_rate": 700}, "day_rate_for": {"salary": 60000},
                 "check": {"amount": 650, "unit": "daily"},
                 "convert": {"amount": 85, "from_unit": "hourly"}}
    assert set(arguments) == set(CALCULATORS)
    for name, values in arguments.items():
        result = run(name, **values)
        assert result.calculator == name and result.steps and result.figures
        assert CALCULATORS[name].description.endswith(".")


def test_check_without_a_level_places_a_day_rate_against_every_band_and_the_document_s_day_rates() -> None:
    result = check(CheckInput(amount=650, unit="daily"))
    assert (result.level, result.band, result.position, result.percent) == (None, None, None, None)
    assert result.levels is not None
    placed = {p.level: (p.band.low, p.band.high, p.position) for p in result.levels}
    assert placed == {"junior": (280, 480, "above"), "mid": (480, 800, "within"), "senior": (800, 1280, "below")}
    assert result.experienced_daily is not None
    assert (result.experienced_daily.band.low, result.experienced_daily.band.high) == (500, 800)
    assert result.experienced_daily.position == "within" and result.specialist_daily_from == 1000
    assert {"freelance.daily_experienced", "freelance.daily_specialist"} <= {f.id for f in result.figures}


def test_check_without_a_level_thirty_an_hour_is_below_the_junior_band() -> None:
    result = check(CheckInput(amount=30, unit="hourly"))
    assert result.levels is not None
    assert [(p.level, p.position) for p in result.levels] == [("junior", "below"), ("mid", "below"),
                                                              ("senior", "below")]
    assert (result.levels[0].band.low, result.levels[0].band.high, result.levels[0].percent) == (35, 60, 14)
    assert result.experienced_daily is None and result.specialist_daily_from is None  # day rates only


def test_check_without_a_level_eighty_thousand_a_year_is_within_the_senior_band() -> None:
    result = check(CheckInput(amount="80k", unit="yearly"))
    assert result.levels is not None
    assert [(p.level, p.position) for p in result.levels] == [("junior", "above"), ("mid", "above"),
                                                              ("senior", "within")]
    assert (result.levels[2].band.low, result.levels[2].band.high, result.levels[2].band.open_ended) == (
        75000, 110000, True)
    assert result.experienced_daily is None


def test_check_without_a_level_in_brussels_can_fall_within_two_bands() -> None:
    result = check(CheckInput(amount=56000, unit="yearly", city="brussels"))
    assert result.levels is not None
    assert [p.level for p in result.levels if p.position == "within"] == ["junior", "mid"]
    assert (result.levels[1].band.low, result.levels[1].band.high) == (52500, 86250)


def test_check_with_a_level_keeps_its_json_shape() -> None:
    payload = check(CheckInput(level="mid", amount=650, unit="daily")).model_dump(mode="json")
    assert list(payload) == ["calculator", "inputs", "figures", "assumptions", "steps", "steps_nl", "steps_fr",
                             "level", "unit", "amount", "band", "position", "percent"]
    assert (payload["level"], payload["position"], payload["percent"]) == ("mid", "within", 53)
    no_level = check(CheckInput(amount=650, unit="daily")).model_dump(mode="json")
    assert no_level["level"] is None and [p["level"] for p in no_level["levels"]] == ["junior", "mid", "senior"]
