"""Everything a front end needs, built once in main() and passed in: settings, store, engine, ingest."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from bot.engine import Engine
from bot.models import Source
from bot.parts import Answerer
from bot.rag.answerers.answer_extractive import ExtractiveAnswerer
from bot.rag.answerers.asked import ASKED_FILE, AskedKinds
from bot.rag.answerers.places import PLACES_FILE, Places
from bot.rag.index.embeddings import EVIDENCE, Evidence, LazyEmbedder
from bot.rag.index.store import ChromaStore
from bot.rag.retrieval.glossary import GLOSSARY_FILE, Glossary
from bot.rag.retrieval.retrieve import HybridRetriever
from bot.rates import figures
from bot.rates.figures import FigureBook
from bot.settings import Settings
from bot.text.catalogue import Catalogue
from ingest.pipeline import IngestReport, Progress, run_ingest, vectors_of

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentInfo:
    """One document of the live index, for /sources."""

    doc_id: str
    title: str
    language: str
    year: int
    chunks: int
    source: str | None = None  # the publisher; None also for a build whose chunks did not carry it
    url: str | None = None


def ingest_threads(configured: int, beside_answers: bool) -> int:
    """The math threads an ingest embeds with: the configured count, else every core this process may use (all but
    one when answers run beside it)."""
    if configured:
        return configured
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return max(1, cores - 1) if beside_answers else cores


class Runtime:
    """The Discord-free core, wired: answer questions, ingest documents, describe the index."""

    def __init__(self, settings: Settings, store: ChromaStore, embedder: LazyEmbedder, engine: Engine) -> None:
        self.settings = settings
        self.store = store
        self.embedder = embedder
        self.engine = engine

    def ingest(self, path: Path | None = None, dry_run: bool = False, progress: Progress | None = None,
               beside_answers: bool = False, known: dict[str, list[float]] | None = None) -> IngestReport:
        """Re-ingest (under the data directory's lock); answers keep coming from the old index until the flip.
        beside_answers: the process also answers questions, so the embedding leaves them a core. known: vectors
        another index of this model already made (`known_vectors`), by text."""
        root = path or self.settings.knowledge_dir
        threads = ingest_threads(self.settings.ingest_threads, beside_answers)
        return run_ingest(self.store, self.embedder.load, self.embedder.name, root, self.settings.data_dir,
                          dry_run=dry_run, progress=progress, max_document_bytes=self.settings.max_document_bytes,
                          threads=threads, known=known)

    def figures(self) -> FigureBook:
        """The figures the calculators use now: the live index's (checked against its documents at ingest), else
        the packaged ones (before the first ingest, or for an index built from a directory without rates/)."""
        return self.engine.retriever.figures() or figures.default_book()

    def known_vectors(self) -> dict[str, list[float]]:
        """The live index's texts with their vectors, for a scratch copy of the knowledge base to start from."""
        return vectors_of(self.store, self.embedder.name)

    def question_vector_made(self, text: str) -> tuple[str, np.ndarray] | None:
        """The model's name and the vector an answer already made for this text, so the feedback store keeps it and
        the first report need not embed the question again; None when retrieval did not embed exactly this text."""
        known = getattr(self.engine.retriever, "known_query_vector", None)  # a test's retriever may keep none
        vector = known(text) if known else None
        return None if vector is None else (self.embedder.name, vector)

    def index_is_empty(self) -> bool:
        """True before the first ingest."""
        return self.store.pointer() is None

    def last_ingested(self) -> datetime | None:
        """When the live index was switched in."""
        pointer = self.store.pointer()
        return datetime.fromisoformat(pointer.ingested_at) if pointer and pointer.ingested_at else None

    def documents(self) -> list[DocumentInfo]:
        """The documents of the live index with their chunk counts, publishers and links, as the build stored
        them (so they describe the documents the answers cite)."""
        pointer = self.store.pointer()
        if pointer is None:
            return []
        counts: dict[str, int] = {}
        firsts: dict[str, dict] = {}
        for meta in self.store.records(self.store.collection(pointer.collection)).metadatas:
            counts[meta["doc_id"]] = counts.get(meta["doc_id"], 0) + 1
            firsts.setdefault(meta["doc_id"], meta)
        return [DocumentInfo(doc_id, m["title"], m["language"], int(m["year"]), counts[doc_id],
                             m.get("source") or None, m.get("url") or None)
                for doc_id, m in sorted(firsts.items())]

    def close(self) -> None:
        """Release the Chroma client (the embedded database files stay consistent either way)."""
        self.store.close()


def build_runtime(settings: Settings, embedder: LazyEmbedder | None = None) -> Runtime:
    """Wire store, embedder, retriever, answerer and router from the settings (the model loads lazily)."""
    domain = glossary_of(settings.knowledge_dir)
    store = ChromaStore.from_settings(settings)
    embedder = embedder or LazyEmbedder(settings)
    retriever = HybridRetriever(store, embedder, embedder.name, domain)
    messages = Catalogue.packaged()
    extractive = ExtractiveAnswerer(meaning=retriever.meaning, titles=retriever.titles,
                                    evidence=EVIDENCE.get(embedder.name), sections=retriever.section_body,
                                    salience=retriever.salience, vocabulary=retriever.vocabulary,
                                    languages=retriever.languages,
                                    asked=AskedKinds.from_file(own_or_packaged(settings.knowledge_dir, ASKED_FILE)),
                                    places=Places.from_file(own_or_packaged(settings.knowledge_dir, PLACES_FILE)),
                                    glossary=domain, messages=messages)
    engine = Engine(retriever=retriever, answerer=build_answerer(settings, extractive), router=load_router(),
                    documents_first=documents_first(EVIDENCE.get(embedder.name)), pinned=retriever.pinned,
                    top_k=settings.top_k, max_question_chars=settings.max_question_chars, messages=messages)
    return Runtime(settings, store, embedder, engine)


def documents_first(evidence: Evidence | None) -> Callable[[list[Source]], bool] | None:
    """A question the router took goes to the documents when retrieval's closest section is about exactly that
    question and comes from a document the calculators do not draw their figures from (a permit's salary
    threshold is not a salary band)."""
    if evidence is None:
        return None

    def decide(sources: list[Source]) -> bool:
        calculator_documents = {figure.doc_id for figure in figures.book_in_use().figures.values()}
        closest = max(sources, key=lambda s: s.similarity, default=None)
        return (closest is not None and closest.doc_id not in calculator_documents
                and closest.similarity >= evidence.section_alone)

    return decide


def own_or_packaged(knowledge_dir: Path, packaged: Path) -> Path:
    """The knowledge directory's own vocabulary file of this name when it has one, else the packaged one."""
    own = knowledge_dir / "vocabulary" / packaged.name
    return own if own.is_file() else packaged


def glossary_of(knowledge_dir: Path) -> Glossary:
    """The knowledge directory's own glossary when it has one (else the packaged one), read and checked now, so a
    malformed file is reported at start-up rather than at the first question."""
    return Glossary.from_file(own_or_packaged(knowledge_dir, GLOSSARY_FILE))


def build_answerer(settings: Settings, extractive: ExtractiveAnswerer | None = None) -> Answerer:
    """The extractive answerer, or an LLM answerer that falls back to it when CAREERBOT_LLM is set."""
    extractive = extractive or ExtractiveAnswerer()
    if not settings.llm:
        return extractive
    from bot.rag.answerers.answer_llm import build_llm_answerer  # langchain chat models: only when configured

    return build_llm_answerer(settings, extractive, glossary=extractive.glossary)


def load_router():  # noqa: ANN201 - the calculators' router, once they exist
    try:
        from bot.rates.router import route
        from bot.rates.vocabulary import words
    except ImportError:
        return None
    words()  # read and checked now, so a malformed file is reported at start-up rather than at the first question
    return route
