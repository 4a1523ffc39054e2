"""French calculation questions reach the right calculator with the right inputs, through the words in
knowledge/vocabulary/calculator_words.yaml, and are answered in French; French questions for the documents are not
taken for calculations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.rates.router import route
from bot.text.language import question_language

TESTDATA = Path(__file__).resolve().parents[2] / "testdata"
CALCULATIONS = [json.loads(line) for line in (TESTDATA / "french_calculator_questions.jsonl").read_text(
    encoding="utf-8").splitlines() if line.strip()]
DOCUMENTS = [line.strip() for line in (TESTDATA / "french_document_questions.txt").read_text(
    encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CALCULATIONS, ids=[case["q"] for case in CALCULATIONS])
def test_a_french_calculation_question_reaches_its_calculator_with_its_inputs(case: dict) -> None:
    language = question_language(case["q"])
    routed = route(case["q"], language)
    assert language == "fr" and routed is not None and routed.tool_calls
    call = routed.tool_calls[0]
    assert call.name == case["calculator"]
    assert {name: call.arguments.get(name) for name in case["inputs"]} == case["inputs"]
    assert call.result["steps_fr"]  # the working in French as well


@pytest.mark.parametrize("question", DOCUMENTS)
def test_a_french_question_for_the_documents_is_no_calculation(question: str) -> None:
    assert route(question, question_language(question)) is None


def test_a_french_calculation_is_worded_in_french_with_belgian_french_amounts() -> None:
    routed = route("€550/j c'est correct pour un junior ?", "fr")
    assert routed is not None
    assert routed.text.startswith("550\u00a0€ par jour est 15\u202f% au-dessus de la fourchette junior de "
                                  "280\u00a0€–480\u00a0€")
    assert "Selon les termes des documents" in routed.text  # the quotes stay in the document's own words


def test_french_percentages_keep_their_sign_apart_as_the_amounts_do() -> None:
    french = route("combien gagne un développeur junior à Bruxelles ?", "fr")
    dutch = route("Wat verdient een junior in Brussel?", "nl")
    assert french is not None and dutch is not None
    assert "Bruxelles paie 5–15\u202f% de plus" in french.text and "36\u202f750\u00a0€" in french.text
    assert "5–15% meer" in dutch.text
