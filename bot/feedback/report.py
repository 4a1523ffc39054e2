"""What members ask that the documents do not answer: coverage gaps, top questions and the sources used, built from
the feedback store for maintainers (no Discord here; the front ends format it)."""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import TYPE_CHECKING, Protocol

import numpy as np
from pydantic import BaseModel

from bot.errors import UserFacingError
from bot.feedback.store import Embed, FeedbackStore, Pruned, SourceRef, StoredQuestion
from bot.rag.retrieval.text import STOPWORDS
from bot.text.catalogue import Catalogue

if TYPE_CHECKING:
    from bot.rag.index.store import ChromaStore

# Questions closer than this cosine distance (average linkage) share a group, compared as `comparable` makes them.
# Measured with multilingual-e5-small by bench/report_bench.py on generated months of 2,000 questions (30% on
# subjects the documents do not cover, in Dutch, English and French, some with greetings and thanks around them),
# chosen on the calibration half of its subjects: see docs/maintaining.md for the figures on the held-out half.
GROUP_DISTANCE = 0.75
NUISANCE_DIRECTIONS = 10  # at most
# distinct questions per direction: a week's few phrasings per subject put other subjects among a question's nearest,
# and their differences (the subjects themselves) would go (11 questions on two subjects became one group at 1 per 10)
QUESTIONS_PER_DIRECTION = 50
NEIGHBOURS = 10  # the nearest questions each question's differences are taken from
REFERENCE_QUESTIONS = "reference_questions.txt"  # beside this module
REFERENCE_WEIGHT = 10  # the reference questions' mean weighs as much as this many of the period's questions
EXAMPLES = 3  # example questions per group
LABEL_WORDS = 3  # the label: the group's most telling words
SECTIONS_SHOWN = 3  # sections per group
MOST_CITED = 10
WORD = re.compile(r"[^\W\d_]{3,}")  # words of the label: numbers and two-letter words tell nothing
DAY = timedelta(days=1)
CHART_INCHES, CHART_DPI = (6.4, 3.2), 100  # a 640×320 PNG: readable in a Discord embed, a few tens of kB
# Okabe-Ito's bluish green, orange and vermillion: told apart with the common colour-vision deficiencies too
CHART_COLOURS = {"answered": "#009E73", "unsure": "#E69F00", "refused": "#D55E00"}
SectionsOf = Callable[[StoredQuestion], list[SourceRef]]


class QueryModel(Protocol):
    """The runtime's embedding model as the report uses it (bot.rag.index.embeddings.LazyEmbedder)."""

    name: str

    def query_vectors(self, texts: list[str]) -> np.ndarray: ...


class SectionRef(BaseModel):
    """A section of a document, as the index names it."""

    doc_id: str
    title: str
    section: str


class SectionCount(SectionRef):
    """A section with how many questions reached it (and how close they came, when that was stored)."""

    count: int
    similarity: float | None = None


class Group(BaseModel):
    """Questions of one meaning, across languages."""

    label: str
    size: int
    members: int  # distinct askers, from the stored hashes (0 when the front end stored none)
    voters: int  # distinct members who voted on its answers
    refused: int = 0
    unsure: int = 0
    voted_down: int = 0
    languages: dict[str, int]
    examples: list[str]
    sections: list[SectionCount]  # gaps: the closest sections reached; top questions: the sections that answered


class Votes(BaseModel):
    """👍/👎 on the answers drawn from one document or made by one calculator."""

    name: str
    title: str = ""
    answers: int
    up: int
    down: int
    share_up: float | None  # up / (up + down); None without votes


class Sources(BaseModel):
    """Which parts of the knowledge base the period's answers used, and which they never did."""

    index_read: bool  # False: no live index to compare with (never-cited lists empty)
    most_cited: list[SectionCount]
    never_cited_documents: list[SectionRef]  # section: "" (the whole document)
    never_cited_sections: list[SectionRef]  # sections of the other documents
    documents: list[Votes]
    calculators: list[Votes]


class Totals(BaseModel):
    """The period's numbers, shown first."""

    questions: int
    answered: int
    unsure: int
    refused: int
    voted_down: int
    members: int


class CoverageReport(BaseModel):
    """`careerbot report`: coverage gaps, top questions, sources."""

    days: int
    since: datetime
    totals: Totals
    gaps: list[Group]
    top_questions: list[Group]
    sources: Sources
    retention: Pruned | None = None  # what this run's retention pass deleted


def coverage_report(store: FeedbackStore, embed: Embed, model: str, sections: list[SectionRef] | None,
                    days: int, *, now: datetime | None = None) -> CoverageReport:
    """The report for the last `days` days; `sections` are the live index's (None: no index to compare with)."""
    since = (now or datetime.now(UTC)).astimezone(UTC) - timedelta(days=days)
    questions = store.questions_since(since)
    vectors = store.vectors(questions, model, embed)
    gap = np.array([q.outcome != "answered" or q.down > 0 for q in questions], dtype=bool)
    labels = Labeller([q.question for q in questions])
    reference = store.reference_vectors(reference_questions(), model, embed) if len(questions) > 1 else vectors[:0]
    return CoverageReport(
        days=days, since=since, totals=totals_of(questions),
        gaps=grouped([q for q, g in zip(questions, gap, strict=True) if g], vectors[gap], labels, reached,
                     reference),
        top_questions=grouped([q for q, g in zip(questions, gap, strict=True) if not g], vectors[~gap], labels,
                              cited, reference),
        sources=sources_of(questions, sections),
    )


def totals_of(questions: list[StoredQuestion]) -> Totals:
    outcomes = Counter(q.outcome for q in questions)
    return Totals(questions=len(questions), answered=outcomes["answered"], unsure=outcomes["unsure"],
                  refused=outcomes["refused"], voted_down=sum(q.down > 0 for q in questions),
                  members=len({q.asker for q in questions if q.asker}))


def clusters(vectors: np.ndarray, texts: list[str], reference: np.ndarray) -> list[list[int]]:
    """Indices grouped by meaning, largest group first; each distinct text is clustered once (repeats follow it).
    `reference`: the reference questions' vectors (see `comparable`)."""
    from sklearn.cluster import AgglomerativeClustering  # heavy: only when a report runs

    first: dict[str, int] = {}  # each distinct text's first index, in one pass (index() per text is quadratic)
    for index, text in enumerate(texts):
        first.setdefault(text, index)
    distinct = list(first)
    if len(distinct) < 2:
        return [list(range(len(texts)))] if texts else []
    assigned = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                       distance_threshold=GROUP_DISTANCE).fit_predict(
        comparable(vectors[[first[text] for text in distinct]], reference))
    cluster_of = dict(zip(distinct, assigned, strict=True))
    groups: dict[int, list[int]] = {}
    for index, text in enumerate(texts):
        groups.setdefault(int(cluster_of[text]), []).append(index)
    return sorted(groups.values(), key=len, reverse=True)


def comparable(points: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Distinct questions' vectors with what does not tell their subjects apart taken out.

    Every vector of the model shares a large component, whatever it asks: the mean of the questions is subtracted,
    with the mean of varied reference questions weighing as REFERENCE_WEIGHT of them (a period of two or three
    questions would otherwise be pulled apart by its own mean; a month's is its own). Then what tells
    phrasings of one subject apart (greetings and thanks around a question, the amount or city filled in, its
    language) is projected out: the directions in which questions differ from their nearest neighbours, the top
    singular directions of those differences (nuisance attribute projection, as in speaker recognition), once there
    are enough questions for a question's nearest to be its own subject's; two questions on different subjects
    differ in other directions, which stay."""
    from sklearn.neighbors import NearestNeighbors  # heavy: only when a report runs

    centre = (points.sum(axis=0) + REFERENCE_WEIGHT * reference.mean(axis=0)) / (len(points) + REFERENCE_WEIGHT) \
        if len(reference) else points.mean(axis=0)
    points = unit(points.astype(np.float64) - centre)
    directions = min(NUISANCE_DIRECTIONS, (len(points) - 1) // QUESTIONS_PER_DIRECTION)
    if directions == 0:
        return points
    neighbours = min(NEIGHBOURS, len(points) - 1)
    _, nearest = NearestNeighbors(n_neighbors=neighbours + 1, metric="cosine").fit(points).kneighbors(points)
    differences = (points[:, None, :] - points[nearest[:, 1:]]).reshape(-1, points.shape[1])
    # the top right singular vectors of the differences, from their small square Gram matrix (eigenvalues ascending)
    nuisance = np.linalg.eigh(differences.T @ differences)[1][:, ::-1][:, :directions].T
    return unit(points - (points @ nuisance.T) @ nuisance)


def unit(points: np.ndarray) -> np.ndarray:
    return points / np.maximum(np.linalg.norm(points, axis=1, keepdims=True), 1e-12)


def reference_questions() -> list[str]:
    """The varied questions `comparable` steadies the common direction with (one per line, # comments)."""
    text = resources.files(__package__).joinpath(REFERENCE_QUESTIONS).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def grouped(questions: list[StoredQuestion], vectors: np.ndarray, labels: Labeller, sections_of: SectionsOf,
            reference: np.ndarray) -> list[Group]:
    """The questions in groups of one meaning, largest first (then the most members)."""
    texts = [q.question for q in questions]
    groups = [describe([questions[i] for i in members], vectors[members], labels, sections_of)
              for members in clusters(vectors, texts, reference)]
    return sorted(groups, key=lambda g: (-g.size, -g.members, g.label))


def describe(questions: list[StoredQuestion], vectors: np.ndarray, labels: Labeller, sections_of: SectionsOf
             ) -> Group:
    outcomes = Counter(q.outcome for q in questions)
    return Group(
        label=labels.label([q.question for q in questions]), size=len(questions),
        members=len({q.asker for q in questions if q.asker}),
        voters=len({voter for q in questions for voter in q.voters}),
        refused=outcomes["refused"], unsure=outcomes["unsure"], voted_down=sum(q.down > 0 for q in questions),
        languages=dict(Counter(q.language for q in questions).most_common()),
        examples=typical(questions, vectors), sections=section_counts(questions, sections_of)[:SECTIONS_SHOWN],
    )


def typical(questions: list[StoredQuestion], vectors: np.ndarray) -> list[str]:
    """The distinct questions closest to the group's centre: the ones that read like the group."""
    order = np.argsort(-(vectors @ vectors.mean(axis=0)), kind="stable")
    return list(dict.fromkeys(questions[i].question for i in order))[:EXAMPLES]


class Labeller:
    """A group's most telling words: TF-IDF over the period's questions (stopwords of every language out), summed
    over the group, so the words it repeats and other groups rarely use come first."""

    def __init__(self, texts: list[str]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer  # heavy: only when a report runs

        self._vectorizer = TfidfVectorizer(analyzer=label_words, sublinear_tf=True)
        distinct = list(dict.fromkeys(texts))
        self._fitted = any(label_words(text) for text in distinct)
        if self._fitted:
            self._vectorizer.fit(distinct)

    def label(self, texts: list[str]) -> str:
        if not self._fitted:
            return ""
        weights = np.asarray(self._vectorizer.transform(texts).sum(axis=0)).ravel()
        terms = self._vectorizer.get_feature_names_out()
        best = [i for i in np.argsort(-weights, kind="stable")[:LABEL_WORDS] if weights[i] > 0]
        return " · ".join(str(terms[i]) for i in best)


def label_words(text: str) -> list[str]:
    return [word for word in WORD.findall(text.lower()) if word not in STOPWORDS]


def reached(question: StoredQuestion) -> list[SourceRef]:
    """The closest section a gap's question reached: retrieval's first."""
    return sorted(question.sources, key=lambda s: s.rank)[:1]


def cited(question: StoredQuestion) -> list[SourceRef]:
    """The sections an answer cited, each once; rows stored before `cited` was kept: retrieval's first."""
    marked = [s for s in question.sources if s.cited] or reached(question)
    return list({(s.doc_id, s.section): s for s in marked}.values())


def section_counts(questions: Iterable[StoredQuestion], sections_of: SectionsOf) -> list[SectionCount]:
    """Sections by how many questions reached them, with the mean closeness when it was stored."""
    counts: Counter[tuple[str, str]] = Counter()
    names: dict[tuple[str, str], str] = {}
    closeness: dict[tuple[str, str], list[float]] = {}
    for question in questions:
        for source in sections_of(question):
            key = (source.doc_id, source.section)
            counts[key] += 1
            names[key] = source.title
            if source.similarity:
                closeness.setdefault(key, []).append(source.similarity)
    return [SectionCount(doc_id=key[0], title=names[key], section=key[1], count=n,
                         similarity=round(float(np.mean(closeness[key])), 3) if key in closeness else None)
            for key, n in counts.most_common()]


def sources_of(questions: list[StoredQuestion], sections: list[SectionRef] | None) -> Sources:
    """Sections used by answers (calculators' figures included), those never used, and the votes per document
    (documents answers) and per calculator."""
    answering = [q for q in questions if q.outcome != "refused"]
    used = section_counts(answering, cited)
    cited_keys = {(s.doc_id, s.section) for s in used}
    cited_docs = {s.doc_id for s in used}
    index = sections or []
    return Sources(
        index_read=sections is not None, most_cited=used[:MOST_CITED],
        never_cited_documents=list({s.doc_id: SectionRef(doc_id=s.doc_id, title=s.title, section="")
                                    for s in index if s.doc_id not in cited_docs}.values()),
        never_cited_sections=[s for s in index if s.doc_id in cited_docs and (s.doc_id, s.section) not in cited_keys],
        documents=document_votes([q for q in answering if not q.calculator]),
        calculators=calculator_votes(questions),
    )


def tally(rows: Iterable[tuple[str, str, StoredQuestion]]) -> list[Votes]:
    """Answers and votes per (name, title), the most voted down first."""
    found: dict[str, Votes] = {}
    for name, title, question in rows:
        votes = found.setdefault(name, Votes(name=name, title=title, answers=0, up=0, down=0, share_up=None))
        votes.answers, votes.up, votes.down = votes.answers + 1, votes.up + question.up, votes.down + question.down
    for votes in found.values():
        votes.share_up = round(votes.up / (votes.up + votes.down), 3) if votes.up + votes.down else None
    return sorted(found.values(), key=lambda v: (-v.down, -v.answers, v.name))


def document_votes(questions: list[StoredQuestion]) -> list[Votes]:
    return tally((doc_id, title, q) for q in questions
                 for doc_id, title in {s.doc_id: s.title for s in cited(q)}.items())


def calculator_votes(questions: list[StoredQuestion]) -> list[Votes]:
    return tally((q.calculator, "", q) for q in questions if q.calculator)


def index_sections(store: ChromaStore) -> list[SectionRef] | None:
    """The live index's sections in document order; None before the first ingest."""
    pointer = store.pointer()
    if pointer is None:
        return None
    metadatas = store.records(store.collection(pointer.collection)).metadatas
    ordered = sorted(metadatas, key=lambda m: (m["doc_id"], int(m.get("position", 0))))
    return list({(m["doc_id"], m["section"]): SectionRef(doc_id=m["doc_id"], title=m["title"], section=m["section"])
                 for m in ordered}.values())


def maintained_report(store: FeedbackStore, model: QueryModel, index: ChromaStore | None, days: int,
                      retention_days: int, *, now: datetime | None = None) -> CoverageReport:
    """Apply the retention period, then report, at one moment: what the running bot does for /report (blocking:
    call it in the thread pool)."""
    moment = now or datetime.now(UTC)
    pruned = store.prune(retention_days, now=moment)
    report = coverage_report(store, model.query_vectors, model.name, readable_sections(index), days, now=moment)
    report.retention = pruned
    return report


def readable_sections(index: ChromaStore | None) -> list[SectionRef] | None:
    """The live index's sections; None when there is none or it cannot be read now (the report is about the
    feedback, and says the never-cited lists are missing)."""
    if index is None:
        return None
    try:
        return index_sections(index)
    except UserFacingError:
        return None


class DayCount(BaseModel):
    """The questions of one day of a period by outcome; a day is the 24 hours from `start`."""

    start: datetime
    answered: int = 0
    unsure: int = 0
    refused: int = 0


def questions_per_day(questions: Iterable[StoredQuestion], since: datetime, days: int) -> list[DayCount]:
    """Each day of the period from `since` (24 hours, so the days end at the report's moment), every day present,
    with its questions by outcome; a question stored after the period's end (while the report ran) counts in the
    last day, so the days add up to the report's totals."""
    counted = [DayCount(start=since + i * DAY) for i in range(days)]
    for question in questions:
        index = min(max(int((question.created_at - since) / DAY), 0), days - 1)
        day = counted[index]
        setattr(day, question.outcome, getattr(day, question.outcome) + 1)
    return counted


def questions_chart(days: list[DayCount], language: str) -> bytes:
    """Questions per day, stacked answered / unsure / refused, as a small PNG; every word from the catalogue in
    `language`. Matplotlib is imported here (it is only needed for the weekly post), and drawn without pyplot:
    no global state, so it may run in a worker thread."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    catalogue = Catalogue.packaged()
    figure = Figure(figsize=CHART_INCHES, dpi=CHART_DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(days)))
    bottom = [0] * len(days)
    for outcome, colour in CHART_COLOURS.items():
        heights = [getattr(day, outcome) for day in days]
        bars = axes.bar(positions, heights, bottom=bottom, color=colour, width=0.7,
                        label=catalogue.say(f"report_{outcome}", language))
        bottom = [low + height for low, height in zip(bottom, heights, strict=True)]
    axes.bar_label(bars, labels=[str(total) if total else "" for total in bottom], fontsize="small")  # day's total
    axes.set_xticks(positions, [catalogue.say("report_chart_day", language, day=day.start.day,
                                              month=day.start.month) for day in days])
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # questions are whole
    axes.set_ylim(0, max([*bottom, 1]) * 1.12)  # room for the totals; an empty week still has an axis
    axes.set_ylabel(catalogue.say("report_questions", language))
    axes.set_title(catalogue.say("report_chart_title", language, days=len(days)))
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(loc="outside lower center", frameon=False, ncols=len(CHART_COLOURS), fontsize="small")
    png = io.BytesIO()
    figure.savefig(png, format="png")
    return png.getvalue()
