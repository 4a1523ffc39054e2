"""A calculator result as a short answer in the question's language, citing its figures as [1], [2]…"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.models import CITATION, Language, Source
from bot.rates.calculators import Say
from bot.rates.figures import Figure, FigureBook, book_in_use
from bot.rates.models import (
    Band,
    CheckResult,
    CompareResult,
    ConvertResult,
    DayRateForResult,
    EmployerCostResult,
    FreelanceResult,
    LevelPlacement,
    LevelSalary,
    Result,
    SalaryResult,
)

LEVEL_NAMES = {"en": {"junior": "junior", "mid": "mid-level", "senior": "senior"},
               "nl": {"junior": "junior", "mid": "medior", "senior": "senior"}}
CITY_NAMES = {"en": {"brussels": "Brussels", "antwerp": "Antwerp", "ghent": "Ghent", "leuven": "Leuven",
                     "liege": "Liège", "flanders": "Flanders", "other": "a smaller city"},
              "nl": {"brussels": "Brussel", "antwerp": "Antwerpen", "ghent": "Gent", "leuven": "Leuven",
                     "liege": "Luik", "flanders": "Vlaanderen", "other": "een kleinere stad"}}
CITY_STATEMENTS = {
    "en": {"city.antwerp_ghent": "salaries there are \"slightly lower than Brussels\"",
           "city.leuven": "specialised expertise there \"can command premium compensation\"",
           "city.smaller": "smaller cities \"generally offer lower base salaries\"",
           "city.liege": "it names Liège only among the cities with growing startup ecosystems"},
    "nl": {"city.antwerp_ghent": "de lonen er \"slightly lower than Brussels\" (iets lager dan in Brussel) liggen",
           "city.leuven": "gespecialiseerde expertise er een premie kan opleveren (\"premium compensation\")",
           "city.smaller": "kleinere steden doorgaans lagere basislonen bieden (\"lower base salaries\")",
           "city.liege": "het Luik alleen noemt bij de steden met groeiende startup-ecosystemen"},
}
UNIT_NAMES = {"en": {"hourly": "an hour", "daily": "a day", "monthly": "a month", "yearly": "a year"},
              "nl": {"hourly": "per uur", "daily": "per dag", "monthly": "per maand", "yearly": "per jaar"}}


@dataclass(frozen=True)
class Writer(Say):
    """Formats amounts and citations for one answer in one language (the words and numbers as the working has
    them, see calculators.Say)."""

    result: Result

    def fig(self, figure_id: str) -> Figure:
        """A figure the result used (else the figures in use): the wording quotes the same numbers it computed."""
        return next((f for f in self.result.figures if f.id == figure_id), None) or book_in_use().figure(figure_id)

    def pct(self, figure_id: str) -> str:
        """A percentage range figure: "25–45%"."""
        figure = self.fig(figure_id)
        return f"{self.num(figure.lo)}–{self.num(figure.hi)}%"

    def factors(self, figure_id: str) -> tuple[str, str]:
        """The multipliers of a percentage range: 25–45% → "1.25", "1.45" (1,25 and 1,45 in Dutch)."""
        figure = self.fig(figure_id)
        return self.num(1 + figure.lo / 100), self.num(1 + figure.hi / 100)

    def hours(self) -> str:
        """The document's working day, in hours."""
        return self.num(self.fig("freelance.hours_per_day").val)

    def cite(self, *figure_ids: str) -> str:
        """[n] for each figure's source sentence, numbered in the order the result used them."""
        ranks = source_ranks(self.result)
        return "".join(f"[{rank}]" for rank in sorted({ranks[i] for i in figure_ids if i in ranks}))


def source_ranks(result: Result) -> dict[str, int]:
    """Figures quoted from the same sentence share one source number."""
    by_quote: dict[tuple[str, str], int] = {}
    ranks: dict[str, int] = {}
    for figure in result.figures:
        rank = by_quote.setdefault((figure.doc_id, figure.quote), len(by_quote) + 1)
        ranks[figure.id] = rank
    return ranks


NET_AMOUNT_TEXT = {
    "en": "The calculators work with gross amounts: the documents give gross salaries and rates and no tax rates, "
          "so I can't judge or convert a net amount. Give me the gross amount (e.g. \"€4,000 gross a month\") and "
          "I'll compare it with the documents' bands.",
    "nl": "De calculators rekenen met brutobedragen: de documenten geven brutolonen en -tarieven en geen "
          "belastingtarieven, dus een nettobedrag kan ik niet beoordelen of omrekenen. Geef me het brutobedrag "
          "(bv. \"€4.000 bruto per maand\") en ik vergelijk het met de vorken uit de documenten.",
}


def compose(result: Result, language: Language, book: FigureBook | None = None) -> tuple[str, list[Source]]:
    """The answer text and the numbered sources it cites."""
    writer = Writer(language=language, result=result)
    lines = RENDERERS[result.calculator](writer)
    lines.append(assumptions_line(writer, book or book_in_use()))
    ranks = source_ranks(result)
    first = {rank: figure for figure in reversed(result.figures) if (rank := ranks[figure.id])}
    sources = [first[rank].source(rank) for rank in sorted(first)]
    text, sources = in_reading_order("\n".join(line for line in lines if line), sources)
    quotes = quotes_line(writer, sources)
    return "\n".join(part for part in (text, quotes) if part), sources


def in_reading_order(text: str, sources: list[Source]) -> tuple[str, list[Source]]:
    """Number the sources in the order the text first cites them, so [1] is what the answer leads with."""
    order = list(dict.fromkeys(int(n) for n in CITATION.findall(text)))
    order += [s.rank for s in sources if s.rank not in order]
    number = {old: new for new, old in enumerate(order, 1)}
    by_rank = {s.rank: s for s in sources}
    renumbered = [by_rank[old].model_copy(update={"rank": number[old]}) for old in order if old in by_rank]
    return CITATION.sub(lambda m: f"[{number.get(int(m.group(1)), int(m.group(1)))}]", text), renumbered


def quotes_line(w: Writer, sources: list[Source], most: int = 2) -> str:
    """The documents' own sentences behind the first figures, word for word, so the answer shows its grounds."""
    quoted = [f"“{s.text.strip()}” [{s.rank}]" for s in sources[:most]]
    return w.t("In the documents' words: ", "In de woorden van de documenten: ") + " ".join(quoted) if quoted else ""


def assumptions_line(w: Writer, book: FigureBook) -> str:
    """Every default the answer depends on, with its reason: the documents do not give these."""
    parts = []
    for used in w.result.assumptions:
        default = book.assumptions.get(used.name)
        label = default.label[w.language] if default else used.name.replace("_", " ")
        reason = default.reason[w.language] if default and not used.given else w.t("your value", "jouw waarde")
        reason = reason if used.overridable else w.t("fixed: ", "vast: ") + reason
        parts.append(f"{label} = {w.num(used.value)} ({reason})")
    if not parts:
        return ""
    return w.t("Assumptions (not from the documents): ", "Aannames (niet uit de documenten): ") + "; ".join(parts) + "."


def salary_text(w: Writer) -> list[str]:
    """One line per level, then what the city does to the band."""
    r: SalaryResult = w.result  # type: ignore[assignment]
    levels = [level_line(w, r, b) for b in r.bands]
    if r.city == "flanders":
        return [flanders_line(w, lead=True), *levels]
    return [*levels, city_line(w, r), flanders_line(w)]


def level_line(w: Writer, r: SalaryResult, b: LevelSalary) -> str:
    """A level's yearly and monthly band."""
    # The level bands are Belgian figures: said so for Flanders as a whole and when no city is asked about.
    where = (w.t(" in Belgium", " in België") if r.city in ("flanders", None)
             else f" in {CITY_NAMES[w.language][r.city]}")
    cites = w.cite(f"salary.{b.level}", "experience.junior", "experience.mid")  # the years that pick the level
    return w.t(f"A {LEVEL_NAMES['en'][b.level]} backend developer ({b.experience}){where} earns {w.band(b.band)} "
               f"gross a year {cites}, about {w.band(b.monthly)} a month.",
               f"Een {LEVEL_NAMES['nl'][b.level]} backend developer ({_jaar(b.experience)}){where} verdient "
               f"{w.band(b.band)} bruto per jaar {cites}, ongeveer {w.band(b.monthly)} per maand.")


def experience_id(level: str) -> str:
    """The figure that gives a level's years of experience (senior is "more than mid's top")."""
    return "experience.mid" if level == "senior" else f"experience.{level}"


def _jaar(experience: str) -> str:
    """The result's "2–6 years" / "over 6 years" in Dutch."""
    return experience.replace("over", "meer dan").replace("years", "jaar")


def city_line(w: Writer, r: SalaryResult) -> str:
    """Brussels' percentage, or the statement a document makes about another city."""
    if r.city == "brussels":
        national = ", ".join(w.band(b.national) for b in r.bands)
        share, (low, high) = w.pct("city.brussels"), w.factors("city.brussels")
        return w.t(f"Brussels pays {share} more than the national average {w.cite('city.brussels')}: the national "
                   f"band {national} × {low} (low end) and × {high} (high end).",
                   f"In Brussel verdien je {share} meer dan het nationale gemiddelde {w.cite('city.brussels')}: de "
                   f"nationale vork {national} × {low} (onderkant) en × {high} (bovenkant).")
    statement = next((f.id for f in r.figures if f.id in CITY_STATEMENTS["en"]), None)
    if not statement:
        return ""
    return w.t(f"For {CITY_NAMES['en'][r.city or 'other']} the document gives no percentage, only that "
               f"{CITY_STATEMENTS['en'][statement]} {w.cite(statement)}, so this is the national band.",
               f"Voor {CITY_NAMES['nl'][r.city or 'other']} geeft het document geen percentage, alleen dat "
               f"{CITY_STATEMENTS['nl'][statement]} {w.cite(statement)}; dit is dus de nationale vork.")


def flanders_line(w: Writer, lead: bool = False) -> str:
    """The Flanders 2024 figures, when the result used them: the answer itself (lead) or a comparison."""
    figures = {f.id: f for f in w.result.figures if f.id.startswith("flanders.")}
    if "flanders.most_common" not in figures:
        return ""
    monthly, yearly, common = figures["flanders.monthly"], figures["flanders.yearly"], figures["flanders.most_common"]
    cites = w.cite("flanders.monthly", "flanders.yearly", "flanders.most_common")
    if lead:
        return w.t(f"In Flanders ({monthly.year}) a back-end developer earns about {w.eur(monthly.lo)}–"
                   f"{w.eur(monthly.hi)} gross a month, {w.eur(yearly.lo)}–{w.eur(yearly.hi)} a year; the most "
                   f"common salaries are {w.eur(common.lo)}–{w.eur(common.hi)} a year {cites}.",
                   f"In Vlaanderen ({monthly.year}) verdient een back-end developer ongeveer {w.eur(monthly.lo)}–"
                   f"{w.eur(monthly.hi)} bruto per maand, {w.eur(yearly.lo)}–{w.eur(yearly.hi)} per jaar; de meest "
                   f"voorkomende salarissen zijn {w.eur(common.lo)}–{w.eur(common.hi)} per jaar {cites}.")
    return w.t(f"For comparison, Flanders {monthly.year}: {w.eur(monthly.lo)}–{w.eur(monthly.hi)} gross a month, "
               f"most common {w.eur(common.lo)}–{w.eur(common.hi)} a year {cites}.",
               f"Ter vergelijking, Vlaanderen {monthly.year}: {w.eur(monthly.lo)}–{w.eur(monthly.hi)} bruto per "
               f"maand, meest voorkomend {w.eur(common.lo)}–{w.eur(common.hi)} per jaar {cites}.")


def freelance_text(w: Writer) -> list[str]:
    """Hourly, daily and yearly per level, then the document's own day rates."""
    r: FreelanceResult = w.result  # type: ignore[assignment]
    hours = w.cite("freelance.hours_per_day")
    lines = [w.t(f"A {LEVEL_NAMES['en'][b.level]} freelance backend developer charges {w.band(b.hourly)} an hour "
                 f"{w.cite(f'freelance.{b.level}')}, so {w.band(b.daily)} a day at {w.hours()} hours {hours}; at "
                 f"{_days(r)} billable days that is {w.band(b.yearly_revenue)} revenue a year.",
                 f"Een {LEVEL_NAMES['nl'][b.level]} freelance backend developer vraagt {w.band(b.hourly)} per uur "
                 f"{w.cite(f'freelance.{b.level}')}, dus {w.band(b.daily)} per dag van {w.hours()} uur {hours}; bij "
                 f"{_days(r)} factureerbare dagen is dat {w.band(b.yearly_revenue)} omzet per jaar.")
             for b in r.bands]
    cites = w.cite("freelance.daily_experienced", "freelance.daily_specialist")
    lines.append(w.t(f"The document's common day rates: {w.band(r.experienced_daily)} for experienced developers, "
                     f"above {w.eur(r.specialist_daily_from)} for highly specialised seniors {cites}.",
                     f"Gangbare dagtarieven volgens het document: {w.band(r.experienced_daily)} voor ervaren "
                     f"developers, boven {w.eur(r.specialist_daily_from)} voor sterk gespecialiseerde seniors "
                     f"{cites}."))
    return lines


def _days(r: Result) -> str:
    """The billable days a result assumed."""
    return next((f"{used.value:g}" for used in r.assumptions if used.name == "billable_days"), "?")


def employer_cost_text(w: Writer) -> list[str]:
    """The cost range, the rule behind it and the document's own example as a check."""
    r: EmployerCostResult = w.result  # type: ignore[assignment]
    uplift, example = w.cite("employer.uplift"), w.cite("employer.example")
    share, (low, high) = w.pct("employer.uplift"), w.factors("employer.uplift")
    sample = w.fig("employer.example")  # value: the gross salary; low, high: what it costs
    return [w.t(f"A gross salary of {w.eur(r.gross_yearly)} a year ({w.eur(r.gross_monthly)} a month) costs the "
                f"employer {w.band(r.total_cost)} a year, {w.band(r.total_cost_monthly)} a month.",
                f"Een brutoloon van {w.eur(r.gross_yearly)} per jaar ({w.eur(r.gross_monthly)} per maand) kost de "
                f"werkgever {w.band(r.total_cost)} per jaar, {w.band(r.total_cost_monthly)} per maand."),
            w.t(f"How: total employer cost is {share} above gross {uplift}, so gross × {low} to gross × {high}. The "
                f"document's own example: {w.eur(sample.val)} gross costs {w.eur(sample.lo)}–"
                f"{w.eur(sample.hi)} {example}.",
                f"Zo berekend: de totale werkgeverskost ligt {share} boven het brutoloon {uplift}, dus bruto × {low} "
                f"tot bruto × {high}. Het voorbeeld uit het document: {w.eur(sample.val)} bruto kost "
                f"{w.eur(sample.lo)}–{w.eur(sample.hi)} {example}.")]


def compare_text(w: Writer) -> list[str]:
    """Naive yearly sum, real revenue, the salary it pays for, and why the two differ."""
    r: CompareResult = w.result  # type: ignore[assignment]
    uplift, share = w.cite("employer.uplift"), w.pct("employer.uplift")
    weekdays = next((f"{used.value:g}" for used in r.assumptions if used.name == "weekdays_per_year"),
                    f"{book_in_use().assumption('weekdays_per_year').value:g}")
    example_rate = w.eur(w.fig("compare.example_day_rate").val)
    example_salary = w.eur(w.fig("compare.example_salary").val)
    lines = [w.t(f"{w.eur(r.day_rate)} a day is not a {w.eur(r.naive_revenue)} salary. That naive figure bills all "
                 f"{weekdays} weekdays; at {r.billable_days} billable days the revenue is {w.eur(r.revenue)} a year.",
                 f"{w.eur(r.day_rate)} per dag is geen salaris van {w.eur(r.naive_revenue)}. Dat naïeve bedrag "
                 f"factureert alle {weekdays} weekdagen; bij {r.billable_days} factureerbare dagen is de omzet "
                 f"{w.eur(r.revenue)} per jaar."),
             w.t(f"An employer spending {w.eur(r.revenue)} in total (gross + {share} {uplift}) pays a gross salary of "
                 f"{w.band(r.equivalent_salary)}; after the freelancer's own costs it is "
                 f"{w.band(r.equivalent_salary_after_costs)}. Tax and social contributions come on top for both, "
                 f"which is why the document says {example_rate} a day does not take home a {example_salary} salary "
                 f"{w.cite('compare.example_day_rate', 'compare.example_salary')}.",
                 f"Een werkgever die in totaal {w.eur(r.revenue)} uitgeeft (bruto + {share} {uplift}), betaalt een "
                 f"brutoloon van {w.band(r.equivalent_salary)}; na de eigen kosten van de freelancer is dat "
                 f"{w.band(r.equivalent_salary_after_costs)}. Belastingen en sociale bijdragen komen er voor beide "
                 f"nog af; daarom zegt het document dat {example_rate} per dag geen salaris van {example_salary} "
                 f"oplevert "
                 f"{w.cite('compare.example_day_rate', 'compare.example_salary')}.")]
    if r.salary and r.salary_day_rate and r.verdict:
        lines.append(verdict_line(w, r))
    return lines


def verdict_line(w: Writer, r: CompareResult) -> str:
    """The day rate against the one a given salary needs."""
    verdict = {"en": {"below": "below", "within": "within", "above": "above"},
               "nl": {"below": "onder", "within": "binnen", "above": "boven"}}[w.language][r.verdict or "within"]
    band = w.band(r.salary_day_rate) if r.salary_day_rate else ""
    return w.t(f"A {w.eur(r.salary or 0)} salary matches {band} a day (employer cost plus own costs over "
               f"{r.billable_days} days), so {w.eur(r.day_rate)} a day is {verdict} that.",
               f"Een salaris van {w.eur(r.salary or 0)} komt overeen met {band} per dag (werkgeverskost plus eigen "
               f"kosten over {r.billable_days} dagen), dus {w.eur(r.day_rate)} per dag ligt daar {verdict}.")


def day_rate_for_text(w: Writer) -> list[str]:
    """The matching day rate and how it follows from employer cost and billable days."""
    r: DayRateForResult = w.result  # type: ignore[assignment]
    uplift, days, share = w.cite("employer.uplift"), _days(r), w.pct("employer.uplift")
    return [w.t(f"A {w.eur(r.salary)} gross salary matches a day rate of about {w.band(r.day_rate_with_costs)} "
                f"({w.band(r.hourly_rate_with_costs)} an hour at {w.hours()} hours a day "
                f"{w.cite('freelance.hours_per_day')}).",
                f"Een brutoloon van {w.eur(r.salary)} komt overeen met een dagtarief van ongeveer "
                f"{w.band(r.day_rate_with_costs)} ({w.band(r.hourly_rate_with_costs)} per uur bij {w.hours()} uur "
                f"per dag "
                f"{w.cite('freelance.hours_per_day')})."),
            w.t(f"How: the employer would spend {w.band(r.employer_cost)} a year on that salary (gross + {share} "
                f"{uplift}); over {days} billable days that is {w.band(r.day_rate)} a day, plus the freelancer's "
                f"own costs.",
                f"Zo berekend: de werkgever zou {w.band(r.employer_cost)} per jaar aan dat loon uitgeven (bruto + "
                f"{share} {uplift}); over {days} factureerbare dagen is dat {w.band(r.day_rate)} per dag, plus de "
                f"eigen kosten van de freelancer.")]


def check_text(w: Writer) -> list[str]:
    """Below, within or above the level's band, with the percentage, and where the band comes from."""
    r: CheckResult = w.result  # type: ignore[assignment]
    if r.level is None or r.band is None or r.position is None:
        return every_level_text(w, r)
    amount, unit = f"{w.eur(r.amount)} {UNIT_NAMES[w.language][r.unit]}", UNIT_NAMES[w.language][r.unit]
    band = w.t(f"the {LEVEL_NAMES['en'][r.level]} band of {w.band(r.band)} {unit} {band_cites(w, r.level)}",
               f"de {LEVEL_NAMES['nl'][r.level]}-vork van {w.band(r.band)} {unit} {band_cites(w, r.level)}")
    line = {"below": w.t(f"{amount} is {r.percent}% below {band}.", f"{amount} ligt {r.percent}% onder {band}."),
            "above": w.t(f"{amount} is {r.percent}% above {band}.", f"{amount} ligt {r.percent}% boven {band}."),
            "within": w.t(f"{amount} is within {band}, {r.percent}% of the way from its bottom to its top.",
                          f"{amount} ligt binnen {band}, op {r.percent}% van onder naar boven.")}[r.position]
    return [line, band_origin_line(w, r), open_ended_line(w, r.position, r.band)]


def band_cites(w: Writer, level: str) -> str:
    """The figures behind a level's band in whichever unit the result used."""
    return w.cite(f"freelance.{level}", "freelance.hours_per_day", f"salary.{level}", "city.brussels",
                  experience_id(level))


def every_level_text(w: Writer, r: CheckResult) -> list[str]:
    """No level given: the band(s) the amount falls within, the document's day rates, and the bands around it."""
    levels = r.levels or []
    within = [p for p in levels if p.position == "within"]
    outside = {p.position for p in levels}
    # the band next to the amount, when it is below or above them all (not in a gap between two levels' bands)
    nearest = None if within else levels[0] if outside == {"below"} else levels[-1] if outside == {"above"} else None
    lead = (_within_bands(w, r, within) if within else _nearest_band(w, r, nearest) if nearest
            else w.t(f"{w.eur(r.amount)} {UNIT_NAMES['en'][r.unit]} falls between two levels' bands",
                     f"{w.eur(r.amount)} {UNIT_NAMES['nl'][r.unit]} valt tussen de vorken van twee niveaus"))
    document = _common_day_rates(w, r, comma=len(within) > 1)
    others = [p for p in levels if p.position != "within" and p is not nearest]
    line = lead + document + _other_bands(w, others, also=nearest is not None) + "."
    top = levels[-1] if levels else None
    return [line, _specialist_line(w, r), band_origin_line(w, r),
            open_ended_line(w, top.position, top.band, top.level) if top else ""]


def _within_bands(w: Writer, r: CheckResult, within: list[LevelPlacement]) -> str:
    """"€650 a day is within the mid-level band of €480–€800 a day [2][3]"."""
    unit = UNIT_NAMES[w.language][r.unit]
    bands = _and(w, [w.t(f"the {LEVEL_NAMES['en'][p.level]} band of {w.band(p.band)} {unit} {band_cites(w, p.level)}",
                         f"de {LEVEL_NAMES['nl'][p.level]}-vork van {w.band(p.band)} {unit} "
                         f"{band_cites(w, p.level)}") for p in within])
    return w.t(f"{w.eur(r.amount)} {unit} is within {bands}", f"{w.eur(r.amount)} {unit} ligt binnen {bands}")


def _nearest_band(w: Writer, r: CheckResult, p: LevelPlacement) -> str:
    """"€30 an hour is 14% below the lowest band, the junior band of €35–€60 an hour [1][2]"."""
    unit = UNIT_NAMES[w.language][r.unit]
    band = w.t(f"the {LEVEL_NAMES['en'][p.level]} band of {w.band(p.band)} {unit} {band_cites(w, p.level)}",
               f"de {LEVEL_NAMES['nl'][p.level]}-vork van {w.band(p.band)} {unit} {band_cites(w, p.level)}")
    if p.position == "below":
        return w.t(f"{w.eur(r.amount)} {unit} is {p.percent}% below the lowest band, {band}",
                   f"{w.eur(r.amount)} {unit} ligt {p.percent}% onder de laagste vork, {band}")
    return w.t(f"{w.eur(r.amount)} {unit} is {p.percent}% above the highest band, {band}",
               f"{w.eur(r.amount)} {unit} ligt {p.percent}% boven de hoogste vork, {band}")


def _common_day_rates(w: Writer, r: CheckResult, comma: bool) -> str:
    """" and within the document's common day rates of €500–€800 for experienced developers [2]"."""
    common = r.experienced_daily
    if common is None:
        return ""
    where = {"within": w.t("within", "binnen"), "below": w.t(f"{common.percent}% below", f"{common.percent}% onder"),
             "above": w.t(f"{common.percent}% above", f"{common.percent}% boven")}[common.position]
    cites = w.cite("freelance.daily_experienced")
    return w.t(f"{',' if comma else ''} and {where} the document's common day rates of {w.band(common.band)} for "
               f"experienced developers {cites}",
               f"{',' if comma else ''} en {where} de gangbare dagtarieven van {w.band(common.band)} voor ervaren "
               f"developers uit het document {cites}")


def _other_bands(w: Writer, others: list[LevelPlacement], also: bool) -> str:
    """"; it is above the junior band (€280–€480) [1][2] and below the senior band (…) [2][4]"."""
    if not others:
        return ""
    parts = []
    for where, en, nl in (("above", "above", "boven"), ("below", "below", "onder")):
        bands = [w.t(f"the {LEVEL_NAMES['en'][p.level]} band ({w.band(p.band)}) {band_cites(w, p.level)}",
                     f"de {LEVEL_NAMES['nl'][p.level]}-vork ({w.band(p.band)}) {band_cites(w, p.level)}")
                 for p in others if p.position == where]
        if bands:
            parts.append(w.t(f"{en} {_and(w, bands)}", f"{nl} {_and(w, bands)}"))
    return w.t(f"; it is {'also ' if also else ''}", f"; het ligt {'ook ' if also else ''}") + _and(w, parts)


def _specialist_line(w: Writer, r: CheckResult) -> str:
    """The document's threshold for highly specialised seniors, and whether the day rate passes it."""
    if r.specialist_daily_from is None:
        return ""
    threshold, cites = w.eur(r.specialist_daily_from), w.cite("freelance.daily_specialist")
    above = r.amount > r.specialist_daily_from
    return w.t(f"The document says highly specialised senior contractors may exceed {threshold} a day {cites}"
               f"{', as this rate does' if above else ''}.",
               f"Volgens het document kunnen sterk gespecialiseerde senior contractors boven {threshold} per dag gaan "
               f"{cites}{', zoals dit tarief' if above else ''}.")


def _and(w: Writer, items: list[str]) -> str:
    """"a", "a and b", "a, b and c" (en in Dutch)."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + w.t(" and ", " en ") + items[-1]


def band_origin_line(w: Writer, r: CheckResult) -> str:
    """A day band is the document's hourly band times its working day; a monthly band is yearly over months of
    pay."""
    several = r.level is None
    if r.unit == "daily":
        return w.t(f"The day band{'s are' if several else ' is'} the document's hourly band{'s' if several else ''}"
                   f" × its {w.hours()}-hour workday.",
                   f"De dagvork{'en zijn' if several else ' is'} de uurvork{'en' if several else ''} uit het document"
                   f" × de werkdag van {w.hours()} uur uit hetzelfde document.")
    if r.unit == "monthly":
        return w.t(f"The monthly band{'s are' if several else ' is'} the yearly band{'s' if several else ''} divided "
                   "by the months of pay.",
                   f"De maandvork{'en zijn' if several else ' is'} de jaarvork{'en' if several else ''} gedeeld door "
                   "het aantal maandlonen.")
    return ""


def open_ended_line(w: Writer, where: str, band: Band, level: str | None = None) -> str:
    """Above an "or more" band is not off the scale."""
    if where != "above" or not band.open_ended:
        return ""
    en, nl = (f"the {LEVEL_NAMES['en'][level]} band", f"de {LEVEL_NAMES['nl'][level]}-vork") if level else (
        "this level", "dit niveau")
    return w.t(f"The document says \"or more\" for {en}, so rates above the listed top do occur.",
               f"Het document zegt \"or more\" (of meer) voor {nl}: hogere bedragen komen dus voor.")


def convert_text(w: Writer) -> list[str]:
    """Every unit, and the hours and months that connect them."""
    r: ConvertResult = w.result  # type: ignore[assignment]
    values = ", ".join(f"{w.eur(getattr(r, unit))} {UNIT_NAMES[w.language][unit]}"
                       for unit in ("hourly", "daily", "monthly", "yearly") if unit != r.from_unit)
    given = f"{w.eur(getattr(r, r.from_unit))} {UNIT_NAMES[w.language][r.from_unit]}"
    first = w.t(f"{given} is {values}.", f"{given} is {values}.")
    return [first, basis_line(w, r)]


def basis_line(w: Writer, r: ConvertResult) -> str:
    """What the conversion assumed: a freelance day and billable days, or months of pay and a working week."""
    used = {a.name: a.value for a in r.assumptions}
    if r.basis == "freelance":
        hours = w.num(used.get("hours_per_day", 8))
        return w.t(f"As a freelance rate: {hours} hours a day {w.cite('freelance.hours_per_day')}, "
                   f"{_days(r)} billable days a year, a year spread over 12 months.",
                   f"Als freelancetarief: {hours} uur per dag {w.cite('freelance.hours_per_day')}, {_days(r)} "
                   f"factureerbare dagen per jaar, een jaar verdeeld over 12 maanden.")
    hours, months = w.num(used.get("hours_per_week", 38)), w.num(used.get("months_of_pay", 13.92))
    twelve = w.eur(r.monthly * 12)
    return w.t(f"As a salary: {months} months of pay a year (12 months alone would give {twelve}), a {hours}-hour "
               f"week {w.cite('flanders.standard_week')} over 52 weeks, 5 days a week.",
               f"Als salaris: {months} maandlonen per jaar (12 maanden alleen zou {twelve} geven), een werkweek van "
               f"{hours} uur {w.cite('flanders.standard_week')} over 52 weken, 5 dagen per week.")


RENDERERS: dict[str, Callable[[Writer], list[str]]] = {
    "salary": salary_text, "freelance": freelance_text, "employer_cost": employer_cost_text,
    "compare": compare_text, "day_rate_for": day_rate_for_text, "check": check_text, "convert": convert_text,
}
