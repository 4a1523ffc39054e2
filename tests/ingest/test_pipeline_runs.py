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

from bot.rag.index.store import ChromaStore, Place, file_identity
from ingest import pipeline
from ingest.chunking import Chunk
from ingest.pipeline import EMBED_BATCH, embed_texts, run_ingest, sentence_records, sentences_of

KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"


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
    embedder = CountingEmbedder()
    first, _ = ingest(store, knowledge, tmp_path, embedder,
                      progress=lambda done, total: progress.append((done, total)))
    assert first.embedded == first.chunks and first.added == first.documents and first.figures_changed
    assert first.figures_checked and first.figures_checked > 0
    embedded = len(embedder.texts)  # chunks, sentences and section names: the progress counts them all
    assert embedded > first.chunks and len(set(embedder.texts)) == embedded
    assert progress[-1] == (embedded, embedded) and len(progress) == -(-embedded // EMBED_BATCH)


def test_a_sentence_in_two_documents_is_embedded_once(store, tmp_path) -> None:
    root = tmp_path / "two"
    root.mkdir()
    shared = "Every employee gets twenty days of paid leave a year."
    for name in ("leave-a", "leave-b"):
        (root / f"{name}.md").write_text(
            f'---\ntitle: "{name}"\nlanguage: "en"\ntopic: "career"\nsource: "test"\nyear: 2026\n'
            f'region: "Belgium"\n---\n\n# {name}\n\n## Leave\n\n{shared} The rules of {name} differ.\n',
            encoding="utf-8")
    embedder = CountingEmbedder()
    report, _ = ingest(store, root, tmp_path, embedder)
    assert report.chunks == 2 and embedder.texts.count(shared) == 1 and embedder.texts.count("Leave") == 1
    assert len(embedder.texts) == len(set(embedder.texts))


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


def test_texts_are_embedded_once_each_in_batches_with_progress_after_each() -> None:
    texts = [f"text {i}" for i in range(2 * EMBED_BATCH + 6)]
    embedder, progress = CountingEmbedder(), []
    vectors = embed_texts(lambda: embedder, texts + texts[:5], lambda done, total: progress.append((done, total)))
    assert [len(batch) for batch in embedder.batches] == [EMBED_BATCH, EMBED_BATCH, 6]  # the repeats once
    assert progress == [(EMBED_BATCH, len(texts)), (2 * EMBED_BATCH, len(texts)), (len(texts), len(texts))]
    assert list(vectors) == texts and vectors["text 3"] == embedder.embed_documents(["text 3"])[0]
    assert embed_texts(lambda: embedder, texts[:2], None).keys() == {"text 0", "text 1"}


def test_a_model_that_returns_too_few_vectors_fails_the_ingest() -> None:
    with pytest.raises(ValueError, match="zip"):
        embed_texts(lambda: CountingEmbedder(short_by=1), ["one", "two", "three"], None)


def test_the_sentences_of_chunks_are_their_section_names_and_sentences_each_once() -> None:
    body = "Sentence one is here. Sentence two is here."
    chunks = [Chunk(id=f"c{i}", text=f"Title › Pay\n\n{body}", metadata={"doc_id": "d", "section": "Pay"})
              for i in range(2)]
    texts = sentences_of(chunks)
    assert texts == ["Pay", "Sentence one is here.", "Sentence two is here."]
    records = sentence_records(texts, {text: [float(len(text))] * 8 for text in texts})
    assert records.ids == ["s0", "s1", "s2"] and records.embeddings[0] == [3.0] * 8
    assert records.metadatas == [{"chars": len(text)} for text in records.texts]
