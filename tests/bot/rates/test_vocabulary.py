"""The calculators' level, city and unit words are data a maintainer can extend."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.errors import UserFacingError
from bot.rates.vocabulary import after_patterns, load_words, words_file
from bot.rates.vocabulary import words as packaged

WORDS_FILE = words_file()


def test_the_packaged_words_load_with_every_level_city_and_unit() -> None:
    words = load_words(WORDS_FILE)
    assert set(words.levels) == {"junior", "mid", "senior"} and "medior" in words.levels["mid"]
    assert "gent" in words.cities["ghent"] and set(words.units) == {"hourly", "daily", "monthly", "yearly"}
    assert words == packaged()


def test_a_word_added_to_the_file_is_recognised(tmp_path: Path) -> None:
    text = WORDS_FILE.read_text(encoding="utf-8").replace("after: [dag, day, d,", "after: [dag, day, d, dia,")
    (tmp_path / "words.yaml").write_text(text, encoding="utf-8")
    pattern = after_patterns(load_words(tmp_path / "words.yaml"))["daily"]
    assert re.match(pattern, "per dia") and not re.match(after_patterns(packaged())["daily"], "per dia")


def test_a_unit_word_can_mean_another_unit_in_one_language() -> None:
    assert re.match(after_patterns(packaged(), "fr")["daily"], "/j")
    assert re.match(after_patterns(packaged(), "nl")["yearly"], "/j")
    assert not re.match(after_patterns(packaged(), "fr")["yearly"], "/j")


@pytest.mark.parametrize(("content", "says"), [
    ("levels: [", "cannot read the calculator words"),
    ("levels: {}\n", "cities: Field required"),  # the other keys are missing
    (WORDS_FILE.read_text(encoding="utf-8").replace("  leuven: [leuven, louvain]\n", ""), "cities lacks leuven"),
    (WORDS_FILE.read_text(encoding="utf-8").replace("junior: [", "juniorr: ["), "levels.juniorr"),
    (WORDS_FILE.read_text(encoding="utf-8").replace("  national: [", "  nation: ["), "intents.nation"),
    (WORDS_FILE.read_text(encoding="utf-8").replace("'tjm']", "'tjm(']"), "rate is not a valid pattern"),
])
def test_a_malformed_words_file_is_refused_with_a_message_naming_it(tmp_path: Path, content: str,
                                                                    says: str) -> None:
    path = tmp_path / "calculator_words.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(UserFacingError, match=says) as caught:
        load_words(path)
    assert str(path) in str(caught.value)
