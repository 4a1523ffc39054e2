"""The extractive answerer: quotes figures intact, cites its sources, and admits when it does not know."""

from __future__ import annotations

import re

import pytest


def test_confident_answer_quotes_the_figure_and_cites_a_source(ingested):
    answer = ingested.engine.answer("What is the total employer cost for a developer earning 70,000 euro gross?")
    assert answer.confident
    assert answer.language == "en"
    assert "costs the employer €87,500–€101,500 a year" in answer.text
    assert "€70,000 gross costs €90,000–€100,000 [1]" in answer.text
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.text)}
    assert cited and cited <= {s.rank for s in answer.sources}


def test_dutch_question_gets_dutch_fixed_words(ingested):
    answer = ingested.engine.answer("Welke tool genereert automatisch documentatie voor een codebase?")
    assert answer.language == "nl" and answer.confident
    assert answer.text.startswith("Uit de kennisbank:\n- Documatic")


@pytest.mark.parametrize(("question", "language", "opening"), [
    ("What is the capital of France?", "en", "I can't answer that"),
    ("Hoe bak ik een appeltaart?", "nl", "Daar heb ik geen antwoord op"),
    # each shares a word with the documents (auto, België, beste, fix), but not what the question is about
    ("Welke auto moet ik kopen?", "nl", "Daar heb ik geen antwoord op"),
    ("Wie is de premier van België?", "nl", "Daar heb ik geen antwoord op"),
    ("Wat is de beste smartphone?", "nl", "Daar heb ik geen antwoord op"),
    ("How do I fix my bike?", "en", "I can't answer that"),
])
def test_weak_evidence_says_it_does_not_know(ingested, question, language, opening):
    answer = ingested.engine.answer(question)
    assert not answer.confident
    assert answer.language == language
    assert answer.text.startswith(opening)


def test_follow_up_uses_the_previous_question(ingested):
    from bot.models import Turn

    history = [Turn(role="user", text="Wat is het gemiddelde salaris van een back-end developer in Vlaanderen?"),
               Turn(role="assistant", text="...")]
    answer = ingested.engine.answer("En per jaar?", history)
    assert answer.confident
    assert answer.text.startswith("In Vlaanderen (2024) verdient een back-end developer")
    assert "€36.000–€90.000 per jaar" in answer.text and "€37.000–€51.000 per jaar" in answer.text


def test_a_list_that_answers_the_question_is_quoted_whole(ingested):
    answer = ingested.engine.answer("Which online learning platforms are there?")
    assert answer.confident
    assert all(name in answer.text for name in ("Coursera", "Stepik", "GeekBrains", "Yandex Praktikum"))


def test_a_list_that_only_mentions_a_question_word_stays_one_item(ingested):
    answer = ingested.engine.answer("Welke programmeertalen moet een back-end developer kennen?")
    assert answer.confident and "programmeertalen zoals Python en Java" in answer.text
    assert "analytics en statistieken" not in answer.text  # a sibling item of the job description list


def test_a_heading_alone_does_not_make_a_sentence_relevant(ingested):
    answer = ingested.engine.answer("Wat is het effect van AI op de prijs van backend developers?")
    assert answer.confident and "tooling amplifies the value of experienced backend developers" in answer.text
    assert "Instead, they shift expectations." not in answer.text


def test_a_sentence_of_the_best_retrieved_chunk_that_shares_only_a_common_word_is_not_quoted():
    from bot.models import Source
    from bot.rag.answerers.answer_extractive import ExtractiveAnswerer

    def source(rank: int, section: str, body: str) -> Source:
        return Source(rank=rank, doc_id=f"d{rank}", title="Guide", section=section, path=f"knowledge/d{rank}.md",
                      text=f"Guide › {section}\n\n{body}")

    sources = [source(1, "Overview", "Recruiters like a calm candidate during the interview."),
               source(2, "Assignments", "A take-home assignment comes with a deadline and a code review. "
                                        "The code review of the assignment checks tests and naming. "
                                        "Deadline pressure for the assignment is part of the exercise.")]
    question = "How do take-home assignment deadlines and code review work in an interview?"
    answer = ExtractiveAnswerer().compose(question, "en", sources)
    # the second chunk answers; the first one's sentence says nothing asked beyond "interview": padding
    assert answer.confident and "with a deadline and a code review" in answer.text
    assert "a calm candidate" not in answer.text


def test_a_translation_that_holds_the_asked_word_adds_no_modifier_and_hyphenated_terms_count_whole() -> None:
    from bot.rag.answerers.answer_extractive import QuestionTerms

    (pension, freelancer) = [w for w in QuestionTerms.of("pension freelancer").words]
    assert "pensioenplan" in pension.translated and "plan" not in pension.translated  # not from "pension plan"
    assert "selfemploy" in freelancer.translated and "employ" not in freelancer.translated
