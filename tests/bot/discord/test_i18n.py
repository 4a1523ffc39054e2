"""The member's language at the Discord edge, and the translator over the catalogue's command names."""

from __future__ import annotations

import discord
import pytest
from discord import app_commands

from bot.discord.error_replies import describe
from bot.discord.i18n import CatalogueTranslator, interaction_language, locale_language, problem_text
from bot.errors import UserFacingError
from bot.rates.schemas import CompareInput, EmployerCostInput, build


def problem(model, **values):  # noqa: ANN001, ANN201 - the InputProblem a calculator input raises
    with pytest.raises(UserFacingError) as caught:
        build(model, **values)
    return caught.value


def test_an_input_problem_reads_in_dutch_with_dutch_numbers():
    too_high = problem(CompareInput, day_rate="12.000,5")
    assert problem_text(too_high, "nl") == ("het dagtarief moet meer dan €0 en hoogstens €10.000 per dag zijn; "
                                            "je gaf €12.000,5")
    assert problem_text(too_high, "en") == str(too_high)
    unreadable = problem(EmployerCostInput, gross="veel")
    assert describe(unreadable, "test", "nl") == (
        "Dat kan ik niet gebruiken: 'veel' is geen bedrag; schrijf het als 70000, 70.000, 70,000, 70k of €70.000",
        None)
    assert describe(unreadable, "test", "en") == (str(unreadable), None)


def test_a_dutch_or_french_client_reads_its_language_and_every_other_one_english():
    codes = ("nl", "en-US", "en-GB", "fr", "de", None)
    assert [locale_language(code) for code in codes] == ["nl", "en", "en", "fr", "en", "en"]


class FakeInteraction:
    """What interaction_language reads: the client's locale, the command's options, a place to keep the answer."""

    def __init__(self, locale: str, **options: str) -> None:
        self.locale, self.extras = discord.Locale(locale), {}
        self.namespace = app_commands.Namespace.__new__(app_commands.Namespace)
        self.namespace.__dict__.update(options)


def test_a_question_decides_its_replies_language_and_the_locale_breaks_a_tie():
    assert interaction_language(FakeInteraction("en-US", question="Wat verdient een medior in Gent?")) == "nl"
    assert interaction_language(FakeInteraction("nl", question="What does a mid earn?")) == "en"
    assert interaction_language(FakeInteraction("nl", question="Java?")) == "nl"
    assert interaction_language(FakeInteraction("nl")) == "nl"
    assert interaction_language(FakeInteraction("en-US", question="Combien gagne un junior à Bruxelles ?")) == "fr"
    assert interaction_language(FakeInteraction("fr")) == "fr"


async def test_the_translator_names_commands_in_dutch_and_french_and_leaves_other_languages_to_english():
    translator = CatalogueTranslator()
    string = app_commands.locale_str("ask")
    command = app_commands.Command(name="ask", description="d", callback=_callback)
    context = app_commands.TranslationContext(app_commands.TranslationContextLocation.command_name, command)
    assert await translator.translate(string, discord.Locale.dutch, context) == "vraag"
    assert await translator.translate(string, discord.Locale.french, context) == "demander"
    assert await translator.translate(string, discord.Locale.german, context) is None
    assert await translator.translate(string, discord.Locale.american_english, context) is None


async def _callback(interaction: discord.Interaction) -> None:
    """A command body for the translator test."""
