"""The offline answerer: quote the few sentences of the top chunks that best answer the question, cited [n]."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.models import Answer, Language, Source, Turn
from bot.rag import glossary
from bot.rag.retrieve import tokenize
from ingest.chunking import chunk_body

MAX_SENTENCES = 3
MIN_COVERAGE = 0.5  # share of the question's content words the chosen sentences must cover to be confident
EXPANSION_WEIGHT = 0.5
FIGURE_BONUS = 1.0
AMOUNT_CUES = re.compile(
    r"\b(hoeveel|how much|how many|salar\w*|loon|verdien\w*|earn\w*|rate\w*|tarie\w*|kost\w*|cost\w*|charge\w*|"
    r"rekent|per (uur|dag|maand|jaar|hour|day|month|year))\b", re.IGNORECASE)
FIGURE = re.compile(r"€\s?\d|\d+\s?(%|percent|procent|uur|hours)|\b\d{2,}\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z€\d“\"(])")

WORDS = {
    "en": {"intro": "From the knowledge base:", "unknown": "I can't answer that from the documents I have.",
           "offer": "I can answer questions about backend developer salaries and freelance rates in Belgium and "
                    "Flanders, employer cost, job interviews, backend skills and tools, and AI coding tools.",
           "closest": "Closest documents"},
    "nl": {"intro": "Uit de kennisbank:", "unknown": "Daar heb ik geen antwoord op in mijn documenten.",
           "offer": "Ik kan vragen beantwoorden over salarissen en freelancetarieven van back-end developers in "
                    "België en Vlaanderen, werkgeverskosten, sollicitatiegesprekken, back-end vaardigheden en "
                    "tools, en AI-tools voor programmeurs.",
           "closest": "Dichtstbijzijnde documenten"},
}


@dataclass
class Candidate:
    """A sentence from one source, with how well it answers the question."""

    source: Source
    text: str
    score: float
    stems: set[str]


class ExtractiveAnswerer:
    """Needs no LLM: the answer is made of the documents' own sentences, figures intact."""

    def compose(self, question: str, language: Language, sources: list[Source], history: Sequence[Turn] = ()
                ) -> Answer:
        """Pick the best sentences; say so plainly when the evidence does not cover the question."""
        terms = QuestionTerms.of(question)
        chosen = select(candidates(sources, terms, wants_figures=bool(AMOUNT_CUES.search(question))))
        confident = bool(chosen) and terms.coverage(set().union(*(c.stems for c in chosen))) >= MIN_COVERAGE
        if not confident:
            return Answer(question=question, language=language, text=unknown_text(language, sources),
                          confident=False, sources=sources)
        lines = [WORDS[language]["intro"]] + [f"- {c.text} [{c.source.rank}]" for c in chosen]
        return Answer(question=question, language=language, text="\n".join(lines), confident=True, sources=sources)


@dataclass
class QuestionTerms:
    """The question's content stems, each with the stems of its glossary translations."""

    own: set[str]
    expanded: set[str]
    groups: list[set[str]]

    @classmethod
    def of(cls, question: str) -> QuestionTerms:
        own = set(tokenize(question, ("nl", "en")))
        expansions = glossary.expand(question)
        expanded = set(tokenize(" ".join(expansions), ("nl", "en"))) - own
        groups = [{stem} | set(tokenize(" ".join(glossary.expand(word)), ("nl", "en")))
                  for word in set(re.findall(r"\w+(?:-\w+)*", question.lower()))
                  for stem in tokenize(word, ("nl", "en"))[:1]]
        return cls(own, expanded, groups)

    def coverage(self, stems: set[str]) -> float:
        """Share of the question's words found (in either language) in the given stems."""
        if not self.groups:
            return 0.0
        return sum(bool(group & stems) for group in self.groups) / len(self.groups)


def candidates(sources: list[Source], terms: QuestionTerms, wants_figures: bool) -> list[Candidate]:
    """Every sentence of every source, scored by the question words it (and its section heading) contains."""
    found: list[Candidate] = []
    for source in sources:
        heading = set(tokenize(f"{source.title} {source.section}", ("nl", "en")))
        for sentence in sentences(chunk_body(source.text)):
            stems = set(tokenize(sentence, ("nl", "en")))
            found.append(Candidate(source, sentence, score(stems, heading, terms, sentence, wants_figures,
                                                           source.rank), stems | heading))
    return found


def score(stems: set[str], heading: set[str], terms: QuestionTerms, sentence: str, wants_figures: bool,
          rank: int) -> float:
    """Question words count fully, translations half, the heading a little; figures matter for amount questions."""
    own = len(stems & terms.own) + 0.5 * len((heading - stems) & terms.own)
    translated = EXPANSION_WEIGHT * len(stems & terms.expanded)
    figures = FIGURE_BONUS if wants_figures and FIGURE.search(sentence) else 0.0
    length_penalty = math.log(2 + len(stems)) / math.log(12)
    return (own + translated + figures) / length_penalty + 0.5 / rank


def select(found: list[Candidate]) -> list[Candidate]:
    """The best few distinct sentences, in a stable reading order."""
    ranked = sorted(found, key=lambda c: c.score, reverse=True)
    if not ranked or ranked[0].score <= 0.5:
        return []
    chosen: list[Candidate] = []
    for candidate in ranked:
        if candidate.score < 0.6 * ranked[0].score or len(chosen) == MAX_SENTENCES:
            break
        if all(not near_duplicate(candidate.text, c.text) for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: (c.source.rank, c.source.text.find(c.text)))


def sentences(body: str) -> list[str]:
    """Sentences and list items of a chunk body (list markers dropped)."""
    found: list[str] = []
    for line in body.splitlines():
        line = re.sub(r"^\s*(?:[-*•]|\d+\.)\s+", "", line).strip()
        if len(line) > 2:
            found.extend(part.strip() for part in SENTENCE_END.split(line) if len(part.strip()) > 2)
    return found


def near_duplicate(a: str, b: str) -> bool:
    """Overlapping chunks repeat sentences; one copy is enough."""
    return a in b or b in a


def unknown_text(language: Language, sources: list[Source]) -> str:
    """The honest answer when the documents do not cover the question, with what the bot can do instead."""
    words = WORDS[language]
    lines = [words["unknown"], words["offer"]]
    if sources:
        closest = "; ".join(f"[{s.rank}] {s.title} › {s.section}" for s in sources[:2])
        lines.append(f"{words['closest']}: {closest}")
    return "\n".join(lines)
