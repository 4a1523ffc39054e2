"""The router's edges: the limits of its reading rules, what marks a number as money, which words belong to a
number, and the questions each calculator must (and must not) take. Each case is one a member could type."""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.models import Answer, Source
from bot.rates.router import route
from bot.text.language import detect_language


def calls(question: str) -> list[tuple[str, dict]] | None:
    """The calculator calls a question routes to, or None when it goes to retrieval."""
    routed = route(question, detect_language(question))
    return None if routed is None else [(call.name, call.arguments) for call in routed.tool_calls]


@pytest.mark.parametrize(("question", "expected"), [
    # a salary noun after an amount with a currency sign, "euro" or "k" makes it a monthly salary from €1,000 on
    ("Is a €4,000 salary fair for a junior?", 4000),
    ("Is a 4000 euro salary fair for a junior?", 4000),
    ("Is a 4k salary fair for a junior?", 4000),
    ("Is a €1,000 salary fair for a junior?", 1000),
])
def test_a_money_amount_before_a_salary_noun_is_a_monthly_salary(question: str, expected: float) -> None:
    assert calls(question) == [("check", {"level": "junior", "amount": expected, "unit": "monthly"})]


def test_a_salary_under_a_thousand_is_not_guessed_to_be_monthly() -> None:
    assert calls("Is a €500 salary fair for a junior?") is None


def test_a_bare_amount_from_fifteen_thousand_is_yearly() -> None:
    assert calls("Is €15,000 a good salary for a junior?") == [
        ("check", {"level": "junior", "amount": 15000, "unit": "yearly"})]


@pytest.mark.parametrize(("question", "level"), [
    ("Is €4,000 a month fair with 50 years of experience?", "senior"),  # the most years the calculators accept
    ("I have 2 years of experience and earn 48k a year, is that fair?", "junior"),  # junior: up to two years
    ("I have 3 years of experience and earn 48k a year, is that fair?", "mid"),
    ("I have 6 years of experience and earn 48k a year, is that fair?", "mid"),  # mid: two to six years
    ("I have 7 years of experience and earn 48k a year, is that fair?", "senior"),
])
def test_years_of_experience_give_the_documents_level(question: str, level: str) -> None:
    (call,) = calls(question) or [None]
    assert call is not None and call[0] == "check" and call[1]["level"] == level


def test_more_years_than_a_career_is_not_read_as_experience() -> None:
    assert calls("Is €4,000 a month fair with 51 years of experience?") is None


def test_a_question_opening_with_the_unit_word_reads_it() -> None:
    assert calls("Dagtarief van €650: goed voor een medior?") == [
        ("check", {"level": "mid", "amount": 650, "unit": "daily"})]


@pytest.mark.parametrize("question", [
    "How much per month is a day rate of €650?",  # the target unit before the amount's own unit words
    "Hoeveel per maand is een dagtarief van €650?",
])
def test_a_unit_asked_before_the_amount_is_a_conversion(question: str) -> None:
    assert calls(question) == [("convert", {"amount": 650, "from_unit": "daily"})]


@pytest.mark.parametrize("question", [
    "I earn €4,200 gross a month. Per year?",  # no conversion word: the other unit asks for it
    "Per jaar, 4.200 bruto per maand?",
    "Ik verdien 4.200 bruto per maand, wat is dat omgerekend?",  # a conversion word and no other unit
])
def test_a_conversion_is_asked_by_a_target_unit_or_a_conversion_word(question: str) -> None:
    assert calls(question) == [("convert", {"amount": 4200, "from_unit": "monthly"})]


@pytest.mark.parametrize(("question", "expected"), [
    ("What day rate matches a 60k salary at 200 billable days?",
     ("day_rate_for", {"salary": 60000, "billable_days": 200})),
    ("€700 a day at 200 billable days, how much is that per year?",
     ("convert", {"amount": 700, "from_unit": "daily", "billable_days": 200})),
    ("What does a senior freelancer make at 200 billable days?",
     ("freelance", {"level": "senior", "billable_days": 200})),
])
def test_billable_days_reach_the_calculators_that_take_them(question: str, expected: tuple) -> None:
    assert calls(question) == [expected]


def test_a_day_rate_compared_with_employment_is_a_comparison() -> None:
    assert calls("Is €650 a day better than being employed?") == [("compare", {"day_rate": 650})]


def test_a_freelancer_asking_a_day_rate_for_a_salary_gets_the_day_rate() -> None:
    assert calls("Hoeveel moet ik als freelancer per dag vragen om 75.000 bruto te evenaren?") == [
        ("day_rate_for", {"salary": 75000})]


def test_a_freelancer_judging_a_yearly_income_gets_the_check_not_a_day_rate() -> None:
    assert calls("Ik ben freelancer en verdien 75.000 per jaar, is dat goed als senior?") == [
        ("check", {"level": "senior", "amount": 75000, "unit": "yearly"})]


def test_a_follow_up_city_replaces_the_earlier_one() -> None:
    (call,) = calls("Is €4,000 a month fair in Brussels? And in Ghent?") or [None]
    assert call is not None and call[1]["city"] == "ghent"


@pytest.mark.parametrize(("question", "arguments"), [
    ("What rate does a senior charge per day?", {"level": "senior"}),  # a rate word, no "freelancer"
    ("Senior freelance rates?", {"level": "senior"}),  # a level, no unit and no question word
    ("Freelance rates per day?", {}),  # a unit, no level
    ("How much for a senior freelancer per day?", {"level": "senior"}),  # only the unit asks for a rate
    ("What should a freelancer with 10 years charge per day?", {"level": "senior"}),  # the level from the years
])
def test_freelance_rate_questions_in_few_words(question: str, arguments: dict) -> None:
    assert calls(question) == [("freelance", arguments)]


def test_a_named_level_wins_over_years_in_a_salary_question() -> None:
    assert calls("What does a senior with 10 years earn?") == [("salary", {"level": "senior"})]


@pytest.mark.parametrize("question", [
    "What did a senior freelancer charge per day in 2020?",  # not the figures' year
    "What about a junior in Brussels?",  # nothing asked about pay
    "Is 99999999999999999 euro a day a good rate?",  # too large to be an amount
])
def test_questions_the_calculators_cannot_answer_go_to_retrieval(question: str) -> None:
    assert calls(question) is None


@pytest.mark.parametrize(("question", "language", "says"), [
    ("Is 60 duizend netto per jaar goed voor een senior?", "nl", "een nettobedrag kan ik niet beoordelen"),
    ("Is 60 thousand net a year good for a senior?", "en", "I can't judge or convert a net amount")])
def test_a_net_amount_in_words_gets_the_plain_no_too(question: str, language: str, says: str) -> None:
    routed = route(question, language)
    assert routed is not None and routed.tool_calls == [] and says in routed.text


@pytest.mark.parametrize(("question", "remainder"), [
    # a documents clause that starts with a capital, or asks what others earn without a level, city or number
    ("What does a junior earn in Brussels? Tips for a senior?", "Tips for a senior?"),
    ("What does a junior earn in Brussels? And what do recruiters earn?", "And what do recruiters earn?"),
    ("What does a junior earn in Brussels? Tips for a senior? Which tools should I learn?",
     "Tips for a senior? Which tools should I learn?"),
])
def test_the_documents_part_of_a_question_is_left_to_the_documents(question: str, remainder: str) -> None:
    routed = route(question, "en")
    assert routed is not None and routed.remainder == remainder
    assert [(c.name, c.arguments) for c in routed.tool_calls] == [("salary", {"level": "junior", "city": "brussels"})]


class NoDocuments:
    """Retriever and answerer that must not be asked: a net amount is answered by the router alone."""

    def search(self, query: str, k: int) -> list[Source]:
        raise AssertionError(f"searched for {query!r}")

    def compose(self, question, language, sources, history) -> Answer:  # noqa: ANN001 - the Answerer protocol
        raise AssertionError(f"composed for {question!r}")


@pytest.mark.parametrize(("question", "language"), [("Ik verdien 3500 netto, is dat goed?", "nl"),
                                                    ("I make 2.8k net a month as a junior, is that normal?", "en")])
def test_a_net_amount_reaches_the_member_as_an_unsure_answer_without_sources(question: str, language: str) -> None:
    answer = Engine(retriever=NoDocuments(), answerer=NoDocuments(), router=route).answer(question)
    assert answer.language == language and answer.confident is False
    assert answer.sources == [] and answer.tool_calls == [] and "€" in answer.text
