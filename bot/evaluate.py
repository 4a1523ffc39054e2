"""Retrieval and answer quality on a question file (JSON lines: id, q, expect[, lang])."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ValidationError

from bot.engine import Engine, Retriever
from bot.errors import UserFacingError


class EvalQuestion(BaseModel):
    """One line of a question file; a hit is any expect phrase, case-insensitive."""

    id: str
    q: str
    expect: list[str]
    lang: str | None = None

    def found_in(self, text: str) -> bool:
        return any(phrase.lower() in text.lower() for phrase in self.expect)


class Miss(BaseModel):
    """A question whose expected phrase was not retrieved (or not in the answer)."""

    id: str
    q: str
    expect: list[str]
    top_sections: list[str]
    in_top_k: bool
    in_answer: bool


class EvalReport(BaseModel):
    """What `careerbot eval` prints."""

    questions: int
    k: int
    recall_at_1: int
    recall_at_k: int
    answer_contains: int
    misses: list[Miss]


def load_questions(path: Path) -> list[EvalQuestion]:
    """Parse a question file; a bad line is a user error naming the line."""
    if not path.is_file():
        raise UserFacingError(f"question file {str(path)!r} does not exist")
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            questions.append(EvalQuestion.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as err:
            raise UserFacingError(f"{path}:{number}: expected a JSON object with id, q and expect") from err
    if not questions:
        raise UserFacingError(f"{path} holds no questions")
    return questions


def evaluate(questions: list[EvalQuestion], retriever: Retriever, engine: Engine, k: int) -> EvalReport:
    """recall@1 and recall@k of retrieval, and how often the final answer text holds an expected phrase."""
    at_1 = at_k = in_answer = 0
    misses: list[Miss] = []
    for question in questions:
        sources = retriever.search(question.q, k)
        hit_1 = bool(sources) and question.found_in(sources[0].text)
        hit_k = any(question.found_in(s.text) for s in sources)
        answered = question.found_in(engine.answer(question.q).text)
        at_1, at_k, in_answer = at_1 + hit_1, at_k + hit_k, in_answer + answered
        if not (hit_k and answered):
            misses.append(Miss(id=question.id, q=question.q, expect=question.expect, in_top_k=hit_k,
                               in_answer=answered, top_sections=[f"{s.doc_id} › {s.section}" for s in sources]))
    return EvalReport(questions=len(questions), k=k, recall_at_1=at_1, recall_at_k=at_k, answer_contains=in_answer,
                      misses=misses)
