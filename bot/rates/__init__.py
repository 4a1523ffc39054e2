"""Salary and freelance-rate calculators that show their working, and a registry other layers can wrap."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from bot.rates import calculators
from bot.rates.schemas import (
    CheckInput,
    CompareInput,
    ConvertInput,
    DayRateForInput,
    EmployerCostInput,
    FreelanceInput,
    Inputs,
    Result,
    SalaryInput,
)


class Calculator(NamedTuple):
    """One calculator: its pydantic input model, the pure function and a one-line description (for tool use)."""

    input_model: type[Inputs]
    run: Callable[[Any], Result]
    description: str


CALCULATORS: dict[str, Calculator] = {
    "salary": Calculator(SalaryInput, calculators.salary,
                         "Gross salary band in Belgium for a level or years of experience, optionally for a city."),
    "freelance": Calculator(FreelanceInput, calculators.freelance,
                            "Freelance hourly and daily rate band for a level, and the yearly revenue it adds up to."),
    "employer_cost": Calculator(EmployerCostInput, calculators.employer_cost,
                                "Yearly and monthly cost of a gross salary to the employer (25-45% above gross)."),
    "compare": Calculator(CompareInput, calculators.compare,
                          "A freelance day rate as yearly revenue and as the gross salary it could pay for."),
    "day_rate_for": Calculator(DayRateForInput, calculators.day_rate_for,
                               "The freelance day rate that matches a given gross yearly salary."),
    "check": Calculator(CheckInput, calculators.check,
                        "Whether an hourly or day rate, or a salary, is below, within or above a level's band; "
                        "without a level, against every level's band (and a day rate against the common day rates)."),
    "convert": Calculator(ConvertInput, calculators.convert,
                          "Convert an amount between hourly, daily, monthly and yearly, stating hours and months."),
}


def run(name: str, **arguments: Any) -> Result:
    """Run a calculator by name with plain arguments (strings like "70k" are accepted for amounts)."""
    calculator = CALCULATORS[name]
    return calculator.run(calculator.input_model(**arguments))


__all__ = ["CALCULATORS", "Calculator", "run"]
