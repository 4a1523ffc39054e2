"""The member's language: what the bot says in English and Dutch, and the Dutch names of its slash commands.

The words are data (knowledge/vocabulary/discord.yaml), checked when the bot starts; the code picks the language:
the question's for /ask (and mentions, DMs), the Discord client's (interaction locale) for everything else.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

import discord
from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where
from pydantic import BaseModel, ConfigDict

from bot.datafile import read_yaml_model
from bot.errors import UserFacingError
from bot.language import detect_language
from bot.models import Language
from bot.rates.amounts import PROBLEMS, TERMS, InputProblem, shown_value
from bot.settings import knowledge_file

LANGUAGES: tuple[Language, ...] = ("en", "nl")
# Discord's rule for command and option names (lower case where the script has case).
NAME = re.compile(r"^[-_\w]{1,32}$")


class CommandWords(BaseModel):
    """One command in Dutch: its name, description and, per option, [name, description]."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str
    options: dict[str, tuple[str, str]] = {}


class DiscordWords(BaseModel):
    """The whole file: Dutch commands and choices, and every reply in both languages."""

    model_config = ConfigDict(extra="forbid")

    commands: dict[str, CommandWords]
    choices: dict[str, str]
    replies: dict[str, dict[Language, str]]

    def checked(self, path: Path) -> DiscordWords:
        """Both languages for every reply, with the same placeholders; names Discord accepts."""
        for key, texts in self.replies.items():
            if set(texts) != set(LANGUAGES):
                raise UserFacingError(f"the Discord words {path}: replies.{key} needs both en and nl")
            if placeholders(texts["en"]) != placeholders(texts["nl"]):
                raise UserFacingError(f"the Discord words {path}: replies.{key} has different {{placeholders}} "
                                      "in en and nl")
        missing = [key for key in problem_keys() if key not in self.replies]
        if missing:
            raise UserFacingError(f"the Discord words {path}: replies.{missing[0]} is missing (a calculator input "
                                  "problem needs its words)")
        for key, command in self.commands.items():
            names = [command.name] + [name for name, _ in command.options.values()]
            bad = [name for name in names if not NAME.match(name) or name != name.lower()]
            if bad:
                raise UserFacingError(f"the Discord words {path}: commands.{key}: {bad[0]!r} is not a valid "
                                      "command or option name (lower case, up to 32 letters, digits, - or _)")
        return self


def problem_keys() -> list[str]:
    """The replies that say the calculators' input problems and the words they name."""
    return [f"input_{key}" for key in PROBLEMS] + [f"input_term_{code}" for code in TERMS]


def placeholders(text: str) -> set[str]:
    """The {names} a reply fills in."""
    return {name for _, name, _, _ in Formatter().parse(text) if name}


def words_file() -> Path:
    """The configured knowledge directory's Discord words, else this checkout's; found when first needed."""
    return knowledge_file("vocabulary", "discord.yaml")


def load_words(path: Path | None = None) -> DiscordWords:
    """The words of a file; anything malformed is one clear error naming the file."""
    path = path or words_file()
    return read_yaml_model(path, DiscordWords, "Discord words").checked(path)


@cache
def words() -> DiscordWords:
    """Read once per process (the bot checks the file at start-up, so a bad file never waits for a member)."""
    return load_words()


def say(key: str, language: Language, /, **values: Any) -> str:
    """A reply in one language; numbers are written the way that language writes them (1,5 or 1.5)."""
    shown = {name: shown_value(value, language) for name, value in values.items()}
    return words().replies[key][language].format(**shown)


def problem_text(problem: InputProblem, language: Language) -> str:
    """A calculator input problem in the member's language, its numbers in that language's format."""
    terms = {code: say(f"input_term_{code}", language) for code in TERMS}
    return problem.render(words().replies[f"input_{problem.key}"][language], terms, language)


def choice_name(value: str, language: Language) -> str:
    """A choice (level, city, unit) as the member's language names it."""
    return words().choices.get(value, value) if language == "nl" else value


def locale_language(locale: discord.Locale | str | None) -> Language:
    """Dutch for a Dutch Discord client (nl), English for every other one."""
    return "nl" if str(locale or "").lower().startswith("nl") else "en"


def interaction_language(interaction: discord.Interaction) -> Language:
    """The language of a command's replies: a `question` option's own language (the client's locale breaks a
    tie), else the client's locale. Kept on the interaction, so refusals and errors use the same one."""
    known = interaction.extras.get("language")
    if known in LANGUAGES:
        return known
    default = locale_language(interaction.locale)
    question = getattr(interaction.namespace, "question", None)
    language = detect_language(question, default) if isinstance(question, str) and question.strip() else default
    interaction.extras["language"] = language
    return language


class DutchTranslator(app_commands.Translator):
    """discord.py's Translator over the file's Dutch names: the sync payload carries them as `nl` localisations,
    so a Dutch client shows /vraag, /salaris… while the bot keeps receiving the English names."""

    async def load(self) -> None:
        """Check the file when the tree takes the translator (at start-up, before any sync)."""
        words()

    async def translate(
        self, string: app_commands.locale_str, locale: discord.Locale, context: app_commands.TranslationContext
    ) -> str | None:
        """The Dutch text for one name, description or choice; None leaves the English one."""
        if locale is not discord.Locale.dutch:
            return None
        if context.location is Where.choice_name:
            return words().choices.get(str(context.data.value))
        if context.location in (Where.command_name, Where.command_description):
            return _command_text(context.data.qualified_name, name=context.location is Where.command_name)
        if context.location in (Where.parameter_name, Where.parameter_description):
            return _option_text(context.data.command.qualified_name, context.data.display_name,
                                name=context.location is Where.parameter_name)
        return None


def _command_text(command: str, *, name: bool) -> str | None:
    words_of = words().commands.get(command)
    if words_of is None:
        return None
    return words_of.name if name else words_of.description


def _option_text(command: str, option: str, *, name: bool) -> str | None:
    words_of = words().commands.get(command)
    pair = words_of.options.get(option) if words_of else None
    if pair is None:
        return None
    return pair[0] if name else pair[1]
