"""The message catalogue: one file per language, checked against English when it is read, one clear error naming
the file when it is broken."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.errors import UserFacingError
from bot.settings import SOURCE_KNOWLEDGE
from bot.text.catalogue import Catalogue, placeholders, say, step_text

MESSAGES = SOURCE_KNOWLEDGE / "vocabulary" / "messages"


def test_every_language_has_every_message_with_the_same_placeholders() -> None:
    catalogue = Catalogue.packaged()
    assert set(catalogue.languages) >= {"en", "nl", "fr"}
    reference = catalogue.files["en"].messages
    for language, file in catalogue.files.items():
        assert set(file.messages) == set(reference), language
        assert all(placeholders(text) == placeholders(reference[key]) for key, text in file.messages.items())


def test_every_localised_command_has_the_same_options() -> None:
    catalogue = Catalogue.packaged()
    dutch = catalogue.files["nl"].commands
    for language, file in catalogue.files.items():
        if language != "en":
            assert set(file.commands) == set(dutch), language
            assert all(set(command.options) == set(dutch[name].options) for name, command in file.commands.items())


def edited(tmp_path: Path, language: str, change) -> Path:  # noqa: ANN001 - a function that edits the loaded YAML
    directory = tmp_path / "messages"
    shutil.copytree(MESSAGES, directory)
    path = directory / f"{language}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return directory


@pytest.mark.parametrize(("language", "change", "message"), [
    ("nl", lambda d: d["messages"].pop("vote_up"), "nl.yaml lacks vote_up"),
    ("fr", lambda d: d["messages"].update(surplus="x"), "fr.yaml has an id the reference lacks: surplus"),
    ("fr", lambda d: d["messages"].update(cooldown_questions="Attendez {secs} s."), "other {placeholders}"),
    ("nl", lambda d: d["commands"]["ask"].update(name="Vraag Stellen"), "'Vraag Stellen' is not a valid command"),
    ("fr", lambda d: d["commands"]["ask"].update(description="x" * 101), "longer than Discord's 100 characters"),
    ("fr", lambda d: d["commands"]["salary"]["options"]["city"].__setitem__(0, "la ville"), "'la ville' is not a"),
    ("nl", lambda d: d.update(surplus={}), "surplus"),
])
def test_a_broken_catalogue_file_is_one_clear_error_naming_it(tmp_path, language, change, message) -> None:
    directory = edited(tmp_path, language, change)
    with pytest.raises(UserFacingError, match=message) as caught:
        Catalogue.load(directory)
    assert str(directory / f"{language}.yaml") in str(caught.value) and "\n" not in str(caught.value)


def test_a_catalogue_without_english_is_refused(tmp_path: Path) -> None:
    (tmp_path / "nl.yaml").write_text("messages: {}\n", encoding="utf-8")
    with pytest.raises(UserFacingError, match="has no en.yaml"):
        Catalogue.load(tmp_path)


def test_numbers_in_a_message_follow_the_language() -> None:
    assert say("ingest_seconds", "en", seconds=1234.5) == "1,234.5 s"
    assert say("ingest_seconds", "nl", seconds=1234.5) == "1.234,5 s"
    assert say("ingest_seconds", "fr", seconds=1234.5) == "1\u202f234,5 s"


def test_a_language_without_a_file_reads_english_and_an_unnamed_step_reads_as_writing() -> None:
    assert say("vote_up", "de") == say("vote_up", "en")
    assert step_text("checking", "nl") == "Het antwoord nakijken tegen de bronnen"
    assert step_text("thinking", "en") == step_text("writing", "en")
