"""The calculators: pure functions from a validated input to a result that shows its working."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, get_args

from bot.formats import euros, money, number
from bot.models import Language
from bot.rates.figures import Figure, FigureBook, book_in_use
from bot.rates.models import (
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

ALL_LEVELS: tuple[Level, ...] = get_args(Level)
CITY_NL: dict[str, str] = {"brussels": "Brussel", "antwerp": "Antwerpen", "ghent": "Gent", "leuven": "Leuven",
                           "liege": "Luik", "flanders": "Vlaanderen", "other": "Elders"}
UNIT_NL = {"EUR gross a month": "EUR bruto per maand", "EUR gross a year": "EUR bruto per jaar"}
UNIT_WORDS_NL: dict[Unit, str] = {"hourly": "per uur", "daily": "per dag", "monthly": "per maand",
                                  "yearly": "per jaar"}
CITY_FIGURES: dict[City, str | None] = {
    "brussels": "city.brussels", "antwerp": "city.antwerp_ghent", "ghent": "city.antwerp_ghent",
    "leuven": "city.leuven", "liege": "city.liege", "flanders": None, "other": "city.smaller",
}
FLEMISH: frozenset[City] = frozenset({"antwerp", "ghent", "leuven", "flanders"})
FLANDERS_FIGURES = ("flanders.monthly", "flanders.yearly", "flanders.most_common")
WEEKS_PER_YEAR = 52
LEVEL_WORDS: dict[Language, dict[Level, str]] = {"en": {"junior": "junior", "mid": "mid", "senior": "senior"},
                                                  "nl": {"junior": "junior", "mid": "medior", "senior": "senior"}}
POSITION_WORDS: dict[Language, dict[str, str]] = {"en": {"below": "below", "within": "within", "above": "above"},
                                                  "nl": {"below": "onder", "within": "binnen", "above": "boven"}}


@dataclass(frozen=True)
class Say:
    """Words and numbers of one step in one language: the working follows the question's language."""

    language: Language

    def t(self, en: str, nl: str) -> str:
        return nl if self.language == "nl" else en

    def eur(self, value: float) -> str:
        return money(value, self.language)

    def num(self, value: float) -> str:
        return number(value, self.language)

    def band(self, value: Band) -> str:
        return show(value, self.language)

    def level(self, level: Level) -> str:
        return LEVEL_WORDS[self.language][level].capitalize()


Step = Callable[[Say], str]
SAYS = (Say("en"), Say("nl"))


@dataclass
class Working:
    """Collects the figures, assumptions and steps of one calculation, in the order they are used."""

    book: FigureBook
    figures: list[Figure] = field(default_factory=list)
    assumptions: list[AssumptionUsed] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    steps_nl: list[str] = field(default_factory=list)

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
        """Record one readable line of the working, in English and in Dutch."""
        english, dutch = (line(say) for say in SAYS)
        self.steps.append(english)
        self.steps_nl.append(dutch)

    def done(self, calculator: str, inputs: Inputs) -> dict[str, Any]:
        """The fields every result carries."""
        return {"calculator": calculator, "inputs": inputs.model_dump(mode="json", exclude_none=True),
                "figures": self.figures, "assumptions": self.assumptions, "steps": self.steps,
                "steps_nl": self.steps_nl}


def band(low: float, high: float, open_ended: bool = False) -> Band:
    """A range rounded to whole euros."""
    return Band(low=euros(low), high=euros(high), open_ended=open_ended)


def show(value: Band, language: Language = "en") -> str:
    """€35,000–€50,000, or "€75,000–€110,000 or more" (€75.000–€110.000 of meer)."""
    text = f"{money(value.low, language)}–{money(value.high, language)}"
    return text + (" of meer" if language == "nl" else " or more") if value.open_ended else text


def level_for_years(years: float, work: Working) -> Level:
    """Junior up to 2 years, mid up to 6, senior beyond: the documents' own boundaries."""
    junior, mid = work.fig("experience.junior"), work.fig("experience.mid")
    level: Level = "junior" if years <= junior.hi else "mid" if years <= mid.hi else "senior"
    work.step(lambda s: s.t(f"{s.num(years)} years of experience → {level} (junior up to {s.num(junior.hi)} years, "
                            f"mid {s.num(mid.lo)} to {s.num(mid.hi)}, senior beyond)",
                            f"{s.num(years)} jaar ervaring → {LEVEL_WORDS['nl'][level]} (junior tot "
                            f"{s.num(junior.hi)} jaar, medior {s.num(mid.lo)} tot {s.num(mid.hi)}, senior daarboven)"))
    return level


def _levels(level: Level | None, years: float | None, work: Working) -> tuple[Level, ...]:
    """The level asked for, the level the years point to, or every level."""
    if level is not None:
        if years is not None:
            work.step(lambda s: s.t(f"Level {level} given, so the {s.num(years)} years of experience are not used "
                                    "to pick it", f"Niveau {LEVEL_WORDS['nl'][level]} gegeven, dus de {s.num(years)} "
                                    "jaar ervaring bepalen het niveau niet"))
        return (level,)
    if years is not None:
        return (level_for_years(years, work),)
    return ALL_LEVELS


def dutch_experience(experience: str) -> str:
    """"2–6 years" / "over 6 years" in Dutch."""
    return experience.replace("over", "meer dan").replace("years", "jaar")


def _experience(level: Level, work: Working) -> str:
    """The years of experience a level covers, as the documents put them."""
    if level == "junior":
        return f"0–{number(work.fig('experience.junior').hi)} years"
    mid = work.fig("experience.mid")
    return f"{number(mid.lo)}–{number(mid.hi)} years" if level == "mid" else f"over {number(mid.hi)} years"


def _city_band(national: Band, city: City | None, work: Working) -> Band:
    """Brussels applies its 5–15% range; other places keep the national band (their statement is cited)."""
    if city != "brussels":
        return national
    uplift = work.fig("city.brussels")
    low, high = 1 + uplift.lo / 100, 1 + uplift.hi / 100
    result = band(national.low * low, national.high * high, national.open_ended)
    work.step(lambda s: f"{s.t('Brussels', 'Brussel')} +{s.num(uplift.lo)}–{s.num(uplift.hi)}%: "
                        f"{s.eur(national.low)} × {s.num(low)} = {s.eur(result.low)}, {s.eur(national.high)} × "
                        f"{s.num(high)} = {s.eur(result.high)}")
    return result


def _city_notes(city: City | None, work: Working) -> None:
    """Cite what the documents say about a city that has no number, and the Flanders figures for Flemish cities."""
    figure_id = CITY_FIGURES.get(city) if city else None
    if figure_id and city != "brussels":
        quote = work.fig(figure_id).quote
        work.step(lambda s: s.t(f"{city.capitalize()}: the document gives no percentage, so the national band "
                                f"stands; it says: \"{quote}\"",
                                f"{CITY_NL.get(city, city.capitalize())}: het document geeft geen percentage, dus "
                                f"de nationale vork blijft; het zegt: \"{quote}\""))
    if city in FLEMISH:
        for flanders_id in FLANDERS_FIGURES:
            figure = work.fig(flanders_id)
            work.step(lambda s, figure=figure: s.t(
                f"Flanders {figure.year} for comparison: {s.eur(figure.lo)}–{s.eur(figure.hi)} ({figure.unit})",
                f"Vlaanderen {figure.year} ter vergelijking: {s.eur(figure.lo)}–{s.eur(figure.hi)} "
                f"({UNIT_NL.get(figure.unit, figure.unit)})"))


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
    experience = _experience(level, work)
    work.step(lambda s: s.t(f"{s.level(level)} ({experience}), Belgium {figure.year}: {s.band(national)} gross a "
                            "year", f"{s.level(level)} ({dutch_experience(experience)}), België {figure.year}: "
                            f"{s.band(national)} bruto per jaar"))
    local = _city_band(national, city, work)
    monthly = band(local.low / months, local.high / months, local.open_ended)
    work.step(lambda s: s.t(f"Per month over {s.num(months)} months of pay: {s.band(monthly)} gross",
                            f"Per maand over {s.num(months)} maandlonen: {s.band(monthly)} bruto"))
    return LevelSalary(level=level, experience=_experience(level, work), national=national, band=local, monthly=monthly)


def freelance(inputs: FreelanceInput, book: FigureBook | None = None) -> FreelanceResult:
    """Hourly and daily freelance band for a level (every level if none given), and the year it adds up to."""
    work = Working(book or book_in_use())
    hours = work.fig("freelance.hours_per_day").val
    days = work.assume("billable_days", inputs.billable_days)
    levels = (inputs.level,) if inputs.level else ALL_LEVELS
    bands = [_level_rate(level, hours, days, work) for level in levels]
    experienced, specialist = work.fig("freelance.daily_experienced"), work.fig("freelance.daily_specialist")
    work.step(lambda s: s.t(f"The document's daily rates: {s.eur(experienced.lo)}–{s.eur(experienced.hi)} for "
                            f"experienced developers, above {s.eur(specialist.lo)} for specialised seniors",
                            f"De dagtarieven van het document: {s.eur(experienced.lo)}–{s.eur(experienced.hi)} voor "
                            f"ervaren developers, boven {s.eur(specialist.lo)} voor gespecialiseerde seniors"))
    return FreelanceResult(**work.done("freelance", inputs), bands=bands,
                           experienced_daily=band(experienced.lo, experienced.hi),
                           specialist_daily_from=euros(specialist.lo))


def _level_rate(level: Level, hours: float, days: float, work: Working) -> LevelRate:
    """One level's hourly band, times the 8-hour day, times the billable days."""
    hourly, daily = _hourly_daily(level, hours, work)
    yearly = band(daily.low * days, daily.high * days, daily.open_ended)
    work.step(lambda s: s.t(f"{s.level(level)}: {s.band(hourly)} an hour × {s.num(hours)} hours = "
                            f"{s.band(daily)} a day; × {s.num(days)} billable days = {s.band(yearly)} revenue a year",
                            f"{s.level(level)}: {s.band(hourly)} per uur × {s.num(hours)} uur = {s.band(daily)} per "
                            f"dag; × {s.num(days)} factureerbare dagen = {s.band(yearly)} omzet per jaar"))
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
        work.step(lambda s: s.t(f"{s.eur(inputs.gross)} a month × {s.num(months)} months of pay = {s.eur(gross)} "
                                "gross a year", f"{s.eur(inputs.gross)} per maand × {s.num(months)} maandlonen = "
                                f"{s.eur(gross)} bruto per jaar"))
    cost = _employer_cost(gross, work)
    example = work.fig("employer.example")
    rule = _employer_cost(example.val, Working(work.book))
    work.step(lambda s: s.t(f"Check against the document's example: {s.eur(example.val)} gross costs "
                            f"{s.eur(example.lo)}–{s.eur(example.hi)}; this rule gives {s.band(rule)}",
                            f"Controle met het voorbeeld uit het document: {s.eur(example.val)} bruto kost "
                            f"{s.eur(example.lo)}–{s.eur(example.hi)}; deze regel geeft {s.band(rule)}"))
    monthly = band(cost.low / 12, cost.high / 12)
    work.step(lambda s: s.t(f"Per calendar month: {s.band(cost)} / 12 = {s.band(monthly)}",
                            f"Per kalendermaand: {s.band(cost)} / 12 = {s.band(monthly)}"))
    return EmployerCostResult(**work.done("employer_cost", inputs), gross_yearly=euros(gross),
                              gross_monthly=euros(gross / months), total_cost=cost, total_cost_monthly=monthly)


def _employer_cost(gross: float, work: Working) -> Band:
    """Gross × 1.25 to gross × 1.45."""
    uplift = work.fig("employer.uplift")
    low, high = 1 + uplift.lo / 100, 1 + uplift.hi / 100
    cost = band(gross * low, gross * high)
    work.step(lambda s: s.t(f"Employer cost {s.num(uplift.lo)}–{s.num(uplift.hi)}% above gross: ",
                            f"Werkgeverskost {s.num(uplift.lo)}–{s.num(uplift.hi)}% boven bruto: ")
              + f"{s.eur(gross)} × {s.num(low)} = {s.eur(cost.low)} {s.t('to', 'tot')} {s.eur(gross)} × "
                f"{s.num(high)} = {s.eur(cost.high)}")
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
    work.step(lambda s: s.t(f"Naive: {s.eur(inputs.day_rate)} × {weekdays} weekdays = {s.eur(naive)}, the kind of "
                            f"sum behind the document's warning that {s.eur(example_rate.val)} a day is not a "
                            f"{s.eur(example_salary.val)} salary",
                            f"Naïef: {s.eur(inputs.day_rate)} × {weekdays} weekdagen = {s.eur(naive)}, het soort som "
                            f"achter de waarschuwing van het document dat {s.eur(example_rate.val)} per dag geen "
                            f"salaris van {s.eur(example_salary.val)} is"))
    work.step(lambda s: s.t(f"Revenue: {s.eur(inputs.day_rate)} × {days} billable days = {s.eur(revenue)} a year",
                            f"Omzet: {s.eur(inputs.day_rate)} × {days} factureerbare dagen = {s.eur(revenue)} per "
                            "jaar"))
    equivalent = _salary_for_cost(revenue, work)
    uplift = work.fig("employer.uplift")
    work.step(lambda s: s.t(f"An employer paying {s.eur(revenue)} in total cost (gross + {s.num(uplift.lo)}–"
                            f"{s.num(uplift.hi)}%) pays a gross salary of {s.band(equivalent)}",
                            f"Een werkgever die in totaal {s.eur(revenue)} betaalt (bruto + {s.num(uplift.lo)}–"
                            f"{s.num(uplift.hi)}%) betaalt een brutoloon van {s.band(equivalent)}"))
    after = _salary_for_cost(max(revenue - own_costs, 0), work)
    left = max(revenue - own_costs, 0)
    work.step(lambda s: s.t(f"After {s.eur(own_costs)} of own costs: {s.eur(left)} → {s.band(after)} gross",
                            f"Na {s.eur(own_costs)} eigen kosten: {s.eur(left)} → {s.band(after)} bruto"))
    work.step(lambda s: s.t("Income tax and social contributions come on top for both; the documents give no rates "
                            "for them, so this comparison stops at gross salary",
                            "Personenbelasting en sociale bijdragen komen er voor beide nog bij; de documenten geven "
                            "er geen tarieven voor, dus deze vergelijking stopt bij het brutoloon"))
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
    work.step(lambda s: s.t(f"A {s.eur(salary)} salary matches {s.band(matched)} a day (employer cost and own costs "
                            f"over {result.billable_days} days): {s.eur(inputs.day_rate)} is {verdict}",
                            f"Een salaris van {s.eur(salary)} komt overeen met {s.band(matched)} per dag "
                            f"(werkgeverskost en eigen kosten over {result.billable_days} dagen): "
                            f"{s.eur(inputs.day_rate)} ligt {POSITION_WORDS['nl'][verdict]}"))
    return result.model_copy(update={"salary": euros(salary), "verdict": verdict, "steps": work.steps,
                                     "steps_nl": work.steps_nl, "salary_day_rate": matched})


def day_rate_for(inputs: DayRateForInput, book: FigureBook | None = None) -> DayRateForResult:
    """The day rate that earns what an employer would spend on a gross salary, plus the freelancer's own costs."""
    work = Working(book or book_in_use())
    days = work.assume("billable_days", inputs.billable_days)
    own_costs = work.assume("own_costs", inputs.own_costs)
    hours = work.fig("freelance.hours_per_day").val
    cost = _employer_cost(inputs.salary, work)
    rate = band(cost.low / days, cost.high / days)
    work.step(lambda s: s.t(f"Over {s.num(days)} billable days: {s.band(cost)} / {s.num(days)} = {s.band(rate)} "
                            "a day", f"Over {s.num(days)} factureerbare dagen: {s.band(cost)} / {s.num(days)} = "
                            f"{s.band(rate)} per dag"))
    with_costs = band((cost.low + own_costs) / days, (cost.high + own_costs) / days)
    work.step(lambda s: s.t(f"Plus {s.eur(own_costs)} of own costs a year: {s.band(with_costs)} a day",
                            f"Plus {s.eur(own_costs)} eigen kosten per jaar: {s.band(with_costs)} per dag"))
    hourly = band(with_costs.low / hours, with_costs.high / hours)
    work.step(lambda s: s.t(f"Per hour (÷ {s.num(hours)}): {s.band(hourly)}",
                            f"Per uur (÷ {s.num(hours)}): {s.band(hourly)}"))
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
    work.step(lambda s: s.t(f"Within the {' and '.join(within)} band{'s' if len(within) > 1 else ''}",
                            f"Binnen de vork{'en' if len(within) > 1 else ''} van "
                            f"{' en '.join(LEVEL_WORDS['nl'][w] for w in within)}") if within
              else s.t("Below every level's band", "Onder de vork van elk niveau") if outside == {"below"}
              else s.t("Above every level's band", "Boven de vork van elk niveau") if outside == {"above"}
              # figures whose bands leave a gap between two levels
              else s.t("Between two levels' bands", "Tussen de vorken van twee niveaus"))
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
    work.step(lambda s: s.t("The document's common day rates for experienced developers: ",
                            "De gangbare dagtarieven van het document voor ervaren developers: ")
              + _placement(s, amount, common, where, percent))
    above = amount > specialist.lo
    work.step(lambda s: s.t(f"Highly specialised seniors: above {s.eur(specialist.lo)} a day; {s.eur(amount)} is "
                            f"{'above' if above else 'not above'} that",
                            f"Sterk gespecialiseerde seniors: boven {s.eur(specialist.lo)} per dag; "
                            f"{s.eur(amount)} ligt daar {'boven' if above else 'niet boven'}"))
    return Placement(band=common, position=where, percent=percent), euros(specialist.lo)


def _band_in(level: Level, inputs: CheckInput, work: Working) -> Band:
    """The level's band in the amount's unit: freelance bands per hour or day, salary bands per month or year."""
    if inputs.unit in ("hourly", "daily"):
        hours = work.fig("freelance.hours_per_day").val
        hourly, daily = _hourly_daily(level, hours, work)
        work.step(lambda s: s.t(f"{s.level(level)} freelance: {s.band(hourly)} an hour × {s.num(hours)} hours = "
                                f"{s.band(daily)} a day", f"{s.level(level)} freelance: {s.band(hourly)} per uur × "
                                f"{s.num(hours)} uur = {s.band(daily)} per dag"))
        return hourly if inputs.unit == "hourly" else daily
    months = work.assume("months_of_pay", inputs.months_of_pay)
    yearly = _level_salary(level, inputs.city, months, work)
    return yearly.band if inputs.unit == "yearly" else yearly.monthly


def _placement(s: Say, amount: float, against: Band, where: Position, percent: int) -> str:
    """One line saying where the amount falls."""
    if where == "below":
        return s.t(f"{s.eur(amount)} is {percent}% below the band {s.band(against)}",
                   f"{s.eur(amount)} ligt {percent}% onder de vork {s.band(against)}")
    if where == "above":
        more = s.t(" (the document says \"or more\": rates above the listed top do occur)",
                   " (het document zegt \"or more\": tarieven boven de genoemde top komen voor)")
        return s.t(f"{s.eur(amount)} is {percent}% above the band {s.band(against)}",
                   f"{s.eur(amount)} ligt {percent}% boven de vork {s.band(against)}") + (more if against.open_ended
                                                                                       else "")
    return s.t(f"{s.eur(amount)} is within {s.band(against)}, at {percent}% of the way from bottom to top",
               f"{s.eur(amount)} ligt binnen {s.band(against)}, op {percent}% van onder naar boven")


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
    work.step(lambda s: s.t(f"Freelance basis: {s.num(hours)} hours a day, {s.num(days)} billable days a year, "
                            "12 months", f"Freelancebasis: {s.num(hours)} uur per dag, {s.num(days)} factureerbare "
                            "dagen per jaar, 12 maanden"))
    return _spread(yearly, per_year, work)


def _convert_salary(inputs: ConvertInput, work: Working) -> dict[Unit, float]:
    """A salary: months of pay a year, hours a week over 52 weeks, and 5 days a week."""
    hours = _given_or_figure(inputs.hours_per_week, "flanders.standard_week", "hours_per_week", work)
    months = work.assume("months_of_pay", inputs.months_of_pay)
    monthly_hours = hours * WEEKS_PER_YEAR / 12
    per_year: dict[Unit, float] = {"hourly": monthly_hours * months, "daily": monthly_hours * months / (hours / 5),
                                   "monthly": months, "yearly": 1}
    work.step(lambda s: s.t(f"Salary basis: {s.num(months)} months of pay, {s.num(hours)} hours a week, "
                            f"{s.num(round(monthly_hours, 2))} hours a month (× {WEEKS_PER_YEAR} weeks / 12), 5 days "
                            "a week", f"Loonbasis: {s.num(months)} maandlonen, {s.num(hours)} uur per week, "
                            f"{s.num(round(monthly_hours, 2))} uur per maand (× {WEEKS_PER_YEAR} weken / 12), 5 "
                            "dagen per week"))
    return _spread(inputs.amount * per_year[inputs.from_unit], per_year, work)


def _spread(yearly: float, per_year: dict[Unit, float], work: Working) -> dict[Unit, float]:
    """Divide the year back into every unit, one step each."""
    values: dict[Unit, float] = {unit: yearly / count for unit, count in per_year.items()}
    for unit, value in values.items():
        work.step(lambda s, unit=unit, value=value: f"{s.t(unit, UNIT_WORDS_NL[unit])}: {s.eur(value)}")
    return values


def _given_or_figure(given: float | None, figure_id: str, name: str, work: Working) -> float:
    """A document's figure unless the caller overrides it (then it is recorded as the caller's assumption)."""
    if given is None:
        return work.fig(figure_id).val
    work.assumptions.append(AssumptionUsed(name=name, value=given, unit=work.book.figure(figure_id).unit,
                                           reason="given by the caller", overridable=True, given=True))
    return given
