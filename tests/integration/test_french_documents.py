"""A maintainer may add a document in French (`language: fr`): it is split, embedded and answered like the
others, to questions in French, Dutch and English, quoted in its own words."""

from __future__ import annotations

import pytest

from bot.text.catalogue import say
from tests.integration.test_answers_multilingual import base_of

TELEWORK = ("## L'indemnité de télétravail\n\nUn employeur peut verser une indemnité de bureau de 154,74 € par mois "
            "à un employé qui travaille régulièrement à domicile. Cette indemnité n'est pas imposable.\n\n"
            "## Le matériel\n\nL'employeur fournit un ordinateur portable et un écran. L'employé les rend à la fin "
            "du contrat.\n")
ONBOARDING = ("## The first week\n\nA new developer pairs with a mentor for the whole first week and ships a small "
              "change by Friday.\n")


@pytest.fixture(scope="module")
def with_a_french_document(tmp_path_factory: pytest.TempPathFactory, embedder):
    runtime = base_of(tmp_path_factory.mktemp("french"), [("teletravail", "Le télétravail", "fr", TELEWORK),
                                                          ("onboarding", "Onboarding", "en", ONBOARDING)], embedder)
    report = runtime.ingest()
    assert "teletravail" in report.added_documents and not report.skipped
    return runtime


@pytest.mark.parametrize(("question", "frame"), [
    ("Quel est le montant de l'indemnité de télétravail par mois ?", "fr"),
    ("How much is the monthly home-working allowance?", "en"),
    ("Hoeveel bedraagt de thuiswerkvergoeding per maand?", "nl"),
])
def test_a_french_document_answers_in_every_language_in_its_own_words(with_a_french_document, question, frame):
    answer = with_a_french_document.engine.answer(question)
    assert answer.confident, answer.text
    assert answer.text.startswith(say("answer_intro", frame))
    assert "154,74 €" in answer.text  # quoted as the document writes it
    assert answer.sources[0].language == "fr"
