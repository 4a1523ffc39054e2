"""The Discord words file: checked at start-up with one clear message, and the translator over it."""

from __future__ import annotations

from pathlib import Path

import discord
import pytest
import yaml
from discord import app_commands

from bot.discord.errors import describe
from bot.discord.i18n import (
    DutchTranslator,
    interaction_language,
    load_words,
    locale_language,
    problem_text,
    say,
    words_file,
)
from bot.errors import UserFacingError
from bot.rates.amounts import PROBLEMS, TERMS
from bot.rates.models import CompareInput, EmployerCostInput, build


def edited(tmp_path: Path, change) -> Path:  # noqa: ANN001 - a function that edits the loaded YAML
    data = yaml.safe_load(words_file().read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "discord.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_the_packaged_words_are_complete():
    words = load_words()
    assert all(set(texts) == {"en", "nl"} for texts in words.replies.values())


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["replies"]["vote_up"].pop("nl"), "replies.vote_up needs both en and nl"),
    (lambda d: d["replies"]["cooldown_questions"].update(nl="Wacht {secs} seconden."), "different {placeholders}"),
    (lambda d: d["commands"]["ask"].update(name="Vraag Stellen"), "'Vraag Stellen' is not a valid command"),
    (lambda d: d.pop("choices"), "choices"),
    (lambda d: d["replies"].pop("input_term_daily"), "replies.input_term_daily is missing"),
])
def test_a_broken_words_file_is_one_clear_error_naming_it(tmp_path, change, message):
    path = edited(tmp_path, change)
    with pytest.raises(UserFacingError, match=message) as caught:
        load_words(path)
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)


def test_the_calculators_input_problems_say_in_english_exactly_what_the_cli_prints():
    replies = load_words().replies
    assert {key: replies[f"input_{key}"]["en"] for key in PROBLEMS} == PROBLEMS
    assert {code: replies[f"input_term_{code}"]["en"] for code in TERMS} == TERMS


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


def test_numbers_in_a_reply_follow_the_language():
    assert say("ingest_seconds", "en", seconds=1234.5) == "1,234.5 s"
    assert say("ingest_seconds", "nl", seconds=1234.5) == "1.234,5 s"


def test_only_a_dutch_client_reads_dutch():
    assert [locale_language(code) for code in ("nl", "en-US", "en-GB", "fr", None)] == ["nl", "en", "en", "en", "en"]


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


async def test_the_translator_leaves_other_languages_to_english():
    translator = DutchTranslator()
    string = app_commands.locale_str("ask")
    command = app_commands.Command(name="ask", description="d", callback=_callback)
    context = app_commands.TranslationContext(app_commands.TranslationContextLocation.command_name, command)
    assert await translator.translate(string, discord.Locale.dutch, context) == "vraag"
    assert await translator.translate(string, discord.Locale.french, context) is None
    assert await translator.translate(string, discord.Locale.american_english, context) is None


async def _callback(interaction: discord.Interaction) -> None:
    """A command body for the translator test."""
