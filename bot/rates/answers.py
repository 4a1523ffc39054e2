"""A calculator result as a short answer in the question's language, citing its figures as [1], [2]…"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.models import CITATION, Source
from bot.rates.calculators import Say
from bot.rates.figures import Figure, FigureBook, book_in_use
from bot.rates.schemas import (
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
from bot.text.catalogue import Catalogue
from bot.text.formats import percent

# The figures whose statement about a city the answer quotes (a city the documents give no percentage for).
CITY_STATEMENTS = ("city.antwerp_ghent", "city.leuven", "city.smaller", "city.liege")


@dataclass(frozen=True, kw_only=True)
class Writer(Say):
    """Formats amounts and citations for one answer in one language (the words and numbers as the working has
    them, see calculators.Say)."""

    result: Result

    def fig(self, figure_id: str) -> Figure:
        """A figure the result used (else the figures in use): the wording quotes the same numbers it computed."""
        return next((f for f in self.result.figures if f.id == figure_id), None) or book_in_use().figure(figure_id)

    def pct(self, figure_id: str) -> str:
        """A percentage range figure: "25–45%" ("25–45 %" in French)."""
        figure = self.fig(figure_id)
        return percent(f"{self.num(figure.lo)}–{self.num(figure.hi)}", self.language)

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

    def level_name(self, level: str) -> str:
        """A level as the answers name it ("mid-level", "medior")."""
        return self.say(f"ans_level_{level}")

    def unit(self, unit: str) -> str:
        """"a day", "per dag"."""
        return self.say(f"ans_unit_{unit}")

    def and_(self, items: list[str]) -> str:
        """"a", "a and b", "a, b and c" (en in Dutch)."""
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + self.say("calc_and") + items[-1]


def source_ranks(result: Result) -> dict[str, int]:
    """Figures quoted from the same sentence share one source number."""
    by_quote: dict[tuple[str, str], int] = {}
    ranks: dict[str, int] = {}
    for figure in result.figures:
        rank = by_quote.setdefault((figure.doc_id, figure.quote), len(by_quote) + 1)
        ranks[figure.id] = rank
    return ranks


def net_amount_text(language: str) -> str:
    """Why a net amount gets no calculation."""
    return Catalogue.packaged().say("ans_net_amount", language)


def compose(result: Result, language: str, book: FigureBook | None = None) -> tuple[str, list[Source]]:
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
    return w.say("ans_quotes", quotes=" ".join(quoted)) if quoted else ""


def assumptions_line(w: Writer, book: FigureBook) -> str:
    """Every default the answer depends on, with its reason: the documents do not give these."""
    parts = []
    for used in w.result.assumptions:
        default = book.assumptions.get(used.name)
        label = in_language(default.label, w.language) if default else used.name.replace("_", " ")
        reason = in_language(default.reason, w.language) if default and not used.given else w.say("ans_your_value")
        reason = reason if used.overridable else w.say("ans_fixed", reason=reason)
        parts.append(f"{label} = {w.num(used.value)} ({reason})")
    return w.say("ans_assumptions", parts="; ".join(parts)) if parts else ""


def in_language(texts: dict[str, str], language: str) -> str:
    """A figures file's text in the language, else in English (the files give en and nl)."""
    return texts.get(language) or texts["en"]


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
    where = (w.say("ans_in_belgium") if r.city in ("flanders", None)
             else w.say("ans_in_city", city=w.say(f"ans_city_{r.city}")))
    cites = w.cite(f"salary.{b.level}", "experience.junior", "experience.mid")  # the years that pick the level
    return w.say("ans_level_line", level=w.level_name(b.level), experience=w.experience(b.level, w.fig), where=where,
                 band=w.band(b.band), cites=cites, monthly=w.band(b.monthly))


def experience_id(level: str) -> str:
    """The figure that gives a level's years of experience (senior is "more than mid's top")."""
    return "experience.mid" if level == "senior" else f"experience.{level}"


def city_line(w: Writer, r: SalaryResult) -> str:
    """Brussels' percentage, or the statement a document makes about another city."""
    if r.city == "brussels":
        national = ", ".join(w.band(b.national) for b in r.bands)
        share, (low, high) = w.pct("city.brussels"), w.factors("city.brussels")
        return w.say("ans_brussels", share=share, cite=w.cite("city.brussels"), national=national, low=low, high=high)
    statement = next((f.id for f in r.figures if f.id in CITY_STATEMENTS), None)
    if not statement:
        return ""
    return w.say("ans_city_no_percentage", city=w.say(f"ans_city_{r.city or 'other'}"),
                 statement=w.say(f"ans_statement_{statement.replace('.', '_')}"), cite=w.cite(statement))


def flanders_line(w: Writer, lead: bool = False) -> str:
    """The Flanders 2024 figures, when the result used them: the answer itself (lead) or a comparison."""
    figures = {f.id: f for f in w.result.figures if f.id.startswith("flanders.")}
    if "flanders.most_common" not in figures:
        return ""
    monthly, yearly, common = figures["flanders.monthly"], figures["flanders.yearly"], figures["flanders.most_common"]
    cites = w.cite("flanders.monthly", "flanders.yearly", "flanders.most_common")
    amounts = {"year": str(monthly.year), "monthly_low": w.eur(monthly.lo), "monthly_high": w.eur(monthly.hi),
               "common_low": w.eur(common.lo), "common_high": w.eur(common.hi), "cites": cites}
    if lead:
        return w.say("ans_flanders_lead", yearly_low=w.eur(yearly.lo), yearly_high=w.eur(yearly.hi), **amounts)
    return w.say("ans_flanders_comparison", **amounts)


def freelance_text(w: Writer) -> list[str]:
    """Hourly, daily and yearly per level, then the document's own day rates."""
    r: FreelanceResult = w.result  # type: ignore[assignment]
    hours = w.cite("freelance.hours_per_day")
    lines = [w.say("ans_freelance_level", level=w.level_name(b.level), hourly=w.band(b.hourly),
                   cite=w.cite(f"freelance.{b.level}"), daily=w.band(b.daily), hours=w.hours(), hours_cite=hours,
                   days=_days(r), yearly=w.band(b.yearly_revenue))
             for b in r.bands]
    cites = w.cite("freelance.daily_experienced", "freelance.daily_specialist")
    lines.append(w.say("ans_freelance_document", band=w.band(r.experienced_daily),
                       specialist=w.eur(r.specialist_daily_from), cites=cites))
    return lines


def _days(r: Result) -> str:
    """The billable days a result assumed."""
    return next((f"{used.value:g}" for used in r.assumptions if used.name == "billable_days"), "?")


def employer_cost_text(w: Writer) -> list[str]:
    """The cost range, the rule behind it and the document's own example as a check."""
    r: EmployerCostResult = w.result  # type: ignore[assignment]
    share, (low, high) = w.pct("employer.uplift"), w.factors("employer.uplift")
    sample = w.fig("employer.example")  # value: the gross salary; low, high: what it costs
    return [w.say("ans_employer_cost", yearly=w.eur(r.gross_yearly), monthly=w.eur(r.gross_monthly),
                  cost=w.band(r.total_cost), cost_monthly=w.band(r.total_cost_monthly)),
            w.say("ans_employer_how", share=share, uplift=w.cite("employer.uplift"), low=low, high=high,
                  example_gross=w.eur(sample.val), example_low=w.eur(sample.lo), example_high=w.eur(sample.hi),
                  example_cite=w.cite("employer.example"))]


def compare_text(w: Writer) -> list[str]:
    """Naive yearly sum, real revenue, the salary it pays for, and why the two differ."""
    r: CompareResult = w.result  # type: ignore[assignment]
    weekdays = next((f"{used.value:g}" for used in r.assumptions if used.name == "weekdays_per_year"),
                    f"{book_in_use().assumption('weekdays_per_year').value:g}")
    lines = [w.say("ans_compare_naive", day_rate=w.eur(r.day_rate), naive=w.eur(r.naive_revenue), weekdays=weekdays,
                   days=str(r.billable_days), revenue=w.eur(r.revenue)),
             w.say("ans_compare_employer", revenue=w.eur(r.revenue), share=w.pct("employer.uplift"),
                   uplift=w.cite("employer.uplift"), salary=w.band(r.equivalent_salary),
                   after=w.band(r.equivalent_salary_after_costs),
                   example_rate=w.eur(w.fig("compare.example_day_rate").val),
                   example_salary=w.eur(w.fig("compare.example_salary").val),
                   cites=w.cite("compare.example_day_rate", "compare.example_salary"))]
    if r.salary and r.salary_day_rate and r.verdict:
        lines.append(verdict_line(w, r))
    return lines


def verdict_line(w: Writer, r: CompareResult) -> str:
    """The day rate against the one a given salary needs."""
    return w.say("ans_verdict", salary=w.eur(r.salary or 0), band=w.band(r.salary_day_rate) if r.salary_day_rate
                 else "", days=str(r.billable_days), day_rate=w.eur(r.day_rate),
                 verdict=w.say(f"calc_position_{r.verdict or 'within'}"))


def day_rate_for_text(w: Writer) -> list[str]:
    """The matching day rate and how it follows from employer cost and billable days."""
    r: DayRateForResult = w.result  # type: ignore[assignment]
    return [w.say("ans_day_rate_for", salary=w.eur(r.salary), daily=w.band(r.day_rate_with_costs),
                  hourly=w.band(r.hourly_rate_with_costs), hours=w.hours(), cite=w.cite("freelance.hours_per_day")),
            w.say("ans_day_rate_how", cost=w.band(r.employer_cost), share=w.pct("employer.uplift"),
                  uplift=w.cite("employer.uplift"), days=_days(r), rate=w.band(r.day_rate))]


def check_text(w: Writer) -> list[str]:
    """Below, within or above the level's band, with the percentage, and where the band comes from."""
    r: CheckResult = w.result  # type: ignore[assignment]
    if r.level is None or r.band is None or r.position is None:
        return every_level_text(w, r)
    band = band_of(w, r.level, r.band, r.unit)
    line = w.say(f"ans_check_{r.position}", amount=f"{w.eur(r.amount)} {w.unit(r.unit)}", percent=r.percent,
                 band=band)
    return [line, band_origin_line(w, r), open_ended_line(w, r.position, r.band)]


def band_of(w: Writer, level: str, band: Band, unit: str) -> str:
    """"the mid-level band of €480–€800 a day [2][3]"."""
    return w.say("ans_band_of", level=w.level_name(level), band=w.band(band), unit=w.unit(unit),
                 cites=band_cites(w, level))


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
    amount = f"{w.eur(r.amount)} {w.unit(r.unit)}"
    lead = (w.say("ans_within_bands", amount=amount, bands=w.and_([band_of(w, p.level, p.band, r.unit)
                                                                   for p in within])) if within
            else _nearest_band(w, amount, r.unit, nearest) if nearest
            else w.say("ans_between_levels", amount=amount))
    document = _common_day_rates(w, r, comma=len(within) > 1)
    others = [p for p in levels if p.position != "within" and p is not nearest]
    line = lead + document + _other_bands(w, others, also=nearest is not None) + "."
    top = levels[-1] if levels else None
    return [line, _specialist_line(w, r), band_origin_line(w, r),
            open_ended_line(w, top.position, top.band, top.level) if top else ""]


def _nearest_band(w: Writer, amount: str, unit: str, p: LevelPlacement) -> str:
    """"€30 an hour is 14% below the lowest band, the junior band of €35–€60 an hour [1][2]"."""
    key = "ans_below_lowest" if p.position == "below" else "ans_above_highest"
    return w.say(key, amount=amount, percent=p.percent, band=band_of(w, p.level, p.band, unit))


def _common_day_rates(w: Writer, r: CheckResult, comma: bool) -> str:
    """" and within the document's common day rates of €500–€800 for experienced developers [2]"."""
    common = r.experienced_daily
    if common is None:
        return ""
    where = w.say(f"ans_where_{common.position}", **({} if common.position == "within"
                                                     else {"percent": common.percent}))
    return w.say("ans_common_day_rates", comma="," if comma else "", where=where, band=w.band(common.band),
                 cites=w.cite("freelance.daily_experienced"))


def _other_bands(w: Writer, others: list[LevelPlacement], also: bool) -> str:
    """"; it is above the junior band (€280–€480) [1][2] and below the senior band (…) [2][4]"."""
    if not others:
        return ""
    parts = []
    for where in ("above", "below"):
        bands = [w.say("ans_band_brief", level=w.level_name(p.level), band=w.band(p.band),
                       cites=band_cites(w, p.level)) for p in others if p.position == where]
        if bands:
            parts.append(w.say(f"ans_other_{where}", bands=w.and_(bands)))
    return w.say("ans_it_is_also" if also else "ans_it_is", parts=w.and_(parts))


def _specialist_line(w: Writer, r: CheckResult) -> str:
    """The document's threshold for highly specialised seniors, and whether the day rate passes it."""
    if r.specialist_daily_from is None:
        return ""
    above = r.amount > r.specialist_daily_from
    return w.say("ans_specialist", threshold=w.eur(r.specialist_daily_from), cites=w.cite("freelance.daily_specialist"),
                 as_this=w.say("ans_as_this_rate") if above else "")


def band_origin_line(w: Writer, r: CheckResult) -> str:
    """A day band is the document's hourly band times its working day; a monthly band is yearly over months of
    pay."""
    how_many = "many" if r.level is None else "one"
    if r.unit == "daily":
        return w.say(f"ans_day_band_{how_many}", hours=w.hours())
    if r.unit == "monthly":
        return w.say(f"ans_month_band_{how_many}")
    return ""


def open_ended_line(w: Writer, where: str, band: Band, level: str | None = None) -> str:
    """Above an "or more" band is not off the scale."""
    if where != "above" or not band.open_ended:
        return ""
    return w.say("ans_open_ended_level", level=w.level_name(level)) if level else w.say("ans_open_ended")


def convert_text(w: Writer) -> list[str]:
    """Every unit, and the hours and months that connect them."""
    r: ConvertResult = w.result  # type: ignore[assignment]
    values = ", ".join(f"{w.eur(getattr(r, unit))} {w.unit(unit)}"
                       for unit in ("hourly", "daily", "monthly", "yearly") if unit != r.from_unit)
    given = f"{w.eur(getattr(r, r.from_unit))} {w.unit(r.from_unit)}"
    return [w.say("ans_convert", given=given, values=values), basis_line(w, r)]


def basis_line(w: Writer, r: ConvertResult) -> str:
    """What the conversion assumed: a freelance day and billable days, or months of pay and a working week."""
    used = {a.name: a.value for a in r.assumptions}
    if r.basis == "freelance":
        return w.say("ans_basis_freelance", hours=w.num(used.get("hours_per_day", 8)),
                     cite=w.cite("freelance.hours_per_day"), days=_days(r))
    return w.say("ans_basis_salary", months=w.num(used.get("months_of_pay", 13.92)), twelve=w.eur(r.monthly * 12),
                 hours=w.num(used.get("hours_per_week", 38)), cite=w.cite("flanders.standard_week"))


RENDERERS: dict[str, Callable[[Writer], list[str]]] = {
    "salary": salary_text, "freelance": freelance_text, "employer_cost": employer_cost_text,
    "compare": compare_text, "day_rate_for": day_rate_for_text, "check": check_text, "convert": convert_text,
}
