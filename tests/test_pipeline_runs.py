"""The ingest pipeline on a real embedded Chroma with a small deterministic embedder in place of the model (the
model's own ingest is tested in test_ingest.py): what each kind of change asks the embedder for, what the report
says about the figures, the progress it gives, and what a failed build leaves behind."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from bot.rag.store import ChromaStore, Place, file_identity
from ingest import pipeline
from ingest.chunking import Chunk
from ingest.pipeline import EMBED_BATCH, embed_chunks, run_ingest, sentence_records

KNOWLEDGE = Path(__file__).resolve().parents[1] / "knowledge"


class CountingEmbedder:
    """Eight numbers from each text's hash; remembers every batch it was given."""

    def __init__(self, short_by: int = 0) -> None:
        self.batches: list[list[str]] = []
        self.short_by = short_by  # a broken model that returns fewer vectors than texts

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        self.batches.append(list(texts))
        vectors = [[b / 255 for b in hashlib.sha256(t.encode()).digest()[:8]] for t in texts]
        return vectors[:len(vectors) - self.short_by]

    @property
    def texts(self) -> list[str]:
        return [text for batch in self.batches for text in batch]


class Loads:
    """get_embedder for run_ingest: counts how often the model would be loaded."""

    def __init__(self, embedder: CountingEmbedder) -> None:
        self.embedder, self.count = embedder, 0

    def __call__(self) -> CountingEmbedder:
        self.count += 1
        return self.embedder


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture
def store(tmp_path: Path) -> ChromaStore:
    directory = tmp_path / "chroma"
    directory.mkdir()
    client = chromadb.PersistentClient(path=str(directory), settings=ChromaSettings(anonymized_telemetry=False))
    return ChromaStore(client, place=Place(directory=directory, catalogue=file_identity(directory)))


def ingest(store: ChromaStore, root: Path, tmp_path: Path, embedder: CountingEmbedder | None = None,
           model: str = "test-model", **options: object) -> tuple[pipeline.IngestReport, Loads]:
    loads = Loads(embedder or CountingEmbedder())
    return run_ingest(store, loads, model, root, tmp_path / "data", **options), loads


def test_a_first_ingest_embeds_every_chunk_and_counts_the_figures_as_changed(store, knowledge, tmp_path) -> None:
    progress: list[tuple[int, int]] = []
    first, _ = ingest(store, knowledge, tmp_path, progress=lambda done, total: progress.append((done, total)))
    assert first.embedded == first.chunks and first.added == first.documents and first.figures_changed
    assert first.figures_checked and first.figures_checked > 0
    assert progress[-1] == (first.chunks, first.chunks) and len(progress) == -(-first.chunks // EMBED_BATCH)


def test_an_unchanged_ingest_asks_nothing_of_the_model_and_keeps_the_build(store, knowledge, tmp_path) -> None:
    first, _ = ingest(store, knowledge, tmp_path)
    build = store.pointer().collection
    again, loads = ingest(store, knowledge, tmp_path)
    assert loads.count == 0 and again.embedded == 0 and not again.figures_changed
    assert again.unchanged == first.documents and again.figures_checked == first.figures_checked
    assert store.pointer().collection == build


def test_an_edit_embeds_only_the_new_chunk_and_its_new_sentences(store, knowledge, tmp_path) -> None:
    ingest(store, knowledge, tmp_path)
    document = knowledge / "it-job-interviews.md"
    document.write_text(document.read_text(encoding="utf-8") + "\n\n## Afterwards\n\nSend a short thank-you note.\n",
                        encoding="utf-8")
    embedder = CountingEmbedder()
    edited, _ = ingest(store, knowledge, tmp_path, embedder)
    assert edited.updated_documents == ["it-job-interviews"] and edited.embedded >= 1
    sentences = [t for t in embedder.texts if not t.startswith("IT job")]  # chunk texts start with the title
    assert "Send a short thank-you note." in sentences and len(sentences) <= 3  # not every sentence again


def test_removing_a_document_makes_a_build_without_loading_the_model(store, knowledge, tmp_path) -> None:
    ingest(store, knowledge, tmp_path)
    (knowledge / "ai-coding-tools-2025.md").unlink()
    removed, loads = ingest(store, knowledge, tmp_path)
    assert removed.removed_documents == ["ai-coding-tools-2025"] and removed.embedded == 0 and loads.count == 0


def test_another_model_re_embeds_everything(store, knowledge, tmp_path) -> None:
    ingest(store, knowledge, tmp_path)
    switched, _ = ingest(store, knowledge, tmp_path, model="another-model")
    assert switched.embedded == switched.chunks and switched.updated == switched.documents


def test_a_directory_without_rates_reports_no_figures_check(store, knowledge, tmp_path) -> None:
    shutil.rmtree(knowledge / "rates")
    report, _ = ingest(store, knowledge, tmp_path)
    assert report.figures_checked is None and report.figure_problems == []


def test_a_document_over_the_size_limit_is_skipped(store, knowledge, tmp_path) -> None:
    report, _ = ingest(store, knowledge, tmp_path, max_document_bytes=10_000)
    assert report.documents == 3 and len(report.skipped) == 2  # the two documents over 10,000 bytes


def test_a_failed_switch_leaves_neither_the_new_build_nor_its_sentences(store, knowledge, tmp_path,
                                                                       monkeypatch) -> None:
    ingest(store, knowledge, tmp_path)
    before = sorted(c.name for c in store.client.list_collections())
    (knowledge / "ai-coding-tools-2025.md").unlink()

    def refused(*args: object) -> None:
        raise RuntimeError("switch refused")

    monkeypatch.setattr(store, "switch", refused)
    with pytest.raises(RuntimeError, match="switch refused"):
        ingest(store, knowledge, tmp_path)
    assert sorted(c.name for c in store.client.list_collections()) == before


def test_chunks_are_embedded_in_batches_with_progress_after_each() -> None:
    chunks = [Chunk(id=f"c{i}", text=f"text {i}", metadata={}) for i in range(2 * EMBED_BATCH + 6)]
    embedder, progress = CountingEmbedder(), []
    vectors = embed_chunks(lambda: embedder, chunks, lambda done, total: progress.append((done, total)))
    assert [len(batch) for batch in embedder.batches] == [EMBED_BATCH, EMBED_BATCH, 6]
    assert progress == [(EMBED_BATCH, len(chunks)), (2 * EMBED_BATCH, len(chunks)), (len(chunks), len(chunks))]
    assert list(vectors) == [c.id for c in chunks] and vectors["c3"] == embedder.embed_documents(["text 3"])[0]
    assert embed_chunks(lambda: embedder, chunks[:2], None).keys() == {"c0", "c1"}


def test_a_model_that_returns_too_few_vectors_fails_the_ingest() -> None:
    chunks = [Chunk(id=f"c{i}", text=f"text {i}", metadata={}) for i in range(3)]
    with pytest.raises(ValueError, match="zip"):
        embed_chunks(lambda: CountingEmbedder(short_by=1), chunks, None)
    section = {"doc_id": "d", "section": "Pay"}
    with pytest.raises(ValueError, match="zip"):
        sentence_records(lambda: CountingEmbedder(short_by=1), [Chunk("c", "T › Pay\n\nOne. Two.", section)], {})


def test_sentence_records_reuse_known_vectors_and_embed_the_rest_in_batches() -> None:
    body = " ".join(f"Sentence number {i} is here." for i in range(EMBED_BATCH + 3))
    chunk = Chunk(id="c", text=f"Title › Pay\n\n{body}", metadata={"doc_id": "d", "section": "Pay"})
    known = {"Sentence number 0 is here.": [0.5] * 8}
    embedder = CountingEmbedder()
    records = sentence_records(lambda: embedder, [chunk], known)
    assert records.texts[0] == "Pay" and records.ids == [f"s{i}" for i in range(len(records.texts))]
    assert [len(batch) for batch in embedder.batches] == [EMBED_BATCH, len(records.texts) - 1 - EMBED_BATCH]
    assert "Sentence number 0 is here." not in embedder.texts
    assert records.embeddings[records.texts.index("Sentence number 0 is here.")] == [0.5] * 8
    assert records.metadatas == [{"chars": len(text)} for text in records.texts]
