"""Confidence from evidence that holds on documents nobody tuned for, in three languages: on two small documents
the test writes itself (an English sabbatical policy, a Dutch page on meal and eco cheques), on small sources with
fixed cosines, and on the real knowledge base for the calculators' routing."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from bot.models import Source
from bot.rag.answerers.answer_extractive import ExtractiveAnswerer
from bot.rag.index.embeddings import E5_MODEL, EVIDENCE
from bot.rates.router import route
from bot.runtime import build_runtime
from bot.settings import Settings
from bot.text.catalogue import say
from tests.integration.test_answers_multilingual import base_of

SABBATICAL = ("## Who may take a sabbatical\n\nAn employee with at least five years of service may take an unpaid "
              "sabbatical of up to six months. The request goes to the manager three months before the start.\n\n"
              "## The sabbatical fund\n\nThe company pays 40% of the last salary into the sabbatical fund each year "
              "the employee saves for it. The fund has existed since 2019.\n\n"
              "## Returning to work\n\nAfter a sabbatical the employee returns to the same role and the same pay.\n")
CHEQUES = ("## Maaltijdcheques\n\nIedere werknemer krijgt per gewerkte dag een maaltijdcheque van €8. "
           "De werkgever betaalt daarvan €6,91 en de werknemer €1,09.\n\n"
           "## Ecocheques\n\nEen voltijdse werknemer krijgt elk jaar in juni €250 aan ecocheques. "
           "Ze blijven 24 maanden geldig.\n\n"
           "## Fietsen\n\nWie met de fiets komt, krijgt €0,35 per kilometer.\n")
CLOSE_ENOUGH_ALONE = EVIDENCE[E5_MODEL].section_alone


@pytest.fixture(scope="module")
def two_documents(tmp_path_factory: pytest.TempPathFactory, embedder):
    runtime = base_of(tmp_path_factory.mktemp("transfer"),
                      [("sabbatical-policy", "Sabbatical policy", "en", SABBATICAL),
                       ("cheques", "Maaltijdcheques en ecocheques", "nl", CHEQUES)], embedder)
    runtime.ingest()
    return runtime


def closest(answer) -> float:  # noqa: ANN001
    return max(s.similarity for s in answer.sources)


@pytest.mark.parametrize(("question", "fact"), [
    ("How long are eco cheques valid?", "24 maanden"),  # an English question, a Dutch section
    ("Hoeveel procent van het loon stort het bedrijf in het sabbatfonds?", "40%"),  # and the reverse
])
def test_a_cross_language_question_is_answered_from_a_section_whose_cosine_is_low(two_documents, question, fact):
    answer = two_documents.engine.answer(question)
    assert closest(answer) < CLOSE_ENOUGH_ALONE  # a question in the section's language would need this much
    assert answer.confident, answer.text
    assert fact in answer.text


def test_a_question_about_a_country_the_documents_never_name_is_refused_though_its_cosine_is_high(two_documents):
    about_here = two_documents.engine.answer("How long may a sabbatical last?")
    elsewhere = two_documents.engine.answer("How long may a sabbatical last in Germany?")
    assert about_here.confident and "six months" in about_here.text
    assert not elsewhere.confident, elsewhere.text
    assert elsewhere.text.startswith(say("answer_unknown", "en"))


def test_a_question_about_a_year_the_sections_never_name_is_refused(two_documents):
    since = two_documents.engine.answer("Since when does the sabbatical fund exist?")
    back_then = two_documents.engine.answer("How long could a sabbatical last back in 2012?")
    assert since.confident and "2019" in since.text
    assert not back_then.confident, back_then.text


def test_an_amount_that_reads_like_a_year_is_no_year() -> None:
    from bot.rag.answerers.places import unsaid_years

    assert unsaid_years("back in 2012, during the crisis?", []) == ["2012"]
    for amount in ("I earn 2000 a month", "2000 euro bruto", "€2020 per maand", "2025k", "2.000,50", "2000/m"):
        assert unsaid_years(amount, []) == [], amount


def test_a_subject_no_document_uses_is_refused_though_its_section_is_close_enough_alone(two_documents):
    answer = two_documents.engine.answer("How much does a Netflix subscription cost for a sabbatical?")
    assert closest(answer) >= CLOSE_ENOUGH_ALONE  # the cosine alone would have answered it
    assert not answer.confident, answer.text


@pytest.mark.parametrize("question", [
    "Does the sabbatical fund buy stocks or bonds?",  # two unknown words, each saying little alone
    "Is the sabbatical fund in an ETF?",  # a subject named in capitals, short as chat shorthand
])
def test_a_subject_of_words_no_document_uses_is_refused_though_its_section_is_named(two_documents, question):
    answer = two_documents.engine.answer(question)
    assert not answer.confident, answer.text
    without_the_rule = dataclasses.replace(two_documents.engine.answerer.evidence, unknown_subject=0.0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(two_documents.engine.answerer, "evidence", without_the_rule)
        assert two_documents.engine.answer(question).confident  # the sabbatical fund alone would answer it


@pytest.mark.parametrize("question", [
    "Mag mijn hond mee tijdens de sabbatical?",  # a Dutch question, the English section on who may take one
    "Do meal cheques work in Lidl?",  # an English question, the Dutch section on meal cheques
])
def test_a_subject_no_document_uses_is_refused_across_languages_when_it_keeps_the_question_from_the_section(
        two_documents, question):
    answer = two_documents.engine.answer(question)
    assert max(answer.sources, key=lambda s: s.similarity).language != answer.language  # in the other language
    assert not answer.confident, answer.text
    without_the_rule = dataclasses.replace(two_documents.engine.answerer.evidence, unknown_subject_across=0.0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(two_documents.engine.answerer, "evidence", without_the_rule)
        assert two_documents.engine.answer(question).confident  # the section alone would answer it


def test_a_french_question_is_answered_with_a_french_frame_and_the_documents_own_words(two_documents):
    answer = two_documents.engine.answer("Combien de temps peut durer un congé sabbatique ?")
    assert answer.confident, answer.text
    assert answer.text.startswith(say("answer_intro", "fr"))
    assert "up to six months" in answer.text  # quoted as the document writes it


def test_a_french_question_is_not_refused_for_words_no_document_uses_when_no_document_is_french(two_documents):
    # every French word is unattested in Dutch and English documents, so that says nothing of its subject
    answer = two_documents.engine.answer("apres combien d'annees de service je peux prendre un conge sabbatique ?")
    assert answer.confident, answer.text
    assert "five years" in answer.text


def test_a_french_question_the_documents_do_not_answer_is_refused_in_french(two_documents):
    answer = two_documents.engine.answer("Combien coûte un abonnement Netflix ?")
    assert not answer.confident
    assert answer.text.startswith(say("answer_unknown", "fr"))
    assert say("answer_offer", "fr") in answer.text and "Sabbatical policy" in answer.text


# The sentence that answers: one section of six sentences, the model's cosines all alike, so only the kind of figure
# the question asks for tells the sentences apart.
PLAN = ("The employer pays 3% of the gross salary as premium. The employer pays the premium within 30 days of the "
        "invoice. The plan covers every employee. The insurer reports to the employee once a year. The report lists "
        "the reserves. The plan has no waiting period for new staff.")


def plan_answer(question: str) -> str:
    section = Source(rank=1, doc_id="plan", title="Group insurance", section="Premiums", path="knowledge/plan.md",
                     text=PLAN, similarity=0.9, score=1.0)
    answerer = ExtractiveAnswerer(meaning=lambda q, texts: np.full(len(texts), 0.85), evidence=EVIDENCE[E5_MODEL])
    answer = answerer.compose(question, "en", [section])
    assert answer.confident, answer.text
    return answer.text


def test_the_sentence_stating_the_asked_duration_is_chosen_over_a_sibling_with_a_percentage() -> None:
    text = plan_answer("How long does the employer have to pay the premium?")
    assert "within 30 days" in text and "3%" not in text


def test_the_sentence_stating_the_asked_percentage_is_chosen_over_a_sibling_with_a_duration() -> None:
    text = plan_answer("What % does the employer pay as premium?")
    assert "3% of the gross salary" in text and "30 days" not in text


def test_a_number_the_question_gives_is_not_the_answer_it_asks_for() -> None:
    text = plan_answer("The employer pays 3% as premium, but within how many days?")
    assert "within 30 days" in text


def test_a_figure_whose_unit_ends_a_dutch_compound_states_the_asked_kind() -> None:
    from bot.rag.answerers.asked import packaged

    asked = packaged()
    assert asked.states("Ben je langer dan 30 kalenderdagen afwezig, dan stopt ze.", {"days"})
    assert asked.states("Na 5 werkweken volgt een evaluatie.", {"duration"})
    assert not asked.states("Het werk is 12 maandelijkse taken.", {"duration"})  # a unit must end the word


# Two asks in one question: the maximum duration (a figure of the asked kind) and who pays (no figure).
CLAUSE = ("The clause lasts at most 12 months. The employer can waive it within 15 days. It has no effect during the "
          "first 6 months. The employer pays a compensation of half the gross salary for the duration of the clause. "
          "The clause is limited to the country.")


def test_a_sentence_answering_the_questions_other_part_is_not_pushed_out_by_figures_of_the_asked_kind() -> None:
    section = Source(rank=1, doc_id="clause", title="Contracts", section="The clause", path="knowledge/clause.md",
                     text=CLAUSE, similarity=0.9, score=1.0)
    answerer = ExtractiveAnswerer(meaning=lambda q, texts: np.full(len(texts), 0.85), evidence=EVIDENCE[E5_MODEL])
    answer = answerer.compose("How long may the clause last, and what compensation does the employer pay?", "en",
                              [section])
    assert answer.confident, answer.text
    assert "12 months" in answer.text and "half the gross salary" in answer.text


@pytest.mark.parametrize("question", [
    "Is my salary indexed every January in Belgium?",
    "Is the pay in Antwerp the same as in Brussels?",
    "Verdient een developer in Gent evenveel als in Brussel?",
])
def test_a_salary_worded_question_that_asks_for_no_figure_goes_to_the_documents(ingested, question) -> None:
    assert route(question, "en") is None
    assert ingested.engine.answer(question).answered_by != "calculator"


def test_a_comparison_of_two_cities_is_answered_by_the_documents_own_statement(ingested) -> None:
    answer = ingested.engine.answer("Is the pay in Antwerp the same as in Brussels?")
    assert answer.confident and "slightly lower than Brussels" in answer.text


def test_a_judgement_asked_of_an_amount_just_given_is_part_of_the_check(ingested) -> None:
    answer = ingested.engine.answer("I have 8 years of experience and an offer of €61,000 gross in Brussels. "
                                    "Is that a good offer?")
    assert answer.answered_by == "calculator" and answer.tool_calls[0].name == "check"
    assert say("answer_unknown", "en") not in answer.text


def test_a_mixed_question_whose_documents_part_is_not_answered_shows_the_calculation_alone(ingested) -> None:
    answer = ingested.engine.answer("Is €650 a day a good rate for a senior freelancer? "
                                    "And which crypto exchange has the lowest fees?")
    assert answer.tool_calls and answer.tool_calls[0].name == "check"
    assert say("answer_unknown", "en") not in answer.text and say("answer_offer", "en") not in answer.text
    assert all(not s.doc_id or s.cited or s.similarity == 0 for s in answer.sources)


def test_the_knowledge_directorys_own_places_file_replaces_the_packaged_one(tmp_path: Path, embedder) -> None:
    knowledge = tmp_path / "knowledge"
    (knowledge / "vocabulary").mkdir(parents=True)
    (knowledge / "vocabulary" / "places.yaml").write_text("elsewhere:\n  - [atlantis, atlantide]\n",
                                                          encoding="utf-8")
    runtime = build_runtime(Settings(_env_file=None, data_dir=tmp_path / "data", knowledge_dir=knowledge), embedder)
    places = runtime.engine.answerer.places
    assert places.unsupported("Combien de jours en Atlantide ?", []) == ["atlantide"]
    assert places.unsupported("How long in Germany?", []) == []  # the packaged list names it; this one does not
    sources = [Source(rank=1, doc_id="a", title="Atlantis", section="Leave", path="a.md", text="Leave in Atlantis.")]
    assert places.unsupported("How long is leave in Atlantis?", sources) == []  # the sources name it


def test_eval_groups_questions_by_kind_as_the_file_marks_it_or_as_its_closest_section_makes_it() -> None:
    from bot.evaluate import EvalQuestion, kind_of

    dutch = [Source(rank=1, doc_id="d", title="T", section="S", path="d.md", text="x", similarity=0.9, language="nl")]
    assert kind_of(EvalQuestion(id="a", q="Hoeveel verdient een junior?", must=[["x"]]), dutch) == "same language"
    assert kind_of(EvalQuestion(id="b", q="What does a junior earn?", must=[["x"]]), dutch) == "cross-language"
    assert kind_of(EvalQuestion(id="c", q="Combien gagne un junior ?", must=[["x"]]), dutch) == "French"
    assert kind_of(EvalQuestion(id="d", q="What does a junior earn?", offtopic=True), dutch) == "off-topic"
    assert kind_of(EvalQuestion(id="e", q="What does a junior earn?", must=[["x"]], kind="near-miss"), dutch) \
        == "near-miss"


LEAVE = ("You choose the form of your parental leave:\n\n- Full time: you stop working for 4 months.\n"
         "- Half time: you work half your hours for 8 months.\n")
CREDIT = " ".join(f"Time credit for {motive}: you can take this leave full time for {months} months per child."
                  for motive, months in (("a child", 48), ("care", 12), ("training", 36)))


def test_the_asked_fact_comes_from_the_closest_section_that_states_one_over_a_sibling_section_with_more_words():
    leave = Source(rank=1, doc_id="leave", title="Leave", section="Parental leave", path="knowledge/leave.md",
                   text=LEAVE, similarity=0.91, score=1.0)
    credit = Source(rank=2, doc_id="leave", title="Leave", section="Time credit", path="knowledge/leave.md",
                    text=CREDIT, similarity=0.89, score=0.9)
    answerer = ExtractiveAnswerer(meaning=lambda q, texts: np.full(len(texts), 0.85), evidence=EVIDENCE[E5_MODEL])
    answer = answerer.compose("How long can you take parental leave full time per child?", "en", [leave, credit])
    assert answer.confident and "4 months" in answer.text, answer.text
    assert "12 months" not in answer.text and "36 months" not in answer.text  # the sibling's other motives
