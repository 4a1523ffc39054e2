"""Calculation questions in Dutch and English reach the right calculator; everything else goes to retrieval."""

from __future__ import annotations

from unittest.mock import Mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import Engine
from bot.models import Answer, Source, Turn
from bot.parts import Answerer, Retriever
from bot.rates.router import route
from bot.text.language import detect_language

ISSUE_QUESTIONS = [
    ("Wat verdient een junior backend developer in Brussel?", "salary", {"level": "junior", "city": "brussels"}),
    ("How much does a senior freelancer charge per day?", "freelance", {"level": "senior"}),
    ("Hoeveel kost een werknemer met 70.000 euro bruto aan de werkgever?", "employer_cost",
     {"gross": 70000, "period": "yearly"}),
    ("Is €650 per dag als medior freelancer een goed tarief?", "check",
     {"level": "mid", "amount": 650, "unit": "daily"}),
    ("What day rate matches a 60k salary?", "day_rate_for", {"salary": 60000}),
    ("Ik verdien 4.200 bruto per maand, wat is dat per jaar?", "convert", {"amount": 4200, "from_unit": "monthly"}),
]
VARIANTS = [
    ("What is the average salary in Belgium?", "salary", {}),  # the national bands, every level
    ("Wat is het gemiddelde salaris in België?", "salary", {}),
    ("What does a mid-level backend developer earn in Antwerp?", "salary", {"level": "mid", "city": "antwerp"}),
    ("Hoeveel verdien je als senior in Gent?", "salary", {"level": "senior", "city": "ghent"}),
    ("What does a developer with 5 years of experience earn?", "salary", {"years": 5}),
    ("Wat verdient een backend developer in Brussel?", "salary", {"city": "brussels"}),
    ("What does a junior earn? and in Brussels?", "salary", {"level": "junior", "city": "brussels"}),
    ("What does a junior earn? and a senior?", "salary", {}),
    ("Welk dagtarief vraagt een junior freelancer?", "freelance", {"level": "junior"}),
    ("What is the hourly rate of a mid-level contractor?", "freelance", {"level": "mid"}),
    ("How much does a €55,000 salary cost the employer?", "employer_cost", {"gross": 55000, "period": "yearly"}),
    ("What does it cost an employer to hire someone at €4,000 gross a month?", "employer_cost",
     {"gross": 4000, "period": "monthly"}),
    ("Wat is de totale loonkost van een bruto jaarloon van 60k?", "employer_cost",
     {"gross": 60000, "period": "yearly"}),
    ("What should a senior freelancer with 10 years charge per hour?", "freelance", {"level": "senior"}),
    ("What does a junior backend developer earn in 2026?", "salary", {"level": "junior"}),
    ("Is €700 a day the same as a €180,000 salary?", "compare", {"day_rate": 700, "salary": 180000}),
    ("Is €650 per dag beter dan een salaris van €60.000?", "compare", {"day_rate": 650, "salary": 60000}),
    ("€700 a day at 200 billable days, what salary is that equivalent to?", "compare",
     {"day_rate": 700, "billable_days": 200}),
    ("Welk dagtarief heb ik nodig als freelancer om 75.000 bruto te evenaren?", "day_rate_for", {"salary": 75000}),
    ("I charge €85 an hour, how much is that per year?", "convert", {"amount": 85, "from_unit": "hourly"}),
    ("Mijn uurtarief is €90, hoeveel is dat per dag?", "convert", {"amount": 90, "from_unit": "hourly"}),
    ("Is €120 an hour fair for a senior freelancer?", "check", {"level": "senior", "amount": 120, "unit": "hourly"}),
    ("I'm a junior earning €3,000 a month, is that too low?", "check",
     {"level": "junior", "amount": 3000, "unit": "monthly"}),
    ("I have 3 years of experience and earn 48k a year, is that fair?", "check",
     {"level": "mid", "amount": 48000, "unit": "yearly"}),
]
NOT_CALCULATIONS = [
    "How do I prepare for a technical interview?",
    "Wat verdient een freelancer na belastingen?",  # the documents discuss net income; no calculator computes it
    "Welke extralegale voordelen krijg je in België naast je loon?",
    "Does remote work lower senior backend salaries in Belgium?",
    "Are backend developers the best paid tech role in Belgium?",
    "Wat is de best betaalde job in de IT in België?",
    "How much does a freelancer earn after taxes?",
    "Welke AI-tools gebruiken backend developers in 2025?",
    "Wat is de meest voorkomende jaarsalaris voor back-end developers?",
    "How do I negotiate a higher salary as a senior in Brussels?",
    "What does a junior earn with 3 kids?",  # a number the router cannot place
    "Is 650 a good rate for a mid?",  # per hour or per day? not said
    "Top 5 skills for a senior backend developer?",
    "Is 15% more in Brussels realistic for a junior?",
    "Wat verdiende een junior in 2020?",  # not the figures' year
]


# One amount with a unit and a judgement, no level: placed against every level's band.
CHECK_WITHOUT_LEVEL = [
    ("Is €650 a day a good freelance rate?", {"amount": 650, "unit": "daily"}),
    ("Is €650 per dag een goed tarief?", {"amount": 650, "unit": "daily"}),
    ("Is 90 euro per uur redelijk voor een freelancer?", {"amount": 90, "unit": "hourly"}),
    ("Is €45 an hour too low?", {"amount": 45, "unit": "hourly"}),
    ("Is €700 per dag marktconform?", {"amount": 700, "unit": "daily"}),
    ("Is 80k a year a good salary?", {"amount": 80000, "unit": "yearly"}),
    ("Is 4.000 bruto per maand genoeg?", {"amount": 4000, "unit": "monthly"}),
    ("Is €4,000 a month fair in Brussels?", {"amount": 4000, "unit": "monthly", "city": "brussels"}),
    ("Is €650 a day a lot?", {"amount": 650, "unit": "daily"}),
]


# Freelancers mentioned without asking for a rate or earnings: the documents answer these.
FREELANCE_DOCUMENT_QUESTIONS = [
    "What risks do freelancers face?",
    "What do contractors need to manage?",
    "Wat is het verschil tussen een freelancer en een werknemer qua kosten?",
    "What is the difference between a freelancer and an employee?",
    "Which insurance does a freelancer need?",
    "What does a freelancer pay in social contributions?",
    "Welke risico's loopt een zelfstandige?",
    "Wat moet een freelancer regelen?",
    "Wat zijn de voordelen van freelancen?",
    "Wat is een zelfstandige?",
]
FREELANCE_RATE_QUESTIONS = [
    ("How much does a senior freelancer charge per day?", {"level": "senior"}),
    ("Wat rekent een junior freelancer per uur?", {"level": "junior"}),
    ("What is a typical freelance day rate?", {}),
    ("Welke tarieven vragen freelancers?", {}),
    ("Wat vraagt een freelancer?", {}),
    ("What do freelancers charge?", {}),
    ("What do freelancers make?", {}),
    ("Hoeveel verdient een freelancer?", {}),
    ("What does a freelancer cost per hour?", {}),
]


def routed(question: str):  # noqa: ANN201 - Routed | None
    return route(question, detect_language(question))


@pytest.mark.parametrize(("question", "calculator", "arguments"), ISSUE_QUESTIONS + VARIANTS)
def test_calculation_questions_reach_the_right_calculator(question: str, calculator: str, arguments: dict) -> None:
    result = routed(question)
    assert result is not None, question
    (call,) = result.tool_calls
    assert call.name == calculator
    assert call.arguments == arguments
    assert call.result["calculator"] == calculator and call.result["steps"]
    assert result.remainder == "" and result.sources and "[1]" in result.text


@pytest.mark.parametrize("question", NOT_CALCULATIONS)
def test_other_questions_go_to_retrieval(question: str) -> None:
    assert routed(question) is None


@pytest.mark.parametrize(("question", "arguments"), CHECK_WITHOUT_LEVEL)
def test_a_judged_amount_without_a_level_is_checked_against_every_level(question: str, arguments: dict) -> None:
    result = routed(question)
    assert result is not None, question
    (call,) = result.tool_calls
    assert (call.name, call.arguments) == ("check", arguments)
    assert call.result["level"] is None and len(call.result["levels"]) == 3
    assert result.remainder == "" and "[1]" in result.text


def test_the_headline_question_is_answered_with_the_mid_band_and_the_document_s_day_rates() -> None:
    result = routed("Is €650 a day a good freelance rate?")
    assert result is not None
    assert result.text.startswith("€650 a day is within the mid-level band of €480–€800 a day [")
    assert "within the document's common day rates of €500–€800 for experienced developers [" in result.text
    dutch = routed("Is €650 per dag een goed tarief?")
    assert dutch is not None and dutch.text.startswith("€650 per dag ligt binnen de medior-vork van €480–€800")


@pytest.mark.parametrize("question", ["How much is €650 a day?", "I charge €650 a day"])
def test_an_amount_without_a_level_or_a_judgement_goes_to_retrieval(question: str) -> None:
    assert routed(question) is None


@pytest.mark.parametrize("question", FREELANCE_DOCUMENT_QUESTIONS)
def test_freelancers_without_a_rate_question_go_to_retrieval(question: str) -> None:
    assert routed(question) is None


@pytest.mark.parametrize(("question", "arguments"), FREELANCE_RATE_QUESTIONS)
def test_freelance_rate_questions_reach_the_freelance_calculator(question: str, arguments: dict) -> None:
    result = routed(question)
    assert result is not None, question
    assert (result.tool_calls[0].name, result.tool_calls[0].arguments) == ("freelance", arguments)


def test_answers_come_in_the_question_s_language_and_cite_the_figures() -> None:
    dutch = routed("Wat verdient een junior backend developer in Brussel?")
    english = routed("What does a junior backend developer earn in Brussels?")
    assert dutch is not None and english is not None
    assert "verdient €36.750–€57.500 bruto per jaar" in dutch.text
    assert "earns €36,750–€57,500 gross a year" in english.text
    assert [s.doc_id for s in dutch.sources] == ["backend-rates-belgium-2026"] * 2
    assert dutch.sources[1].section == "City-Level Salary Differences"
    assert dutch.sources[1].path == "knowledge/backend-rates-belgium-2026.md" and dutch.sources[1].score == 1.0
    assert "5 to 15 percent" in dutch.sources[1].text


@pytest.mark.parametrize(("question", "lead", "belgian"), [
    ("What is the average monthly salary of a back-end developer in Flanders?",
     "In Flanders (2024) a back-end developer earns about €3,000–€6,000 gross a month", "in Belgium earns"),
    ("Wat verdient een back-end developer in Vlaanderen?",
     "In Vlaanderen (2024) verdient een back-end developer ongeveer €3.000–€6.000 bruto per maand", "in België"),
])
def test_flanders_is_answered_with_the_flanders_figures_first(question: str, lead: str, belgian: str) -> None:
    result = routed(question)
    assert result is not None
    first, *rest = result.text.splitlines()
    assert first.startswith(lead) and first.endswith("[1][2][3].")
    assert result.sources[0].doc_id == "backend-developer-flanders"
    # the level bands are Belgian figures and must not be presented as Flemish ones
    assert belgian in rest[0]
    assert "Flanders earns" not in result.text and "in Vlaanderen verdient €" not in result.text


def test_seven_hundred_a_day_answer_makes_the_point() -> None:
    result = routed("Is €700 a day the same as a €180,000 salary?")
    assert result is not None
    assert "€700 a day is not a €182,000 salary" in result.text and "€154,000" in result.text
    assert result.tool_calls[0].result["verdict"] == "below"


@pytest.mark.parametrize(("question", "remainder"), [
    ("What does a junior earn in Brussels and how do I prepare for the interview?",
     "how do I prepare for the interview?"),
    ("Hoeveel verdient een medior in Antwerpen en welke skills heb ik nodig om senior te worden?",
     "welke skills heb ik nodig om senior te worden?"),
    ("What does a senior freelancer charge per day? Which tools should I learn first?",
     "Which tools should I learn first?"),
])
def test_mixed_questions_return_the_documents_part_as_remainder(question: str, remainder: str) -> None:
    result = routed(question)
    assert result is not None and result.remainder == remainder


def fake_engine() -> tuple[Engine, Mock, Mock]:
    """An engine with the real router and spec_set mocks for retrieval and answering."""
    retriever, answerer = Mock(spec_set=Retriever), Mock(spec_set=Answerer)
    chunk = Source(rank=1, doc_id="it-job-interviews", title="IT job interviews", section="voorbereiding",
                   path="knowledge/it-job-interviews.md", score=0.8, text="Bereid je voor met de STAR-methode.")
    retriever.search.return_value = [chunk]
    answerer.compose.return_value = Answer(question="", language="en", text="Use the STAR method [1].",
                                           confident=True, sources=[chunk])
    return Engine(retriever=retriever, answerer=answerer, router=route), retriever, answerer


@pytest.mark.parametrize(("question", "calculator", "arguments"), ISSUE_QUESTIONS)
def test_engine_answers_calculations_without_touching_retrieval(question: str, calculator: str,
                                                                arguments: dict) -> None:
    engine, retriever, answerer = fake_engine()
    answer = engine.answer(question)
    retriever.search.assert_not_called()
    answerer.compose.assert_not_called()
    payload = answer.to_json_dict()
    assert [(call["name"], call["arguments"]) for call in payload["tool_calls"]] == [(calculator, arguments)]
    assert payload["sources"][0]["doc_id"].startswith("backend-") and "[1]" in payload["answer"]
    assert payload["language"] == detect_language(question) and payload["confident"] is True


def test_engine_answers_both_parts_of_a_mixed_question() -> None:
    engine, retriever, _ = fake_engine()
    answer = engine.answer("What does a junior earn in Brussels and how do I prepare for the interview?")
    retriever.search.assert_called_once_with("how do I prepare for the interview?", engine.top_k)
    assert [s.rank for s in answer.sources] == [1, 2, 3]
    assert answer.sources[-1].doc_id == "it-job-interviews" and "STAR method [3]" in answer.text
    assert answer.tool_calls[0].name == "salary"


def test_engine_sends_non_calculations_to_retrieval() -> None:
    engine, retriever, answerer = fake_engine()
    question = "How do I prepare for a technical interview?"
    answer = engine.answer(question)
    retriever.search.assert_called_once_with(question, engine.top_k)
    (call,) = answerer.compose.call_args_list
    assert call.args[0] == question and call.args[2] == retriever.search.return_value
    assert answer.text == "Use the STAR method [1]." and [s.doc_id for s in answer.sources] == ["it-job-interviews"]


def test_engine_follow_up_keeps_the_level_and_adds_the_city() -> None:
    engine, retriever, _ = fake_engine()
    history = [Turn(role="user", text="What does a junior earn?"), Turn(role="assistant", text="€35,000–€50,000")]
    answer = engine.answer("and in Brussels?", history)
    retriever.search.assert_not_called()
    assert answer.tool_calls[0].arguments == {"level": "junior", "city": "brussels"}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=120) | st.lists(st.sampled_from(
    ["wat", "verdient", "junior", "senior", "in", "Brussel", "€650", "per dag", "70.000", "60k", "4.200", "per maand",
     "salary", "day rate", "freelancer", "employer", "and how", "?", "3 years", "2026", "12%", "net", ",", "vs"]),
    max_size=12).map(" ".join))
def test_route_never_raises_on_any_text(question: str) -> None:
    result = route(question, detect_language(question))
    net_reply = result is not None and not result.tool_calls and not result.confident  # a net amount: plain no
    assert result is None or net_reply or (len(result.tool_calls) == 1 and result.sources)


def test_salary_bands_without_a_city_are_called_belgian() -> None:
    english, dutch = routed("What is the average salary in Belgium?"), routed("Wat verdient een senior?")
    assert english is not None and dutch is not None
    assert "A junior backend developer (0–2 years) in Belgium earns €35,000–€50,000" in english.text
    assert "in België verdient €75.000–€110.000 of meer" in dutch.text
