"""Amounts as members type them in a chat: unit shorthand, and net amounts the gross figures cannot judge."""

from __future__ import annotations

import pytest

from bot.rates.router import route


@pytest.mark.parametrize(("question", "arguments"), [
    ("Is €550/d ok for a junior?", {"level": "junior", "amount": 550.0, "unit": "daily"}),
    ("€75/h freelance junior, te veel?", {"level": "junior", "amount": 75.0, "unit": "hourly"}),
    ("85 p/u als senior freelancer, redelijk?", {"level": "senior", "amount": 85.0, "unit": "hourly"}),
    ("4k/mo as a medior, fair?", {"level": "mid", "amount": 4000.0, "unit": "monthly"}),
    ("60k/y junior, ok?", {"level": "junior", "amount": 60000.0, "unit": "yearly"}),
])
def test_unit_shorthand_reaches_the_rate_check(question: str, arguments: dict) -> None:
    routed = route(question, "en")
    assert routed is not None and [c.name for c in routed.tool_calls] == ["check"]
    assert routed.tool_calls[0].arguments == arguments


@pytest.mark.parametrize(("question", "language", "says"), [
    ("Ik verdien 3500 netto, is dat goed?", "nl", "een nettobedrag kan ik niet beoordelen"),
    ("I make 2.8k net a month as a junior, is that normal?", "en", "I can't judge or convert a net amount"),
    ("is netto €2.600 per maand veel voor een junior?", "nl", "geen belastingtarieven"),
    ("I want 5000 net a month, what day rate do I need?", "en", "no tax rates"),
    ("Hoeveel is €3.800 netto per maand per jaar?", "nl", "Geef me het brutobedrag"),
])
def test_a_net_amount_gets_a_plain_no_instead_of_a_gross_band(question: str, language: str, says: str) -> None:
    routed = route(question, language)
    assert routed is not None and not routed.confident and routed.tool_calls == []
    assert says in routed.text and "€" in routed.text  # with an example of what to give instead


@pytest.mark.parametrize("question", ["What is net income for a freelancer?", "Is NET0 a framework?"])
def test_net_as_a_subject_or_a_name_stays_a_documents_question(question: str) -> None:
    assert route(question, "en") is None
