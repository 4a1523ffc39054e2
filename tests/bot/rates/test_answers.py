"""The answer text of a check without a level, in English and Dutch, with citations that point at real sources."""

from __future__ import annotations

import re

import pytest

from bot.rates.answers import compose
from bot.rates.calculators import check
from bot.rates.schemas import CheckInput


def answer(amount: float, unit: str, language: str, city: str | None = None) -> tuple[str, list[int]]:
    """The text and its source ranks; every source is cited and every citation has a source."""
    text, sources = compose(check(CheckInput(amount=amount, unit=unit, city=city)), language)  # type: ignore[arg-type]
    ranks = [s.rank for s in sources]
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", text)}
    assert cited == set(ranks), (cited, ranks)
    return text, ranks


def test_six_hundred_fifty_a_day_in_english() -> None:
    text, _ = answer(650, "daily", "en")
    first = text.splitlines()[0]
    assert first.startswith("€650 a day is within the mid-level band of €480–€800 a day [")
    assert re.search(r"and within the document's common day rates of €500–€800 for experienced developers \[\d+\];",
                     first)
    assert re.search(r"it is above the junior band \(€280–€480\) (\[\d+\])+ and below the senior band "
                     r"\(€800–€1,280 or more\) (\[\d+\])+\.$", first)
    assert "may exceed €1,000 a day" in text and "as this rate does" not in text
    assert "The day bands are the document's hourly bands × its 8-hour workday." in text


def test_six_hundred_fifty_a_day_in_dutch() -> None:
    text, _ = answer(650, "daily", "nl")
    first = text.splitlines()[0]
    assert first.startswith("€650 per dag ligt binnen de medior-vork van €480–€800 per dag [")
    assert "en binnen de gangbare dagtarieven van €500–€800 voor ervaren developers uit het document [" in first
    assert re.search(r"het ligt boven de junior-vork \(€280–€480\) (\[\d+\])+ en onder de senior-vork "
                     r"\(€800–€1.280 of meer\) (\[\d+\])+\.$", first)
    assert "boven €1.000 per dag" in text


def test_the_experienced_day_rates_cite_the_document_s_sentence() -> None:
    text, _ = answer(650, "daily", "en")
    _, sources = compose(check(CheckInput(amount=650, unit="daily")), "en")
    rank = int(re.search(r"for experienced developers \[(\d+)\]", text).group(1))  # type: ignore[union-attr]
    assert "€500 to €800 for experienced developers" in next(s.text for s in sources if s.rank == rank)


@pytest.mark.parametrize(("language", "phrase"), [
    ("en", "€30 an hour is 14% below the lowest band, the junior band of €35–€60 an hour ["),
    ("nl", "€30 per uur ligt 14% onder de laagste vork, de junior-vork van €35–€60 per uur ["),
])
def test_thirty_an_hour_is_below_the_lowest_band(language: str, phrase: str) -> None:
    text, _ = answer(30, "hourly", language)
    assert text.startswith(phrase)
    first = text.splitlines()[0]
    assert "experienced developers" not in first and "ervaren developers" not in first  # day rates only


@pytest.mark.parametrize(("language", "phrase"), [
    ("en", "€80,000 a year is within the senior band of €75,000–€110,000 or more a year ["),
    ("nl", "€80.000 per jaar ligt binnen de senior-vork van €75.000–€110.000 of meer per jaar ["),
])
def test_eighty_thousand_a_year_is_within_the_senior_band(language: str, phrase: str) -> None:
    text, _ = answer(80000, "yearly", language)
    assert text.startswith(phrase)
    assert ("above the junior band" in text) if language == "en" else ("boven de junior-vork" in text)


def test_above_every_band_says_the_senior_band_is_open_ended() -> None:
    text, _ = answer(2000, "daily", "en")
    assert text.startswith("€2,000 a day is 56% above the highest band, the senior band of €800–€1,280 or more")
    assert "as this rate does" in text and "\"or more\" for the senior band" in text


def test_within_two_brussels_bands_names_both() -> None:
    text, _ = answer(56000, "yearly", "en", city="brussels")
    assert text.startswith("€56,000 a year is within the junior band of €36,750–€57,500 a year [")
    assert "and the mid-level band of €52,500–€86,250 a year [" in text


@pytest.mark.parametrize("language", ["en", "nl"])
def test_sources_are_numbered_in_the_order_the_answer_cites_them(language: str) -> None:
    from bot.rates.calculators import freelance
    from bot.rates.schemas import FreelanceInput

    text, sources = compose(freelance(FreelanceInput(level="junior")), language)
    first_cited = int(re.search(r"\[(\d+)\]", text).group(1))
    assert first_cited == 1 and [s.rank for s in sources] == list(range(1, len(sources) + 1))
    assert "€35 and €60 per hour" in sources[0].text  # the hourly band the answer leads with, not the day rates
