"""Answers that say what the documents say, in both languages, on documents written by the test itself."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.engine import cite_once
from bot.errors import UserFacingError
from bot.models import Answer, Source
from bot.rag.retrieval import glossary
from bot.runtime import build_runtime
from bot.settings import Settings

FRONT_MATTER = """---
title: "{title}"
language: "{language}"
topic: "career"
source: "written for this test"
year: 2026
region: "Belgium"
---

# {title}

"""
PERKS = ("## Conference budget\n\nEvery developer may spend €1,200 a year on conferences and training events. "
         "Travel to a conference is booked by the office manager.\n\n"
         "## Laptops\n\nNew hires choose between a MacBook Pro and a ThinkPad on their first day.\n")
BICYCLE = ("## Fietsvergoeding\n\nWie met de fiets naar kantoor komt, krijgt een vergoeding van €0,35 per kilometer. "
           "De vergoeding wordt elke maand met het loon uitbetaald.\n\n"
           "## Voordelen\n\nWerken bij ons biedt je een waaier aan voordelen.\n\n"
           "- maaltijdcheques van €8 per werkdag;\n- een hospitalisatieverzekering voor het hele gezin;\n"
           "- 32 vakantiedagen per jaar.\n\n"
           "## Parkeren\n\nAuto's parkeren in de ondergrondse garage; plaatsen worden niet gereserveerd.\n")


def write(directory: Path, name: str, title: str, language: str, body: str) -> None:
    (directory / f"{name}.md").write_text(FRONT_MATTER.format(title=title, language=language) + body,
                                          encoding="utf-8")


def base_of(root: Path, documents: list[tuple[str, str, str, str]], embedder):  # noqa: ANN001, ANN201
    """A runtime over a knowledge directory holding these (name, title, language, body) documents, not ingested."""
    knowledge = root / "knowledge"
    knowledge.mkdir()
    for document in documents:
        write(knowledge, *document)
    return build_runtime(Settings(_env_file=None, data_dir=root / "data", knowledge_dir=knowledge), embedder)


@pytest.fixture
def small_base(tmp_path: Path, embedder):
    """Two documents, one English and one Dutch, that no glossary entry was written for."""
    runtime = base_of(tmp_path, [("perks-policy", "Developer perks policy", "en", PERKS),
                                 ("kantoorreglement", "Kantoorreglement van het ontwikkelteam", "nl", BICYCLE)],
                      embedder)
    runtime.ingest()
    return runtime


def test_a_dutch_question_is_answered_from_an_english_section_with_a_dutch_frame(small_base):
    answer = small_base.engine.answer("Hoeveel budget krijg ik per jaar voor conferenties?")
    assert answer.confident, answer.text
    assert answer.text.startswith("Uit de kennisbank:")
    assert "€1,200 a year on conferences" in answer.text  # the document's own sentence, untranslated


def test_an_english_question_is_answered_from_a_dutch_section_with_an_english_frame(small_base):
    answer = small_base.engine.answer("How much is the bicycle allowance per kilometre?")
    assert answer.confident, answer.text
    assert answer.text.startswith("From the knowledge base:")
    assert "€0,35 per kilometer" in answer.text


def test_a_list_comes_with_the_sentence_that_introduces_it_in_document_order(small_base):
    answer = small_base.engine.answer("What benefits do I get when I work here?")
    assert answer.confident, answer.text
    positions = [answer.text.find(part) for part in ("waaier aan voordelen", "maaltijdcheques", "hospitalisatie",
                                                     "32 vakantiedagen")]
    assert -1 not in positions and positions == sorted(positions), answer.text


def test_the_refusal_names_the_documents_that_were_ingested(small_base):
    answer = small_base.engine.answer("Who won the last football World Cup?")
    assert not answer.confident
    assert "Developer perks policy" in answer.text and "Kantoorreglement van het ontwikkelteam" in answer.text
    assert "AI coding tools" not in answer.text  # not a fixed list of the seed documents' subjects


@pytest.mark.parametrize("question", [
    "What's the best pizza in Brussels?",
    "Where can I find good beer bars in Ghent?",
    "Wat voor weer wordt het morgen in Brussel?",
    "Hoe duur is een treinticket van Gent naar Antwerpen?",
    "How much does a restaurant meal cost in Leuven?",
    # the documents name a pension plan among an employee's benefits and health insurance among a freelancer's
    # costs, and say nothing about a freelancer's pension or which fund to choose
    "How much pension will I get as a freelancer?",
    "Which health insurance fund should I pick?",
])
def test_a_question_that_only_shares_a_city_or_a_common_word_is_refused(ingested, question):
    answer = ingested.engine.answer(question)
    assert not answer.confident, answer.text
    assert answer.text.startswith(("I can't answer", "Daar heb ik geen antwoord"))


@pytest.mark.parametrize("question", ["junior dev salary ghent?", "What does a database administrator do?",
                                      "Welke frameworks gebruik je voor backend-ontwikkeling?"])
def test_terse_and_synonym_questions_are_answered(ingested, question):
    assert ingested.engine.answer(question).confident


def test_one_section_is_cited_under_one_number(ingested):
    answer = ingested.engine.answer("Welke frameworks gebruik je voor backend-ontwikkeling?")
    places = {s.rank: (s.doc_id, s.section) for s in answer.sources}
    cited = sorted({int(n) for n in re.findall(r"\[(\d+)\]", answer.text)})
    assert cited and len({places[n] for n in cited}) == len(cited), answer.text
    assert "Spring" in answer.text and "Django" in answer.text
    shown = answer.shown_sources()
    assert len(shown) == len({(s.doc_id, s.section) for s in shown}) and all(s.cited for s in shown)


def test_citations_of_chunks_of_one_section_are_merged_and_marked_cited():
    def source(rank: int, section: str) -> Source:
        return Source(rank=rank, doc_id="doc", title="Doc", section=section, path="knowledge/doc.md", text="x")

    answer = Answer(question="q", language="en", text="- a [1]\n- b [3] [2]", confident=True,
                    sources=[source(1, "A"), source(2, "B"), source(3, "A"), source(4, "C")])
    merged = cite_once(answer)
    assert merged.text == "- a [1]\n- b [1] [2]"
    assert [s.cited for s in merged.sources] == [True, True, False, False]
    assert len(merged.sources) == 4  # every retrieved chunk stays in the JSON


@pytest.mark.parametrize("question, statement", [
    ("Do developers in Brussels earn more than elsewhere?", "5 to 15 percent more than the national average"),
    ("Verdient men in Gent minder dan in Brussel?", "slightly lower than Brussels"),
])
def test_a_comparison_between_places_leads_with_the_documents_statement(ingested, question, statement):
    answer = ingested.engine.answer(question)
    assert answer.tool_calls == [] and answer.confident
    assert statement in answer.text.split("\n")[1], answer.text


def test_the_packaged_glossary_loads_from_its_data_file():
    groups = glossary.load_groups(glossary.GLOSSARY_FILE)
    assert len(groups) > 100 and any({"salaris", "salary"} <= set(group) for group in groups)
    assert "salary" in glossary.Glossary(groups).expand("Wat is het salaris?")


def test_a_maintainer_can_extend_the_glossary_in_the_knowledge_directory(tmp_path: Path):
    vocabulary = tmp_path / "knowledge" / "vocabulary"
    vocabulary.mkdir(parents=True)
    (vocabulary / "glossary.yaml").write_text('groups:\n  - ["fietsvergoeding", "bicycle allowance"]\n',
                                              encoding="utf-8")
    runtime = build_runtime(Settings(_env_file=None, data_dir=tmp_path / "data",
                                     knowledge_dir=tmp_path / "knowledge"))
    assert "fietsvergoeding" in runtime.engine.retriever.glossary.expand("How much is the bicycle allowance?")
    assert "fietsvergoeding" not in glossary.Glossary.packaged().expand("How much is the bicycle allowance?")


@pytest.mark.parametrize("content", ["groups: [", "groups:\n  - just one term\n", "terms: []\n",
                                     'groups:\n  - ["alleen"]\n'])
def test_a_malformed_glossary_is_refused_with_a_message_naming_the_file(tmp_path: Path, content: str):
    vocabulary = tmp_path / "knowledge" / "vocabulary"
    vocabulary.mkdir(parents=True)
    (vocabulary / "glossary.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(UserFacingError, match="glossary.yaml"):
        build_runtime(Settings(_env_file=None, data_dir=tmp_path / "data", knowledge_dir=tmp_path / "knowledge"))
