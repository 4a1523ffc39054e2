"""The offline answerer: quote the few sentences of the top chunks that best answer the question, cited [n]."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.models import Answer, Language, Source, Turn
from bot.rag import glossary
from bot.rag.retrieve import tokenize
from ingest.chunking import SECTION_SEPARATOR, chunk_body

MAX_SENTENCES = 3
MIN_COVERAGE = 0.5  # share of the question's content words the chosen sentences must cover to be confident
EXPANSION_WEIGHT = 0.5
FIGURE_BONUS = 1.0
RELATIVE_CUTOFF = 0.5  # a sentence must score at least half of the best one to be quoted
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
    heading: set[str]


class ExtractiveAnswerer:
    """Needs no LLM: the answer is made of the documents' own sentences, figures intact."""

    def compose(self, question: str, language: Language, sources: list[Source], history: Sequence[Turn] = ()
                ) -> Answer:
        """Pick the best sentences; say so plainly when the evidence does not cover the question."""
        terms = QuestionTerms.of(question)
        chosen = select(candidates(sources, terms, wants_figures=bool(AMOUNT_CUES.search(question))))
        confident = bool(chosen) and terms.coverage(set().union(*(c.stems | c.heading for c in chosen))) >= MIN_COVERAGE
        if not confident:
            return Answer(question=question, language=language, text=unknown_text(language, sources),
                          confident=False, sources=sources)
        lines = [WORDS[language]["intro"], *bullets(chosen)]
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
    """Every sentence of every source, scored by the rare question words it (and its section heading) contains."""
    found: list[Candidate] = []
    for source in sources:
        heading = with_compounds(set(tokenize(f"{source.title} {source.section}", ("nl", "en"))), terms)
        for sentence in sentences(chunk_body(source.text)):
            stems = with_compounds(set(tokenize(sentence, ("nl", "en"))), terms)
            found.append(Candidate(source, sentence, 0.0, stems, heading))
    weights = rarity(found)
    for candidate in found:
        candidate.score = score(candidate, terms, weights, wants_figures)
    return found


def with_compounds(stems: set[str], terms: QuestionTerms) -> set[str]:
    """Dutch glues words together ("masterdiploma"): a long question stem inside a word counts as present."""
    inside = {t for t in terms.own | terms.expanded if len(t) >= 5 for s in stems if t in s and t != s}
    return stems | inside


def rarity(found: list[Candidate]) -> dict[str, float]:
    """Inverse sentence frequency among the candidates: "back-end developer" is everywhere, "testopdracht" is not."""
    counts: dict[str, int] = {}
    for candidate in found:
        for stem in candidate.stems:
            counts[stem] = counts.get(stem, 0) + 1
    total = len(found) or 1
    return {stem: math.log(1 + total / count) for stem, count in counts.items()}


def score(candidate: Candidate, terms: QuestionTerms, weights: dict[str, float], wants_figures: bool) -> float:
    """Question words count fully, translations half, the heading a little; figures matter for amount questions."""
    stems, heading_only = candidate.stems, candidate.heading - candidate.stems
    weight = lambda found: sum(weights.get(stem, 0.0) for stem in found)  # noqa: E731
    own = weight(stems & terms.own) + 0.5 * weight(heading_only & terms.own)
    translated = EXPANSION_WEIGHT * (weight(stems & terms.expanded) + 0.5 * weight(heading_only & terms.expanded))
    figures = FIGURE_BONUS if wants_figures and FIGURE.search(candidate.text) else 0.0
    length_penalty = math.log(2 + len(stems)) / math.log(12)
    return (own + translated + figures) / length_penalty + 0.5 / candidate.source.rank


def select(found: list[Candidate]) -> list[Candidate]:
    """The best few distinct sentences, in a stable reading order."""
    ranked = sorted(found, key=lambda c: c.score, reverse=True)
    if not ranked or ranked[0].score <= 0.5:
        return []
    chosen: list[Candidate] = []
    for candidate in ranked:
        if candidate.score < RELATIVE_CUTOFF * ranked[0].score or len(chosen) == MAX_SENTENCES:
            break
        if all(not near_duplicate(candidate.text, c.text) for c in chosen):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: (c.source.rank, c.source.text.find(c.text)))


def bullets(chosen: list[Candidate]) -> list[str]:
    """One bullet per cited chunk: its section's name (when the sentences do not say it), the sentences, [n]."""
    groups: dict[int, list[Candidate]] = {}
    for candidate in chosen:
        groups.setdefault(candidate.source.rank, []).append(candidate)
    return [f"- {label(group)}{' '.join(c.text for c in group)} [{rank}]" for rank, group in groups.items()]


def label(group: list[Candidate]) -> str:
    """The section's own name as a lead-in, unless it is the title, a FAQ question, or already said."""
    source = group[0].source
    section = source.section.split(SECTION_SEPARATOR)[-1]
    said = set().union(*(c.stems for c in group))
    if section == source.title or section.endswith("?") or set(tokenize(section, ("nl", "en"))) <= said:
        return ""
    return f"{section}: "


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
