"""A maintainer edits, removes and adds documents: the calculators' figures are checked against the documents at
every ingest, travel with the index, and a running bot uses the new ones without a restart."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.rates.figures import load_book
from bot.runtime import Runtime
from ingest.figure_check import check_figures, numbers_in
from ingest.loaders import load_documents
from tests.cli import careerbot

REPO = Path(__file__).resolve().parents[2]
KNOWLEDGE = REPO / "knowledge"
FLANDERS = "backend-developer-flanders.md"
OLD_MONTHLY = "tussen de €3.000 en €6.000 bruto per maand"
NEW_MONTHLY = "tussen de €3.200 en €6.400 bruto per maand"
MONTHLY_QUESTION = "Hoeveel verdient een back-end developer in Vlaanderen per maand?"


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """A private copy of the knowledge base, figures included."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture
def runtime(knowledge: Path, make_runtime: Callable[..., Runtime]) -> Runtime:
    """A long-running runtime over the copy, ingested once."""
    built = make_runtime(knowledge_dir=knowledge)
    report = built.ingest(knowledge)
    assert report.figure_problems == [] and report.figures_checked == len(load_book(knowledge / "rates").figures)
    return built


def edit(path: Path, old: str, new: str, everywhere: bool = False) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path.name}"
    path.write_text(text.replace(old, new, -1 if everywhere else 1), encoding="utf-8")


def test_an_edited_quoted_sentence_stops_the_ingest_until_the_figure_follows(runtime: Runtime,
                                                                              knowledge: Path) -> None:
    assert "€3.000–€6.000" in runtime.engine.answer(MONTHLY_QUESTION).text
    edit(knowledge / FLANDERS, OLD_MONTHLY, NEW_MONTHLY)

    stopped = runtime.ingest(knowledge)
    (problem,) = stopped.figure_problems
    assert problem.startswith("rates/flanders-2024.yaml: flanders.monthly: its quote is no longer in section")
    assert f"now reads: \"Het gemiddelde salaris voor een back-end developer in 2024 ligt ongeveer {NEW_MONTHLY}." \
        in problem
    assert stopped.updated_documents == ["backend-developer-flanders"]
    # nothing switched: the old documents and their figures still answer, together
    before = runtime.engine.answer(MONTHLY_QUESTION)
    assert "€3.000–€6.000" in before.text and any(OLD_MONTHLY in s.text for s in before.sources)
    assert not any(NEW_MONTHLY in s.text for s in before.sources)

    rates = knowledge / "rates" / "flanders-2024.yaml"
    edit(rates, OLD_MONTHLY, NEW_MONTHLY)
    edit(rates, "low: 3000\n    high: 6000", "low: 3200\n    high: 6400")
    switched = runtime.ingest(knowledge)
    assert switched.figure_problems == [] and switched.figures_changed
    after = runtime.engine.answer(MONTHLY_QUESTION)  # the same process, no restart
    assert "€3.200–€6.400" in after.text and "€3.000–€6.000" not in after.text
    assert any(NEW_MONTHLY in s.text for s in after.sources)


def test_a_renamed_section_names_where_the_quote_went(runtime: Runtime, knowledge: Path) -> None:
    edit(knowledge / "backend-rates-belgium-2026.md", "## City-Level Salary Differences", "## Salaries by City")
    problems = runtime.ingest(knowledge).figure_problems
    brussels = next(p for p in problems if ": city.brussels: " in p)
    assert "section 'City-Level Salary Differences' is gone; its quote is now under 'Salaries by City'" in brussels
    assert {p.split(": ")[1] for p in problems} == {"city.brussels", "city.antwerp_ghent", "city.leuven",
                                                    "city.smaller"}


def test_a_removed_document_is_no_longer_cited_once_its_figures_go_too(runtime: Runtime, knowledge: Path) -> None:
    question = "Is €650 a day a good freelance rate for a medior?"
    assert any(s.doc_id == "backend-rates-belgium-2026" for s in runtime.engine.answer(question).sources)
    (knowledge / "backend-rates-belgium-2026.md").unlink()
    stopped = runtime.ingest(knowledge)
    assert stopped.removed_documents == ["backend-rates-belgium-2026"] and stopped.figure_problems
    assert all("its document backend-rates-belgium-2026.md is not in the knowledge base" in p
               for p in stopped.figure_problems)
    assert "backend-rates-belgium-2026" in {d.doc_id for d in runtime.documents()}  # the old index serves

    (knowledge / "rates" / "belgium-2026.yaml").unlink()
    assert runtime.ingest(knowledge).figure_problems == []
    answer = runtime.engine.answer(question)
    assert all(s.doc_id != "backend-rates-belgium-2026" for s in answer.sources)
    assert not answer.tool_calls  # no calculator quotes a document that is gone


def test_a_number_changed_only_in_the_figures_file_is_refused(runtime: Runtime, knowledge: Path) -> None:
    edit(knowledge / "rates" / "belgium-2026.yaml", "    low: 35000\n", "    low: 36000\n")
    report = runtime.ingest(knowledge, dry_run=True)
    assert report.figure_problems == ["rates/belgium-2026.yaml: salary.junior: 36000 is not a number of its quote"]


def test_a_new_topic_is_ingested_and_a_bad_one_is_named_with_what_is_accepted(runtime: Runtime,
                                                                              knowledge: Path) -> None:
    front = "---\ntitle: {title}\nlanguage: nl\ntopic: {topic}\nsource: Test\nyear: 2026\nregion: Belgium\n---\n"
    (knowledge / "benefits.md").write_text(front.format(title="Extralegale voordelen", topic="benefits")
                                           + "# Extralegale voordelen\n\nEen maaltijdcheque is maximaal acht euro "
                                           "per werkdag waard.\n", encoding="utf-8")
    (knowledge / "bad.md").write_text(front.format(title="Bad", topic="Benefits & Perks") + "Text.\n",
                                      encoding="utf-8")
    report = runtime.ingest(knowledge)
    assert report.added_documents == ["benefits"]
    (skipped,) = report.skipped
    assert skipped == ("knowledge/bad.md: front matter: topic is 'Benefits & Perks' (expected one lower-case word "
                       "of up to 30 letters, digits or hyphens, such as salary or ai-tools)")


def test_a_dry_run_on_an_unchanged_knowledge_base_checks_every_figure(runtime: Runtime, knowledge: Path) -> None:
    report = runtime.ingest(knowledge, dry_run=True)
    assert report.figures_checked == 26 and report.figure_problems == [] and not report.figures_changed
    assert report.summary_lines()[-1] == "figures: 26 checked against the documents, all match"


def test_the_repository_s_figures_all_match_their_documents() -> None:
    documents, skipped = load_documents(KNOWLEDGE)
    check = check_figures(KNOWLEDGE / "rates", documents, skipped)
    assert check.checked == len(load_book(KNOWLEDGE / "rates").figures) and check.problems == []


@pytest.mark.parametrize(("sentence", "language", "numbers"), [
    ("tussen de €3.000 en € 36.000 bruto, 20,5%", "nl", {3000, 36000, 20.5}),
    ("between €35,000 and €50,000 per year, 12.5%", "en", {35000, 50000, 12.5}),
    ("5 to 15 percent more", "en", {5, 15}),
    ("two to six years of experience", "en", {2, 6}),
    ("In 2026 100 developers", "en", {2026, 100}),
    ("een maand, twee dagen", "nl", {2}),  # "een" is the article
])
def test_numbers_of_a_quote_are_read_as_its_language_writes_them(sentence: str, language: str,
                                                                 numbers: set[float]) -> None:
    assert numbers_in(sentence, language) == numbers


@pytest.mark.parametrize(("old", "new", "says"), [
    ("    low: 3000\n", "    low: 3.000\n", "3 is not a number of its quote"),  # YAML reads 3.000 as 3
    ("    low: 3000\n    high: 6000", "    low: 6000\n    high: 3000", "low (6000) is above high (3000)"),
])
def test_a_number_that_is_not_the_quote_s_as_written_is_refused(runtime: Runtime, knowledge: Path, old: str,
                                                                new: str, says: str) -> None:
    edit(knowledge / "rates" / "flanders-2024.yaml", old, new)
    (problem,) = runtime.ingest(knowledge, dry_run=True).figure_problems
    assert problem == f"rates/flanders-2024.yaml: flanders.monthly: {says}"


def test_a_non_breaking_space_in_a_document_is_a_space(runtime: Runtime, knowledge: Path) -> None:
    edit(knowledge / "backend-rates-belgium-2026.md", "earn between €35,000", "earn between\u00a0€35,000")
    report = runtime.ingest(knowledge)
    assert report.figure_problems == [] and report.updated_documents == ["backend-rates-belgium-2026"]
    answer = runtime.engine.answer("What does a junior backend developer earn in Belgium?")
    assert "between €35,000" in " ".join(s.text for s in answer.sources)


def test_a_skipped_document_is_named_once_and_its_figures_point_to_it(runtime: Runtime, knowledge: Path) -> None:
    edit(knowledge / "backend-rates-belgium-2026.md", 'topic: "rates"', 'topic: "Rates"')
    report = runtime.ingest(knowledge)
    assert len(report.skipped) == 1 and "topic is 'Rates'" in report.skipped[0]
    assert report.figure_problems and all("was skipped (fix the document: see its line above)" in p
                                          for p in report.figure_problems)
    assert sum("topic is 'Rates'" in line for line in report.problem_lines()) == 1


def test_figures_without_their_assumptions_are_refused(runtime: Runtime, knowledge: Path) -> None:
    (knowledge / "rates" / "assumptions.yaml").unlink()
    problems = runtime.ingest(knowledge).figure_problems
    assert "rates/assumptions.yaml: months_of_pay: this assumption is missing, and every calculation needs it" \
        in problems


def test_one_answer_reads_one_build_when_an_ingest_switches_during_it(runtime: Runtime, knowledge: Path) -> None:
    old, new = "earn between €35,000 and €50,000", "earn between €38,000 and €50,000"
    edit(knowledge / "backend-rates-belgium-2026.md", old, new)
    rates = knowledge / "rates" / "belgium-2026.yaml"
    edit(rates, old, new, everywhere=True)  # two figures quote the sentence
    edit(rates, "    low: 35000\n", "    low: 38000\n")
    search = runtime.engine.retriever.search

    def search_during_an_ingest(query: str, k: int) -> list:
        if not runtime.engine.extra.get("ingested"):
            runtime.engine.extra["ingested"] = runtime.ingest(knowledge)  # a /reingest lands mid-answer
        return search(query, k)

    runtime.engine.retriever.search = search_during_an_ingest  # type: ignore[method-assign]
    answer = runtime.engine.answer("What does a junior backend developer earn in Belgium, and which skills "
                                   "should a backend developer learn?")
    assert runtime.engine.extra["ingested"].figures_changed, runtime.engine.extra["ingested"].figure_problems
    said = answer.text + " ".join(s.text for s in answer.sources)
    assert "€35,000" in said and "€38,000" not in said  # the calculator part and the documents part: one build
    runtime.engine.retriever.search = search  # type: ignore[method-assign]
    assert "€38,000" in runtime.engine.answer("What does a junior backend developer earn in Belgium?").text


def test_the_command_line_prints_one_line_per_failing_figure_and_exits_2(runtime: Runtime, knowledge: Path,
                                                                        tmp_path: Path) -> None:
    edit(knowledge / FLANDERS, OLD_MONTHLY, NEW_MONTHLY)
    done = careerbot("ingest", "--path", str(knowledge), data_dir=runtime.settings.data_dir,
                     env={"CAREERBOT_KNOWLEDGE_DIR": str(knowledge), "COLUMNS": "60"})
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("figure rates/flanders-2024.yaml: flanders.monthly: ") and NEW_MONTHLY in lines[0]
    assert len(lines) == 2 and "the previous one keeps answering" in lines[1]  # never wrapped, even at 60 columns
    assert done.stdout.startswith("would change: 5 documents") and "updated: backend-developer-flanders" in done.stdout

