"""Retrieval and answer quality on a question file (JSON lines).

Two formats, as in the shared eval files: retrieval questions `{"id", "q", "expect": [phrases]}` (a phrase in
a top-k chunk, and in the answer), and answer questions `{"id", "q", "must": [[alternatives], ...]}` (every
group in a confident answer's text) or `{"id", "q", "offtopic": true}` (the answer must not be confident).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ValidationError, field_validator, model_validator

from bot.engine import Engine
from bot.errors import UserFacingError
from bot.models import Answer, Source, cited_numbers
from bot.parts import Retriever
from bot.text.language import question_language

MAX_ANSWER_CHARS = 1200  # longer answers are counted: a member reads them on a phone
FORMAT = "each line is a JSON object with id, q and one of expect, must or offtopic"


class EvalQuestion(BaseModel):
    """One line of a question file; phrases match case-insensitively."""

    id: str
    q: str
    expect: list[str] | None = None
    must: list[list[str]] | None = None
    offtopic: bool = False
    lang: str | None = None
    kind: str | None = None  # the file's own grouping ("cross-language", "near-miss"…); else one is derived

    @field_validator("expect", "must")
    @classmethod
    def _no_empty_phrase(cls, value: list | None) -> list | None:
        """An empty phrase is in every text: it would count every answer as a hit."""
        phrases = [p for group in value or [] for p in (group if isinstance(group, list) else [group])]
        if any(not phrase.strip() for phrase in phrases):
            raise ValueError("holds an empty phrase, which every text contains")
        if any(isinstance(group, list) and not group for group in value or []):
            raise ValueError("holds an empty group of alternatives")
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> EvalQuestion:
        if not (self.expect or self.must or self.offtopic):
            raise ValueError("needs expect, must or offtopic")
        return self

    def found_in(self, text: str) -> bool:
        """An expect phrase is in the text (retrieval questions)."""
        return any(phrase.lower() in text.lower() for phrase in self.expect or [])

    def answered_by(self, answer: Answer) -> bool:
        """The answer passes: off-topic refused, every must group present and confident, or an expect phrase."""
        if self.offtopic:
            return not answer.confident
        if self.must:
            low = answer.text.lower()
            return answer.confident and all(any(alt.lower() in low for alt in group) for group in self.must)
        return self.found_in(answer.text)


class Miss(BaseModel):
    """A question whose expected phrase was not retrieved, or whose answer did not pass."""

    id: str
    q: str
    top_sections: list[str]
    in_top_k: bool | None
    in_answer: bool


class EvalReport(BaseModel):
    """What `careerbot eval` prints."""

    questions: int
    k: int
    retrieval_questions: int = 0
    recall_at_1: int = 0
    recall_at_k: int = 0
    answers_pass: int = 0
    answer_contains: int = 0  # the same figure under its earlier name
    long_answers: list[str] = []
    citation_problems: list[str] = []
    misses: list[Miss] = []
    # passed and asked per kind of question: the file's `kind`, else off-topic, French, same language or
    # cross-language (the question's language against its closest retrieved section's), so that a regression in
    # one kind shows even when the total holds
    by_kind: dict[str, list[int]] = {}


def load_questions(path: Path) -> list[EvalQuestion]:
    """Parse a question file; a bad line is a user error naming the line."""
    if not path.is_file():
        raise UserFacingError(f"question file {str(path)!r} does not exist")
    questions = []
    # utf-8-sig: some editors start a UTF-8 file with a byte order mark, which is no part of the first line
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
        if not line.strip():
            continue
        try:
            questions.append(EvalQuestion.model_validate(json.loads(line)))
        except json.JSONDecodeError as err:
            raise UserFacingError(f"{path}:{number}: not valid JSON; {FORMAT}") from err
        except ValidationError as err:
            raise UserFacingError(f"{path}:{number}: {what_is_wrong(err)}; {FORMAT}") from err
    if not questions:
        raise UserFacingError(f"{path} holds no questions")
    return questions


def what_is_wrong(err: ValidationError) -> str:
    """The fields a line lacks or gets wrong, as "missing id" or "expect: holds an empty phrase"."""
    problems = []
    for error in err.errors():
        field = ".".join(str(part) for part in error["loc"] if not isinstance(part, int))
        if error["type"] == "missing":
            problems.append(f"missing {field}")
        else:
            message = error["msg"].removeprefix("Value error, ")
            problems.append(f"{field}: {message}" if field else message)
    return "; ".join(dict.fromkeys(problems))


def evaluate(questions: list[EvalQuestion], retriever: Retriever, engine: Engine, k: int) -> EvalReport:
    """recall@1 and recall@k of retrieval (expect questions), and how many answers pass."""
    report = EvalReport(questions=len(questions), k=k)
    for question in questions:
        sources = retriever.search(question.q, k)
        answer = engine.answer(question.q)
        passed = question.answered_by(answer)
        report.answers_pass += passed
        tally = report.by_kind.setdefault(kind_of(question, sources), [0, 0])
        tally[0] += passed
        tally[1] += 1
        hit_k = None
        if question.expect:
            report.retrieval_questions += 1
            report.recall_at_1 += bool(sources) and question.found_in(sources[0].text)
            hit_k = any(question.found_in(s.text) for s in sources)
            report.recall_at_k += hit_k
        if len(answer.text) > MAX_ANSWER_CHARS and not question.offtopic:
            report.long_answers.append(question.id)
        if citation_problem(answer):
            report.citation_problems.append(question.id)
        if not passed or hit_k is False:
            report.misses.append(Miss(id=question.id, q=question.q, in_top_k=hit_k, in_answer=passed,
                                      top_sections=[f"{s.doc_id} › {s.section}" for s in sources]))
    report.answer_contains = report.answers_pass
    return report


def kind_of(question: EvalQuestion, sources: list[Source]) -> str:
    """The question's kind as the file marks it, else as its words and its closest section make it."""
    if question.kind:
        return question.kind
    if question.offtopic:
        return "off-topic"
    language = question_language(question.q)
    if language == "fr":
        return "French"
    closest = max(sources, key=lambda s: s.similarity, default=None)
    return "same language" if closest is None or closest.language == language else "cross-language"


def citation_problem(answer: Answer) -> bool:
    """A citation [n] with no source, or one document section cited under two numbers."""
    places = {s.rank: (s.doc_id, s.section) for s in answer.sources}
    cited = sorted(cited_numbers(answer.text))
    named = [places.get(n) for n in cited]
    return None in named or len(set(named)) < len(named)
