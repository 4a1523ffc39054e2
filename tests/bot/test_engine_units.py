"""The engine's routing on its own, with recording stand-ins for retriever, answerer and router: the paths that
`make mutate` found no test for (a calculation question a document answers, what reaches the answerer)."""

from __future__ import annotations

from bot.engine import Engine
from bot.models import Answer, Routed, Source, ToolCall, Turn

CHUNK = Source(rank=1, doc_id="backend-developer-flanders", title="Back-end developer", section="Salaris",
               path="knowledge/backend-developer-flanders.md", text="Een junior verdient €3.000 bruto per maand.")
FIGURE = Source(rank=1, doc_id="backend-rates-belgium-2026", title="Rates", section="Salary bands",
                path="knowledge/backend-rates-belgium-2026.md", text="Junior: €35,000–€50,000.")
CALCULATION = Routed(text="A junior earns €35,000–€50,000 [1].", sources=[FIGURE],
                     tool_calls=[ToolCall(name="salary", arguments={"level": "junior"}, result={})])


class Recorder:
    """Retriever and answerer at once: remembers what it was asked, returns one chunk and a fixed answer."""

    def __init__(self) -> None:
        self.searches: list[tuple[str, int]] = []
        self.composed: list[tuple] = []

    def search(self, query: str, k: int) -> list[Source]:
        self.searches.append((query, k))
        return [CHUNK]

    def compose(self, question, language, sources, history) -> Answer:  # noqa: ANN001 - the Answerer protocol
        self.composed.append((question, language, sources, list(history)))
        return Answer(question="not the question", language=language, text="Zie de salarissen [1].", confident=True,
                      sources=sources)


def engine(recorder: Recorder, documents_first=None) -> Engine:  # noqa: ANN001
    return Engine(retriever=recorder, answerer=recorder, router=lambda question, language: CALCULATION, top_k=3,
                  documents_first=documents_first)


def test_a_calculation_question_that_a_document_answers_is_answered_from_the_document() -> None:
    recorder, seen = Recorder(), []
    history = [Turn(role="user", text="Wat verdient een developer?"), Turn(role="assistant", text="Dat hangt af.")]
    question = "Hoeveel verdient een junior?"
    answer = engine(recorder, documents_first=lambda sources: seen.append(sources) or True).answer(question, history)
    assert recorder.searches == [(f"Wat verdient een developer? {question}", 3)]  # the follow-up, with top_k
    assert seen == [[CHUNK]]
    assert recorder.composed == [(question, "nl", [CHUNK], history)]
    assert answer.question == question and answer.text == "Zie de salarissen [1]." and answer.tool_calls == []


def test_a_calculation_question_no_document_answers_gets_the_calculator() -> None:
    recorder = Recorder()
    answer = engine(recorder, documents_first=lambda sources: False).answer("What does a junior earn?")
    assert recorder.composed == []
    assert answer.text == CALCULATION.text and answer.tool_calls == CALCULATION.tool_calls
    assert answer.sources[0].doc_id == FIGURE.doc_id and answer.sources[0].cited is True


def test_without_documents_first_a_calculation_never_looks_at_the_documents() -> None:
    recorder = Recorder()
    answer = engine(recorder).answer("What does a junior earn?")
    assert recorder.searches == [] and recorder.composed == []
    assert answer.text == CALCULATION.text


def test_a_mixed_question_passes_the_question_its_language_and_the_history_to_the_answerer() -> None:
    recorder = Recorder()
    mixed = Routed(text=CALCULATION.text, sources=[FIGURE], tool_calls=CALCULATION.tool_calls,
                   remainder="how do I prepare for the interview?")
    history = [Turn(role="user", text="Hello"), Turn(role="assistant", text="Hi")]
    question = "What does a junior earn and how do I prepare for the interview?"
    answer = Engine(retriever=recorder, answerer=recorder, router=lambda q, lang: mixed).answer(question, history)
    assert recorder.composed == [(question, "en", [CHUNK], history)]
    assert answer.text == CALCULATION.text + "\n\n" + "Zie de salarissen [2]."
    assert answer.question == question
