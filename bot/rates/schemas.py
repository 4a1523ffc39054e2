"""Pydantic inputs and results of the calculators: inputs validate with one-line messages that say what is allowed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    SerializerFunctionWrapHandler,
    ValidationError,
    model_serializer,
    model_validator,
)

from bot.errors import UserFacingError
from bot.rates.amounts import InputProblem, parse_amount
from bot.rates.figures import Figure
from bot.rates.vocabulary import City, Level, Unit, words

Basis = Literal["freelance", "salary"]
Position = Literal["below", "within", "above"]

# The words for each level and city are data: knowledge/vocabulary/calculator_words.yaml


def levels() -> dict[Level, tuple[str, ...]]:
    """Each level with the words for it."""
    return {level: tuple(names) for level, names in words().levels.items()}


def cities() -> dict[City, tuple[str, ...]]:
    """Each city with the words for it."""
    return {city: tuple(names) for city, names in words().cities.items()}
# The largest amount each unit accepts: beyond it the input is a typo, not a rate.
LIMITS: dict[Unit, float] = {"hourly": 1_250, "daily": 10_000, "monthly": 1_000_000, "yearly": 10_000_000}


def _lookup(kind: str, names: Callable[[], dict[str, tuple[str, ...]]]) -> Any:
    """Map a name or alias (any case) to its canonical key, or explain which names are known."""

    def normalise(value: object) -> object:
        if value is None:
            return None
        text = " ".join(str(value).lower().replace("_", " ").split())
        table = names()
        for key, aliases in table.items():
            if text == key or text in aliases:
                return key
        known = ", ".join(f"{key} ({', '.join(a for a in aliases if a != key)})" for key, aliases in table.items())
        raise InputProblem(f"unknown_{kind}", value=value, known=known)

    return BeforeValidator(normalise)


def coerce_amount(value: object) -> object:
    """Let every calculator take "70.000", "70k" or "€70,000" as well as numbers."""
    if isinstance(value, bool):
        raise InputProblem("not_an_amount", text=value)
    return parse_amount(value) if isinstance(value, str) else value


def check_amount(value: float, unit: Unit, what: str) -> float:
    """Refuse zero, negative and absurd amounts with a message that gives the allowed range; `what` names the
    field by its term code (bot.rates.amounts.TERMS)."""
    limit = LIMITS[unit]
    if not 0 < value <= limit:
        raise InputProblem("amount_out_of_range", {"what": what, "per": unit}, limit=limit, value=value)
    return value


def _within(what: str, low: float, high: float, integer: bool = False) -> BeforeValidator:
    """A number (or numeric text) within an allowed range, said in one line when it is not."""
    terms = {"what": what, "kind": "whole_number" if integer else "number"}

    def check(value: object) -> object:
        if value is None:
            return None
        try:
            number_ = coerce_amount(value) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise InputProblem("number_unreadable", terms, low=low, high=high, value=str(value)) from None
        if not low <= number_ <= high or (integer and number_ != int(number_)):
            raise InputProblem("number_out_of_range", terms, low=low, high=high, value=value)
        return int(number_) if integer else number_

    return BeforeValidator(check)


def _amount_of(unit: Unit, what: str) -> Any:
    """An amount field with a fixed unit (a day rate, a yearly salary)."""
    return AfterValidator(lambda value: check_amount(value, unit, what))


LevelName = Annotated[Level, _lookup("level", levels)]
CityName = Annotated[City, _lookup("city", cities)]
Amount = Annotated[float, BeforeValidator(coerce_amount)]
DayRate = Annotated[float, BeforeValidator(coerce_amount), _amount_of("daily", "day_rate")]
YearlySalary = Annotated[float, BeforeValidator(coerce_amount), _amount_of("yearly", "gross_yearly_salary")]
Years = Annotated[float, _within("years", 0, 50)]
BillableDays = Annotated[int, _within("billable_days", 1, 260, integer=True)]
MonthsOfPay = Annotated[float, _within("months_of_pay", 12, 16)]
OwnCosts = Annotated[float, _within("own_costs", 0, 1_000_000)]
HoursPerDay = Annotated[float, _within("hours_per_day", 1, 12)]
HoursPerWeek = Annotated[float, _within("hours_per_week", 1, 60)]


class Inputs(BaseModel):
    """Common settings: unknown fields are mistakes, not silently ignored options."""

    model_config = ConfigDict(extra="forbid")


class SalaryInput(Inputs):
    """A level (or years of experience), optionally a city; no level means every level."""

    level: LevelName | None = None
    years: Years | None = None
    city: CityName | None = None
    months_of_pay: MonthsOfPay | None = None


class FreelanceInput(Inputs):
    """A level; no level means every level."""

    level: LevelName | None = None
    billable_days: BillableDays | None = None


class EmployerCostInput(Inputs):
    """A gross salary, yearly (default) or monthly."""

    gross: Amount
    period: Literal["yearly", "monthly"] = "yearly"
    months_of_pay: MonthsOfPay | None = None

    @model_validator(mode="after")
    def _bounded(self) -> EmployerCostInput:
        """The salary's limit depends on its period."""
        check_amount(self.gross, self.period, "gross_salary")
        return self


class CompareInput(Inputs):
    """A day rate against employment, optionally against one gross yearly salary."""

    day_rate: DayRate
    salary: YearlySalary | None = None
    billable_days: BillableDays | None = None
    own_costs: OwnCosts | None = None


class DayRateForInput(Inputs):
    """The gross yearly salary a day rate should match."""

    salary: YearlySalary
    billable_days: BillableDays | None = None
    own_costs: OwnCosts | None = None


class CheckInput(Inputs):
    """A rate or salary to place against a level's band; no level means against every level's band."""

    level: LevelName | None = None
    amount: Amount
    unit: Unit
    city: CityName | None = None
    months_of_pay: MonthsOfPay | None = None

    @model_validator(mode="after")
    def _bounded(self) -> CheckInput:
        """The amount's limit depends on its unit."""
        check_amount(self.amount, self.unit, "amount")
        return self


class ConvertInput(Inputs):
    """An amount per hour, day, month or year; the basis says whether it is a freelance rate or a salary."""

    amount: Amount
    from_unit: Unit
    basis: Basis | None = None
    hours_per_day: HoursPerDay | None = None
    hours_per_week: HoursPerWeek | None = None
    billable_days: BillableDays | None = None
    months_of_pay: MonthsOfPay | None = None

    @model_validator(mode="after")
    def _bounded(self) -> ConvertInput:
        """The amount's limit depends on its unit."""
        check_amount(self.amount, self.from_unit, "amount")
        return self


class Band(BaseModel):
    """A range in whole euros; open_ended when the document says "or more"."""

    low: int
    high: int
    open_ended: bool = False


class AssumptionUsed(BaseModel):
    """A default (or the caller's override) that a result depends on, with why it has that value."""

    name: str
    value: float
    unit: str
    reason: str
    overridable: bool
    given: bool


class Result(BaseModel):
    """What every calculator returns besides its numbers: the inputs, figures, assumptions and steps."""

    calculator: str
    inputs: dict[str, Any]
    figures: list[Figure]
    assumptions: list[AssumptionUsed]
    steps: list[str]
    steps_nl: list[str] = []  # the same working in Dutch, with Dutch number formats
    steps_fr: list[str] = []  # and in French

    def steps_in(self, language: str) -> list[str]:
        """The working in the language of the question (English if the result has none in it)."""
        return {"nl": self.steps_nl, "fr": self.steps_fr}.get(language) or self.steps


class LevelSalary(BaseModel):
    """One level's band: national, after the city's adjustment, and per month."""

    level: Level
    experience: str
    national: Band
    band: Band
    monthly: Band


class SalaryResult(Result):
    """Salary bands for one level or all of them."""

    city: City | None
    bands: list[LevelSalary]


class LevelRate(BaseModel):
    """One level's freelance band per hour, per day and per year of billable days."""

    level: Level
    hourly: Band
    daily: Band
    yearly_revenue: Band


class FreelanceResult(Result):
    """Freelance bands for one level or all of them, and the documents' daily rates."""

    bands: list[LevelRate]
    experienced_daily: Band
    specialist_daily_from: int


class EmployerCostResult(Result):
    """A gross salary's total cost to the employer, yearly and monthly."""

    gross_yearly: int
    gross_monthly: int
    total_cost: Band
    total_cost_monthly: Band


class CompareResult(Result):
    """A day rate as yearly revenue and as the gross salary it can pay for."""

    day_rate: int
    billable_days: int
    revenue: int
    naive_revenue: int
    equivalent_salary: Band
    equivalent_salary_after_costs: Band
    salary: int | None = None
    salary_day_rate: Band | None = None
    verdict: Position | None = None


class DayRateForResult(Result):
    """The day rate that matches a gross salary's total employer cost (and the freelancer's own costs)."""

    salary: int
    employer_cost: Band
    day_rate: Band
    day_rate_with_costs: Band
    hourly_rate_with_costs: Band


class Placement(BaseModel):
    """An amount against one band: below, within or above, and how far (within: 0% = bottom, 100% = top)."""

    band: Band
    position: Position
    percent: int


class LevelPlacement(BaseModel):
    """An amount against one level's band."""

    level: Level
    band: Band
    position: Position
    percent: int


# Only a check without a level has these; a check with one serialises exactly as before they existed.
NO_LEVEL_FIELDS = ("levels", "experienced_daily", "specialist_daily_from")


class CheckResult(Result):
    """Where an amount falls against a level's band, or (no level given) against every level's band.

    With a level: level, band, position and percent. Without: those are None, levels holds every level's
    placement, and a day rate is also placed against the document's common rates (experienced_daily) and its
    specialist threshold (specialist_daily_from).
    """

    level: Level | None
    unit: Unit
    amount: int
    band: Band | None
    position: Position | None
    percent: int | None
    levels: list[LevelPlacement] | None = None
    experienced_daily: Placement | None = None
    specialist_daily_from: int | None = None

    @model_serializer(mode="wrap")
    def _without_unused(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Leave out the no-level fields when they are unused, so the with-level JSON keeps its shape."""
        data = handler(self)
        return {key: value for key, value in data.items() if key not in NO_LEVEL_FIELDS or value is not None}


class ConvertResult(Result):
    """One amount per hour, day, month and year."""

    basis: Basis
    from_unit: Unit
    hourly: int
    daily: int
    monthly: int
    yearly: int


InputT = TypeVar("InputT", bound=Inputs)


def build(model: type[InputT], **values: Any) -> InputT:
    """Validate inputs from a front end; the first problem becomes a one-line UserFacingError (the InputProblem
    itself when a validator raised one, so a front end can say it in the user's language)."""
    try:
        return model(**{key: value for key, value in values.items() if value is not None})
    except ValidationError as err:
        problem = err.errors()[0].get("ctx", {}).get("error")
        if isinstance(problem, InputProblem):
            raise problem from None
        raise UserFacingError(describe(err)) from None


def describe(err: ValidationError) -> str:
    """One line about the first problem, in the field's own words."""
    first = err.errors()[0]
    message = str(first["msg"]).removeprefix("Value error, ")
    field = ".".join(str(part) for part in first["loc"]).replace("_", " ")
    return message if first["type"] == "value_error" or not field else f"{field}: {message}"
