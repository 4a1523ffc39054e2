"""One number reader (bot/text/numbers.py) behind the amount parser, the router, the checks on generated answers, the
figure check at ingest and the feedback redaction."""

from __future__ import annotations

import re

import pytest

from bot.feedback.store import redact_amounts
from bot.rag.checks import figures
from bot.rates.amounts import parse_amount
from bot.rates.router import parse
from bot.text import numbers
from ingest.figure_check import numbers_in


def test_every_reader_reads_a_number_the_same_way() -> None:
    assert parse_amount("70.000") == parse_amount("70,000") == numbers.read("70.000") == 70000
    assert [v for v, _ in figures("3.500")[0].values] == [v for v, _ in numbers.readings("3.500")] == [3500, 3.5]
    assert numbers_in("€3.000 en 20,5%", "nl") == {3000, 20.5} and numbers_in("€3.000", "en") == {3}
    said = "Ik verdien 4.200 of 4k2"
    assert redact_amounts(said) == numbers.redact(said) == "Ik verdien # of #k#"


@pytest.mark.parametrize(("digits", "language", "value"), [
    ("3.000", "nl", 3000), ("20,5", "nl", 20.5), ("35,000", "en", 35000), ("12.5", "en", 12.5),
    ("70.000,50", "nl", 70000.5), ("70,000.50", "en", 70000.5),
])
def test_a_document_s_numbers_are_read_in_its_language(digits: str, language: str, value: float) -> None:
    assert numbers.read(digits, language) == value


@pytest.mark.parametrize("digits", ["1.2.3", "70,00.0"])
def test_a_malformed_number_is_refused(digits: str) -> None:
    with pytest.raises(ValueError):
        numbers.read(digits)


def test_a_multiplier_is_part_of_the_number() -> None:
    (written,) = numbers.find("about 1,2 mln a year")
    assert written.value("nl") == 1_200_000 and numbers.find("85k")[0].value() == 85_000


def test_an_amount_as_typed_is_one_run_of_digits_read_whole_or_refused() -> None:
    typed = re.compile(numbers.TYPED_DIGITS)
    assert typed.fullmatch("70.000,50") and typed.fullmatch("1.2.3") and not typed.fullmatch("70.")
    assert parse_amount("€70.000,50") == 70_000.5
    with pytest.raises(ValueError):
        parse_amount("1.2.3")
    assert [number.role for number in parse("1.2.3 a day").numbers] == ["unknown"]  # not 1.2 and a stray 3
