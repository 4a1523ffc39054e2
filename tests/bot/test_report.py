"""The maintainers' report on a feedback database these tests fill, on SQLite and on a real PostgreSQL server, with
the real packaged model: questions grouped by meaning across languages, distinct members from the stored hashes,
never-cited sections, retention and `forget`; then the command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from bot.feedback.report import CoverageReport, SectionRef, coverage_report, reference_questions
from bot.feedback.store import FeedbackStore
from bot.models import Answer, Source, ToolCall
from bot.rag.index.embeddings import LazyEmbedder
from tests.cli import careerbot

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
ANNA, BEN, CHLOE = 111_111_111_111_111_111, 222_222_222_222_222_222, 333_333_333_333_333_333
RATES = ("rates", "Rates 2026", "Freelance rates")
INTERVIEWS = ("interviews", "IT job interviews", "Preparing")
SECTIONS = [SectionRef(doc_id=d, title=t, section=s) for d, t, s in
            [RATES, ("rates", "Rates 2026", "Employee salaries"), INTERVIEWS, ("ai", "AI tools", "Overview")]]


def source(section: tuple[str, str, str], *, cited: bool, similarity: float = 0.8) -> Source:
    doc_id, title, name = section
    return Source(rank=1, doc_id=doc_id, title=title, section=name, path=f"knowledge/{doc_id}.md", text="chunk",
                  cited=cited, similarity=similarity)


def refused(question: str, language: str = "en") -> Answer:
    return Answer(question=question, language=language, text="The documents do not cover this.", confident=False,
                  sources=[source(RATES, cited=False, similarity=0.78)])


def answered(question: str, section: tuple[str, str, str], language: str = "en") -> Answer:
    return Answer(question=question, language=language, text="From the knowledge base: … [1]", confident=True,
                  sources=[source(section, cited=True)])


@pytest.fixture
def store(feedback_store: FeedbackStore) -> FeedbackStore:
    return feedback_store


def report(store: FeedbackStore, embedder: LazyEmbedder, days: int = 7) -> CoverageReport:
    return coverage_report(store, embedder.query_vectors, embedder.name, SECTIONS, days, now=NOW)


def fill(store: FeedbackStore) -> None:
    """Net pay asked three times in three languages by two members, a visa once, two interview questions answered."""
    asked = [(refused("Hoeveel netto hou ik over van 4000 bruto?", "nl"), ANNA),
             (refused("How much net pay do I get on 4000 gross?"), BEN),
             (refused("Combien me reste-t-il en net sur 4000 brut ?"), ANNA),
             (refused("Do I need a visa to work as a developer in Belgium?"), CHLOE),
             (answered("How do I prepare for a technical job interview?", INTERVIEWS), BEN),
             (answered("Hoe bereid ik me voor op een technisch sollicitatiegesprek?", INTERVIEWS, "nl"), CHLOE)]
    for answer, member in asked:
        store.record_answer(answer, private=False, now=NOW - timedelta(hours=1), asker=member)


def group_of(report: CoverageReport, question: str):  # noqa: ANN201 - a Group
    (found,) = [g for part in (report.gaps, report.top_questions) for g in part if question in g.examples]
    return found


def test_a_subject_asked_in_three_languages_is_one_gap_and_an_unrelated_one_another(store, embedder):
    fill(store)
    result = report(store, embedder)
    net = group_of(result, "How much net pay do I get on 4000 gross?")
    assert net.size == 3 and set(net.examples) == {"Hoeveel netto hou ik over van 4000 bruto?",
                                                   "How much net pay do I get on 4000 gross?",
                                                   "Combien me reste-t-il en net sur 4000 brut ?"}
    assert net.refused == 3 and net is result.gaps[0]
    assert {"net", "netto", "gross", "bruto", "brut"} & set(net.label.split(" · "))
    assert [(s.title, s.section, s.count) for s in net.sections] == [("Rates 2026", "Freelance rates", 3)]
    visa = group_of(result, "Do I need a visa to work as a developer in Belgium?")
    assert visa is not net and visa.size == 1
    (interviews,) = result.top_questions
    assert interviews.size == 2 and [s.section for s in interviews.sections] == ["Preparing"]


def test_members_are_counted_once_from_their_hashes_never_shown(store, embedder):
    fill(store)
    question = store.questions_since(NOW - timedelta(days=1))[0].id
    store.vote(question, CHLOE, "down", now=NOW)
    result = report(store, embedder)
    net = group_of(result, "How much net pay do I get on 4000 gross?")
    assert (net.members, net.voters, net.voted_down) == (2, 1, 1)  # Anna asked twice
    assert result.totals.members == 3 and result.totals.questions == 6 and result.totals.refused == 4
    text = result.model_dump_json()
    assert all(str(member) not in text for member in (ANNA, BEN, CHLOE))
    assert store.hash_user(ANNA) not in text


def test_sections_and_documents_never_cited_in_the_period(store, embedder):
    fill(store)
    calculator = answered("Rate for a senior?", RATES).model_copy(
        update={"tool_calls": [ToolCall(name="freelance", arguments={}, result={})]})
    store.record_answer(calculator, private=False, now=NOW)
    sources = report(store, embedder).sources
    assert [(s.doc_id, s.section) for s in sources.never_cited_documents] == [("ai", "")]
    assert [s.section for s in sources.never_cited_sections] == ["Employee salaries"]  # refusals cite nothing
    assert [(s.section, s.count) for s in sources.most_cited] == [("Preparing", 2), ("Freelance rates", 1)]
    assert [(v.name, v.answers) for v in sources.documents] == [("interviews", 2)]
    assert [(v.name, v.answers) for v in sources.calculators] == [("freelance", 1)]


def test_vectors_are_made_once_per_stored_question(store, embedder):
    fill(store)
    store.record_answer(refused("How much net pay do I get on 4000 gross?"), private=False, now=NOW)  # a repeat
    embedded: list[str] = []

    def counting(texts: list[str]):  # noqa: ANN202 - the real model's vectors
        embedded.extend(texts)
        return embedder.query_vectors(texts)

    first = coverage_report(store, counting, embedder.name, SECTIONS, 7, now=NOW)
    # seven questions, six distinct texts, and the reference questions once (kept in the store too)
    assert len(embedded) == 6 + len(reference_questions())
    again = coverage_report(store, counting, embedder.name, SECTIONS, 7, now=NOW)
    assert len(embedded) == 6 + len(reference_questions()) and again == first
    coverage_report(store, counting, "another model", SECTIONS, 7, now=NOW)
    assert len(embedded) == 2 * (6 + len(reference_questions()))  # another model's vectors are its own


def test_retention_deletes_old_questions_and_votes_only(store):
    old = store.record_answer(refused("old"), private=False, now=NOW - timedelta(days=91))
    recent = store.record_answer(refused("recent"), private=False, now=NOW - timedelta(days=89))
    store.vote(old, ANNA, "down", now=NOW - timedelta(days=91))
    store.vote(recent, ANNA, "down", now=NOW - timedelta(days=95))  # a vote's own age counts too
    store.vote(recent, BEN, "up", now=NOW - timedelta(days=1))
    gone = store.prune(90, now=NOW)
    assert (gone.questions, gone.votes) == (1, 2)
    assert [q.question for q in store.questions_since(NOW - timedelta(days=365))] == ["recent"]
    assert store.votes(recent) == {"up": 1, "down": 0}


def test_forget_deletes_a_members_votes_and_questions_and_nothing_else(store):
    theirs = store.record_answer(refused("mine"), private=False, now=NOW, asker=ANNA)
    other = store.record_answer(refused("yours"), private=False, now=NOW, asker=BEN)
    store.vote(theirs, BEN, "up", now=NOW)
    store.vote(other, ANNA, "down", now=NOW)
    store.vote(other, BEN, "up", now=NOW)
    gone = store.forget(ANNA)
    assert (gone.questions, gone.votes) == (1, 2)
    assert [q.question for q in store.questions_since(NOW - timedelta(days=1))] == ["yours"]
    assert store.votes(other) == {"up": 1, "down": 0}


def test_careerbot_report_applies_retention_and_forget_erases_a_member(tmp_path):
    store = FeedbackStore.in_data_dir(tmp_path / "data")
    now = datetime.now(UTC)
    store.record_answer(refused("Hoeveel netto hou ik over van 4000 bruto?\x1b[2J", "nl"), private=False,
                        now=now - timedelta(hours=2), asker=ANNA)
    store.record_answer(refused("How much net pay do I get on 4000 gross?"), private=False, now=now, asker=BEN)
    store.record_answer(refused("asked long ago"), private=False, now=now - timedelta(days=40), asker=BEN)
    store.close()

    done = careerbot("report", "--json", data_dir=tmp_path / "data", env={"CAREERBOT_FEEDBACK_RETENTION_DAYS": "30"})
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["retention"] == {"questions": 1, "votes": 0}
    assert result["totals"]["questions"] == 2 and [g["size"] for g in result["gaps"]] == [2]
    assert result["sources"]["index_read"] is False and "downvoted" in result and "low_confidence" in result

    text = careerbot("report", data_dir=tmp_path / "data").stdout
    assert text.startswith("Report for the last 7 days") and "2 questions refused" in text
    assert "\\x1b[2J" in text and "\x1b" not in text

    forgotten = careerbot("forget", str(ANNA), data_dir=tmp_path / "data")
    assert forgotten.returncode == 0 and forgotten.stdout.strip() == "deleted 0 votes and 1 question of that member"
    bad = careerbot("forget", "0", data_dir=tmp_path / "data")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
