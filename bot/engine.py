"""answer(question, history) -> Answer: routes calculations to the calculators, the rest to retrieval."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from bot.errors import UserFacingError
from bot.models import Answer, Language, Routed, Source, Turn
from bot.parts import Answerer, Progress, Retriever, Router, report, reporting_to
from bot.rates.figures import FigureBook, use_book
from bot.text.catalogue import Catalogue
from bot.text.citations import cited_numbers, renumber, without_repeats
from bot.text.language import detect_language, question_language

log = logging.getLogger(__name__)

# A follow-up this short ("and in Brussels?") is read together with the previous question.
FOLLOW_UP_MAX_WORDS = 6
HISTORY_TURNS = 6


@dataclass
class Engine:
    """One engine for every front end; built once in main() and passed in."""

    retriever: Retriever
    answerer: Answerer
    router: Router | None = None
    top_k: int = 4
    max_question_chars: int = 1000
    history_turns: int = HISTORY_TURNS
    # Given what retrieval found for a question the router took, whether a document answers it instead: a
    # calculator answers what it computes, not every question that names a level, a city or a salary.
    documents_first: Callable[[list[Source]], bool] | None = None
    # Pins the live index build for one answer and gives its figures (None: the packaged ones), so an answer
    # never mixes two builds' documents or figures when an ingest switches in the middle of it.
    pinned: Callable[[], AbstractContextManager[FigureBook | None]] | None = None
    extra: dict = field(default_factory=dict)
    messages: Catalogue = field(default_factory=Catalogue.packaged)

    def answer(self, question: str, history: Sequence[Turn] = (), progress: Progress | None = None) -> Answer:
        """Answer one question, using the recent turns of the conversation for follow-ups; `progress` is told
        each step (it is called in the answering thread)."""
        with reporting_to(progress), self.pinned() if self.pinned else nullcontext() as book, use_book(book):
            return cite_once(self._answer(question, history))

    def _answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        question = self._validated(question)
        history = list(history)[-self.history_turns :]
        language = detect_language(question)
        reply = question_language(question, language)  # a calculation is worded in the question's own language
        effective = contextualise(question, history)
        routed = self.router(without_mentions(effective), reply) if self.router else None
        if routed is None:
            return self._retrieval_answer(question, effective, language, history)
        if not routed.remainder.strip() and self.documents_first is not None:
            sources = self._documents_for(effective)
            if sources and self.documents_first(sources):
                return self._compose(question, language, sources, history)
        if not routed.remainder.strip():
            return calculation_alone(question, reply, routed)
        return self._combined(question, language, routed, history)

    def _documents_for(self, query: str) -> list[Source]:
        """Retrieval for a question a calculator can answer; a calculator needs no index, so none is fine."""
        try:
            return self.retriever.search(query, self.top_k)
        except UserFacingError:
            return []

    def _validated(self, question: str) -> str:
        question = (question or "").strip()
        if not question:
            raise UserFacingError("the question is empty; ask something like 'What does a junior earn in Brussels?'")
        if len(question) > self.max_question_chars:
            raise UserFacingError(
                f"the question is {len(question)} characters long; keep it under {self.max_question_chars}"
            )
        return question

    def _retrieval_answer(self, question: str, query: str, language: Language, history: list[Turn]) -> Answer:
        report("searching")
        return self._compose(question, language, self.retriever.search(query, self.top_k), history)

    def _compose(self, question: str, language: Language, sources: list[Source], history: list[Turn]) -> Answer:
        report("writing")
        answer = self.answerer.compose(question, language, sources, history)
        return answer.model_copy(update={"question": question})

    def _combined(self, question: str, language: Language, routed: Routed, history: list[Turn]) -> Answer:
        """A calculation plus a documents question: the calculator's part first, then the retrieved part."""
        reply = question_language(question, language)
        try:
            documents = self._retrieval_answer(question, routed.remainder, language, history)
        except UserFacingError as err:  # the calculators need no index: an index that is gone costs only its part
            log.warning("the documents part of a calculation question failed: %s", err)
            note = self.messages.say("answer_documents_unavailable", reply)
            return calculation_alone(question, reply, routed, note=note, fallback_reason="index unavailable")
        if not documents.confident:  # the calculation alone, never a refusal glued under it (the reason is kept)
            return calculation_alone(question, reply, routed, fallback_reason=documents.fallback_reason)
        offset = len(routed.sources)
        shifted = [s.model_copy(update={"rank": s.rank + offset}) for s in documents.sources]
        text = routed.text + "\n\n" + shift_citations(documents.text, offset)
        return Answer(question=question, language=reply, text=text, confident=routed.confident,
                      sources=routed.sources + shifted, tool_calls=routed.tool_calls + documents.tool_calls,
                      answered_by="calculator" if documents.answered_by == "extractive" else documents.answered_by,
                      fallback_reason=documents.fallback_reason)


# How Discord writes a mention of a member, role or channel in a message's text: <@123>, <@!123>, <@&123>, <#123>.
MENTION = re.compile(r"<(?:@[!&]?|#)\d+>")


def calculation_alone(question: str, language: Language, routed: Routed, *, note: str = "",
                      fallback_reason: str | None = None) -> Answer:
    """The calculator's answer as the whole answer (with a note under it, when there is one)."""
    text = routed.text + "\n\n" + note if note else routed.text
    return Answer(question=question, language=language, text=text, confident=routed.confident,
                  sources=routed.sources, tool_calls=routed.tool_calls, answered_by="calculator",
                  fallback_reason=fallback_reason)


def without_mentions(text: str) -> str:
    """The text the router reads: a mention is no part of a calculation (its id is not an amount)."""
    return " ".join(MENTION.sub(" ", text).split())


def contextualise(question: str, history: Sequence[Turn]) -> str:
    """Prefix an elliptic follow-up ("and in Brussels?") with the previous user question."""
    previous = next((t.text for t in reversed(history) if t.role == "user"), None)
    if previous and len(question.split()) <= FOLLOW_UP_MAX_WORDS:
        return f"{previous} {question}"
    return question


def cite_once(answer: Answer) -> Answer:
    """One number per document section: a citation of a chunk whose section an earlier source already holds takes
    that source's number, and the sources the text cites are marked `cited` (the list keeps every chunk)."""
    first: dict[tuple[str, str], int] = {}
    for source in sorted(answer.sources, key=lambda s: s.rank):
        first.setdefault((source.doc_id, source.section), source.rank)
    number = {s.rank: first[(s.doc_id, s.section)] for s in answer.sources}
    text = without_repeats(renumber(answer.text, lambda rank: number.get(rank, rank)))
    cited = cited_numbers(text)
    sources = [s.model_copy(update={"cited": s.rank in cited}) for s in answer.sources]
    return answer.model_copy(update={"text": text, "sources": sources})


def shift_citations(text: str, offset: int) -> str:
    """Renumber [n] citations by offset, so two answers can share one source list."""
    if offset == 0:
        return text
    return renumber(text, lambda rank: rank + offset)
