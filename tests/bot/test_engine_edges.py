"""The engine around one answer: the index build it pins gives the figures the calculators use, the pin is
released whatever happens, and the answer's question, limits and history are what the caller gave."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from bot.engine import Engine, Routed
from bot.errors import UserFacingError
from bot.models import Answer, Source, ToolCall, Turn
from bot.rates.figures import FigureBook, book_in_use, default_book
from bot.rates.router import route

CHUNK = Source(rank=1, doc_id="it-job-interviews", title="IT job interviews", section="Preparation",
               path="knowledge/it-job-interviews.md", text="Prepare with the STAR method.")


class Documents:
    """Retriever and answerer: one chunk for any query, an answer citing it, and what it was asked."""

    def __init__(self) -> None:
        self.asked: list[tuple] = []

    def search(self, query: str, k: int) -> list[Source]:
        self.asked.append(("search", query, k))
        return [CHUNK]

    def compose(self, question, language, sources, history) -> Answer:  # noqa: ANN001 - the Answerer protocol
        self.asked.append(("compose", question, language, list(history)))
        return Answer(question=question, language=language, text="Use the STAR method [1].", confident=True,
                      sources=sources)


def book_with_junior_band(low: float, high: float) -> FigureBook:
    """The packaged figures with another junior salary band, as a newer index build could hold."""
    packaged = default_book()
    junior = packaged.figure("salary.junior").model_copy(update={"low": low, "high": high})
    return packaged.model_copy(update={"figures": {**packaged.figures, "salary.junior": junior}})


class Pin:
    """A pinned index build: counts how often it is entered and left, and gives its figures."""

    def __init__(self, book: FigureBook | None) -> None:
        self.book, self.entered, self.left = book, 0, 0

    @contextmanager
    def __call__(self) -> Iterator[FigureBook | None]:
        self.entered += 1
        try:
            yield self.book
        finally:
            self.left += 1


def test_a_calculation_uses_the_figures_of_the_pinned_build() -> None:
    documents, pin = Documents(), Pin(book_with_junior_band(40000, 60000))
    engine = Engine(retriever=documents, answerer=documents, router=route, pinned=pin)
    answer = engine.answer("What does a junior earn?")
    assert "€40,000–€60,000" in answer.text and "€35,000–€50,000" not in answer.text
    assert answer.tool_calls[0].result["bands"][0]["national"]["low"] == 40000
    assert (pin.entered, pin.left) == (1, 1)
    assert book_in_use().figure("salary.junior").low == 35000  # only that answer used the pinned figures


def test_a_build_without_figures_leaves_the_packaged_ones() -> None:
    documents, pin = Documents(), Pin(None)
    engine = Engine(retriever=documents, answerer=documents, router=route, pinned=pin)
    answer = engine.answer("What does a junior earn?")
    assert "€35,000–€50,000" in answer.text and (pin.entered, pin.left) == (1, 1)


def test_the_pin_is_released_when_the_question_is_refused() -> None:
    documents, pin = Documents(), Pin(None)
    engine = Engine(retriever=documents, answerer=documents, router=route, pinned=pin)
    with pytest.raises(UserFacingError):
        engine.answer("   ")
    assert (pin.entered, pin.left) == (1, 1) and documents.asked == []


def test_a_question_at_the_length_limit_is_answered_and_one_over_is_refused() -> None:
    documents = Documents()
    engine = Engine(retriever=documents, answerer=documents, max_question_chars=40)
    question = "How do I prepare for an interview? " + "x" * 5
    assert len(question) == 40 and engine.answer(question).text == "Use the STAR method [1]."
    with pytest.raises(UserFacingError, match="41 characters long; keep it under 40"):
        engine.answer(question + "y")


def test_only_the_last_turns_of_the_history_reach_the_answerer() -> None:
    documents = Documents()
    history = [Turn(role="user" if i % 2 == 0 else "assistant", text=f"turn {i}") for i in range(8)]
    engine = Engine(retriever=documents, answerer=documents, history_turns=3)
    engine.answer("How should I prepare for a technical interview at a bank?", history)
    assert documents.asked[-1] == ("compose", "How should I prepare for a technical interview at a bank?", "en",
                                   history[-3:])


def test_the_answer_is_told_its_steps_and_a_failing_listener_costs_nothing() -> None:
    documents, steps = Documents(), []
    engine = Engine(retriever=documents, answerer=documents)
    engine.answer("How do I prepare for an interview?", progress=steps.append)
    assert steps == ["searching", "writing"]

    def broken(step: str) -> None:
        raise RuntimeError(step)

    assert engine.answer("How do I prepare for an interview?", progress=broken).text == "Use the STAR method [1]."


class Routes:
    """A router that always recognises a calculation, with or without a documents part."""

    def __init__(self, remainder: str = "") -> None:
        self.remainder, self.read = remainder, []

    def __call__(self, question: str, language: str) -> Routed:
        self.read.append(question)
        return Routed(text="A junior earns €35,000–€50,000 [1].", sources=[FIGURE], remainder=self.remainder,
                      tool_calls=[ToolCall(name="salary", arguments={"level": "junior"}, result={})])


FIGURE = Source(rank=1, doc_id="backend-rates-belgium-2026", title="Rates", section="Salary bands",
                path="knowledge/backend-rates-belgium-2026.md", text="Junior: €35,000–€50,000.")


class Refuses(Documents):
    """An answerer that says the documents do not answer, as the LLM answerer's fallback does."""

    def __init__(self, answered_by: str) -> None:
        super().__init__()
        self.answered_by = answered_by

    def compose(self, question, language, sources, history) -> Answer:  # noqa: ANN001 - the Answerer protocol
        return Answer(question=question, language=language, text="Not in the documents.", confident=False,
                      sources=sources, answered_by=self.answered_by, fallback_reason="not_in_documents")


def test_a_calculation_is_answered_by_the_calculator() -> None:
    documents = Documents()
    answer = Engine(retriever=documents, answerer=documents, router=Routes()).answer("What does a junior earn?")
    assert answer.answered_by == "calculator" and answer.fallback_reason is None


@pytest.mark.parametrize("answered_by", ["extractive", "llm"])
def test_a_mixed_answer_whose_documents_part_is_refused_shows_the_calculation_alone(answered_by: str) -> None:
    answerer = Refuses(answered_by)
    engine = Engine(retriever=answerer, answerer=answerer, router=Routes("how do I prepare for the interview?"))
    answer = engine.answer("What does a junior earn and how do I prepare for the interview?")
    assert answer.answered_by == "calculator" and answer.fallback_reason == "not_in_documents"
    assert "Not in the documents." not in answer.text and answer.tool_calls


@pytest.mark.parametrize("question", [None, "", " \n "])
def test_a_missing_question_is_refused_with_an_example(question: str | None) -> None:
    documents = Documents()
    with pytest.raises(UserFacingError) as refused:
        Engine(retriever=documents, answerer=documents).answer(question)  # type: ignore[arg-type]
    assert str(refused.value) == "the question is empty; ask something like 'What does a junior earn in Brussels?'"


@pytest.mark.parametrize(("history", "question", "read"), [
    ([], "and in Brussels?", "and in Brussels?"),  # nothing to follow up
    ([Turn(role="user", text="What does a junior earn?")], "and what about in Brussels then?",  # six words
     "What does a junior earn? and what about in Brussels then?"),
    ([Turn(role="user", text="What does a junior earn?")], "What does a senior earn in Antwerp these days?",
     "What does a senior earn in Antwerp these days?"),  # seven words: a question of its own
])
def test_only_a_short_follow_up_is_read_with_the_previous_question(history: list, question: str, read: str) -> None:
    documents, router = Documents(), Routes()
    Engine(retriever=documents, answerer=documents, router=router).answer(question, history)
    assert router.read == [read]


def test_one_section_gets_one_number_and_a_mark_naming_no_source_is_left_for_the_checks() -> None:
    second = CHUNK.model_copy(update={"rank": 2})  # another chunk of the same section
    answerer = Documents()
    answerer.compose = lambda question, language, sources, history: Answer(  # type: ignore[method-assign]
        question=question, language=language, text="Use the STAR method [1][2]. Practise [2] [1]. See [7].",
        confident=True, sources=[CHUNK, second])
    answer = Engine(retriever=answerer, answerer=answerer).answer("How do I prepare for an interview?")
    assert answer.text == "Use the STAR method [1]. Practise [1]. See [7]."
    assert [(s.rank, s.cited) for s in answer.sources] == [(1, True), (2, False)]


def test_a_runtime_gives_its_index_figures_to_whoever_asks_and_sets_them_for_no_one(ingested) -> None:
    live = ingested.engine.retriever.figures()
    assert live is not None and ingested.figures() is live  # the build's own copy, checked at ingest
    assert book_in_use() is default_book()  # outside a use_book block: the packaged files, whatever was built
