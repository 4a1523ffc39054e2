"""Amounts as people type them."""

from __future__ import annotations

import pytest

from bot.errors import UserFacingError
from bot.rates.amounts import PROBLEMS, TERMS, InputProblem, parse_amount
from bot.rates.schemas import CheckInput, CompareInput, ConvertInput, EmployerCostInput, SalaryInput, build
from bot.text.catalogue import Catalogue, say
from bot.text.formats import euros, money, number


@pytest.mark.parametrize("text", ["70000", "70.000", "70,000", "70k", "70K", "€70.000", "€ 70,000", "70.000 euro",
                                  "70000 EUR", "€70k"])
def test_seventy_thousand_in_every_spelling(text: str) -> None:
    assert parse_amount(text) == 70000


@pytest.mark.parametrize(("text", "value"), [("4.200", 4200), ("€ 650", 650), ("85,5", 85.5), ("85.50", 85.5),
                                             ("1.200.000", 1_200_000), ("70.000,50", 70000.5),
                                             ("70,000.50", 70000.5), ("1.5k", 1500), ("-5", -5)])
def test_separators_and_decimals(text: str, value: float) -> None:
    assert parse_amount(text) == value


@pytest.mark.parametrize("text", ["", "abc", "70 000", "1,2.5", "1.2.5", "€", "k", "70kk", "5%"])
def test_text_that_is_not_an_amount_says_how_to_write_one(text: str) -> None:
    with pytest.raises(ValueError, match="write it like 70000"):
        parse_amount(text)


def test_rounding_is_half_up_and_formatting_follows_the_language() -> None:
    assert (euros(2.5), euros(3.5), euros(0.49)) == (3, 4, 0)
    assert (money(36750), money(36750, "nl")) == ("€36,750", "€36.750")
    assert (number(13.92), number(13.92, "nl"), number(1.05, "nl")) == ("13.92", "13,92", "1,05")
    assert (money(36750, "fr"), number(1234.5, "fr")) == ("36\u202f750\u00a0€", "1\u202f234,5")


@pytest.mark.parametrize(("text", "key", "values"), [
    ("veel", "amount_unreadable", {"text": "veel"}),
    ("1.2.5", "amount_unreadable", {"text": "1.2.5"}),
    ("9" * 30, "amount_too_large", {"text": "9" * 19 + "…"}),
])
def test_an_amount_that_cannot_be_read_names_its_message_and_values(text: str, key: str, values: dict) -> None:
    with pytest.raises(InputProblem) as caught:
        parse_amount(text)
    assert (caught.value.key, caught.value.values, caught.value.terms) == (key, values, {})
    assert str(caught.value) == say(f"input_{key}", "en", **values)  # the English the CLI prints


# (model, inputs, key, terms, values, the English the CLI prints)
BAD_INPUTS = [
    (SalaryInput, {"level": "guru"}, "unknown_level", {}, {"value": "guru"}, "unknown level 'guru'; known levels: "),
    (SalaryInput, {"city": "paris"}, "unknown_city", {}, {"value": "paris"}, "unknown city 'paris'; known cities: "),
    (EmployerCostInput, {"gross": "lots"}, "amount_unreadable", {}, {"text": "lots"},
     "'lots' is not an amount; write it like 70000"),
    (EmployerCostInput, {"gross": True}, "not_an_amount", {}, {"text": True}, "'True' is not an amount"),
    (EmployerCostInput, {"gross": 20_000_000, "period": "yearly"}, "amount_out_of_range",
     {"what": "gross_salary", "per": "yearly"}, {"limit": 10_000_000, "value": 20_000_000},
     "the gross salary must be more than €0 and at most €10,000,000 a year; got €20,000,000"),
    (CompareInput, {"day_rate": 0}, "amount_out_of_range", {"what": "day_rate", "per": "daily"},
     {"limit": 10_000, "value": 0}, "the day rate must be more than €0 and at most €10,000 a day; got €0"),
    (CheckInput, {"amount": "-5,5", "unit": "hourly"}, "amount_out_of_range", {"what": "amount", "per": "hourly"},
     {"limit": 1_250, "value": -5.5}, "the amount must be more than €0 and at most €1,250 an hour; got €-5.5"),
    (CompareInput, {"day_rate": 700, "billable_days": 261}, "number_out_of_range",
     {"what": "billable_days", "kind": "whole_number"}, {"low": 1, "high": 260, "value": 261},
     "billable days must be a whole number from 1 to 260; got 261"),
    (CompareInput, {"day_rate": 700, "billable_days": "many"}, "number_unreadable",
     {"what": "billable_days", "kind": "whole_number"}, {"low": 1, "high": 260, "value": "many"},
     "billable days must be a whole number from 1 to 260; got 'many'"),
    (ConvertInput, {"amount": 85, "from_unit": "hourly", "hours_per_day": 13}, "number_out_of_range",
     {"what": "hours_per_day", "kind": "number"}, {"low": 1, "high": 12, "value": 13},
     "hours a day must be a number from 1 to 12; got 13"),
]


@pytest.mark.parametrize(("model", "inputs", "key", "terms", "values", "english"), BAD_INPUTS)
def test_a_bad_calculator_input_carries_its_message_key_and_values(model: type, inputs: dict, key: str,
                                                                   terms: dict, values: dict, english: str) -> None:
    with pytest.raises(InputProblem) as caught:
        build(model, **inputs)
    problem = caught.value
    assert (problem.key, problem.terms) == (key, terms)
    assert {name: problem.values[name] for name in values} == values
    assert isinstance(problem, UserFacingError) and str(problem).startswith(english)


def test_every_message_and_term_is_raised_somewhere_in_the_tests_above() -> None:
    raised = {key for *_, key, _, _, _ in BAD_INPUTS} | {"amount_too_large"}
    named = {code for *_, terms, _, _ in BAD_INPUTS for code in terms.values()}
    assert raised == set(PROBLEMS)
    assert named <= set(TERMS)


def test_every_problem_and_term_has_its_message_in_the_catalogue() -> None:
    messages = Catalogue.packaged().files["en"].messages
    assert {f"input_{key}" for key in PROBLEMS} | {f"input_term_{code}" for code in TERMS} <= set(messages)


def test_a_problem_reads_in_each_language_with_its_number_format() -> None:
    problem = InputProblem("amount_out_of_range", {"what": "day_rate", "per": "daily"}, limit=10_000, value=12500.5)
    assert problem.text(Catalogue.packaged(), "nl") == \
        "het dagtarief moet meer dan €0 en hoogstens €10.000 per dag zijn; je gaf €12.500,5"
    assert problem.text(Catalogue.packaged(), "fr").startswith("le tarif journalier doit être supérieur à 0 €")
    assert str(problem) == "the day rate must be more than €0 and at most €10,000 a day; got €12,500.5"
