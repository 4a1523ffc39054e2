"""The working and placements of check (with and without a level), and the wording the other calculators share.

Every test runs on a small figure book built here, so the expected numbers and sentences follow from these figures
and not from knowledge/rates (which changes when the documents do). The bands, with 8 hours a day:

    junior  €40–€50 an hour, €320–€400 a day, €30,000–€40,000 a year, 0–3 years
    mid     €50–€80 an hour, €400–€640 a day, €40,000–€60,000 a year, 3–8 years
    senior  €80–€120 or more an hour, €640–€960 or more a day, €60,000–€90,000 or more a year
    the document's day rates €500–€700 for experienced developers, above €900 for specialists
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.rates.answers import compose
from bot.rates.calculators import check, compare, convert, freelance, salary
from bot.rates.figures import AssumptionDefault, Figure, FigureBook
from bot.rates.schemas import (
    Band,
    CheckInput,
    CompareInput,
    ConvertInput,
    FreelanceInput,
    LevelRate,
    LevelSalary,
    SalaryInput,
)


def figure(figure_id: str, unit: str, low: float | None = None, high: float | None = None,
           value: float | None = None, open_ended: bool = False) -> Figure:
    return Figure(id=figure_id, doc_id="test-rates", title="Test rates", year=2030, region="Testland",
                  section="Rates", quote=f"The {figure_id} figure.", unit=unit, low=low, high=high, value=value,
                  open_ended=open_ended)


def assumption(name: str, value: float, unit: str) -> AssumptionDefault:
    return AssumptionDefault(name=name, label={"en": name, "nl": name}, value=value, unit=unit,
                             reason={"en": f"the test's {name}", "nl": f"de {name} van de test"})


FIGURES = [
    figure("salary.junior", "EUR gross a year", 30000, 40000),
    figure("salary.mid", "EUR gross a year", 40000, 60000),
    figure("salary.senior", "EUR gross a year", 60000, 90000, open_ended=True),
    figure("experience.junior", "years of experience", high=3),
    figure("experience.mid", "years of experience", 3, 8),
    figure("city.brussels", "percent above the national average", 10, 20),
    figure("freelance.junior", "EUR an hour", 40, 50),
    figure("freelance.mid", "EUR an hour", 50, 80),
    figure("freelance.senior", "EUR an hour", 80, 120, open_ended=True),
    figure("freelance.hours_per_day", "hours a day", value=8),
    figure("freelance.daily_experienced", "EUR a day", 500, 700),
    figure("freelance.daily_specialist", "EUR a day (more than)", low=900, open_ended=True),
    figure("employer.uplift", "percent above the gross salary", 30, 50),
    figure("employer.example", "EUR a year (gross 50,000)", 65000, 75000, value=50000),
    figure("compare.example_day_rate", "EUR a day", value=600),
    figure("compare.example_salary", "EUR gross a year", value=150000),
    figure("flanders.standard_week", "hours a week", value=40),
]
ASSUMPTIONS = [
    assumption("billable_days", 200, "days a year"),
    assumption("months_of_pay", 12, "monthly salaries a year"),
    assumption("own_costs", 4000, "EUR a year"),
    assumption("weekdays_per_year", 250, "days a year"),
]


def book(*replaced: Figure) -> FigureBook:
    """The test's figures, with some of them replaced."""
    figures = {f.id: f for f in [*FIGURES, *replaced]}
    return FigureBook(figures=figures, assumptions={a.name: a for a in ASSUMPTIONS})


BOOK = book()


def band(low: int, high: int, open_ended: bool = False) -> dict[str, Any]:
    return {"low": low, "high": high, "open_ended": open_ended}


def placed(level: str, low: int, high: int, position: str, percent: int, open_ended: bool = False) -> dict[str, Any]:
    return {"level": level, "band": band(low, high, open_ended), "position": position, "percent": percent}


# The band line of each level in an hourly or daily check, in English and Dutch.
FREELANCE_EN = {"junior": "Junior freelance: €40–€50 an hour × 8 hours = €320–€400 a day",
                "mid": "Mid freelance: €50–€80 an hour × 8 hours = €400–€640 a day",
                "senior": "Senior freelance: €80–€120 or more an hour × 8 hours = €640–€960 or more a day"}
FREELANCE_NL = {"junior": "Junior freelance: €40–€50 per uur × 8 uur = €320–€400 per dag",
                "mid": "Medior freelance: €50–€80 per uur × 8 uur = €400–€640 per dag",
                "senior": "Senior freelance: €80–€120 of meer per uur × 8 uur = €640–€960 of meer per dag"}
FREELANCE_FIGURES = ["freelance.hours_per_day", "freelance.junior", "freelance.mid", "freelance.senior"]
DAY_RATE_FIGURES = ["freelance.daily_experienced", "freelance.daily_specialist"]


def every_level(amount: float, unit: str) -> tuple[dict[str, Any], list[str], list[str]]:
    """A check without a level on the test's figures: the result without figures and steps, and both workings."""
    result = check(CheckInput(amount=amount, unit=unit), BOOK)
    assert [f.id for f in result.figures] == FREELANCE_FIGURES + (DAY_RATE_FIGURES if unit == "daily" else [])
    return result.model_dump(exclude={"figures", "steps", "steps_nl", "steps_fr"}), result.steps, result.steps_nl


def no_level(amount: float, unit: str, levels: list[dict[str, Any]], **day_rates: Any) -> dict[str, Any]:
    return {"calculator": "check", "inputs": {"amount": amount, "unit": unit}, "assumptions": [], "level": None,
            "unit": unit, "amount": amount, "band": None, "position": None, "percent": None, "levels": levels,
            **day_rates}


def test_a_day_rate_on_the_border_of_two_bands_is_within_both_and_below_the_document_s_day_rates() -> None:
    result, steps, steps_nl = every_level(400, "daily")
    assert result == no_level(400, "daily", [
        placed("junior", 320, 400, "within", 100), placed("mid", 400, 640, "within", 0),
        placed("senior", 640, 960, "below", 38, open_ended=True),  # 240 / 640 = 37.5%, rounded half up
    ], experienced_daily={"band": band(500, 700), "position": "below", "percent": 20}, specialist_daily_from=900)
    assert steps == [
        FREELANCE_EN["junior"], "Junior: €400 is within €320–€400, at 100% of the way from bottom to top",
        FREELANCE_EN["mid"], "Mid: €400 is within €400–€640, at 0% of the way from bottom to top",
        FREELANCE_EN["senior"], "Senior: €400 is 38% below the band €640–€960 or more",
        "Within the junior and mid bands",
        "The document's common day rates for experienced developers: €400 is 20% below the band €500–€700",
        "Highly specialised seniors: above €900 a day; €400 is not above that",
    ]
    assert steps_nl == [
        FREELANCE_NL["junior"], "Junior: €400 ligt binnen €320–€400, op 100% van onder naar boven",
        FREELANCE_NL["mid"], "Medior: €400 ligt binnen €400–€640, op 0% van onder naar boven",
        FREELANCE_NL["senior"], "Senior: €400 ligt 38% onder de vork €640–€960 of meer",
        "Binnen de vorken van junior en medior",
        "De gangbare dagtarieven van het document voor ervaren developers: €400 ligt 20% onder de vork €500–€700",
        "Sterk gespecialiseerde seniors: boven €900 per dag; €400 ligt daar niet boven",
    ]


def test_a_day_rate_within_one_band_names_that_band_alone() -> None:
    result, steps, steps_nl = every_level(500, "daily")
    assert result == no_level(500, "daily", [
        placed("junior", 320, 400, "above", 25), placed("mid", 400, 640, "within", 42),
        placed("senior", 640, 960, "below", 22, open_ended=True),
    ], experienced_daily={"band": band(500, 700), "position": "within", "percent": 0}, specialist_daily_from=900)
    assert steps == [
        FREELANCE_EN["junior"], "Junior: €500 is 25% above the band €320–€400",
        FREELANCE_EN["mid"], "Mid: €500 is within €400–€640, at 42% of the way from bottom to top",
        FREELANCE_EN["senior"], "Senior: €500 is 22% below the band €640–€960 or more",
        "Within the mid band",
        "The document's common day rates for experienced developers: €500 is within €500–€700, at 0% of the way "
        "from bottom to top",
        "Highly specialised seniors: above €900 a day; €500 is not above that",
    ]
    assert steps_nl == [
        FREELANCE_NL["junior"], "Junior: €500 ligt 25% boven de vork €320–€400",
        FREELANCE_NL["mid"], "Medior: €500 ligt binnen €400–€640, op 42% van onder naar boven",
        FREELANCE_NL["senior"], "Senior: €500 ligt 22% onder de vork €640–€960 of meer",
        "Binnen de vork van medior",
        "De gangbare dagtarieven van het document voor ervaren developers: €500 ligt binnen €500–€700, op 0% van "
        "onder naar boven",
        "Sterk gespecialiseerde seniors: boven €900 per dag; €500 ligt daar niet boven",
    ]


def test_a_specialist_day_rate_is_above_the_document_s_day_rates_and_its_threshold() -> None:
    result, steps, steps_nl = every_level(950, "daily")
    assert result == no_level(950, "daily", [
        placed("junior", 320, 400, "above", 138), placed("mid", 400, 640, "above", 48),
        placed("senior", 640, 960, "within", 97, open_ended=True),
    ], experienced_daily={"band": band(500, 700), "position": "above", "percent": 36}, specialist_daily_from=900)
    assert steps[-3:] == [
        "Within the senior band",
        "The document's common day rates for experienced developers: €950 is 36% above the band €500–€700",
        "Highly specialised seniors: above €900 a day; €950 is above that",
    ]
    assert steps_nl[-3:] == [
        "Binnen de vork van senior",
        "De gangbare dagtarieven van het document voor ervaren developers: €950 ligt 36% boven de vork €500–€700",
        "Sterk gespecialiseerde seniors: boven €900 per dag; €950 ligt daar boven",
    ]


@pytest.mark.parametrize(("amount", "english", "dutch"), [
    (900, "€900 is not above that", "€900 ligt daar niet boven"),  # the threshold itself is not above it
    (901, "€901 is above that", "€901 ligt daar boven"),
])
def test_the_specialist_threshold_is_exceeded_only_above_it(amount: float, english: str, dutch: str) -> None:
    _, steps, steps_nl = every_level(amount, "daily")
    assert steps[-1] == f"Highly specialised seniors: above €900 a day; {english}"
    assert steps_nl[-1] == f"Sterk gespecialiseerde seniors: boven €900 per dag; {dutch}"


def test_an_hourly_rate_below_every_band_says_so_and_how_far_below_each() -> None:
    result, steps, steps_nl = every_level(20, "hourly")
    assert result == no_level(20, "hourly", [
        placed("junior", 40, 50, "below", 50), placed("mid", 50, 80, "below", 60),
        placed("senior", 80, 120, "below", 75, open_ended=True),
    ])  # an hourly rate is not placed against the document's day rates
    assert steps == [
        FREELANCE_EN["junior"], "Junior: €20 is 50% below the band €40–€50",
        FREELANCE_EN["mid"], "Mid: €20 is 60% below the band €50–€80",
        FREELANCE_EN["senior"], "Senior: €20 is 75% below the band €80–€120 or more",
        "Below every level's band",
    ]
    assert steps_nl == [
        FREELANCE_NL["junior"], "Junior: €20 ligt 50% onder de vork €40–€50",
        FREELANCE_NL["mid"], "Medior: €20 ligt 60% onder de vork €50–€80",
        FREELANCE_NL["senior"], "Senior: €20 ligt 75% onder de vork €80–€120 of meer",
        "Onder de vork van elk niveau",
    ]


def test_an_hourly_rate_above_every_band_notes_or_more_only_for_the_open_ended_band() -> None:
    result, steps, steps_nl = every_level(200, "hourly")
    assert result == no_level(200, "hourly", [
        placed("junior", 40, 50, "above", 300), placed("mid", 50, 80, "above", 150),
        placed("senior", 80, 120, "above", 67, open_ended=True),
    ])
    assert steps == [
        FREELANCE_EN["junior"], "Junior: €200 is 300% above the band €40–€50",
        FREELANCE_EN["mid"], "Mid: €200 is 150% above the band €50–€80",
        FREELANCE_EN["senior"], "Senior: €200 is 67% above the band €80–€120 or more (the document says \"or more\": "
        "rates above the listed top do occur)",
        "Above every level's band",
    ]
    assert steps_nl == [
        FREELANCE_NL["junior"], "Junior: €200 ligt 300% boven de vork €40–€50",
        FREELANCE_NL["mid"], "Medior: €200 ligt 150% boven de vork €50–€80",
        FREELANCE_NL["senior"], "Senior: €200 ligt 67% boven de vork €80–€120 of meer (het document zegt \"or "
        "more\": tarieven boven de genoemde top komen voor)",
        "Boven de vork van elk niveau",
    ]


def test_a_check_with_a_level_places_the_amount_in_that_level_s_band_only() -> None:
    result = check(CheckInput(level="mid", amount=700, unit="daily"), BOOK)
    assert [f.id for f in result.figures] == ["freelance.hours_per_day", "freelance.mid"]
    assert result.model_dump(exclude={"figures", "steps_fr"}) == {
        "calculator": "check", "inputs": {"level": "mid", "amount": 700, "unit": "daily"}, "assumptions": [],
        "steps": [FREELANCE_EN["mid"], "€700 is 9% above the band €400–€640"],
        "steps_nl": [FREELANCE_NL["mid"], "€700 ligt 9% boven de vork €400–€640"],
        "level": "mid", "unit": "daily", "amount": 700, "band": band(400, 640), "position": "above", "percent": 9,
    }


def test_a_check_below_a_level_s_band_says_how_far_below() -> None:
    result = check(CheckInput(level="junior", amount=30, unit="hourly"), BOOK)
    assert (result.position, result.percent, result.steps[-1], result.steps_nl[-1]) == (
        "below", 25, "€30 is 25% below the band €40–€50", "€30 ligt 25% onder de vork €40–€50")


def test_a_monthly_check_uses_the_given_months_of_pay_and_the_monthly_band() -> None:
    result = check(CheckInput(level="junior", amount=2500, unit="monthly", months_of_pay=15), BOOK)
    assert [f.id for f in result.figures] == ["salary.junior", "experience.junior"]
    assert result.model_dump(exclude={"figures", "steps_fr"}) == {
        "calculator": "check", "inputs": {"level": "junior", "amount": 2500, "unit": "monthly", "months_of_pay": 15},
        "assumptions": [{"name": "months_of_pay", "value": 15, "unit": "monthly salaries a year",
                         "reason": "given by the caller", "overridable": True, "given": True}],
        "steps": ["Junior (0–3 years), Belgium 2030: €30,000–€40,000 gross a year",
                  "Per month over 15 months of pay: €2,000–€2,667 gross",
                  "€2,500 is within €2,000–€2,667, at 75% of the way from bottom to top"],
        "steps_nl": ["Junior (0–3 jaar), België 2030: €30.000–€40.000 bruto per jaar",
                     "Per maand over 15 maandlonen: €2.000–€2.667 bruto",
                     "€2.500 ligt binnen €2.000–€2.667, op 75% van onder naar boven"],
        "level": "junior", "unit": "monthly", "amount": 2500, "band": band(2000, 2667), "position": "within",
        "percent": 75,
    }


def test_a_band_of_a_single_figure_puts_that_figure_at_the_top() -> None:
    single = book(figure("freelance.mid", "EUR an hour", 60, 60))
    result = check(CheckInput(level="mid", amount=60, unit="hourly"), single)
    assert (result.band, result.position, result.percent) == (Band(low=60, high=60), "within", 100)
    assert result.steps[-1] == "€60 is within €60–€60, at 100% of the way from bottom to top"


def test_salary_bands_state_each_level_s_years_of_experience() -> None:
    result = salary(SalaryInput(), BOOK)
    assert result.bands == [
        LevelSalary(level="junior", experience="0–3 years", national=Band(low=30000, high=40000),
                    band=Band(low=30000, high=40000), monthly=Band(low=2500, high=3333)),
        LevelSalary(level="mid", experience="3–8 years", national=Band(low=40000, high=60000),
                    band=Band(low=40000, high=60000), monthly=Band(low=3333, high=5000)),
        LevelSalary(level="senior", experience="over 8 years", national=Band(low=60000, high=90000, open_ended=True),
                    band=Band(low=60000, high=90000, open_ended=True),
                    monthly=Band(low=5000, high=7500, open_ended=True)),
    ]
    assert result.steps_nl[2] == "Medior (3–8 jaar), België 2030: €40.000–€60.000 bruto per jaar"


def test_a_level_given_with_years_says_the_years_do_not_pick_it() -> None:
    result = salary(SalaryInput(level="mid", years=2.5), BOOK)
    assert [b.level for b in result.bands] == ["mid"]
    assert result.steps[0] == "Level mid given, so the 2.5 years of experience are not used to pick it"
    assert result.steps_nl[0] == "Niveau medior gegeven, dus de 2,5 jaar ervaring bepalen het niveau niet"


def test_freelance_bands_keep_or_more_from_the_hour_to_the_year() -> None:
    assert freelance(FreelanceInput(), BOOK).bands == [
        LevelRate(level="junior", hourly=Band(low=40, high=50), daily=Band(low=320, high=400),
                  yearly_revenue=Band(low=64000, high=80000)),
        LevelRate(level="mid", hourly=Band(low=50, high=80), daily=Band(low=400, high=640),
                  yearly_revenue=Band(low=80000, high=128000)),
        LevelRate(level="senior", hourly=Band(low=80, high=120, open_ended=True),
                  daily=Band(low=640, high=960, open_ended=True),
                  yearly_revenue=Band(low=128000, high=192000, open_ended=True)),
    ]


@pytest.mark.parametrize(("day_rate", "verdict", "dutch"), [(500, "above", "boven"), (450, "within", "binnen"),
                                                            (400, "below", "onder")])
def test_compare_with_a_salary_matches_it_with_the_caller_s_own_costs_and_the_same_figures(
        day_rate: float, verdict: str, dutch: str) -> None:
    plain = compare(CompareInput(day_rate=day_rate, own_costs=8000), BOOK)
    result = compare(CompareInput(day_rate=day_rate, salary=60000, own_costs=8000), BOOK)
    line = (f"A €60,000 salary matches €430–€490 a day (employer cost and own costs over 200 days): €{day_rate} is "
            f"{verdict}")  # (60,000 × 1.3 + 8,000) / 200 to (60,000 × 1.5 + 8,000) / 200
    line_nl = (f"Een salaris van €60.000 komt overeen met €430–€490 per dag (werkgeverskost en eigen kosten over 200 "
               f"dagen): €{day_rate} ligt {dutch}")
    assert result.model_dump(exclude={"inputs", "steps_fr"}) == {
        **plain.model_dump(exclude={"inputs", "steps_fr"}), "salary": 60000, "salary_day_rate": band(430, 490),
        "verdict": verdict, "steps": [*plain.steps, line], "steps_nl": [*plain.steps_nl, line_nl]}


def test_convert_spreads_a_rate_over_every_unit_in_both_languages() -> None:
    result = convert(ConvertInput(amount=50, from_unit="hourly"), BOOK)
    assert (result.hourly, result.daily, result.monthly, result.yearly) == (50, 400, 6667, 80000)
    assert result.steps == ["Freelance basis: 8 hours a day, 200 billable days a year, 12 months",
                            "hourly: €50", "daily: €400", "monthly: €6,667", "yearly: €80,000"]
    assert result.steps_nl == ["Freelancebasis: 8 uur per dag, 200 factureerbare dagen per jaar, 12 maanden",
                               "per uur: €50", "per dag: €400", "per maand: €6.667", "per jaar: €80.000"]


def test_an_amount_in_a_gap_between_two_levels_bands_is_said_to_be_between_them() -> None:
    """Figures may leave a gap (junior up to €40,000, mid from €45,000): €42,000 is neither below nor above all."""
    gapped = book(figure("salary.mid", "EUR gross a year", 45000, 60000))
    result = check(CheckInput(amount=42000, unit="yearly"), gapped)
    assert [(p.level, p.position) for p in result.levels] == [("junior", "above"), ("mid", "below"),
                                                              ("senior", "below")]
    assert (result.steps[-1], result.steps_nl[-1]) == ("Between two levels' bands", "Tussen de vorken van twee niveaus")
    english, _ = compose(result, "en", gapped)
    dutch, _ = compose(result, "nl", gapped)
    assert english.startswith("€42,000 a year falls between two levels' bands; it is above the junior band "
                              "(€30,000–€40,000)")
    assert "and below the mid-level band (€45,000–€60,000)" in english and "lowest" not in english
    assert dutch.startswith("€42.000 per jaar valt tussen de vorken van twee niveaus; het ligt boven de junior-vork")
    for below_all, above_all in ((20000, None), (None, 200000)):
        outside = check(CheckInput(amount=below_all or above_all, unit="yearly"), gapped)
        assert outside.steps[-1] == ("Below every level's band" if below_all else "Above every level's band")
