"""Amounts as people type them."""

from __future__ import annotations

import pytest

from bot.rates.amounts import euros, money, number, parse_amount


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
