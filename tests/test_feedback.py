"""The SQLite feedback store: votes, hashing, redaction, the report window, reopening the file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.feedback import FeedbackStore, redact_amounts
from bot.models import Answer, Source

NOW = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
USER = 123_456_789_012_345_678


def answer(question: str, *, confident: bool = True) -> Answer:
    source = Source(rank=1, doc_id="rates", title="Rates 2024", section="Freelance", path="knowledge/rates.md",
                    url=None, score=0.5, text="Full chunk text that should not be stored.")
    return Answer(question=question, language="en", text="An answer [1].", confident=confident, sources=[source])


@pytest.fixture
def store(tmp_path):
    store = FeedbackStore.in_data_dir(tmp_path)
    yield store
    store.close()


def test_a_down_vote_shows_up_in_the_report_with_question_and_sources(store):
    answer_id = store.record_answer(answer("Is 600 a day fair?"), private=False, now=NOW)
    assert store.vote(answer_id, USER, "down", now=NOW)
    report = store.report(7, now=NOW)
    (down,) = report.downvoted
    assert (down.question, down.down, down.up) == ("Is 600 a day fair?", 1, 0)
    assert [(s.rank, s.title, s.section) for s in down.sources] == [(1, "Rates 2024", "Freelance")]


def test_changing_a_vote_replaces_it(store):
    answer_id = store.record_answer(answer("q"), private=False, now=NOW)
    store.vote(answer_id, USER, "down", now=NOW)
    store.vote(answer_id, USER, "up", now=NOW)
    store.vote(answer_id, USER + 1, "up", now=NOW)
    assert store.votes(answer_id) == {"up": 2, "down": 0}
    assert store.report(7, now=NOW).downvoted == []


def test_a_vote_for_an_unknown_answer_is_refused(store):
    assert store.vote(999, USER, "up") is False


def test_low_confidence_questions_are_reported_without_votes(store):
    store.record_answer(answer("Wat verdient een architect?", confident=False), private=False, now=NOW)
    store.record_answer(answer("Confident one"), private=False, now=NOW)
    assert [a.question for a in store.report(7, now=NOW).low_confidence] == ["Wat verdient een architect?"]


def test_the_report_only_covers_the_last_n_days(store):
    store.record_answer(answer("old", confident=False), private=False, now=NOW - timedelta(days=10))
    store.record_answer(answer("new", confident=False), private=False, now=NOW - timedelta(days=1))
    assert [a.question for a in store.report(7, now=NOW).low_confidence] == ["new"]
    assert [a.question for a in store.report(30, now=NOW).low_confidence] == ["new", "old"]


def test_user_ids_are_stored_only_as_salted_hashes(tmp_path, store):
    answer_id = store.record_answer(answer("q"), private=False)
    store.vote(answer_id, USER, "up")
    store.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("feedback"))
    assert str(USER).encode() not in raw
    assert FeedbackStore.in_data_dir(tmp_path).hash_user(USER) != FeedbackStore(tmp_path / "other.db").hash_user(USER)


def test_votes_survive_reopening_the_file(tmp_path):
    first = FeedbackStore.in_data_dir(tmp_path)
    answer_id = first.record_answer(answer("q"), private=False)
    first.vote(answer_id, USER, "down")
    first.close()
    second = FeedbackStore.in_data_dir(tmp_path)
    second.vote(answer_id, USER, "down")  # same user again: still one vote, so the salt was kept
    assert second.votes(answer_id) == {"up": 0, "down": 1}
    second.close()


def test_private_questions_lose_their_amounts(store):
    store.record_answer(answer("Is €65.000 or 5,5k a month ok for 3 years?", confident=False), private=True, now=NOW)
    (stored,) = store.report(7, now=NOW).low_confidence
    assert stored.question == "Is €# or # a month ok for # years?"


def test_redact_amounts_leaves_words_alone():
    assert redact_amounts("junior in Ghent") == "junior in Ghent"
    assert redact_amounts("650 a day, 220 days") == "# a day, # days"
