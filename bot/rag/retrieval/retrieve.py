"""Hybrid search: BM25 and dense vectors over the live collection, fused by reciprocal rank.

The default embedding model puts Dutch and English in one space; the Dutch↔English glossary adds the
translations of domain terms to BM25's query and leans the question's vector towards them, a boost on top.
"""

from __future__ import annotations

import atexit
import logging
import re
import threading
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import bm25s
import numpy as np

from bot.errors import UserFacingError
from bot.models import Source
from bot.rag.index.embeddings import MINILM_MODEL
from bot.rag.index.store import ChromaStore
from bot.rag.retrieval.glossary import Glossary
from bot.rag.retrieval.scores import Shift, relative
from bot.rag.retrieval.text import tokenize
from bot.rates.figures import FigureBook
from bot.text.language import detect_language

if TYPE_CHECKING:
    from chromadb.api.models.Collection import Collection
    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

RRF_K = 60  # the usual reciprocal-rank-fusion constant: damps the gap between rank 1 and rank 2
CANDIDATES = 40
# Measured with `careerbot eval` on the dev questions and on two question sets written for this purpose: with the
# glossary, BM25 carries most of the signal; the English-only MiniLM gets a say on English questions and little
# more than a tie-break on Dutch ones. Section headings name their subject (tool,
# city, topic), and translations are less certain than the user's own words.
EXPANSION_WEIGHT = 0.6
HEADING_WEIGHT = 1.0
DENSE_WEIGHTS = {"en": 0.3, "nl": 0.05}
# Any other model (the multilingual default, or one configured with CAREERBOT_EMBEDDING_MODEL) is trusted alike in
# both languages.
CONFIGURED_DENSE_WEIGHTS = {"en": 2.0, "nl": 2.0}
QUERY_CACHE = 256
# The question's vector leans towards its first TERM_GROUPS glossary groups by TERM_WEIGHT. Measured with
# `careerbot eval` on the dev and new-document answer sets: as good as embedding the question with its first 24
# translated words (which took 2.4x as long to embed), and 5 more dev answers than the question alone; weights
# 0.55 and 0.85 each lost one answer.
TERM_WEIGHT = 0.7
TERM_GROUPS = 3


def bm25_scores(bm25: bm25s.BM25, tokens: list[str]) -> np.ndarray:
    """BM25 score of every chunk (zeros for an empty query, which bm25s does not accept)."""
    return bm25.get_scores(tokens) if tokens else np.zeros(bm25.scores["num_docs"], dtype=np.float32)


def dense_closeness(similarity: dict[int, float]) -> dict[int, float]:
    """How close each candidate is to the question, from 1 (the closest) to 0 (the typical candidate): a
    multilingual model's cosines say how much better one section fits, which its rank alone hides."""
    return dict(zip(similarity, relative(list(similarity.values())), strict=True))


@dataclass
class Corpus:
    """The live collection held in memory for BM25, rebuilt whenever the pointer moves."""

    collection: Collection
    ids: list[str]
    texts: list[str]
    metadatas: list[dict[str, Any]]
    bm25: bm25s.BM25
    headings: bm25s.BM25
    sentence_vectors: dict[str, np.ndarray] = field(default_factory=dict)
    figures: FigureBook | None = None  # the calculators' figures checked against these documents at ingest
    vocabulary: set[str] | None = None  # every stem of the documents, made on first use
    # a question's words are stemmed the ways the documents' are: Dutch and English, and French once a French
    # document is in (a question is short and its language uncertain; each stemming finds its own documents)
    query_languages: tuple[str, ...] = ("nl", "en")


class HybridRetriever:
    """Ranked chunks for a question in Dutch or English."""

    def __init__(self, store: ChromaStore, embedder: Embeddings, model: str, glossary: Glossary | None = None
                 ) -> None:
        self.store = store
        self.glossary = glossary or Glossary.packaged()
        self.embedder = embedder
        self.model = model
        self.multilingual = model != MINILM_MODEL
        self.dense_weights = CONFIGURED_DENSE_WEIGHTS if self.multilingual else DENSE_WEIGHTS
        self._corpus: Corpus | None = None
        self._lock = threading.Lock()
        self._query_vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._term_vectors: dict[str, np.ndarray] = {}  # one per glossary group: bounded by the glossary
        self._warming: threading.Thread | None = None
        self._stopping = threading.Event()
        self._pinned: ContextVar[Corpus | None] = ContextVar(f"pinned_corpus_{id(self)}", default=None)

    def meaning(self, question: str, texts: list[str]) -> np.ndarray:
        """Cosine similarity of the question's retrieval vector (glossary terms added) to each text (the corpus's
        sentences and headings come embedded with it): an answer embeds its question once."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        stored = self.corpus().sentence_vectors
        missing = [t for t in texts if t not in stored]
        made = dict(zip(missing, self.embedder.passage_vectors(missing), strict=True)) if missing else {}
        matrix = np.stack([stored[t] if t in stored else made[t] for t in texts])
        return matrix @ self.question_vector(question)

    def salience(self, question: str, words: list[str], closest: Source) -> Shift:
        """What leaving the words out does to the question's vector: how far it moves (1 - cosine), and how much
        closer it comes to the closest section's chunk (a word the section says in another language keeps it
        where it is or pulls it away; a subject the section lacks was keeping it away)."""
        if not words:
            return Shift(0.0, 0.0)
        without = question
        for word in words:
            without = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", " ", without, flags=re.IGNORECASE)
        own, left = self.query_vector(question), self.embedder.query_vector(" ".join(without.split()))
        chunk = self.chunk_vector(closest)
        closer = float(left @ chunk - own @ chunk) if chunk is not None else 0.0
        return Shift(moved=float(1.0 - left @ own), closer=closer)

    def chunk_vector(self, source: Source) -> np.ndarray | None:
        """The stored vector of a retrieved chunk (None if the build no longer holds it)."""
        corpus = self.corpus()
        try:
            chunk_id = corpus.ids[corpus.texts.index(source.text)]
        except ValueError:
            return None
        found = corpus.collection.get(ids=[chunk_id], include=["embeddings"])["embeddings"]
        return np.asarray(found[0], dtype=np.float32) if len(found) else None

    def vocabulary(self) -> set[str]:
        """Every stem the live documents use (Dutch and English stemming), made once per build."""
        corpus = self.corpus()
        if corpus.vocabulary is None:
            stems: set[str] = set()
            for text in corpus.texts:
                stems.update(tokenize(text, ("nl", "en")))
            corpus.vocabulary = stems
        return corpus.vocabulary

    def languages(self) -> set[str]:
        """The languages the live documents are written in."""
        return {meta.get("language", "en") for meta in self.corpus().metadatas}

    def section_body(self, source: Source) -> str:
        """The whole section a retrieved chunk belongs to, in document order: a long section is cut into several
        chunks, and the sentence that answers may sit in one that ranked lower than its sibling."""
        corpus = self.corpus()
        parts = sorted((meta.get("position", 0), text) for text, meta in zip(corpus.texts, corpus.metadatas,
                                                                             strict=True)
                       if meta["doc_id"] == source.doc_id and meta["section"] == source.section)
        heading = f"{source.title} › {source.section}\n\n"
        bodies = [text[len(heading):] if text.startswith(heading) else text for _, text in parts]
        return "\n\n".join(bodies) if len(bodies) > 1 else source.body

    def figures(self) -> FigureBook | None:
        """The figures of the live build; None when it has none of its own or there is no index yet."""
        try:
            return self.corpus().figures
        except UserFacingError:
            return None

    @contextmanager
    def pinned(self) -> Iterator[FigureBook | None]:
        """Within this block every search reads the build that is live now, and its figures are given: one
        answer never mixes two builds when an ingest switches in the middle of it."""
        try:
            corpus: Corpus | None = self.corpus()
        except UserFacingError:
            corpus = None  # no index yet: the calculators still answer, search says what is wrong
        token = self._pinned.set(corpus)
        try:
            yield corpus.figures if corpus else None
        finally:
            self._pinned.reset(token)

    def titles(self) -> list[str]:
        """The titles of the documents in the live index, for a refusal that says what can be asked."""
        return sorted({str(m["title"]) for m in self.corpus().metadatas})

    def query_vector(self, text: str) -> np.ndarray:
        """The question's vector; an answer asks for it twice (retrieval, then sentence choice)."""
        with self._lock:
            if text in self._query_vectors:
                self._query_vectors.move_to_end(text)
                return self._query_vectors[text]
        vector = np.asarray(self.embedder.embed_query(text), dtype=np.float32)
        with self._lock:
            self._query_vectors[text] = vector
            while len(self._query_vectors) > QUERY_CACHE:
                self._query_vectors.popitem(last=False)
        return vector

    def known_query_vector(self, text: str) -> np.ndarray | None:
        """The vector an answer already made for this text, without calling the model (None: not made lately)."""
        with self._lock:
            return self._query_vectors.get(text)

    def question_vector(self, question: str) -> np.ndarray:
        """What the dense model reads for a question: the question's own vector, leaned towards the vectors of
        its first glossary groups (measured: a few domain terms in the other language sharpen even a
        multilingual model's match). A group's vector is made once per process, so an answer embeds only the
        question, as long as a bare vector search does. The answerer scores sentences with the same vector."""
        own = self.query_vector(question)
        groups = list(dict.fromkeys(number for _, _, number in self.glossary.matches(question)))[:TERM_GROUPS]
        if not groups:
            return own
        terms = np.mean([self._term_vector(" ".join(self.glossary.groups[number])) for number in groups], axis=0)
        length = np.linalg.norm(terms)
        if not length:  # a configured model that gives zero vectors: the question alone
            return own
        blend = own + TERM_WEIGHT * terms / length
        return blend / np.linalg.norm(blend)

    def _term_vector(self, terms: str) -> np.ndarray:
        with self._lock:
            known = self._term_vectors.get(terms)
        if known is None:
            known = np.asarray(self.embedder.embed_query(terms), dtype=np.float32)
            with self._lock:
                self._term_vectors[terms] = known
        return known

    def forget_queries(self) -> None:
        """Drop the cached question vectors (a benchmark measures a question's first answer)."""
        with self._lock:
            self._query_vectors.clear()

    def search(self, query: str, k: int) -> list[Source]:
        """The k best chunks by fused BM25 and dense rank."""
        corpus = self.corpus()
        translations = " ".join(self.glossary.expand(query))
        lexical = self._lexical_ranks(corpus, query, translations)
        dense, similarity = self._dense_ranks(corpus, query)
        dense_weight = self.dense_weights[detect_language(query)]
        closeness = dense_closeness(similarity) if self.multilingual else {}
        fused = {i: 1 / (RRF_K + lexical.get(i, CANDIDATES))
                 + (dense_weight * closeness.get(i, 0.0) / (RRF_K + 1) if self.multilingual
                    else dense_weight / (RRF_K + dense.get(i, CANDIDATES)))
                 for i in set(lexical) | set(dense)}
        best = sorted(fused, key=fused.__getitem__, reverse=True)[:k]
        return [self._source(corpus, i, rank, fused[i], similarity.get(i, 0.0)) for rank, i in enumerate(best, 1)]

    def corpus(self) -> Corpus:
        """Follow the pointer: reload when an ingest has switched the live collection (inside `pinned`, the
        build that was live when the block began)."""
        pinned = self._pinned.get()
        if pinned is not None:
            return pinned
        pointer = self.store.pointer()
        if pointer is None:
            raise UserFacingError("the knowledge index is empty: run `careerbot ingest` first")
        if pointer.model != self.model:
            raise UserFacingError(
                f"the index was built with embedding model {pointer.model!r} but {self.model!r} is configured; "
                "re-ingest with `careerbot ingest` (or /reingest) to rebuild it"
            )
        with self._lock:
            if self._corpus is None or self._corpus.collection.name != pointer.collection:
                self._corpus = self._load(pointer.collection)
                self._start_warming()
            return self._corpus

    def _start_warming(self) -> None:
        """Once per process, embed every glossary group in the background, so that no answer waits for one (an
        answer that comes first makes the few it needs itself)."""
        if self._warming is None:
            self._warming = threading.Thread(target=self.warm_terms, name="glossary-vectors", daemon=True)
            atexit.register(self._stop_warming)
            self._warming.start()

    def _stop_warming(self) -> None:
        """At exit, let the background embedding finish its group: a model's native threads abort the process
        when the interpreter ends under them (torch: "terminate called without an active exception")."""
        self._stopping.set()
        if self._warming is not None:
            self._warming.join(timeout=10)

    def warm_terms(self) -> None:
        """Embed the terms of every glossary group not embedded yet."""
        try:
            for group in self.glossary.groups:
                if self._stopping.is_set():
                    return
                self._term_vector(" ".join(group))
        except Exception:  # noqa: BLE001 - a background nicety: an answer embeds what it needs itself
            level = logging.DEBUG if self._stopping.is_set() else logging.WARNING  # at exit: nothing to report
            log.log(level, "embedding the glossary in the background failed", exc_info=True)

    def _load(self, name: str) -> Corpus:
        collection = self.store.collection(name)
        records = self.store.records(collection)
        tokens = [tokenize(text, (meta.get("language", "en"),)) for text, meta in zip(records.texts,
                                                                                       records.metadatas, strict=True)]
        bm25 = bm25s.BM25()
        bm25.index(tokens, show_progress=False)
        headings = bm25s.BM25()
        headings.index([tokenize(f"{m['title']} {m['section']}", (m.get("language", "en"),))
                        for m in records.metadatas], show_progress=False)
        sentence_vectors = {text: np.asarray(vector, dtype=np.float32)
                            for text, vector in self.store.sentence_vectors(name).items()}
        stored = self.store.figures_json(collection)
        figures = FigureBook.model_validate_json(stored) if stored else None
        log.info("loaded %d chunks and %d sentences from %s", len(records.ids), len(sentence_vectors), name)
        french = any(meta.get("language") == "fr" for meta in records.metadatas)
        return Corpus(collection, records.ids, records.texts, records.metadatas, bm25, headings, sentence_vectors,
                      figures, query_languages=("nl", "en", "fr") if french else ("nl", "en"))

    def _lexical_ranks(self, corpus: Corpus, query: str, translations: str) -> dict[int, int]:
        own = tokenize(query, corpus.query_languages)
        extra = [t for t in tokenize(translations, corpus.query_languages) if t not in own]
        scores = (bm25_scores(corpus.bm25, own) + EXPANSION_WEIGHT * bm25_scores(corpus.bm25, extra)
                  + HEADING_WEIGHT * (bm25_scores(corpus.headings, own)
                                      + EXPANSION_WEIGHT * bm25_scores(corpus.headings, extra)))
        order = np.argsort(-scores)[:CANDIDATES]
        return {int(i): rank for rank, i in enumerate(order, 1) if scores[i] > 0}

    def _dense_ranks(self, corpus: Corpus, query: str) -> tuple[dict[int, int], dict[int, float]]:
        vector = self.question_vector(query).tolist()
        n = min(CANDIDATES, len(corpus.ids))
        found = corpus.collection.query(query_embeddings=[vector], n_results=n, include=["distances"])
        position = {chunk_id: i for i, chunk_id in enumerate(corpus.ids)}
        ranks, similarity = {}, {}
        for rank, (chunk_id, distance) in enumerate(zip(found["ids"][0], found["distances"][0], strict=True), 1):
            if chunk_id in position:
                ranks[position[chunk_id]] = rank
                similarity[position[chunk_id]] = 1.0 - float(distance)
        return ranks, similarity

    def _source(self, corpus: Corpus, i: int, rank: int, score: float, similarity: float) -> Source:
        meta = corpus.metadatas[i]
        return Source(rank=rank, doc_id=meta["doc_id"], title=meta["title"], section=meta["section"],
                      path=meta["path"], url=meta.get("url") or None, score=round(score, 5), text=corpus.texts[i],
                      similarity=round(similarity, 4), language=meta.get("language", "en"))
