"""Everything careerbot says, in every language it speaks: one catalogue file per language
(knowledge/vocabulary/messages/<language>.yaml), each message by id with {placeholders}, numbers filled in the
reader's format (bot/text/formats.py). English is the reference: every other file has the same ids and placeholders,
and Discord names that Discord accepts, checked when the file is read (the bot and the CLI read it at start-up).
A new language is one more file."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from string import Formatter
from typing import Any

from pydantic import BaseModel, ConfigDict

from bot.datafile import read_yaml_model
from bot.errors import UserFacingError
from bot.settings import SOURCE_KNOWLEDGE
from bot.text.formats import shown_value

REFERENCE = "en"
# Discord's rules for command and option names (lower case where the script has case) and descriptions.
DISCORD_NAME = re.compile(r"^[-_\w]{1,32}$")
DISCORD_DESCRIPTION_MAX = 100


class CommandWords(BaseModel):
    """One slash command in a language other than English: its name, description and, per option, [name,
    description]. The English ones are in the code."""

    model_config = ConfigDict(extra="forbid")

    name: str
    description: str
    options: dict[str, tuple[str, str]] = {}

    def problem(self) -> str | None:
        """What Discord would refuse in these names and descriptions, if anything."""
        names = [self.name] + [name for name, _ in self.options.values()]
        bad = next((name for name in names if not DISCORD_NAME.match(name) or name != name.lower()), None)
        if bad is not None:
            return f"{bad!r} is not a valid command or option name (lower case, up to 32 letters, digits, - or _)"
        descriptions = [self.description] + [text for _, text in self.options.values()]
        long = next((text for text in descriptions if not 1 <= len(text) <= DISCORD_DESCRIPTION_MAX), None)
        if long is not None:
            return f"the description {long[:40]!r}… is longer than Discord's {DISCORD_DESCRIPTION_MAX} characters"
        return None


class LanguageFile(BaseModel):
    """One language's file."""

    model_config = ConfigDict(extra="forbid")

    messages: dict[str, str]
    choices: dict[str, str] = {}  # how the language names an option's value ("mid" is "medior")
    commands: dict[str, CommandWords] = {}


def placeholders(text: str) -> set[str]:
    """The {names} a message fills in."""
    return {name for _, name, _, _ in Formatter().parse(text) if name}


class Catalogue:
    """The messages of every language found in one directory, checked against English."""

    def __init__(self, files: dict[str, LanguageFile]) -> None:
        self.files = files
        self.languages = tuple(files)

    def say(self, key: str, language: str, /, **values: Any) -> str:
        """A message in one language (English for a language without a file); numbers in that language's
        format."""
        file = self.files.get(language, self.files[REFERENCE])
        shown = {name: shown_value(value, language) for name, value in values.items()}
        return file.messages[key].format(**shown)

    def choice(self, value: str, language: str) -> str:
        """An option's value (a level, city or unit) as the language names it (the value itself if it does not)."""
        return self.named_choice(value, language) or value

    def named_choice(self, value: str, language: str) -> str | None:
        """The language's own name for an option's value, if its file gives one."""
        file = self.files.get(language)
        return file.choices.get(value) if file else None

    def command(self, language: str, command: str) -> CommandWords | None:
        """A slash command's names in a language, if that language's file gives them."""
        file = self.files.get(language)
        return file.commands.get(command) if file else None

    @classmethod
    def load(cls, directory: Path) -> Catalogue:
        """Every <language>.yaml in the directory; anything malformed or unequal is one clear error naming the
        file."""
        paths = sorted(directory.glob("*.yaml"))
        files = {path.stem: read_yaml_model(path, LanguageFile, "message catalogue") for path in paths}
        if REFERENCE not in files:
            raise UserFacingError(f"the message catalogue {directory} has no {REFERENCE}.yaml")
        for path in paths:
            checked(path, files[path.stem], files[REFERENCE])
        ordered = {REFERENCE: files.pop(REFERENCE), **files}
        return cls(ordered)

    @classmethod
    @cache
    def packaged(cls) -> Catalogue:
        """This checkout's catalogue, read once per process."""
        return cls.load(SOURCE_KNOWLEDGE / "vocabulary" / "messages")


def checked(path: Path, file: LanguageFile, reference: LanguageFile) -> None:
    """The same ids and placeholders as the reference, and commands Discord accepts."""
    missing = sorted(set(reference.messages) - set(file.messages))
    extra = sorted(set(file.messages) - set(reference.messages))
    if missing or extra:
        which, key = ("lacks", missing[0]) if missing else ("has an id the reference lacks:", extra[0])
        raise UserFacingError(f"the message catalogue {path} {which} {key}")
    for key, text in file.messages.items():
        if placeholders(text) != placeholders(reference.messages[key]):
            raise UserFacingError(f"the message catalogue {path}: {key} has other {{placeholders}} than "
                                  f"{REFERENCE}.yaml")
    for name, command in file.commands.items():
        if problem := command.problem():
            raise UserFacingError(f"the message catalogue {path}: commands.{name}: {problem}")


def say(key: str, language: str, /, **values: Any) -> str:
    """A message from the packaged catalogue."""
    return Catalogue.packaged().say(key, language, **values)


def step_text(step: str, language: str) -> str:
    """The step an answer is at (the engine's progress: searching, writing, checking…), as the reader's language
    says it; an unnamed step reads as writing."""
    messages = Catalogue.packaged()
    key = f"step_{step}"
    return messages.say(key if key in messages.files[REFERENCE].messages else "step_writing", language)
