"""The member's language at the Discord edge: which language a reply is in, and the slash commands' localised names.

Every text is in the message catalogue (bot/text/catalogue.py, knowledge/vocabulary/messages/<language>.yaml), checked
when the bot starts; this module picks the language: the question's for /ask (and mentions, DMs), the Discord
client's (interaction locale) for everything else.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.models import Language
from bot.rates.amounts import InputProblem
from bot.text.catalogue import Catalogue
from bot.text.language import question_language

# The languages the Discord interface speaks, English first (a client in any other language reads English).
LANGUAGES: tuple[Language, ...] = ("en", "nl", "fr")
# Discord's locales per language (discord.Locale values start with the language code: "fr", "nl", "en-US").
LOCALES = {language: tuple(locale for locale in discord.Locale if locale.value.split("-")[0] == language)
           for language in LANGUAGES}


def catalogue() -> Catalogue:
    """The packaged catalogue, read once (the bot reads it at start-up, so a bad file never waits for a member)."""
    return Catalogue.packaged()


def say(key: str, language: str, /, **values: Any) -> str:
    """A reply in one language; numbers are written the way that language writes them (1,5 or 1.5)."""
    return catalogue().say(key, language, **values)


def problem_text(problem: InputProblem, language: str) -> str:
    """A calculator input problem in the member's language, its numbers in that language's format."""
    return problem.text(catalogue(), language)


def choice_name(value: str, language: str) -> str:
    """A choice (level, city, unit) as the member's language names it."""
    return catalogue().choice(value, language)


def locale_language(locale: discord.Locale | str | None) -> Language:
    """The interface language of a Discord client's locale ("fr", "nl", "en-GB"): English for any other."""
    code = str(locale or "").lower().split("-")[0]
    return next((language for language in LANGUAGES if language == code), "en")


def interaction_language(interaction: discord.Interaction) -> Language:
    """The language of a command's replies: a `question` option's own language (the client's locale breaks a
    tie), else the client's locale. Kept on the interaction, so refusals and errors use the same one."""
    known = interaction.extras.get("language")
    if known in LANGUAGES:
        return known
    default = locale_language(interaction.locale)
    question = getattr(interaction.namespace, "question", None)
    language = question_language(question, default) if isinstance(question, str) and question.strip() else default
    interaction.extras["language"] = language
    return language


class CatalogueTranslator(app_commands.Translator):
    """discord.py's Translator over the catalogue's command names: the sync payload carries them as localisations
    (`nl`, `fr`), so a Dutch client shows /vraag, /salaris…, a French one /demander, /salaire…, while the bot
    keeps receiving the English names."""

    async def load(self) -> None:
        """Check the catalogue when the tree takes the translator (at start-up, before any sync)."""
        catalogue()

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContext
    ) -> str | None:
        """The localised text for one name, description or choice; None leaves the English one."""
        language = next((language for language, locales in LOCALES.items() if locale in locales), "en")
        if language == "en":
            return None
        if context.location is Where.choice_name:
            return catalogue().named_choice(str(context.data.value), language)
        if context.location in (Where.command_name, Where.command_description):
            return _command_text(language, context.data.qualified_name, name=context.location is Where.command_name)
        if context.location in (Where.parameter_name, Where.parameter_description):
            return _option_text(language, context.data.command.qualified_name, context.data.display_name,
                                name=context.location is Where.parameter_name)
        return None


def _command_text(language: str, command: str, *, name: bool) -> str | None:
    words_of = catalogue().command(language, command)
    if words_of is None:
        return None
    return words_of.name if name else words_of.description


def _option_text(language: str, command: str, option: str, *, name: bool) -> str | None:
    words_of = catalogue().command(language, command)
    pair = words_of.options.get(option) if words_of else None
    if pair is None:
        return None
    return pair[0] if name else pair[1]
