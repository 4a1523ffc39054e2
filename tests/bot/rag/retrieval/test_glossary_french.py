"""French terms in the glossary lead a French question to its group's Dutch and English terms, and change nothing
for a Dutch or English question."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.errors import UserFacingError
from bot.rag.retrieval.glossary import GLOSSARY_FILE, Glossary

GLOSSARY = Glossary.from_file(GLOSSARY_FILE)


def test_a_french_term_leads_to_its_groups_dutch_and_english_terms() -> None:
    found = GLOSSARY.expand("Quel est le tarif journalier d'un indépendant ?")
    assert {"dagtarief", "day rate", "zelfstandige", "freelance"} <= set(found)


def test_french_terms_are_no_translation_of_a_dutch_or_english_question() -> None:
    without = Glossary(GLOSSARY.groups)
    for question in ("What does my employer pay for a day rate?", "Wat kost een werknemer de werkgever?"):
        assert GLOSSARY.expand(question) == without.expand(question)
        assert not {"employeur", "tarif journalier"} & set(GLOSSARY.expand(question))


def test_a_french_term_naming_no_group_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text('groups:\n  - ["loon", "salary"]\nfrench:\n  salaire: wage\n', encoding="utf-8")
    with pytest.raises(UserFacingError, match=f"the glossary {path}: french: 'salaire' must name a term of a group"):
        Glossary.from_file(path)
