"""`careerbot rate …`: the calculators from the terminal, each with --json for the full result object."""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from bot.terminal.commands import live_figures

if TYPE_CHECKING:
    from bot.rates.schemas import Inputs, Result

app = typer.Typer(help="Salary and freelance-rate calculators that show their working.", no_args_is_help=True)

AsJson = Annotated[bool, typer.Option("--json", help="Print the full result object as JSON.")]
Level = Annotated[str | None, typer.Option(help="junior, mid (medior) or senior (lead, architect).")]
City = Annotated[str | None, typer.Option(help="brussels, antwerp, ghent, leuven, liege, flanders or other.")]
BillableDays = Annotated[str | None, typer.Option(help="Billable days a year, 1-260 (assumption, default 220).")]
OwnCosts = Annotated[str | None, typer.Option(help="A freelancer's own costs a year (assumption, default 10000).")]
MonthsOfPay = Annotated[str | None, typer.Option(help="Months of pay a year, 12-16 (assumption, default 13.92).")]


class Language(StrEnum):
    """The languages the calculators' answers and working are written in."""

    en = "en"
    nl = "nl"
    fr = "fr"


Lang = Annotated[Language, typer.Option("--lang", help="The answer's and working's language.")]


def _run(name: str, as_json: bool, lang: Language = Language.en, **values: Any) -> None:
    """Validate, calculate and print: the readable answer with its working, or the result as JSON."""
    from bot.errors import UserFacingError
    from bot.rates import CALCULATORS  # the calculators load when a calculation runs, not for --help
    from bot.rates.amounts import InputProblem
    from bot.rates.figures import use_book
    from bot.rates.schemas import build
    from bot.text.catalogue import Catalogue

    book = live_figures()  # the live index's figures, else the packaged ones
    calculator = CALCULATORS[name]
    try:
        inputs: Inputs = build(calculator.input_model, **values)
    except InputProblem as problem:  # said in the asked language, as Discord says it
        raise UserFacingError(problem.text(Catalogue.packaged(), lang.value)) from problem
    with use_book(book):  # one build's figures for the result and its wording
        result = calculator.run(inputs)
        typer.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2) if as_json
                   else render(result, lang.value))


def render(result: Result, language: str = "en") -> str:
    """The short answer, every step, and the numbered sources, in one language."""
    from bot.rates.answers import compose
    from bot.text.catalogue import Catalogue

    text, sources = compose(result, language)
    steps = "\n".join(f"  - {step}" for step in result.steps_in(language))
    cited = "\n".join(f"  [{s.rank}] {s.path} § {s.section}: \"{s.text}\"" for s in sources)
    say = Catalogue.packaged().say
    return f"{text}\n\n{say('cli_steps', language)}\n{steps}\n\n{say('cli_sources', language)}\n{cited}"


@app.command()
def salary(level: Level = None, years: Annotated[str | None, typer.Option(help="Years of experience, 0-50.")] = None,
           city: City = None, months_of_pay: MonthsOfPay = None, as_json: AsJson = False,
        lang: Lang = Language.en) -> None:
    """Gross salary band for a level or years of experience, optionally in a city (no level: every level)."""
    _run("salary", as_json, lang, level=level, years=years, city=city, months_of_pay=months_of_pay)


@app.command()
def freelance(level: Level = None, billable_days: BillableDays = None, as_json: AsJson = False,
        lang: Lang = Language.en) -> None:
    """Freelance hourly and daily band for a level (no level: every level)."""
    _run("freelance", as_json, lang, level=level, billable_days=billable_days)


# A negative amount ("-5") must reach the amount check, not be taken for an unknown option.
NEGATIVE_AMOUNTS = {"ignore_unknown_options": True}


@app.command("employer-cost", context_settings=NEGATIVE_AMOUNTS)
def employer_cost(gross: Annotated[str, typer.Argument(help="Gross salary, e.g. 70000, 70.000, 70k, €70.000.")],
                  monthly: Annotated[bool, typer.Option("--monthly", help="The amount is a monthly salary.")] = False,
                  months_of_pay: MonthsOfPay = None, as_json: AsJson = False,
        lang: Lang = Language.en) -> None:
    """Total cost of a gross salary to the employer, yearly and monthly."""
    _run("employer_cost", as_json, lang, gross=gross, period="monthly" if monthly else "yearly",
         months_of_pay=months_of_pay)


@app.command()
def compare(day_rate: Annotated[str, typer.Option("--day-rate", help="Day rate in euros, e.g. 700.")],
            salary: Annotated[str | None, typer.Option(help="A gross yearly salary to compare with.")] = None,
            billable_days: BillableDays = None, own_costs: OwnCosts = None, as_json: AsJson = False,
        lang: Lang = Language.en) -> None:
    """A day rate as yearly revenue and as the gross salary it could pay for."""
    _run("compare", as_json, lang, day_rate=day_rate, salary=salary, billable_days=billable_days, own_costs=own_costs)


@app.command("day-rate-for", context_settings=NEGATIVE_AMOUNTS)
def day_rate_for(salary: Annotated[str, typer.Argument(help="Gross yearly salary, e.g. 60000 or 60k.")],
                 billable_days: BillableDays = None, own_costs: OwnCosts = None, as_json: AsJson = False,
        lang: Lang = Language.en) -> None:
    """The day rate that matches a gross yearly salary."""
    _run("day_rate_for", as_json, lang, salary=salary, billable_days=billable_days, own_costs=own_costs)


@app.command()
def check(level: Level = None,
          day_rate: Annotated[str | None, typer.Option("--day-rate", help="A day rate.")] = None,
          hourly_rate: Annotated[str | None, typer.Option("--hourly-rate", help="An hourly rate.")] = None,
          salary: Annotated[str | None, typer.Option(help="A gross yearly salary.")] = None,
          monthly_salary: Annotated[str | None, typer.Option(help="A gross monthly salary.")] = None,
          city: City = None, months_of_pay: MonthsOfPay = None, as_json: AsJson = False,
        lang: Lang = Language.en) -> None:
    """Whether a rate or salary is below, within or above a level's band (no level: every level's band)."""
    given = {"daily": day_rate, "hourly": hourly_rate, "yearly": salary, "monthly": monthly_salary}
    amounts = {unit: amount for unit, amount in given.items() if amount is not None}
    if len(amounts) != 1:
        raise typer.BadParameter("give exactly one of --day-rate, --hourly-rate, --salary, --monthly-salary")
    (unit, amount), = amounts.items()
    _run("check", as_json, lang, level=level, amount=amount, unit=unit, city=city, months_of_pay=months_of_pay)


@app.command(context_settings=NEGATIVE_AMOUNTS)
def convert(amount: Annotated[str, typer.Argument(help="The amount, e.g. 85 or 4.200.")],
            from_unit: Annotated[str, typer.Option("--from", help="hourly, daily, monthly or yearly.")],
            basis: Annotated[str | None, typer.Option(help="freelance or salary (default: by unit).")] = None,
            hours_per_day: Annotated[str | None, typer.Option(help="Hours in a freelance day (default 8).")] = None,
            hours_per_week: Annotated[str | None, typer.Option(help="Hours in a salaried week (default 38).")] = None,
            billable_days: BillableDays = None, months_of_pay: MonthsOfPay = None, as_json: AsJson = False,
        lang: Lang = Language.en) -> None:
    """Hourly ↔ daily ↔ monthly ↔ yearly, with the hours and months used stated."""
    _run("convert", as_json, lang, amount=amount, from_unit=from_unit, basis=basis, hours_per_day=hours_per_day,
         hours_per_week=hours_per_week, billable_days=billable_days, months_of_pay=months_of_pay)
