"""Incremental, atomic ingest: embed only new chunks, build a new collection, then flip the pointer."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout
from pydantic import BaseModel
from threadpoolctl import threadpool_limits

from bot.errors import UserFacingError
from bot.logs import FILE_ONLY
from bot.rag.index.passages import body_of, section_name, sentence_texts
from bot.rag.index.store import SENTENCES_SUFFIX, ChromaStore, ChunkRecords, storage_problem
from ingest.chunking import Chunk, document_digest, split_document
from ingest.figure_check import FigureCheck, check_figures
from ingest.loaders import MAX_DOCUMENT_BYTES, KnowledgeDocument, load_documents

if TYPE_CHECKING:
    from collections.abc import Iterator

    from langchain_core.embeddings import Embeddings

log = logging.getLogger(__name__)

EMBED_BATCH = 64
Progress = Callable[[int, int], None]


class IngestLocked(UserFacingError):
    """Another ingest holds the data directory."""


class IngestReport(BaseModel):
    """The `ingest --json` summary; document counts, except `chunks` and `embedded`. When a figure fails its
    check (`figure_problems`), nothing was written: the counts say what the ingest would have changed."""

    documents: int
    chunks: int
    added: int
    updated: int
    removed: int
    unchanged: int
    seconds: float
    embedded: int = 0
    skipped: list[str] = []
    dry_run: bool = False
    added_documents: list[str] = []
    updated_documents: list[str] = []
    removed_documents: list[str] = []
    # skipped documents that the live index holds: their live version stays in the new index until they read again
    kept_documents: list[str] = []
    figures_checked: int | None = None  # None: the directory has no rates/, the calculators use the packaged ones
    figures_changed: bool = False
    figure_problems: list[str] = []

    def summary_lines(self) -> list[str]:
        """What the ingest did (or would do), naming the documents it adds, updates and removes."""
        verb = "would change" if self.dry_run or self.figure_problems else "ingested"
        lines = [f"{verb}: {self.documents} documents, {self.chunks} chunks (added {self.added}, updated "
                 f"{self.updated}, removed {self.removed}, unchanged {self.unchanged}; embedded "
                 f"{self.embedded} chunks) in {self.seconds:.1f} s"]
        for label, names in (("added", self.added_documents), ("updated", self.updated_documents),
                             ("removed", self.removed_documents),
                             ("kept as they were (skipped, see below)", self.kept_documents)):
            if names:
                lines.append(f"  {label}: {', '.join(names)}")
        if self.figure_problems:
            lines.append(f"figures: {self.figures_checked} checked, {len(self.figure_problems)} no longer match "
                         "their documents (below)")
        elif self.figures_checked is None:
            lines.append("figures: the directory has no rates/, so the calculators use the packaged figures")
        elif self.figures_checked == 0:
            lines.append("figures: rates/ holds none, so the calculators have no figures for this index")
        else:
            change = (", stored with the new index" if verb == "ingested" else ", and differ from the live index's"
                      ) if self.figures_changed else ""
            lines.append(f"figures: {self.figures_checked} checked against the documents, all match{change}")
        return lines

    def problem_lines(self) -> list[str]:
        """The lines a maintainer has to act on, one each: skipped documents and figures that no longer match."""
        kept = {f"{doc_id}.md" for doc_id in self.kept_documents}
        lines = [f"skipped {item}" + ("; its live version keeps answering" if item.split(":")[0].rsplit("/", 1)[-1]
                                      in kept else "") for item in self.skipped]
        lines += [f"figure {problem}" for problem in self.figure_problems]
        if self.figure_problems:
            lines.append("the index was not changed (the previous one keeps answering): fix what each line says "
                         "(a figure's quote, section or numbers in rates/*.yaml, or a skipped document), then ingest "
                         "again")
        return lines


@dataclass
class Plan:
    """What changed, by document id, against the live index."""

    added: list[str]
    updated: list[str]
    removed: list[str]
    unchanged: list[str]
    figures_changed: bool = False
    kept: list[str] = field(default_factory=list)  # skipped now, live before: carried over as they are

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.figures_changed)


@contextmanager
def ingest_lock(data_dir: Path) -> Iterator[None]:
    """One writer per data directory; a second one fails at once instead of waiting or corrupting."""
    lock = FileLock(str(data_dir / "ingest.lock"), timeout=0)
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except Timeout as err:
        raise IngestLocked(f"another ingest is running on {data_dir}; wait for it to finish and try again") from err
    except OSError as err:  # a read-only or full disk: say so rather than fail with the raw error
        problem = storage_problem(err, data_dir)
        if problem is None:
            raise
        raise problem from err
    try:
        yield
    finally:
        lock.release()


def run_ingest(store: ChromaStore, get_embedder: Callable[[], Embeddings], model: str, root: Path, data_dir: Path,
               dry_run: bool = False, progress: Progress | None = None,
               max_document_bytes: int = MAX_DOCUMENT_BYTES, threads: int = 1,
               known: dict[str, list[float]] | None = None) -> IngestReport:
    """Bring the index in line with the documents and figures under root; the old index serves until the flip,
    and keeps serving when a figure no longer matches its document. threads: the OpenMP threads this call embeds
    with. known: texts
    whose vectors another index made with this model already holds (`vectors_of`), used instead of embedding them."""
    started = time.perf_counter()
    documents, skipped = load_documents(root, max_document_bytes)
    for item in skipped:
        log.info("skipped %s", item)  # the front ends show the skipped documents to whoever ran the ingest
    if not documents:
        raise UserFacingError(f"no valid documents in {root}; the index was left as it was")
    figures = check_figures(root / "rates", documents, skipped) if (root / "rates").is_dir() else None
    if figures is None:
        log.info("%s has no rates/ directory: the calculators use the packaged figures", root)
    figures_json = figures.book.model_dump_json() if figures else None
    chunks = [chunk for doc in documents for chunk in split_document(doc)]
    unreadable = {item.doc_id for item in skipped}
    if dry_run or (figures and figures.problems):
        plan, reusable = diff(store, documents, model, figures_json, unreadable)
        return report(documents, chunks + reusable.kept, plan, 0, skipped, started, figures, dry_run=dry_run)
    with ingest_lock(data_dir):
        plan, reusable = diff(store, documents, model, figures_json, unreadable)
        chunks += reusable.kept
        if not plan.changed:
            store.drop_stale()
            return report(documents, chunks, plan, 0, skipped, started, figures)
        embedded = build_and_switch(store, get_embedder, model, chunks, reusable, progress, figures_json,
                                    known or {}, threads)
    return report(documents, chunks, plan, embedded, skipped, started, figures)


@dataclass
class Reusable:
    """What the live index made with the configured model offers: chunk vectors by id, and the build whose
    sentence vectors are read only when a new build is made (a dry run or a no-change ingest skips them)."""

    chunks: dict[str, list[float]]
    build: str | None = None
    kept: list[Chunk] = field(default_factory=list)  # the live chunks of skipped documents, carried over


def diff(store: ChromaStore, documents: list[KnowledgeDocument], model: str,
         figures_json: str | None = None, unreadable: set[str] | None = None) -> tuple[Plan, Reusable]:
    """Compare document digests and the figures with the live index; return the vectors that can be reused, and
    the live chunks of the documents that could not be read this time (`unreadable`: a typo in the front matter
    must not remove a document that members are being answered from)."""
    pointer = store.pointer()
    if pointer is None:
        return Plan([d.doc_id for d in documents], [], [], [], figures_changed=True), Reusable({})
    collection = store.collection(pointer.collection)
    live = store.records(collection, with_embeddings=pointer.model == model)
    live_digest = {meta["doc_id"]: meta["digest"] for meta in live.metadatas}
    new_digest = {d.doc_id: document_digest(d) for d in documents}
    kept = sorted((unreadable or set()) & set(live_digest) - set(new_digest))
    plan = Plan(
        added=sorted(set(new_digest) - set(live_digest)),
        updated=sorted(d for d in new_digest if d in live_digest and (live_digest[d] != new_digest[d]
                                                                       or pointer.model != model)),
        removed=sorted(set(live_digest) - set(new_digest) - set(kept)),
        unchanged=sorted(d for d in new_digest if live_digest.get(d) == new_digest[d] and pointer.model == model),
        figures_changed=store.figures_json(collection) != figures_json,
        kept=kept,
    )
    carried = [Chunk(chunk_id, text, meta) for chunk_id, text, meta in zip(live.ids, live.texts, live.metadatas,
                                                                             strict=True) if meta["doc_id"] in kept]
    if live.embeddings is None:
        return plan, Reusable({}, kept=carried)
    return plan, Reusable(dict(zip(live.ids, live.embeddings, strict=True)), pointer.collection, carried)


def build_and_switch(store: ChromaStore, get_embedder: Callable[[], Embeddings], model: str, chunks: list[Chunk],
                     reusable: Reusable, progress: Progress | None, figures_json: str | None = None,
                     known: dict[str, list[float]] | None = None, threads: int = 1) -> int:
    """Embed what is new, write chunks and sentences to fresh collections (the figures in the build's metadata),
    check them, flip the pointer."""
    known = known or {}
    vectors = dict(reusable.chunks)
    vectors.update({c.id: known[c.text] for c in chunks if c.id not in vectors and c.text in known})
    to_embed = [c for c in chunks if c.id not in vectors]
    texts = sentences_of(chunks)
    have = {**known, **(store.sentence_vectors(reusable.build) if reusable.build else {})}
    made = embed_texts(get_embedder, [c.text for c in to_embed] + [t for t in texts if t not in have], progress,
                       threads)
    vectors.update({c.id: made[c.text] for c in to_embed})
    records = ChunkRecords([c.id for c in chunks], [c.text for c in chunks], [c.metadata for c in chunks],
                           [vectors[c.id] for c in chunks])
    sentences = sentence_records(texts, {**have, **made})
    build = store.new_build(figures_json)
    try:
        store.add(build, records)
        store.add(store.new_sentences(build), sentences)
        if build.count() != len(chunks):
            raise RuntimeError(f"new index holds {build.count()} chunks, expected {len(chunks)}")
        store.switch(build, model)
    except BaseException:
        log.warning("ingest failed; the previous index is still serving", extra=FILE_ONLY)  # the caller reports it
        _drop_quietly(store, build.name)
        raise
    return len(to_embed)


def vectors_of(store: ChromaStore, model: str) -> dict[str, list[float]]:
    """Every chunk and sentence of a store's live build with its vector, when that build was made with this model
    (else nothing): what a scratch copy of the knowledge base need not embed again."""
    pointer = store.pointer()
    if pointer is None or pointer.model != model:
        return {}
    live = store.records(store.collection(pointer.collection), with_embeddings=True)
    return {**store.sentence_vectors(pointer.collection), **dict(zip(live.texts, live.embeddings or [], strict=True))}


def sentences_of(chunks: list[Chunk]) -> list[str]:
    """Every distinct sentence and section name of the chunks: the answerer scores them against each question by
    meaning, and embedding them at ingest keeps that out of the time an answer takes."""
    return list(dict.fromkeys(text for chunk in chunks for text in
                              [section_name(chunk.metadata["section"]), *sentence_texts(body_of(chunk.text))]))


def sentence_records(texts: list[str], vectors: dict[str, list[float]]) -> ChunkRecords:
    """The sentences with their vectors, as the build's sentence collection stores them."""
    ids = [f"s{i}" for i in range(len(texts))]
    return ChunkRecords(ids, texts, [{"chars": len(t)} for t in texts], [vectors[t] for t in texts])


def embed_texts(get_embedder: Callable[[], Embeddings], texts: list[str], progress: Progress | None,
                threads: int = 1) -> dict[str, list[float]]:
    """Each distinct text embedded once (a sentence in two chunks or two documents too), in batches, with
    progress after each: chunks and sentences are one count, so the bar and its time left tell the truth. The
    model is loaded only when there is text to embed, and then with `threads` OpenMP threads (the limit holds for
    the calling thread only, so answers beside it keep their one thread)."""
    distinct = list(dict.fromkeys(texts))
    vectors: dict[str, list[float]] = {}
    if not distinct:
        return vectors
    embedder = get_embedder()  # loads the engine's OpenMP runtime, for the limit below to find
    with threadpool_limits(limits=threads, user_api="openmp"):
        for start in range(0, len(distinct), EMBED_BATCH):
            batch = distinct[start : start + EMBED_BATCH]
            vectors.update(zip(batch, embedder.embed_documents(batch), strict=True))
            if progress:
                progress(min(start + EMBED_BATCH, len(distinct)), len(distinct))
    return vectors


def report(documents: list[KnowledgeDocument], chunks: list[Chunk], plan: Plan, embedded: int, skipped: list,
           started: float, figures: FigureCheck | None, dry_run: bool = False) -> IngestReport:
    """The summary object printed by `careerbot ingest --json`."""
    return IngestReport(documents=len(documents), chunks=len(chunks), added=len(plan.added),
                        updated=len(plan.updated), removed=len(plan.removed), unchanged=len(plan.unchanged),
                        seconds=round(time.perf_counter() - started, 3), embedded=embedded,
                        skipped=[str(s) for s in skipped], dry_run=dry_run, added_documents=plan.added,
                        updated_documents=plan.updated, removed_documents=plan.removed, kept_documents=plan.kept,
                        figures_checked=figures.checked if figures else None, figures_changed=plan.figures_changed,
                        figure_problems=[str(p) for p in figures.problems] if figures else [])


def _drop_quietly(store: ChromaStore, name: str) -> None:
    try:
        store.delete(name)
        store.delete(name + SENTENCES_SUFFIX)
    except Exception:  # noqa: BLE001 - the next ingest drops leftovers anyway
        log.warning("could not drop unfinished collection %s", name, exc_info=True, extra=FILE_ONLY)
