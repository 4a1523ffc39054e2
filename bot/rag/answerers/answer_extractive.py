"""The offline answerer: quote the few sentences of the top chunks that best answer the question, cited [n]."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from bot.models import Answer, Language, Source, Turn
from bot.rag.answerers.asked import NUMBER, AskedKinds
from bot.rag.answerers.asked import packaged as asked_vocabulary
from bot.rag.answerers.places import Places, unsaid_years
from bot.rag.answerers.places import packaged as places_vocabulary
from bot.rag.checks import sanitise_output
from bot.rag.index.embeddings import Evidence
from bot.rag.index.passages import SECTION_SEPARATOR, first_sentence, section_name, sentences
from bot.rag.retrieval import glossary
from bot.rag.retrieval.glossary import Glossary
from bot.rag.retrieval.scores import Shift, relative
from bot.rag.retrieval.text import tokenize
from bot.text.catalogue import Catalogue
from bot.text.language import QuestionLanguage, question_language

MAX_SENTENCES = 3
SHORT_SECTION = 4  # sentences
SHORT_SECTION_CHARS = 600
# A sentence's score: its shared words, its meaning and its section's retrieval score, each scaled from 0 to 1 among
# the candidates, weighted as measured best with `careerbot eval` on the dev answer files.
LEXICAL_WEIGHT = 4.0
MEANING_WEIGHT = 1.0
CROSS_MEANING_WEIGHT = 4.0  # across languages shared words are rare, so the model's judgement counts more
SOURCE_WEIGHT = 0.5
FULL_COVERAGE = 0.75
MIN_COVERAGE = 0.5  # share of the question's words (and of their weight) the answer must cover to be confident
EXPANSION_WEIGHT = 0.5
FIGURE_BONUS = 1.0
# A sentence that states the kind of figure asked for ("4 maanden" for "how long…?") outranks a sibling with another
# kind of number, whatever the model's cosines say: it is what was asked.
ASKED_WEIGHT = 3.0
RELATIVE_CUTOFF = 0.5  # a sentence must score at least half of the best one to be quoted
AMOUNT_CUES = re.compile(
    r"\b(hoeveel|how much|how many|salar\w*|loon|verdien\w*|earn\w*|rate\w*|tarie\w*|kost\w*|cost\w*|charge\w*|"
    r"rekent|per (uur|dag|maand|jaar|hour|day|month|year))\b", re.IGNORECASE)
FIGURE = re.compile(r"€\s?\d|\d+\s?(%|percent|procent|uur|hours)|\b\d{2,}\b")
MAX_LIST_ITEMS = 8
MAX_ANSWER_CHARS = 1100  # the bullets' share of an answer a member reads on Discord without scrolling
MAX_ITEM_CHARS = 400
# A sentence that opens with one of these refers to the one before it, so it is quoted with it.
REFERS_BACK = re.compile(r"(?:this|these|that|those|such|as a result|dit|deze|dat|die|daardoor|daarom|hierdoor|"
                         r"zo'n|zulke|dezelfde|hetzelfde|the same|ce|cet|cette|ces|cela|ceci|ainsi)\b", re.IGNORECASE)
# a demonstrative after a preposition anywhere in a sentence points at the one before ("in die periode",
# "in that case", "pendant cette période")
POINTS_BACK = re.compile(r"\b(?:in|during|after|before|since|until|from|tijdens|na|sinds|tot|vanaf|dans|pendant|"
                         r"après|avant|depuis|durant)\s+(?:die|deze|dit|this|that|these|those|ce|cet|cette|ces)\s+\w",
                         re.IGNORECASE)

@dataclass
class Candidate:
    """A sentence from one source, with how well it answers the question."""

    source: Source
    text: str
    score: float
    stems: set[str]
    heading: set[str]
    items: tuple[str, ...] = ()  # the list this sentence belongs to (a list item) or introduces
    item: str = ""  # the whole list item, when the sentence is part of one
    then: str = ""  # the next sentence of the same paragraph
    before: str = ""  # the sentence before it in the same paragraph
    similarity: float = 0.0  # the embedding model's cosine with the question
    lexical: float = 0.0  # the shared-words part of the score
    states_asked: bool = False  # states the kind of figure the question asks for (a duration, a percentage…)
    preferred: float = 0.0  # what the score gained for stating it in the best section
    other_figures: bool = False  # states numbers the question does not give, none of the asked kind


Meaning = Callable[[str, list[str]], "np.ndarray"]  # (question, texts) -> cosines with the retrieval vector
Titles = Callable[[], list[str]]
Salience = Callable[[str, list[str], Source], Shift]  # (question, some of its words, closest section) -> their weight


class ExtractiveAnswerer:
    """Needs no LLM: the answer is made of the documents' own sentences, figures intact.

    `meaning` scores sentences against the question with the embedding model (so a Dutch sentence can answer an
    English question); `titles` names the ingested documents for the refusal. Both are optional, so the
    answerer also works on sources alone (shared words only)."""

    def __init__(self, meaning: Meaning | None = None, titles: Titles | None = None,
                 evidence: Evidence | None = None, asked: AskedKinds | None = None, places: Places | None = None,
                 sections: Callable[[Source], str] | None = None, salience: Salience | None = None,
                 vocabulary: Callable[[], set[str]] | None = None, glossary: Glossary | None = None,
                 messages: Catalogue | None = None, languages: Callable[[], set[str]] | None = None) -> None:
        self.meaning = meaning
        self.glossary = glossary or Glossary.packaged()
        self.salience = salience
        self.vocabulary = vocabulary
        self.languages = languages  # the documents' languages: a word of another language is in none of them
        self.sections = sections
        self.asked = asked or asked_vocabulary()
        self.places = places or places_vocabulary()
        self.titles = titles
        self.messages = messages or Catalogue.packaged()
        self.evidence = evidence if meaning is not None else None

    def compose(self, question: str, language: Language, sources: list[Source], history: Sequence[Turn] = ()
                ) -> Answer:
        """Pick the best sentences; say so plainly when the evidence does not cover the question."""
        terms = QuestionTerms.of(question, self.glossary)
        found = candidates(sources, terms, self.figure_wanted(question), self.sections, self.asked_kind(question))
        similarities = self._similarities(question, [c.text for c in found])
        for candidate, similarity in zip(found, similarities, strict=True):
            candidate.similarity = float(similarity)
        frame = question_language(question, language)  # French questions get French frames, quotes as written
        add_meaning(found, frame)
        prefer_asked(found)
        given = set(NUMBER.findall(question))
        for candidate in found:
            candidate.other_figures = not candidate.states_asked and bool(set(NUMBER.findall(candidate.text)) - given)
        chosen = select(found)
        def headings() -> list[float]:  # asked only when the sections alone do not decide
            return self._similarities(question, [section_name(s.section) for s in sources])

        translated = bool(self.glossary.expand(question))  # the retrieval vector carries glossary translations
        if not chosen or self.not_about(question, terms, sources, frame) or not confident(
                terms, chosen, found, sources, headings, self.evidence, translated, frame):
            return Answer(question=question, language=frame, text=inert(self.unknown_text(frame, sources)),
                          confident=False, sources=sources)
        lines = [self.messages.say("answer_intro", frame), *within_length(bullets(chosen))]
        return Answer(question=question, language=frame, text=inert("\n".join(lines)), confident=True,
                      sources=sources)

    def asked_kind(self, question: str) -> Callable[[str], bool] | None:
        """Whether a sentence states the kind of figure the question names ("hoeveel %", "how long", "from which
        year"), a number the question gives aside; None when it names none (or asks why)."""
        kinds = self.asked.of(question)
        if not kinds or self.asked.wants_reason(question):
            return None
        return lambda text: self.asked.states(text, kinds, given=question)

    def figure_wanted(self, question: str) -> Callable[[str], bool] | None:
        """Whether a sentence states the figure the question asks for: the asked kind when the question names one
        ("hoeveel %", "how long", "from which year"), any figure for another amount question, None otherwise (and
        for a question that asks why)."""
        if self.asked.wants_reason(question):
            return None
        if named := self.asked_kind(question):
            return named
        return (lambda text: FIGURE.search(text) is not None) if AMOUNT_CUES.search(question) else None

    def not_about(self, question: str, terms: QuestionTerms, sources: list[Source], language: QuestionLanguage
                  ) -> bool:
        """The question names what the sources never do: a place elsewhere ("… in the Netherlands?" over Belgian
        documents) or a subject no document uses."""
        return bool(self.places.unsupported(question, sources) or unsaid_years(question, sources)
                    or self.unknown_subject(question, terms, sources, language))

    def unknown_subject(self, question: str, terms: QuestionTerms, sources: list[Source],
                        language: QuestionLanguage) -> list[str]:
        """The words the question turns on that no document uses, in any language, nor any glossary translation of
        them ("ETF", "dividends", "verblijfsvergunning"): when leaving them all out moves the question's meaning,
        its subject is in none of the documents, and a section in the question's own language that never names it
        does not answer it, however close. Taken together, because a subject is often several unknown words, each
        saying little alone ("ETF dividends"). Across languages a missing word is usually a translation of one the
        section uses, which leaving out does not bring the question closer to that section: only words that were
        keeping it away from the section count there ("crypto" beside a section on profit premiums)."""
        evidence = self.evidence
        closest = max(sources, key=lambda s: s.similarity, default=None)
        if evidence is None or not evidence.unknown_subject or self.salience is None or self.vocabulary is None \
                or closest is None:
            return []
        unknown = unattested(terms, self.vocabulary(), acronyms(question))
        if not unknown:
            return []
        shift = self.salience(question, unknown, closest)
        if closest.language == language:
            return unknown if shift.moved >= evidence.unknown_subject else []
        if self.languages is not None and language not in self.languages():
            # every word of a language no document is written in is unattested, which says nothing of it; a name
            # ("Netflix", "ETF") is a name in every language
            unknown = [word for word in unknown if word in names(question)]  # lowercased, as the words are
            if not unknown:
                return []
            shift = self.salience(question, unknown, closest)
        across = evidence.unknown_subject_across
        return unknown if across and shift.moved >= across and shift.closer >= evidence.subject_pull else []

    def _similarities(self, question: str, texts: list[str]) -> list[float]:
        if self.meaning is None or not texts:
            return [0.0] * len(texts)
        return [float(x) for x in self.meaning(question, texts)]

    def unknown_text(self, language: QuestionLanguage, sources: list[Source]) -> str:
        """The honest answer when the documents do not cover the question, naming what they do cover."""
        say = self.messages.say
        titles = self.titles() if self.titles else []
        offer = f"{say('answer_offer', language)} {'; '.join(titles)}." if titles else say("answer_offer_any", language)
        lines = [say("answer_unknown", language), offer]
        if sources:
            closest = "; ".join(dict.fromkeys(f"{s.title} › {s.section}" for s in sources[:2]))
            lines.append(f"{say('answer_closest', language)}: {closest}")
        return "\n".join(lines)


@dataclass(frozen=True)
class WordTerms:
    """One content word of the question: its own stems (nl and en) and the stems of its glossary translations."""

    own: frozenset[str]
    translated: frozenset[str]
    word: str = ""  # as the question writes it


@dataclass
class QuestionTerms:
    """The question's content words; a sentence earns each word once, however many of its forms it holds."""

    words: list[WordTerms]

    @classmethod
    def of(cls, question: str, domain: Glossary | None = None) -> QuestionTerms:
        """Each content word with the translations of every glossary term it is part of ("day" in "day rate")."""
        question_words = glossary.words(question)
        groups_at: dict[int, list[int]] = {}
        domain = domain or Glossary.packaged()
        for first, end, number in domain.matches(question):
            for position in range(first, end):
                groups_at.setdefault(position, []).append(number)
        terms = []
        for position, word in enumerate(question_words):
            own = frozenset(tokenize(word, ("nl", "en")))
            if own:
                translations = domain.translations(groups_at.get(position, []), {word})
                translated = {stem for term in translations for stem in translation_stems(term, own)}
                terms.append(WordTerms(own, frozenset(translated - own), word))
        return cls(terms)

    @cached_property
    def own(self) -> set[str]:
        return set().union(*(w.own for w in self.words))

    @cached_property
    def expanded(self) -> set[str]:
        return set().union(*(w.translated for w in self.words)) - self.own

    def coverage(self, stems: set[str], weights: Sequence[float] | None = None) -> float:
        """Share of the question's words found (in either language) in the given stems, each word counting
        as much as its weight (1 when none are given)."""
        weights = weights or [1.0] * len(self.words)
        total = sum(weights)
        if not self.words or total <= 0:
            return 0.0
        found = sum(weight for w, weight in zip(self.words, weights, strict=True) if (w.own | w.translated) & stems)
        return found / total


SHORTHAND_MAX = 3  # "dev", "yrs", "mn", "us", "co": chat shorthand says too little on its own
ACRONYM = re.compile(r"(?<!\w)([A-Z]{2,5})s?(?!\w)")


def names(question: str) -> set[str]:
    """The words the question writes with a capital inside a sentence ("Netflix", "ETF"), lowercased."""
    return {match.group(1).lower() for match in NAME.finditer(question)}


NAME = re.compile(r"(?<=[\w,;:)] )([A-Z][\w-]*)")


def acronyms(question: str) -> set[str]:
    """The words the question writes in capitals ("ETF", "RSUs"), lowercased: short, but each names a subject."""
    return {word.lower() for word in ACRONYM.findall(question)}


def unattested(terms: QuestionTerms, vocabulary: set[str], named: set[str] = frozenset()) -> list[str]:
    """The question's words (of more than SHORTHAND_MAX letters or named in capitals, no numbers) that no
    document uses, in any of their stems, glossary translations or as part of a longer word."""
    found = []
    for word in terms.words:
        if (len(word.word) <= SHORTHAND_MAX and word.word not in named) or any(ch.isdigit() for ch in word.word):
            continue
        if (word.own | word.translated) & vocabulary or any(
                len(stem) >= 5 and any(v != stem and (v.startswith(stem) or v.endswith(stem)) for v in vocabulary)
                for stem in word.own):
            continue
        found.append(word.word)
    return found


def translation_stems(term: str, own: frozenset[str]) -> list[str]:
    """The stems a glossary term adds as a translation of a question word. A term that holds the word itself
    ("pension plan" for "pension") adds only modifiers, not a translation; a hyphenated one counts whole
    ("self-employed", not "employ", which would match every employer)."""
    words = term.split()
    if len(words) > 1 and any(set(tokenize(w, ("nl", "en"))) & own for w in words):
        return []
    return tokenize(" ".join(w.replace("-", "") for w in words), ("nl", "en"))


def covered(terms: QuestionTerms, said: set[str], found: list[Candidate]) -> bool:
    """Half the question's words, and half their weight, are in the chosen sentences: an unmatched word that the
    retrieved text never uses ("smartphone", "premier") is what the question is about, so it weighs most."""
    return min(terms.coverage(said), terms.coverage(said, word_weights(terms, found))) >= MIN_COVERAGE


def word_weights(terms: QuestionTerms, found: list[Candidate]) -> list[float]:
    """How distinctive each question word is among the candidate sentences (most when none contains it)."""
    return [math.log(1 + len(found) / (1 + sum(1 for c in found if (word.own | word.translated) & c.stems)))
            for word in terms.words]


def candidates(sources: list[Source], terms: QuestionTerms, wanted: Callable[[str], bool] | None = None,
               sections: Callable[[Source], str] | None = None, asked: Callable[[str], bool] | None = None
               ) -> list[Candidate]:
    """Every sentence of every source, scored by the rare question words it (and its section heading) contains."""
    found: list[Candidate] = []
    seen: set[str] = set()  # overlapping chunks of one section repeat sentences; the best-ranked copy stays
    for source in sources:
        heading = with_compounds(set(tokenize(f"{source.title} {source.section}", ("nl", "en"))), terms)
        whole_lists = list_on_topic(source, terms)
        said = sentences(sections(source) if sections else source.body)
        for position, (sentence, items) in enumerate(said):
            if sentence in seen:
                continue
            seen.add(sentence)
            introduces = bool(items) and not any(sentence in item for item in items)
            item = next((i for i in items if sentence in i), "")
            after = said[position + 1] if position + 1 < len(said) else ("", ())
            previous = said[position - 1] if position > 0 else ("", ())
            stems = with_compounds(set(tokenize(sentence, ("nl", "en"))), terms)
            found.append(Candidate(source, sentence, 0.0, stems, heading, items if whole_lists or introduces else (),
                                   item=item, then=after[0] if not items and not after[1] else "",
                                   before=previous[0] if not items and not previous[1] else ""))
    weights = rarity(found)
    for candidate in found:
        candidate.lexical = candidate.score = score(candidate, terms, weights, wanted)
        candidate.states_asked = asked is not None and asked(candidate.text)
    return found


def add_meaning(found: list[Candidate], language: QuestionLanguage) -> None:
    """Add the model's judgement to each sentence's score, relative to the other candidates: cosines of one
    model sit in a narrow band, so what counts is how far a sentence stands above the typical one."""
    if not found:
        return
    meaning = relative([c.similarity for c in found])
    lexical = relative([c.lexical for c in found], typical=False)
    standing = relative([c.source.score or 1 / c.source.rank for c in found], typical=False)
    for i, candidate in enumerate(found):
        weight = MEANING_WEIGHT if candidate.source.language == language else CROSS_MEANING_WEIGHT
        candidate.score = LEXICAL_WEIGHT * lexical[i] + weight * meaning[i] + SOURCE_WEIGHT * standing[i]


def confident(terms: QuestionTerms, chosen: list[Candidate], found: list[Candidate], sources: list[Source],
              headings: Callable[[], list[float]], evidence: Evidence | None, translated: bool = False,
              language: QuestionLanguage = "en") -> bool:
    """Whether the chosen sentences answer the question. Without calibrated thresholds for the model, the
    shared-words rule decides (see `covered`). With them, a section the model finds about exactly the question
    is enough (cross-language, synonyms, terse questions); a closer call needs the shared words as well, and a
    question that shares a city or a common word but not its subject ("pizza", "guitar") stays below both."""
    # what the quoted sections say as a whole: "Salaries in these cities…" covers the Ghent of the sentence before
    sections = {(c.source.doc_id, c.source.section) for c in chosen}
    said = set().union(*(c.stems | c.heading for c in found if (c.source.doc_id, c.source.section) in sections))
    shared = covered(terms, said, found)
    if evidence is None:
        return shared
    closeness = sorted((s.similarity + (evidence.cross_language if s.language != language else 0.0)
                        for s in sources), reverse=True) or [0.0]
    best_section = closeness[0]
    lead = best_section - (closeness[1] if len(closeness) > 1 else 0.0)
    if best_section >= evidence.section_alone or (lead >= evidence.stands_out
                                                  and best_section >= evidence.section_with_all_words):
        return True
    named = evidence.section_named_translated if translated else evidence.section_named
    if max(headings(), default=0.0) >= named:
        return True
    if not shared:
        return False
    whole = terms.coverage(said, word_weights(terms, found)) >= FULL_COVERAGE
    as_measured = max((s.similarity for s in sources), default=0.0)  # shared words already bridge the languages
    return as_measured >= (evidence.section_with_words if not whole else evidence.section_with_all_words)


def list_on_topic(source: Source, terms: QuestionTerms) -> bool:
    """A list answers the question as a whole when its section heading names a question word that the document
    title does not ("Beste online platforms" for "which platforms…"; not "back-end developer" everywhere)."""
    title = set(tokenize(source.title, ("nl", "en")))
    section = with_compounds(set(tokenize(source.section.split(SECTION_SEPARATOR)[-1], ("nl", "en"))), terms)
    return any((word.own | word.translated) & (section - title) for word in terms.words)


def with_compounds(stems: set[str], terms: QuestionTerms) -> set[str]:
    """Dutch glues words together ("masterdiploma"): a long question stem inside a word counts as present, and so
    does a question's compound whose head the sentence names ("opdracht" for "testopdracht": the kind of thing it
    is). A word spelt with other vowels in the other language ("profiel" for "profile", "pensioen" for "pension")
    is the same word, also as a compound's head ("jobprofiel")."""
    asked = [t for t in terms.own | terms.expanded if len(t) >= 5]
    # a part glued on at either end ("master|diploma", "bruto|loon"); "pension" inside "compensation" is no part
    inside = {t for t in asked for s in stems
              if t != s and (s.startswith(t) or s.endswith(t) or (len(s) >= COMPOUND_HEAD and t.endswith(s)))}
    spelt = {consonants(head) for s in stems for head in (s, *compound_heads(s))}
    cognates = {t for t in asked if len(consonants(t)) >= COGNATE_CONSONANTS and consonants(t) in spelt}
    return stems | inside | cognates


COMPOUND_HEAD = 6  # letters: "opdracht" is the head of "testopdracht"; "loon", "plan" are too common alone
COGNATE_CONSONANTS = 4  # "prfl" (profile, profiel), "pnsn" (pension, pensioen); "mng" is too many words


def compound_heads(stem: str) -> list[str]:
    """The words a Dutch compound may end in ("profiel" in "jobprofiel")."""
    return [stem[i:] for i in range(1, len(stem) - COMPOUND_HEAD + 1)]


@lru_cache(maxsize=65_536)
def consonants(stem: str) -> str:
    """A word's consonants with doubled ones once, after its first two letters: what Dutch, English and French
    spellings of one word share (profile/profiel, pension/pensioen) and "contract" and "contact" do not."""
    skeleton = re.sub(r"([^aeiouy])\1+", r"\1", re.sub(r"[aeiouyéèëêïîôöüû]", "", stem[2:]))
    return stem[:2] + skeleton


def rarity(found: list[Candidate]) -> dict[str, float]:
    """Inverse sentence frequency among the candidates: "back-end developer" is everywhere, "testopdracht" is not."""
    counts: dict[str, int] = {}
    for candidate in found:
        for stem in candidate.stems:
            counts[stem] = counts.get(stem, 0) + 1
    total = len(found) or 1
    # a stem in no sentence (only in a heading) is as rare as it gets
    rarest = math.log(1 + total)
    return defaultdict(lambda: rarest, {stem: math.log(1 + total / count) for stem, count in counts.items()})


def score(candidate: Candidate, terms: QuestionTerms, weights: dict[str, float],
          wanted: Callable[[str], bool] | None = None) -> float:
    """Each question word counts once: fully in the sentence, half in its heading only, translations at half
    that; figures matter for amount questions; long sentences pay a little."""
    # the heading helps a sentence that says something asked about; it cannot make an unrelated sentence relevant
    said = any((word.own | word.translated) & candidate.stems for word in terms.words)
    heading_only = candidate.heading - candidate.stems if said else set()
    best = lambda wanted, found: max((weights[stem] for stem in wanted & found), default=0.0)  # noqa: E731
    matched = sum(max(best(word.own, candidate.stems), 0.5 * best(word.own, heading_only),
                      EXPANSION_WEIGHT * best(word.translated, candidate.stems),
                      EXPANSION_WEIGHT * 0.5 * best(word.translated, heading_only)) for word in terms.words)
    figures = FIGURE_BONUS if wanted is not None and wanted(candidate.text) else 0.0
    length_penalty = math.log(2 + len(candidate.stems)) / math.log(12)
    return (matched + figures) / length_penalty


def prefer_asked(found: list[Candidate]) -> None:
    """Within one section, the sentences that state the kind of figure asked for come first: the section is the
    answer, the figure in it is what was asked (the employee's 12 months, not the employer's 36). That section is
    the one retrieval puts closest among those stating such a figure, when one of its sentences is in the running
    (a section matches a question better than a sentence's words do: "parental leave, full time" over a sibling
    section that repeats "full time" and "per child"), else the best sentence's own."""
    stating = [c for c in found if c.states_asked]
    if not stating:
        return
    best = max(found, key=lambda c: c.score)
    closest = max(stating, key=lambda c: c.source.similarity)  # retrieval's best section that states one
    if closest.source.similarity > best.source.similarity and any(
            same_section(c.source, closest.source) and c.score >= RELATIVE_CUTOFF * best.score for c in stating):
        best = closest
    # else the best sentence's section, or, when it states no such figure, the best section that does (if its
    # sentences are in the running at all)
    elif not any(same_section(c.source, best.source) for c in stating):
        runner_up = max(stating, key=lambda c: c.score)
        if runner_up.score < RELATIVE_CUTOFF * best.score:
            return
        best = runner_up
    for candidate in stating:
        if same_section(candidate.source, best.source):
            candidate.preferred = ASKED_WEIGHT
            candidate.score += ASKED_WEIGHT


def same_section(a: Source, b: Source) -> bool:
    return (a.doc_id, a.section) == (b.doc_id, b.section)


def select(found: list[Candidate]) -> list[Candidate]:
    """The best few distinct sentences, in a stable reading order."""
    # a sentence that asks ("Een job vinden als developer?") states nothing, unless it introduces a list
    ranked = sorted((c for c in found if not c.text.rstrip().endswith("?") or c.items), key=lambda c: c.score,
                    reverse=True)
    if not ranked or ranked[0].score <= 0.5:
        return []
    # the bar is set by the best sentence on its words and meaning alone: a sentence preferred for stating the asked
    # figure must not push out one that answers the question's other part ("how long, and who pays?")
    bar = RELATIVE_CUTOFF * max(c.score - c.preferred for c in ranked)
    chosen: list[Candidate] = []
    for candidate in ranked:
        if candidate.score < bar or len(chosen) == MAX_SENTENCES:
            break
        if all(not near_duplicate(candidate.text, c.text) for c in chosen):
            # one whole list per answer at most, the best-scored one
            chosen.append(candidate if not any(c.items for c in chosen) else replace(candidate, items=()))
    chosen = with_other_part(chosen, ranked, bar)
    chosen = without_other_figures(with_whole_short_section(chosen, found))
    return sorted(chosen, key=lambda c: (c.source.rank, c.source.text.find(c.text)))


def with_other_part(chosen: list[Candidate], ranked: list[Candidate], bar: float) -> list[Candidate]:
    """When every quoted sentence is there for stating the asked kind of figure, the last of them makes room for
    the best sentence of a quoted section that clears the bar on its own words and meaning: it answers the
    question's other part ("the maximum duration, and what compensation is owed?")."""
    if len(chosen) < MAX_SENTENCES or not all(c.preferred for c in chosen):
        return chosen
    other = next((c for c in ranked if not c.preferred and c.score >= bar
                  and any(same_section(c.source, o.source) for o in chosen)
                  and all(not near_duplicate(c.text, o.text) for o in chosen)), None)
    if other is None:
        return chosen
    kept = chosen[:-1]
    return [*kept, other if not any(c.items for c in kept) else replace(other, items=())]


def without_other_figures(chosen: list[Candidate]) -> list[Candidate]:
    """When a chosen sentence states the kind of figure asked for, a sentence whose figures are of another kind
    does not answer ("3% of the salary" for "how long…?") and is left out."""
    if not any(c.states_asked for c in chosen):
        return chosen
    return [c for c in chosen if c.states_asked or not c.other_figures]


def with_whole_short_section(chosen: list[Candidate], found: list[Candidate]) -> list[Candidate]:
    """A short section that holds the best sentence is quoted whole: its few sentences together are the answer
    ("requires a degree" and "a contract of at least one year" are two sentences of one short paragraph)."""
    if not chosen:
        return chosen
    best = max(chosen, key=lambda c: c.score).source
    section = [c for c in found if (c.source.doc_id, c.source.section) == (best.doc_id, best.section)]
    if len(section) > SHORT_SECTION or sum(len(c.text) for c in section) > SHORT_SECTION_CHARS:
        return chosen
    return [*chosen, *(c for c in section if all(c.text != o.text for o in chosen))]


def bullets(chosen: list[Candidate]) -> list[str]:
    """One bullet per cited chunk: its section's name (when the sentences do not say it), the sentences, [n]."""
    groups: dict[tuple[str, str], list[Candidate]] = {}
    for candidate in chosen:  # one bullet and one number per section, even when it came in several chunks
        groups.setdefault((candidate.source.doc_id, candidate.source.section), []).append(candidate)
    return [f"- {label(group)}{' '.join(distinct(shown(c) for c in absorb_list_items(group)))} "
            f"[{min(c.source.rank for c in group)}]" for group in groups.values()]


def inert(text: str) -> str:
    """Quoted document text as members may see it: a masked link shown as its label and plain address, mentions
    (@everyone, roles) unable to ping. Documents may be copied from the web; quotes need no live links."""
    return sanitise_output(text, ())


def within_length(shown: list[str]) -> list[str]:
    """The bullets, without the last ones (the least relevant sections) that would make the answer longer than
    MAX_ANSWER_CHARS: a long answer buries the sentence that answers. The first bullet always stays."""
    while len(shown) > 1 and sum(len(line) + 1 for line in shown) > MAX_ANSWER_CHARS:
        shown = shown[:-1]
    return shown


def distinct(texts: Iterable[str]) -> list[str]:
    """Quotes in order, without one that another quote of the bullet already holds."""
    unique = list(dict.fromkeys(texts))
    return [t for t in unique if not any(t != other and t in other for other in unique)]


def absorb_list_items(group: list[Candidate]) -> list[Candidate]:
    """A whole list already shows its items: drop the group's sentences that are items of it."""
    listed = [item for c in group for item in c.items]
    return [c for c in group if c.items or not any(c.text in item for item in listed)]


def shown(candidate: Candidate) -> str:
    """A sentence as quoted, with what it needs to be read alone: the list it introduces, its whole list item, or
    the next sentence when that one refers back to it ("These include…", "Daardoor…")."""
    if candidate.items and not any(candidate.text in item for item in candidate.items):
        return f"{candidate.text} {listed(candidate.items)}"
    if candidate.items:  # a list item brings its whole list, since one item rarely answers "which…?"
        shown_items = [first_sentence(item) + (f" … {candidate.text}" if candidate.text in item
                                               and not item.startswith(candidate.text) else "")
                       for item in candidate.items[:MAX_LIST_ITEMS]]
        return "; ".join(shown_items) + ("; …" if len(candidate.items) > MAX_LIST_ITEMS else "")
    if candidate.item and len(candidate.item) <= MAX_ITEM_CHARS:
        return candidate.item
    if candidate.then and refers_back(candidate.then):
        return f"{candidate.text} {candidate.then}"
    if candidate.before and refers_back(candidate.text):  # "As a result, …" needs what it results from
        return f"{candidate.before} {candidate.text}"
    return candidate.text


def refers_back(sentence: str) -> bool:
    """The sentence needs the one before it to be read: it opens with a demonstrative ("Daardoor…", "These…") or
    names a time or case by one ("Ontslaat de werkgever je in die periode…")."""
    return bool(REFERS_BACK.match(sentence) or POINTS_BACK.search(sentence))


def listed(items: tuple[str, ...]) -> str:
    """A list's items in document order, bounded."""
    return "; ".join(item.rstrip(";,.") for item in items[:MAX_LIST_ITEMS]) + (
        "; …" if len(items) > MAX_LIST_ITEMS else "")


def label(group: list[Candidate]) -> str:
    """The section's own name as a lead-in, unless it is the title, a FAQ question, or already said."""
    source = group[0].source
    section = source.section.split(SECTION_SEPARATOR)[-1]
    said = set().union(*(c.stems for c in group))
    if section == source.title or section.endswith("?") or set(tokenize(section, ("nl", "en"))) <= said:
        return ""
    return f"{section}: "


def near_duplicate(a: str, b: str) -> bool:
    """Overlapping chunks repeat sentences; one copy is enough."""
    return a in b or b in a


