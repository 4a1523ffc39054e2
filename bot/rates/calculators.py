"""The calculators: pure functions from a validated input to a result that shows its working."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args

from bot.rates.figures import Figure, FigureBook, book_in_use
from bot.rates.schemas import (
    AssumptionUsed,
    Band,
    CheckInput,
    CheckResult,
    City,
    CompareInput,
    CompareResult,
    ConvertInput,
    ConvertResult,
    DayRateForInput,
    DayRateForResult,
    EmployerCostInput,
    EmployerCostResult,
    FreelanceInput,
    FreelanceResult,
    Inputs,
    Level,
    LevelPlacement,
    LevelRate,
    LevelSalary,
    Placement,
    Position,
    SalaryInput,
    SalaryResult,
    Unit,
)
from bot.text.catalogue import Catalogue
from bot.text.formats import euros, money, number

ALL_LEVELS: tuple[Level, ...] = get_args(Level)
# a figure's unit as the catalogue names it (other units are shown as the figures file writes them)
FIGURE_UNITS = {"EUR gross a month": "calc_figure_unit_month", "EUR gross a year": "calc_figure_unit_year"}
CITY_FIGURES: dict[City, str | None] = {
    "brussels": "city.brussels", "antwerp": "city.antwerp_ghent", "ghent": "city.antwerp_ghent",
    "leuven": "city.leuven", "liege": "city.liege", "flanders": None, "other": "city.smaller",
}
FLEMISH: frozenset[City] = frozenset({"antwerp", "ghent", "leuven", "flanders"})
FLANDERS_FIGURES = ("flanders.monthly", "flanders.yearly", "flanders.most_common")
WEEKS_PER_YEAR = 52


@dataclass(frozen=True)
class Say:
    """Words and numbers of one step in one language: the working follows the question's language, its words
    from the message catalogue."""

    language: str
    messages: Catalogue = field(default_factory=Catalogue.packaged)

    def say(self, key: str, **values: Any) -> str:
        return self.messages.say(key, self.language, **values)

    def eur(self, value: float) -> str:
        return money(value, self.language)

    def num(self, value: float) -> str:
        return number(value, self.language)

    def band(self, value: Band) -> str:
        return show(value, self.language)

    def level(self, level: Level) -> str:
        """A level as the working names it, capitalised ("Medior")."""
        return self.level_word(level).capitalize()

    def level_word(self, level: Level) -> str:
        return self.say(f"calc_level_{level}")

    def experience(self, level: Level, fig: Callable[[str], Figure]) -> str:
        """The years of experience a level covers, as the documents put them ("2–6 years", "over 6 years")."""
        if level == "junior":
            return self.say("calc_experience_junior", high=fig("experience.junior").hi)
        mid = fig("experience.mid")
        return self.say(f"calc_experience_{level}", low=mid.lo, high=mid.hi)


Step = Callable[[Say], str]
# The languages every result carries its working in (Result.steps, steps_nl, steps_fr).
STEP_LANGUAGES = ("en", "nl", "fr")


@dataclass
class Working:
    """Collects the figures, assumptions and steps of one calculation, in the order they are used."""

    book: FigureBook
    figures: list[Figure] = field(default_factory=list)
    assumptions: list[AssumptionUsed] = field(default_factory=list)
    steps: dict[str, list[str]] = field(default_factory=lambda: {language: [] for language in STEP_LANGUAGES})

    def fig(self, figure_id: str) -> Figure:
        """Use a figure (and cite it once)."""
        figure = self.book.figure(figure_id)
        if figure not in self.figures:
            self.figures.append(figure)
        return figure

    def assume(self, name: str, given: float | None = None) -> float:
        """Use an assumption's default, or the caller's value when given."""
        default = self.book.assumption(name)
        value = default.value if given is None else given
        used = AssumptionUsed(name=name, value=value, unit=default.unit, overridable=default.overridable,
                              given=given is not None, reason="given by the caller" if given is not None
                              else default.reason["en"])
        if used.name not in {a.name for a in self.assumptions}:
            self.assumptions.append(used)
        return value

    def step(self, line: Step) -> None:
        """Record one readable line of the working, in every language."""
        for language, lines in self.steps.items():
            lines.append(line(Say(language)))

    def steps_fields(self) -> dict[str, list[str]]:
        """The working as a result carries it: steps (English), steps_nl, steps_fr."""
        return {"steps" if language == "en" else f"steps_{language}": lines for language, lines in self.steps.items()}

    def done(self, calculator: str, inputs: Inputs) -> dict[str, Any]:
        """The fields every result carries."""
        return {"calculator": calculator, "inputs": inputs.model_dump(mode="json", exclude_none=True),
                "figures": self.figures, "assumptions": self.assumptions, **self.steps_fields()}


def band(low: float, high: float, open_ended: bool = False) -> Band:
    """A range rounded to whole euros."""
    return Band(low=euros(low), high=euros(high), open_ended=open_ended)


def show(value: Band, language: str = "en") -> str:
    """€35,000–€50,000, or "€75,000–€110,000 or more" (€75.000–€110.000 of meer)."""
    text = f"{money(value.low, language)}–{money(value.high, language)}"
    return Catalogue.packaged().say("calc_or_more", language, band=text) if value.open_ended else text


def level_for_years(years: float, work: Working) -> Level:
    """Junior up to 2 years, mid up to 6, senior beyond: the documents' own boundaries."""
    junior, mid = work.fig("experience.junior"), work.fig("experience.mid")
    level: Level = "junior" if years <= junior.hi else "mid" if years <= mid.hi else "senior"
    work.step(lambda s: s.say("calc_level_from_years", years=years, level=s.level_word(level), junior_top=junior.hi,
                              mid_low=mid.lo, mid_top=mid.hi))
    return level


def _levels(level: Level | None, years: float | None, work: Working) -> tuple[Level, ...]:
    """The level asked for, the level the years point to, or every level."""
    if level is not None:
        if years is not None:
            work.step(lambda s: s.say("calc_level_given", level=s.level_word(level), years=years))
        return (level,)
    if years is not None:
        return (level_for_years(years, work),)
    return ALL_LEVELS


def _city_band(national: Band, city: City | None, work: Working) -> Band:
    """Brussels applies its 5–15% range; other places keep the national band (their statement is cited)."""
    if city != "brussels":
        return national
    uplift = work.fig("city.brussels")
    low, high = 1 + uplift.lo / 100, 1 + uplift.hi / 100
    result = band(national.low * low, national.high * high, national.open_ended)
    work.step(lambda s: s.say("calc_brussels_uplift", uplift_low=uplift.lo, uplift_high=uplift.hi,
                              national_low=s.eur(national.low), low=low, low_result=s.eur(result.low),
                              national_high=s.eur(national.high), high=high, high_result=s.eur(result.high)))
    return result


def _city_notes(city: City | None, work: Working) -> None:
    """Cite what the documents say about a city that has no number, and the Flanders figures for Flemish cities."""
    figure_id = CITY_FIGURES.get(city) if city else None
    if figure_id and city != "brussels":
        quote = work.fig(figure_id).quote
        work.step(lambda s: s.say("calc_city_no_percentage", city=s.say(f"calc_city_{city}"), quote=quote))
    if city in FLEMISH:
        for flanders_id in FLANDERS_FIGURES:
            figure = work.fig(flanders_id)
            work.step(lambda s, figure=figure: s.say(
                "calc_flanders_comparison", year=str(figure.year), low=s.eur(figure.lo), high=s.eur(figure.hi),
                unit=s.say(FIGURE_UNITS[figure.unit]) if figure.unit in FIGURE_UNITS else figure.unit))


def salary(inputs: SalaryInput, book: FigureBook | None = None) -> SalaryResult:
    """Gross salary band for a level (or years of experience), adjusted for Brussels; every level if none given."""
    work = Working(book or book_in_use())
    levels = _levels(inputs.level, inputs.years, work)
    months = work.assume("months_of_pay", inputs.months_of_pay)
    if inputs.city == "flanders":  # the region has its own figures: they lead, the Belgian levels follow
        _city_notes(inputs.city, work)
    bands = [_level_salary(level, inputs.city, months, work) for level in levels]
    if inputs.city != "flanders":
        _city_notes(inputs.city, work)
    return SalaryResult(**work.done("salary", inputs), city=inputs.city, bands=bands)


def _level_salary(level: Level, city: City | None, months: float, work: Working) -> LevelSalary:
    """One level's band, its city adjustment and its monthly view."""
    figure = work.fig(f"salary.{level}")
    national = band(figure.lo, figure.hi, figure.open_ended)
    work.step(lambda s: s.say("calc_level_band", level=s.level(level), experience=s.experience(level, work.fig),
                              year=str(figure.year), band=s.band(national)))
    local = _city_band(national, city, work)
    monthly = band(local.low / months, local.high / months, local.open_ended)
    work.step(lambda s: s.say("calc_per_month", months=months, band=s.band(monthly)))
    return LevelSalary(level=level, experience=Say("en").experience(level, work.fig), national=national, band=local,
                       monthly=monthly)


def freelance(inputs: FreelanceInput, book: FigureBook | None = None) -> FreelanceResult:
    """Hourly and daily freelance band for a level (every level if none given), and the year it adds up to."""
    work = Working(book or book_in_use())
    hours = work.fig("freelance.hours_per_day").val
    days = work.assume("billable_days", inputs.billable_days)
    levels = (inputs.level,) if inputs.level else ALL_LEVELS
    bands = [_level_rate(level, hours, days, work) for level in levels]
    experienced, specialist = work.fig("freelance.daily_experienced"), work.fig("freelance.daily_specialist")
    work.step(lambda s: s.say("calc_document_daily_rates", low=s.eur(experienced.lo), high=s.eur(experienced.hi),
                              specialist=s.eur(specialist.lo)))
    return FreelanceResult(**work.done("freelance", inputs), bands=bands,
                           experienced_daily=band(experienced.lo, experienced.hi),
                           specialist_daily_from=euros(specialist.lo))


def _level_rate(level: Level, hours: float, days: float, work: Working) -> LevelRate:
    """One level's hourly band, times the 8-hour day, times the billable days."""
    hourly, daily = _hourly_daily(level, hours, work)
    yearly = band(daily.low * days, daily.high * days, daily.open_ended)
    work.step(lambda s: s.say("calc_level_rate", level=s.level(level), hourly=s.band(hourly), hours=hours,
                              daily=s.band(daily), days=days, yearly=s.band(yearly)))
    return LevelRate(level=level, hourly=hourly, daily=daily, yearly_revenue=yearly)


def _hourly_daily(level: Level, hours: float, work: Working) -> tuple[Band, Band]:
    """A level's hourly band from the document and the daily band it makes."""
    figure = work.fig(f"freelance.{level}")
    hourly = band(figure.lo, figure.hi, figure.open_ended)
    return hourly, band(hourly.low * hours, hourly.high * hours, hourly.open_ended)


def employer_cost(inputs: EmployerCostInput, book: FigureBook | None = None) -> EmployerCostResult:
    """Total yearly and monthly cost of a gross salary to the employer: 25–45% above gross."""
    work = Working(book or book_in_use())
    months = work.assume("months_of_pay", inputs.months_of_pay)
    gross = inputs.gross * months if inputs.period == "monthly" else inputs.gross
    if inputs.period == "monthly":
        work.step(lambda s: s.say("calc_monthly_to_yearly", monthly=s.eur(inputs.gross), months=months,
                                  yearly=s.eur(gross)))
    cost = _employer_cost(gross, work)
    example = work.fig("employer.example")
    rule = _employer_cost(example.val, Working(work.book))
    work.step(lambda s: s.say("calc_employer_example_check", gross=s.eur(example.val), low=s.eur(example.lo),
                              high=s.eur(example.hi), rule=s.band(rule)))
    monthly = band(cost.low / 12, cost.high / 12)
    work.step(lambda s: s.say("calc_per_calendar_month", cost=s.band(cost), monthly=s.band(monthly)))
    return EmployerCostResult(**work.done("employer_cost", inputs), gross_yearly=euros(gross),
                              gross_monthly=euros(gross / months), total_cost=cost, total_cost_monthly=monthly)


def _employer_cost(gross: float, work: Working) -> Band:
    """Gross × 1.25 to gross × 1.45."""
    uplift = work.fig("employer.uplift")
    low, high = 1 + uplift.lo / 100, 1 + uplift.hi / 100
    cost = band(gross * low, gross * high)
    work.step(lambda s: s.say("calc_employer_cost", uplift_low=uplift.lo, uplift_high=uplift.hi, gross=s.eur(gross),
                              low=low, cost_low=s.eur(cost.low), high=high, cost_high=s.eur(cost.high)))
    return cost


def _salary_for_cost(cost: float, work: Working) -> Band:
    """The gross salary whose employer cost equals an amount: cost / 1.45 to cost / 1.25."""
    uplift = work.fig("employer.uplift")
    low, high = 1 + uplift.hi / 100, 1 + uplift.lo / 100
    return band(cost / low, cost / high)


def compare(inputs: CompareInput, book: FigureBook | None = None) -> CompareResult:
    """A day rate as revenue and as the salary it could pay for: why €700 a day is not a €180,000 salary."""
    work = Working(book or book_in_use())
    days = int(work.assume("billable_days", inputs.billable_days))
    weekdays = int(work.assume("weekdays_per_year"))
    own_costs = work.assume("own_costs", inputs.own_costs)
    naive, revenue = inputs.day_rate * weekdays, inputs.day_rate * days
    example_rate, example_salary = work.fig("compare.example_day_rate"), work.fig("compare.example_salary")
    work.step(lambda s: s.say("calc_naive", day_rate=s.eur(inputs.day_rate), weekdays=str(weekdays),
                              naive=s.eur(naive), example_rate=s.eur(example_rate.val),
                              example_salary=s.eur(example_salary.val)))
    work.step(lambda s: s.say("calc_revenue", day_rate=s.eur(inputs.day_rate), days=str(days),
                              revenue=s.eur(revenue)))
    equivalent = _salary_for_cost(revenue, work)
    uplift = work.fig("employer.uplift")
    work.step(lambda s: s.say("calc_equivalent_salary", revenue=s.eur(revenue), uplift_low=uplift.lo,
                              uplift_high=uplift.hi, band=s.band(equivalent)))
    after = _salary_for_cost(max(revenue - own_costs, 0), work)
    left = max(revenue - own_costs, 0)
    work.step(lambda s: s.say("calc_after_own_costs", own_costs=s.eur(own_costs), left=s.eur(left),
                              band=s.band(after)))
    work.step(lambda s: s.say("calc_no_tax"))
    result = CompareResult(**work.done("compare", inputs), day_rate=euros(inputs.day_rate), billable_days=days,
                           revenue=euros(revenue), naive_revenue=euros(naive), equivalent_salary=equivalent,
                           equivalent_salary_after_costs=after)
    return _against_salary(result, inputs, work) if inputs.salary else result


def _against_salary(result: CompareResult, inputs: CompareInput, work: Working) -> CompareResult:
    """Compare the day rate with the one that matches the given salary."""
    matching = day_rate_for(DayRateForInput(salary=inputs.salary or 0, billable_days=result.billable_days,
                                            own_costs=work.assume("own_costs", inputs.own_costs)), work.book)
    verdict = position(inputs.day_rate, matching.day_rate_with_costs)
    salary, matched = inputs.salary or 0, matching.day_rate_with_costs
    work.step(lambda s: s.say("calc_against_salary", salary=s.eur(salary), band=s.band(matched),
                              days=str(result.billable_days), day_rate=s.eur(inputs.day_rate),
                              verdict=s.say(f"calc_position_{verdict}")))
    return result.model_copy(update={"salary": euros(salary), "verdict": verdict, **work.steps_fields(),
                                     "salary_day_rate": matched})


def day_rate_for(inputs: DayRateForInput, book: FigureBook | None = None) -> DayRateForResult:
    """The day rate that earns what an employer would spend on a gross salary, plus the freelancer's own costs."""
    work = Working(book or book_in_use())
    days = work.assume("billable_days", inputs.billable_days)
    own_costs = work.assume("own_costs", inputs.own_costs)
    hours = work.fig("freelance.hours_per_day").val
    cost = _employer_cost(inputs.salary, work)
    rate = band(cost.low / days, cost.high / days)
    work.step(lambda s: s.say("calc_day_rate_over_days", days=days, cost=s.band(cost), rate=s.band(rate)))
    with_costs = band((cost.low + own_costs) / days, (cost.high + own_costs) / days)
    work.step(lambda s: s.say("calc_plus_own_costs", own_costs=s.eur(own_costs), band=s.band(with_costs)))
    hourly = band(with_costs.low / hours, with_costs.high / hours)
    work.step(lambda s: s.say("calc_per_hour", hours=hours, band=s.band(hourly)))
    return DayRateForResult(**work.done("day_rate_for", inputs), salary=euros(inputs.salary), employer_cost=cost,
                            day_rate=rate, day_rate_with_costs=with_costs, hourly_rate_with_costs=hourly)


def position(amount: float, against: Band) -> Position:
    """Below, within or above a band's listed figures."""
    if amount < against.low:
        return "below"
    return "above" if amount > against.high else "within"


def _percent(amount: float, against: Band, where: Position) -> int:
    """How far below or above the band, or where inside it (0% = bottom, 100% = top)."""
    if where == "below":
        return euros((against.low - amount) / against.low * 100)
    if where == "above":
        return euros((amount - against.high) / against.high * 100)
    return euros((amount - against.low) / (against.high - against.low) * 100) if against.high > against.low else 100


def check(inputs: CheckInput, book: FigureBook | None = None) -> CheckResult:
    """Where a rate or salary falls against a level's band: below, within or above, with the percentage."""
    work = Working(book or book_in_use())
    if inputs.level is None:
        return _check_every_level(inputs, work)
    against = _band_in(inputs.level, inputs, work)
    where = position(inputs.amount, against)
    percent = _percent(inputs.amount, against, where)
    work.step(lambda s: _placement(s, inputs.amount, against, where, percent))
    return CheckResult(**work.done("check", inputs), level=inputs.level, unit=inputs.unit,
                       amount=euros(inputs.amount), band=against, position=where, percent=percent)


def _check_every_level(inputs: CheckInput, work: Working) -> CheckResult:
    """No level given: the amount against every level's band, and a day rate against the document's day rates."""
    placements = [_place_level(level, inputs, work) for level in ALL_LEVELS]
    within = [p.level for p in placements if p.position == "within"]
    outside = {p.position for p in placements}
    work.step(lambda s: s.say("calc_within_many" if len(within) > 1 else "calc_within_one",
                              levels=s.say("calc_and").join(s.level_word(level) for level in within)) if within
              else s.say("calc_below_every") if outside == {"below"}
              else s.say("calc_above_every") if outside == {"above"}
              # figures whose bands leave a gap between two levels
              else s.say("calc_between_levels"))
    experienced, specialist = _document_day_rates(inputs.amount, work) if inputs.unit == "daily" else (None, None)
    return CheckResult(**work.done("check", inputs), level=None, unit=inputs.unit, amount=euros(inputs.amount),
                       band=None, position=None, percent=None, levels=placements, experienced_daily=experienced,
                       specialist_daily_from=specialist)


def _place_level(level: Level, inputs: CheckInput, work: Working) -> LevelPlacement:
    """One level's band in the amount's unit and where the amount falls in it."""
    against = _band_in(level, inputs, work)
    where = position(inputs.amount, against)
    percent = _percent(inputs.amount, against, where)
    work.step(lambda s: f"{s.level(level)}: {_placement(s, inputs.amount, against, where, percent)}")
    return LevelPlacement(level=level, band=against, position=where, percent=percent)


def _document_day_rates(amount: float, work: Working) -> tuple[Placement, int]:
    """A day rate against the document's €500–€800 for experienced developers and its specialist threshold."""
    experienced, specialist = work.fig("freelance.daily_experienced"), work.fig("freelance.daily_specialist")
    common = band(experienced.lo, experienced.hi)
    where = position(amount, common)
    percent = _percent(amount, common, where)
    work.step(lambda s: s.say("calc_common_day_rates", placement=_placement(s, amount, common, where, percent)))
    above = amount > specialist.lo
    work.step(lambda s: s.say("calc_specialist_above" if above else "calc_specialist_not_above",
                              threshold=s.eur(specialist.lo), amount=s.eur(amount)))
    return Placement(band=common, position=where, percent=percent), euros(specialist.lo)


def _band_in(level: Level, inputs: CheckInput, work: Working) -> Band:
    """The level's band in the amount's unit: freelance bands per hour or day, salary bands per month or year."""
    if inputs.unit in ("hourly", "daily"):
        hours = work.fig("freelance.hours_per_day").val
        hourly, daily = _hourly_daily(level, hours, work)
        work.step(lambda s: s.say("calc_freelance_band", level=s.level(level), hourly=s.band(hourly), hours=hours,
                                  daily=s.band(daily)))
        return hourly if inputs.unit == "hourly" else daily
    months = work.assume("months_of_pay", inputs.months_of_pay)
    yearly = _level_salary(level, inputs.city, months, work)
    return yearly.band if inputs.unit == "yearly" else yearly.monthly


def _placement(s: Say, amount: float, against: Band, where: Position, percent: int) -> str:
    """One line saying where the amount falls."""
    line = s.say(f"calc_placement_{where}", amount=s.eur(amount), percent=percent, band=s.band(against))
    return line + s.say("calc_or_more_note") if where == "above" and against.open_ended else line


def convert(inputs: ConvertInput, book: FigureBook | None = None) -> ConvertResult:
    """Hourly ↔ daily ↔ monthly ↔ yearly, stating the hours, days and months used."""
    work = Working(book or book_in_use())
    basis = inputs.basis or ("freelance" if inputs.from_unit in ("hourly", "daily") else "salary")
    convert_one = _convert_freelance if basis == "freelance" else _convert_salary
    values = convert_one(inputs, work)
    return ConvertResult(**work.done("convert", inputs), basis=basis, from_unit=inputs.from_unit,
                         **{unit: euros(value) for unit, value in values.items()})


def _convert_freelance(inputs: ConvertInput, work: Working) -> dict[Unit, float]:
    """A freelance rate: hours a day, billable days a year, and a year spread over 12 months."""
    hours = _given_or_figure(inputs.hours_per_day, "freelance.hours_per_day", "hours_per_day", work)
    days = work.assume("billable_days", inputs.billable_days)
    per_year: dict[Unit, float] = {"hourly": hours * days, "daily": days, "monthly": 12, "yearly": 1}
    yearly = inputs.amount * per_year[inputs.from_unit]
    work.step(lambda s: s.say("calc_freelance_basis", hours=hours, days=days))
    return _spread(yearly, per_year, work)


def _convert_salary(inputs: ConvertInput, work: Working) -> dict[Unit, float]:
    """A salary: months of pay a year, hours a week over 52 weeks, and 5 days a week."""
    hours = _given_or_figure(inputs.hours_per_week, "flanders.standard_week", "hours_per_week", work)
    months = work.assume("months_of_pay", inputs.months_of_pay)
    monthly_hours = hours * WEEKS_PER_YEAR / 12
    per_year: dict[Unit, float] = {"hourly": monthly_hours * months, "daily": monthly_hours * months / (hours / 5),
                                   "monthly": months, "yearly": 1}
    work.step(lambda s: s.say("calc_salary_basis", months=months, hours=hours, monthly_hours=round(monthly_hours, 2),
                              weeks=WEEKS_PER_YEAR))
    return _spread(inputs.amount * per_year[inputs.from_unit], per_year, work)


def _spread(yearly: float, per_year: dict[Unit, float], work: Working) -> dict[Unit, float]:
    """Divide the year back into every unit, one step each."""
    values: dict[Unit, float] = {unit: yearly / count for unit, count in per_year.items()}
    for unit, value in values.items():
        work.step(lambda s, unit=unit, value=value: f"{s.say(f'calc_unit_{unit}')}: {s.eur(value)}")
    return values


def _given_or_figure(given: float | None, figure_id: str, name: str, work: Working) -> float:
    """A document's figure unless the caller overrides it (then it is recorded as the caller's assumption)."""
    if given is None:
        return work.fig(figure_id).val
    work.assumptions.append(AssumptionUsed(name=name, value=given, unit=work.book.figure(figure_id).unit,
                                           reason="given by the caller", overridable=True, given=True))
    return given
