"""The calculators' working word for word, with a small figures book of the test's own: its numbers are chosen so
that every step, band and assumption can be written out exactly, and an edit of knowledge/rates changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from bot.rates.calculators import compare, convert, day_rate_for, employer_cost, freelance, salary
from bot.rates.figures import AssumptionDefault, Figure, FigureBook
from bot.rates.schemas import (
    CompareInput,
    ConvertInput,
    DayRateForInput,
    EmployerCostInput,
    FreelanceInput,
    Result,
    SalaryInput,
)


def _figure(figure_id: str, unit: str, quote: str | None = None, year: int = 2030, **numbers: Any) -> Figure:
    return Figure(id=figure_id, doc_id="test-rates", title="Test rates", year=year, region="Testland",
                  section="Figures", quote=quote or f"The quote for {figure_id}.", unit=unit, **numbers)


def _assumption(name: str, value: float, unit: str, overridable: bool = True) -> AssumptionDefault:
    return AssumptionDefault(name=name, label={"en": name, "nl": name}, value=value, unit=unit,
                             overridable=overridable, reason={"en": f"why {name}", "nl": f"waarom {name}"})


FIGURES = [
    _figure("salary.junior", "EUR gross a year", low=30000, high=42000),
    _figure("salary.mid", "EUR gross a year", low=42000, high=60000),
    _figure("salary.senior", "EUR gross a year", low=60000, high=90000, open_ended=True),
    _figure("experience.junior", "years of experience", high=3),
    _figure("experience.mid", "years of experience", low=3, high=8),
    _figure("city.brussels", "percent above the national average", low=10, high=20),
    _figure("city.antwerp_ghent", "statement", quote="Antwerp and Ghent pay a little less."),
    _figure("city.leuven", "statement", quote="Leuven pays for research."),
    _figure("city.liege", "statement", quote="Liège has startups."),
    _figure("city.smaller", "statement", quote="Smaller places pay less."),
    _figure("flanders.monthly", "EUR gross a month", year=2029, low=2500, high=5000),
    _figure("flanders.yearly", "EUR gross a year", year=2029, low=30000, high=60000),
    # A unit the calculators have no Dutch words for: it is shown as the figures file writes it.
    _figure("flanders.most_common", "EUR gross a year, most often", year=2029, low=32000, high=45000),
    _figure("flanders.standard_week", "hours a week", value=40),
    _figure("freelance.junior", "EUR an hour", low=40, high=50),
    _figure("freelance.mid", "EUR an hour", low=50, high=80),
    _figure("freelance.senior", "EUR an hour", low=80, high=120, open_ended=True),
    _figure("freelance.hours_per_day", "hours a day", value=7),
    _figure("freelance.daily_experienced", "EUR a day", low=400, high=600),
    _figure("freelance.daily_specialist", "EUR a day (more than)", low=900, open_ended=True),
    _figure("compare.example_day_rate", "EUR a day", value=600),
    _figure("compare.example_salary", "EUR gross a year", value=150000),
    _figure("employer.uplift", "percent above the gross salary", low=20, high=40),
    _figure("employer.example", "EUR a year (gross 50,000)", value=50000, low=60000, high=70000),
]
BOOK = FigureBook(figures={f.id: f for f in FIGURES}, assumptions={a.name: a for a in [
    _assumption("billable_days", 200, "days a year"),
    _assumption("months_of_pay", 13.5, "monthly salaries a year"),
    _assumption("own_costs", 8000, "EUR a year"),
    _assumption("weekdays_per_year", 250, "days a year", overridable=False),
]})
GIVEN = "given by the caller"
FLANDERS_STEPS = ["Flanders 2029 for comparison: €2,500–€5,000 (EUR gross a month)",
                  "Flanders 2029 for comparison: €30,000–€60,000 (EUR gross a year)",
                  "Flanders 2029 for comparison: €32,000–€45,000 (EUR gross a year, most often)"]
FLANDERS_STEPS_NL = ["Vlaanderen 2029 ter vergelijking: €2.500–€5.000 (EUR bruto per maand)",
                     "Vlaanderen 2029 ter vergelijking: €30.000–€60.000 (EUR bruto per jaar)",
                     "Vlaanderen 2029 ter vergelijking: €32.000–€45.000 (EUR gross a year, most often)"]
FLANDERS_IDS = ["flanders.monthly", "flanders.yearly", "flanders.most_common"]


def band(low: int, high: int, open_ended: bool = False) -> dict[str, Any]:
    return {"low": low, "high": high, "open_ended": open_ended}


def used(name: str, value: float, unit: str, given: bool, overridable: bool = True) -> dict[str, Any]:
    """An assumption as a result lists it: the caller's value, or the book's default with the book's reason."""
    return {"name": name, "value": value, "unit": unit, "reason": GIVEN if given else f"why {name}",
            "overridable": overridable, "given": given}


def numbers(result: Result) -> dict[str, Any]:
    """The result without its working and citations (those are checked on their own)."""
    return result.model_dump(mode="json", exclude={"figures", "steps", "steps_nl", "steps_fr"})


def cited(result: Result) -> list[str]:
    return [f.id for f in result.figures]


# --- salary ---------------------------------------------------------------------------------------------------------


def test_a_senior_in_brussels_gets_the_uplift_and_stays_open_ended_yearly_and_monthly() -> None:
    result = salary(SalaryInput(level="senior", city="brussels"), BOOK)
    assert numbers(result) == {
        "calculator": "salary", "inputs": {"level": "senior", "city": "brussels"},
        "assumptions": [used("months_of_pay", 13.5, "monthly salaries a year", given=False)],
        "city": "brussels",
        "bands": [{"level": "senior", "experience": "over 8 years", "national": band(60000, 90000, True),
                   "band": band(66000, 108000, True), "monthly": band(4889, 8000, True)}]}
    # Brussels has a number, so no statement is quoted for it.
    assert result.steps == ["Senior (over 8 years), Belgium 2030: €60,000–€90,000 or more gross a year",
                            "Brussels +10–20%: €60,000 × 1.1 = €66,000, €90,000 × 1.2 = €108,000",
                            "Per month over 13.5 months of pay: €4,889–€8,000 or more gross"]
    assert result.steps_nl == ["Senior (meer dan 8 jaar), België 2030: €60.000–€90.000 of meer bruto per jaar",
                               "Brussel +10–20%: €60.000 × 1,1 = €66.000, €90.000 × 1,2 = €108.000",
                               "Per maand over 13,5 maandlonen: €4.889–€8.000 of meer bruto"]
    assert cited(result) == ["salary.senior", "experience.mid", "city.brussels"]


def test_given_months_of_pay_are_the_caller_s_and_a_flemish_city_quotes_its_statement_once_after_the_band() -> None:
    result = salary(SalaryInput(level="junior", city="antwerp", months_of_pay=12), BOOK)
    assert numbers(result) == {
        "calculator": "salary", "inputs": {"level": "junior", "city": "antwerp", "months_of_pay": 12.0},
        "assumptions": [used("months_of_pay", 12.0, "monthly salaries a year", given=True)],
        "city": "antwerp",
        "bands": [{"level": "junior", "experience": "0–3 years", "national": band(30000, 42000),
                   "band": band(30000, 42000), "monthly": band(2500, 3500)}]}
    assert result.steps == [
        "Junior (0–3 years), Belgium 2030: €30,000–€42,000 gross a year",
        "Per month over 12 months of pay: €2,500–€3,500 gross",
        'Antwerp: the document gives no percentage, so the national band stands; it says: "Antwerp and Ghent pay a '
        'little less."', *FLANDERS_STEPS]
    assert result.steps_nl == [
        "Junior (0–3 jaar), België 2030: €30.000–€42.000 bruto per jaar",
        "Per maand over 12 maandlonen: €2.500–€3.500 bruto",
        'Antwerpen: het document geeft geen percentage, dus de nationale vork blijft; het zegt: "Antwerp and Ghent '
        'pay a little less."', *FLANDERS_STEPS_NL]
    assert cited(result) == ["salary.junior", "experience.junior", "city.antwerp_ghent", *FLANDERS_IDS]


@pytest.mark.parametrize(("city", "english", "dutch", "quote", "flemish"), [
    ("ghent", "Ghent", "Gent", "Antwerp and Ghent pay a little less.", True),
    ("leuven", "Leuven", "Leuven", "Leuven pays for research.", True),
    ("liege", "Liege", "Luik", "Liège has startups.", False),
    ("other", "Other", "Elders", "Smaller places pay less.", False),
])
def test_a_city_without_a_percentage_is_named_in_each_language_and_only_flemish_ones_add_flanders(
        city: str, english: str, dutch: str, quote: str, flemish: bool) -> None:
    result = salary(SalaryInput(level="mid", city=city), BOOK)
    assert result.steps[2:] == [f'{english}: the document gives no percentage, so the national band stands; it '
                                f'says: "{quote}"', *(FLANDERS_STEPS if flemish else [])]
    assert result.steps_nl[2:] == [f'{dutch}: het document geeft geen percentage, dus de nationale vork blijft; het '
                                   f'zegt: "{quote}"', *(FLANDERS_STEPS_NL if flemish else [])]
    assert [b.band for b in result.bands] == [b.national for b in result.bands]


def test_flanders_leads_with_its_own_figures_once_then_the_belgian_band() -> None:
    result = salary(SalaryInput(years=4, city="flanders"), BOOK)
    assert numbers(result) == {
        "calculator": "salary", "inputs": {"years": 4.0, "city": "flanders"},
        "assumptions": [used("months_of_pay", 13.5, "monthly salaries a year", given=False)],
        "city": "flanders",
        "bands": [{"level": "mid", "experience": "3–8 years", "national": band(42000, 60000),
                   "band": band(42000, 60000), "monthly": band(3111, 4444)}]}
    assert result.steps == ["4 years of experience → mid (junior up to 3 years, mid 3 to 8, senior beyond)",
                            *FLANDERS_STEPS, "Mid (3–8 years), Belgium 2030: €42,000–€60,000 gross a year",
                            "Per month over 13.5 months of pay: €3,111–€4,444 gross"]
    assert result.steps_nl == ["4 jaar ervaring → medior (junior tot 3 jaar, medior 3 tot 8, senior daarboven)",
                               *FLANDERS_STEPS_NL, "Medior (3–8 jaar), België 2030: €42.000–€60.000 bruto per jaar",
                               "Per maand over 13,5 maandlonen: €3.111–€4.444 bruto"]
    assert cited(result) == ["experience.junior", "experience.mid", *FLANDERS_IDS, "salary.mid"]


def test_no_city_adds_no_city_steps() -> None:
    result = salary(SalaryInput(level="mid"), BOOK)
    assert result.inputs == {"level": "mid"}
    assert result.steps == ["Mid (3–8 years), Belgium 2030: €42,000–€60,000 gross a year",
                            "Per month over 13.5 months of pay: €3,111–€4,444 gross"]
    assert cited(result) == ["salary.mid", "experience.mid"]


# --- freelance ------------------------------------------------------------------------------------------------------


def test_freelance_uses_the_caller_s_billable_days() -> None:
    result = freelance(FreelanceInput(level="mid", billable_days=180), BOOK)
    assert numbers(result) == {
        "calculator": "freelance", "inputs": {"level": "mid", "billable_days": 180},
        "assumptions": [used("billable_days", 180.0, "days a year", given=True)],
        "bands": [{"level": "mid", "hourly": band(50, 80), "daily": band(350, 560),
                   "yearly_revenue": band(63000, 100800)}],
        "experienced_daily": band(400, 600), "specialist_daily_from": 900}
    assert result.steps[0] == ("Mid: €50–€80 an hour × 7 hours = €350–€560 a day; × 180 billable days = "
                               "€63,000–€100,800 revenue a year")


# --- employer cost --------------------------------------------------------------------------------------------------


def test_employer_cost_of_a_monthly_salary_over_the_caller_s_months_of_pay() -> None:
    result = employer_cost(EmployerCostInput(gross=4000, period="monthly", months_of_pay=12), BOOK)
    assert numbers(result) == {
        "calculator": "employer_cost", "inputs": {"gross": 4000.0, "period": "monthly", "months_of_pay": 12.0},
        "assumptions": [used("months_of_pay", 12.0, "monthly salaries a year", given=True)],
        "gross_yearly": 48000, "gross_monthly": 4000, "total_cost": band(57600, 67200),
        "total_cost_monthly": band(4800, 5600)}
    assert result.steps == [
        "€4,000 a month × 12 months of pay = €48,000 gross a year",
        "Employer cost 20–40% above gross: €48,000 × 1.2 = €57,600 to €48,000 × 1.4 = €67,200",
        "Check against the document's example: €50,000 gross costs €60,000–€70,000; this rule gives "
        "€60,000–€70,000",
        "Per calendar month: €57,600–€67,200 / 12 = €4,800–€5,600"]
    assert result.steps_nl == [
        "€4.000 per maand × 12 maandlonen = €48.000 bruto per jaar",
        "Werkgeverskost 20–40% boven bruto: €48.000 × 1,2 = €57.600 tot €48.000 × 1,4 = €67.200",
        "Controle met het voorbeeld uit het document: €50.000 bruto kost €60.000–€70.000; deze regel geeft "
        "€60.000–€70.000",
        "Per kalendermaand: €57.600–€67.200 / 12 = €4.800–€5.600"]


# --- compare and day rate for ---------------------------------------------------------------------------------------

TAX_CAVEAT = ("Income tax and social contributions come on top for both; the documents give no rates for them, so "
              "this comparison stops at gross salary")
TAX_CAVEAT_NL = ("Personenbelasting en sociale bijdragen komen er voor beide nog bij; de documenten geven er geen "
                 "tarieven voor, dus deze vergelijking stopt bij het brutoloon")


def test_compare_takes_the_caller_s_own_costs_off_the_revenue() -> None:
    result = compare(CompareInput(day_rate=500, own_costs=12000), BOOK)
    assert numbers(result) == {
        "calculator": "compare", "inputs": {"day_rate": 500.0, "own_costs": 12000.0},
        "assumptions": [used("billable_days", 200.0, "days a year", given=False),
                        used("weekdays_per_year", 250.0, "days a year", given=False, overridable=False),
                        used("own_costs", 12000.0, "EUR a year", given=True)],
        "day_rate": 500, "billable_days": 200, "revenue": 100000, "naive_revenue": 125000,
        "equivalent_salary": band(71429, 83333), "equivalent_salary_after_costs": band(62857, 73333),
        "salary": None, "salary_day_rate": None, "verdict": None}
    assert result.steps == [
        "Naive: €500 × 250 weekdays = €125,000, the kind of sum behind the document's warning that €600 a day is "
        "not a €150,000 salary",
        "Revenue: €500 × 200 billable days = €100,000 a year",
        "An employer paying €100,000 in total cost (gross + 20–40%) pays a gross salary of €71,429–€83,333",
        "After €12,000 of own costs: €88,000 → €62,857–€73,333 gross", TAX_CAVEAT]
    assert result.steps_nl == [
        "Naïef: €500 × 250 weekdagen = €125.000, het soort som achter de waarschuwing van het document dat €600 per "
        "dag geen salaris van €150.000 is",
        "Omzet: €500 × 200 factureerbare dagen = €100.000 per jaar",
        "Een werkgever die in totaal €100.000 betaalt (bruto + 20–40%) betaalt een brutoloon van €71.429–€83.333",
        "Na €12.000 eigen kosten: €88.000 → €62.857–€73.333 bruto", TAX_CAVEAT_NL]


def test_compare_with_own_costs_above_the_revenue_says_nothing_is_left() -> None:
    result = compare(CompareInput(day_rate=10, billable_days=100, own_costs=1500), BOOK)
    assert (result.revenue, result.equivalent_salary_after_costs.model_dump()) == (1000, band(0, 0))
    assert result.steps[3] == "After €1,500 of own costs: €0 → €0–€0 gross"
    assert result.steps_nl[3] == "Na €1.500 eigen kosten: €0 → €0–€0 bruto"


def test_day_rate_for_adds_the_caller_s_own_costs() -> None:
    result = day_rate_for(DayRateForInput(salary=50000, own_costs=5000), BOOK)
    assert numbers(result) == {
        "calculator": "day_rate_for", "inputs": {"salary": 50000.0, "own_costs": 5000.0},
        "assumptions": [used("billable_days", 200.0, "days a year", given=False),
                        used("own_costs", 5000.0, "EUR a year", given=True)],
        "salary": 50000, "employer_cost": band(60000, 70000), "day_rate": band(300, 350),
        "day_rate_with_costs": band(325, 375), "hourly_rate_with_costs": band(46, 54)}
    assert result.steps == [
        "Employer cost 20–40% above gross: €50,000 × 1.2 = €60,000 to €50,000 × 1.4 = €70,000",
        "Over 200 billable days: €60,000–€70,000 / 200 = €300–€350 a day",
        "Plus €5,000 of own costs a year: €325–€375 a day", "Per hour (÷ 7): €46–€54"]
    assert result.steps_nl == [
        "Werkgeverskost 20–40% boven bruto: €50.000 × 1,2 = €60.000 tot €50.000 × 1,4 = €70.000",
        "Over 200 factureerbare dagen: €60.000–€70.000 / 200 = €300–€350 per dag",
        "Plus €5.000 eigen kosten per jaar: €325–€375 per dag", "Per uur (÷ 7): €46–€54"]


# --- convert --------------------------------------------------------------------------------------------------------


def test_convert_a_freelance_rate_states_its_hours_days_and_months() -> None:
    result = convert(ConvertInput(amount=70, from_unit="hourly"), BOOK)
    assert numbers(result) == {
        "calculator": "convert", "inputs": {"amount": 70.0, "from_unit": "hourly"},
        "assumptions": [used("billable_days", 200.0, "days a year", given=False)],
        "basis": "freelance", "from_unit": "hourly", "hourly": 70, "daily": 490, "monthly": 8167, "yearly": 98000}
    assert result.steps == ["Freelance basis: 7 hours a day, 200 billable days a year, 12 months",
                            "hourly: €70", "daily: €490", "monthly: €8,167", "yearly: €98,000"]
    assert result.steps_nl == ["Freelancebasis: 7 uur per dag, 200 factureerbare dagen per jaar, 12 maanden",
                               "per uur: €70", "per dag: €490", "per maand: €8.167", "per jaar: €98.000"]


def test_convert_a_freelance_rate_with_the_caller_s_hours_a_day() -> None:
    result = convert(ConvertInput(amount=70, from_unit="hourly", hours_per_day=8), BOOK)
    assert result.assumptions[0].model_dump() == used("hours_per_day", 8.0, "hours a day", given=True)
    assert (result.daily, result.yearly) == (560, 112000)
    assert cited(result) == []


def test_convert_a_salary_with_the_caller_s_hours_a_week_and_months_of_pay() -> None:
    result = convert(ConvertInput(amount=4000, from_unit="monthly", hours_per_week=36, months_of_pay=12), BOOK)
    assert numbers(result) == {
        "calculator": "convert",
        "inputs": {"amount": 4000.0, "from_unit": "monthly", "hours_per_week": 36.0, "months_of_pay": 12.0},
        "assumptions": [used("hours_per_week", 36.0, "hours a week", given=True),
                        used("months_of_pay", 12.0, "monthly salaries a year", given=True)],
        "basis": "salary", "from_unit": "monthly", "hourly": 26, "daily": 185, "monthly": 4000, "yearly": 48000}
    assert result.steps == ["Salary basis: 12 months of pay, 36 hours a week, 156 hours a month (× 52 weeks / 12), 5 "
                            "days a week", "hourly: €26", "daily: €185", "monthly: €4,000", "yearly: €48,000"]
    assert result.steps_nl == ["Loonbasis: 12 maandlonen, 36 uur per week, 156 uur per maand (× 52 weken / 12), 5 "
                               "dagen per week", "per uur: €26", "per dag: €185", "per maand: €4.000",
                               "per jaar: €48.000"]
    assert cited(result) == []  # the book's standard week is not used, so it is not cited


@pytest.mark.parametrize(("hours", "shown", "shown_nl"), [
    (None, "40 hours a week, 173.33 hours a month", "40 uur per week, 173,33 uur per maand"),
    # 151.7447 hours: rounded once to 151.74, not first to 151.745 and then up to 151.75
    (35.018, "35.02 hours a week, 151.74 hours a month", "35,02 uur per week, 151,74 uur per maand"),
])
def test_convert_a_salary_shows_the_hours_a_month_to_two_decimals(hours: float | None, shown: str,
                                                                 shown_nl: str) -> None:
    result = convert(ConvertInput(amount=4000, from_unit="monthly", hours_per_week=hours), BOOK)
    assert result.steps[0] == f"Salary basis: 13.5 months of pay, {shown} (× 52 weeks / 12), 5 days a week"
    assert result.steps_nl[0] == f"Loonbasis: 13,5 maandlonen, {shown_nl} (× 52 weken / 12), 5 dagen per week"


@pytest.mark.parametrize(("months", "from_unit", "amount", "expected"), [
    # A day is a fifth of a week of the 52: 4,000 a month is 4,000 × 12 / 260 a day, whatever the months of pay.
    (13.5, "monthly", 4000, {"hourly": 23, "daily": 185, "monthly": 4000, "yearly": 54000}),
    (12, "monthly", 4000, {"hourly": 23, "daily": 185, "monthly": 4000, "yearly": 48000}),
    # 260 × 13.5 / 12 = 292.5 paid days a year
    (13.5, "daily", 200, {"hourly": 25, "daily": 200, "monthly": 4333, "yearly": 58500}),
])
def test_convert_a_salary_counts_five_days_a_week(months: float, from_unit: str, amount: float,
                                                  expected: dict[str, int]) -> None:
    result = convert(ConvertInput(amount=amount, from_unit=from_unit, basis="salary", months_of_pay=months), BOOK)
    assert {unit: getattr(result, unit) for unit in expected} == expected
