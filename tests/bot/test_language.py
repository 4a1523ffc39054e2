"""The question's own language: French questions as members type them (short, accents or none) are French, while
Dutch questions that share "de" and "en" with French stay Dutch."""

from __future__ import annotations

import pytest

from bot.text.language import question_language


@pytest.mark.parametrize("question", [
    "combien de jours de congé ?",  # "de" is French as much as Dutch
    "préavis de démission ?",  # one shared word: the accents decide
    "taux de précompte professionnel ?",
    "congé de maternité aux Pays-Bas ?",
    "salaire de départ développeur junior ?",
    "congé parental durée?",  # no function word at all
    "jusqua quel age de lenfant on peut prendre le conge parental?",  # no accents, elisions run together
    "Travail à temps partiel",  # "à" is French, not the English article without its accent
])
def test_a_short_french_question_is_french(question: str) -> None:
    assert question_language(question) == "fr"


@pytest.mark.parametrize(("question", "language"), [
    ("Hoe lang duurt de opzeg?", "nl"),
    ("de 13e maand?", "nl"),  # "de" alone, no French spelling: Dutch as before
    ("ecocheques en maaltijdcheques?", "nl"),
    ("Wat is één dagtarief?", "nl"),  # an accent in a Dutch question outnumbered by its function words
    ("kennelijk onredelijk ontslag, max vergoeding?", "nl"),
    ("we also have devs in paris, what are the bonus rules in france? prime de partage de la valeur max?", "en"),
    ("Is €650 a day a good freelance rate?", "en"),
    # one French-spelt word is a loanword: the tie goes on to Dutch or English
    ("Carrière en gezin combineren", "nl"),
    ("Privé en werk", "nl"),
    ("Congé en de feestdagen", "nl"),
    ("Première job en de loonkloof", "nl"),
    ("Résumé tips", "en"),
    ("Protégé program pay", "en"),
    ("Jobs at Société Générale en Belgique", "en"),  # a name written with capitals is no French spelling
])
def test_dutch_and_english_questions_stay_theirs(question: str, language: str) -> None:
    assert question_language(question) == language
