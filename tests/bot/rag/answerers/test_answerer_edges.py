"""The extractive answerer's rules on small sources, with the model's judgement given as fixed cosines (the
embedding model is tested with the ingested corpus in test_answerer.py): when the closeness of a section, the lead
of the closest one, a heading or the shared words make an answer confident, and what the refusal says."""

from __future__ import annotations

import numpy as np
import pytest

from bot.models import Source
from bot.rag.answerers.answer_extractive import ExtractiveAnswerer
from bot.rag.index.embeddings import Evidence

# the thresholds as calibrated for the packaged model
EVIDENCE = Evidence(section_named=0.87, section_named_translated=0.90, stands_out=0.035, section_alone=0.885,
                    section_with_words=0.85, section_with_all_words=0.82)
PIZZA = "Which pizza should I order tonight?"  # shares no word with the sources
STORY = "Prepare a short story about a project you led."


def source(rank: int, section: str, text: str, similarity: float, title: str = "Backend careers") -> Source:
    return Source(rank=rank, doc_id=f"doc{rank}", title=title, section=section, path=f"knowledge/doc{rank}.md",
                  text=text, similarity=similarity, score=1.0 / rank)


def interviews(similarity: float) -> Source:
    return source(1, "Interviews", f"{STORY} Practise coding exercises daily. Ask about the team.", similarity)


def salaries(similarity: float) -> Source:
    return source(2, "Salaries", "A junior developer in Brussels earns €40,000 gross a year. Seniors earn more.",
                  similarity)


def model(cosines: dict[str, float] | None = None, default: float = 0.5):  # noqa: ANN201 - a Meaning
    """The model's cosine for each text (sentences and section names), `default` for any other."""
    return lambda question, texts: np.array([(cosines or {}).get(text, default) for text in texts])


def answer(question: str, sources: list[Source], meaning=None, titles=None):  # noqa: ANN001, ANN201
    meaning = meaning or model({STORY: 0.9})
    return ExtractiveAnswerer(meaning=meaning, titles=titles, evidence=EVIDENCE).compose(
        question, "en", sources)


@pytest.mark.parametrize(("closeness", "confident"), [
    ((0.885, 0.884), True),  # close enough on its own
    ((0.884, 0.883), False),  # not close enough, and no lead
    ((0.86, 0.82), True),  # stands out from the next section by the lead, and close enough for it
    ((0.86, 0.826), False),  # a lead just short of it
    ((0.81, 0.70), False),  # a lead, but not close enough for it
])
def test_a_section_the_model_finds_close_makes_the_answer_confident(closeness: tuple, confident: bool) -> None:
    result = answer(PIZZA, [interviews(closeness[0]), salaries(closeness[1])])
    assert result.confident is confident


@pytest.mark.parametrize(("closeness", "confident"), [(0.83, True), (0.81, False)])
def test_a_single_source_leads_by_its_whole_closeness(closeness: float, confident: bool) -> None:
    assert answer(PIZZA, [interviews(closeness)]).confident is confident


def test_a_section_heading_the_model_finds_about_the_question_is_enough() -> None:
    sources = [interviews(0.80), salaries(0.79)]
    assert answer(PIZZA, sources, model({"Interviews": 0.87, STORY: 0.9})).confident
    assert not answer(PIZZA, sources, model({"Interviews": 0.869, STORY: 0.9})).confident


def test_a_question_with_glossary_translations_needs_a_closer_heading() -> None:
    question = "Wat verdient een junior?"  # "verdient" has glossary translations, which lift every heading
    sources = [salaries(0.70), interviews(0.69)]
    close = {"A junior developer in Brussels earns €40,000 gross a year.": 0.9}
    assert not ExtractiveAnswerer(model({**close, "Salaries": 0.89}), evidence=EVIDENCE).compose(
        question, "nl", sources).confident
    assert ExtractiveAnswerer(model({**close, "Salaries": 0.90}), evidence=EVIDENCE).compose(
        question, "nl", sources).confident


@pytest.mark.parametrize(("question", "closeness", "confident"), [
    # every word shared: a section at section_with_all_words is enough
    ("Where does a junior developer in Brussels earn?", 0.82, True),
    ("Where does a junior developer in Brussels earn?", 0.81, False),
    # most but not all of them shared: the section must be closer
    ("Does a junior developer earn a bonus?", 0.85, True),
    ("Does a junior developer earn a bonus?", 0.84, False),
])
def test_shared_words_lower_how_close_the_section_must_be(question: str, closeness: float, confident: bool) -> None:
    sources = [salaries(closeness), interviews(closeness - 0.01)]
    result = answer(question, sources, model({"A junior developer in Brussels earns €40,000 gross a year.": 0.9}))
    assert result.confident is confident


def test_without_the_model_shared_words_decide() -> None:
    sources = [salaries(0.0), interviews(0.0)]
    known = ExtractiveAnswerer().compose("What does a junior developer earn in Brussels?", "en", sources)
    assert known.confident and "€40,000 gross a year" in known.text and known.text.startswith("From the knowledge")
    assert not ExtractiveAnswerer().compose(PIZZA, "en", sources).confident


def test_an_amount_question_prefers_the_sentence_with_the_figure() -> None:
    source_ = source(1, "Pay", "Junior pay depends on the company. A junior earns €40,000 a year.", 0.0)
    result = ExtractiveAnswerer().compose("How much does a junior earn?", "en", [source_])
    assert result.confident and "€40,000" in result.text


def test_the_refusal_names_what_the_documents_cover_and_the_closest_sections() -> None:
    sources = [interviews(0.5), salaries(0.4), source(3, "Tools", "Use an IDE.", 0.3)]
    result = answer(PIZZA, sources, titles=lambda: ["Backend careers", "IT job interviews"])
    assert not result.confident and result.sources == sources
    assert result.text == ("I can't answer that from the documents I have.\n"
                           "I can answer questions about what these documents cover: Backend careers; IT job "
                           "interviews.\nClosest sections: Backend careers › Interviews; Backend careers › Salaries")


def test_the_refusal_without_a_catalogue_or_sources() -> None:
    result = ExtractiveAnswerer().compose("Wat is de beste pizza?", "nl", [])
    assert result.text == ("Daar heb ik geen antwoord op in mijn documenten.\n"
                           "Vraag me iets over wat de documenten in de kennisbank behandelen.")
    same_section = [interviews(0.5), interviews(0.5).model_copy(update={"rank": 2})]
    text = answer(PIZZA, same_section).text
    assert text.endswith("Closest sections: Backend careers › Interviews")


def test_a_long_list_is_quoted_up_to_eight_items() -> None:
    items = "\n".join(f"- Platform{i} teaches backend skills" for i in range(1, 11))
    platforms = source(1, "Learning platforms", f"These learning platforms teach backend skills:\n{items}", 0.0)
    result = ExtractiveAnswerer().compose("Which learning platforms are there?", "en", [platforms])
    assert result.confident
    assert "Platform8 teaches backend skills; …" in result.text and "Platform9" not in result.text
