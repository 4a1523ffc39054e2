"""Ingest: idempotent, incremental, deletions, atomic under failure, one writer at a time, bad files skipped."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from threadpoolctl import threadpool_info

from bot.errors import UserFacingError
from bot.rag.index.store import SENTENCES_SUFFIX, ChunkRecords
from bot.rag.retrieval.retrieve import HybridRetriever
from bot.runtime import build_runtime, ingest_threads
from bot.settings import Settings
from ingest.pipeline import IngestLocked, ingest_lock

NEW_SECTION = "\n\n## Werken in Brugge\n\nIn Brugge werken back-end developers vaak aan toerisme-platformen.\n"


def live_ids(runtime) -> set[str]:
    pointer = runtime.store.pointer()
    return set(runtime.store.records(runtime.store.collection(pointer.collection)).ids)


def test_first_ingest_adds_every_document_and_rerun_embeds_nothing(make_runtime, knowledge_copy):
    runtime = make_runtime()
    first = runtime.ingest()
    assert (first.documents, first.added, first.embedded) == (5, 5, first.chunks)
    live = runtime.store.pointer().collection
    again = runtime.ingest()
    assert (again.added, again.updated, again.removed, again.unchanged, again.embedded) == (0, 0, 0, 5, 0)
    assert runtime.store.pointer().collection == live


def test_changed_document_reembeds_only_its_new_chunks(make_runtime, knowledge_copy):
    runtime = make_runtime()
    runtime.ingest()
    before = live_ids(runtime)
    with (knowledge_copy / "backend-developer-flanders.md").open("a", encoding="utf-8") as file:
        file.write(NEW_SECTION)
    report = runtime.ingest()
    assert (report.updated, report.unchanged, report.added, report.removed) == (1, 4, 0, 0)
    assert report.embedded == 1
    assert len(live_ids(runtime) - before) == 1
    top = runtime.engine.retriever.search("Waar werken back-end developers aan in Brugge?", 4)
    assert any("toerisme-platformen" in source.text for source in top)


def test_deleted_document_loses_its_chunks(make_runtime, knowledge_copy):
    runtime = make_runtime()
    runtime.ingest()
    (knowledge_copy / "ai-coding-tools-2025.md").unlink()
    report = runtime.ingest()
    assert (report.removed, report.unchanged, report.embedded) == (1, 4, 0)
    assert not any(chunk_id.startswith("ai-coding-tools-2025-") for chunk_id in live_ids(runtime))
    assert [d.doc_id for d in runtime.documents()].count("ai-coding-tools-2025") == 0


@pytest.mark.parametrize("breaks", ["front matter typo", "unreadable"])
def test_a_live_document_that_cannot_be_read_keeps_its_live_version(make_runtime, knowledge_copy, breaks):
    runtime = make_runtime()
    runtime.ingest()
    interviews = knowledge_copy / "it-job-interviews.md"
    before = {i for i in live_ids(runtime) if i.startswith("it-job-interviews-")}
    if breaks == "front matter typo":
        interviews.write_text(interviews.read_text(encoding="utf-8").replace('language: "nl"', 'language: "NL"'),
                              encoding="utf-8")
    else:
        interviews.write_bytes(b"\xff\xfe" + interviews.read_bytes())
    with (knowledge_copy / "backend-developer-flanders.md").open("a", encoding="utf-8") as file:
        file.write(NEW_SECTION)  # another change, so a new build is made around the kept document
    report = runtime.ingest()
    assert report.kept_documents == ["it-job-interviews"] and report.removed == 0 and report.updated == 1
    assert report.problem_lines()[0].endswith("its live version keeps answering")
    assert {i for i in live_ids(runtime) if i.startswith("it-job-interviews-")} == before
    answer = runtime.engine.answer("Hoe bereid ik me het best voor op een sollicitatiegesprek in de IT?")
    assert answer.confident and "STAR" in answer.text
    interviews.unlink()  # gone for good: now it is removed
    assert runtime.ingest().removed_documents == ["it-job-interviews"]


def test_failed_ingest_leaves_previous_index_serving(make_runtime, knowledge_copy, monkeypatch):
    runtime = make_runtime()
    runtime.ingest()
    pointer, ids = runtime.store.pointer(), live_ids(runtime)
    with (knowledge_copy / "backend-developer-flanders.md").open("a", encoding="utf-8") as file:
        file.write(NEW_SECTION)

    model = runtime.embedder.load()
    working = model.embed_documents

    def broken(texts: list[str]) -> list[list[float]]:
        if any("Brugge" in text for text in texts):
            raise RuntimeError("embedding backend crashed")
        return working(texts)

    monkeypatch.setattr(model, "embed_documents", broken)
    with pytest.raises(RuntimeError):
        runtime.ingest()
    assert runtime.store.pointer() == pointer
    assert live_ids(runtime) == ids
    assert runtime.store._build_names() == [pointer.collection, pointer.collection + SENTENCES_SUFFIX]
    assert runtime.engine.answer("Wat is de meest voorkomende jaarsalaris voor back-end developers?").confident


def test_a_write_failure_in_the_new_build_leaves_the_previous_index_serving(make_runtime, knowledge_copy,
                                                                           monkeypatch):
    runtime = make_runtime()
    runtime.ingest()
    pointer, ids = runtime.store.pointer(), live_ids(runtime)
    with (knowledge_copy / "backend-developer-flanders.md").open("a", encoding="utf-8") as file:
        file.write(NEW_SECTION)
    write = runtime.store.add

    def disk_full_half_way(build, records: ChunkRecords) -> None:
        """The new build's collection exists; its first chunks are written, then the write fails."""
        if build.name != pointer.collection and not build.name.endswith(SENTENCES_SUFFIX):
            write(build, ChunkRecords(records.ids[:10], records.texts[:10], records.metadatas[:10],
                                      records.embeddings[:10]))
            raise OSError("No space left on device")
        write(build, records)

    monkeypatch.setattr(runtime.store, "add", disk_full_half_way)
    with pytest.raises(OSError, match="No space left"):
        runtime.ingest()
    assert runtime.store.pointer() == pointer
    assert live_ids(runtime) == ids
    answer = runtime.engine.answer("Wat is de meest voorkomende jaarsalaris voor back-end developers?")
    assert answer.confident and "tussen de €37.000 en €51.000" in answer.text
    assert runtime.store._build_names() == [pointer.collection, pointer.collection + SENTENCES_SUFFIX]


def test_leftover_of_a_killed_build_is_invisible_and_dropped(make_runtime, knowledge_copy):
    runtime = make_runtime()
    runtime.ingest()
    pointer = runtime.store.pointer()
    orphan = runtime.store.new_build()  # what a process killed half way leaves behind
    orphan.add(ids=["half"], documents=["half-written"], embeddings=[[0.0] * 384], metadatas=[{"doc_id": "x"}])
    assert runtime.store.pointer() == pointer
    assert all(s.doc_id != "x" for s in runtime.engine.retriever.search("half-written", 4))
    runtime.ingest()
    assert runtime.store._build_names() == [pointer.collection, pointer.collection + SENTENCES_SUFFIX]


def test_second_writer_is_refused_while_the_lock_is_held(make_runtime, knowledge_copy, tmp_path: Path):
    runtime = make_runtime()
    with ingest_lock(tmp_path / "data"), pytest.raises(IngestLocked, match="another ingest is running"):
        runtime.ingest()
    assert runtime.index_is_empty()


def test_malformed_documents_are_named_and_skipped(make_runtime, knowledge_copy):
    (knowledge_copy / "broken-front-matter.md").write_text("---\ntitle: [unclosed\n---\nTekst.\n", encoding="utf-8")
    (knowledge_copy / "missing-fields.md").write_text("---\ntitle: Alleen een titel\n---\nTekst.\n", encoding="utf-8")
    (knowledge_copy / "latin1.md").write_bytes("---\ntitle: Caf\xe9\n---\nd\xe9j\xe0\n".encode("latin-1"))
    (knowledge_copy / "empty.md").write_text("", encoding="utf-8")
    report = make_runtime().ingest()
    assert report.documents == 5
    skipped = "\n".join(report.skipped)
    for name in ("broken-front-matter.md", "missing-fields.md", "latin1.md", "empty.md"):
        assert name in skipped
    assert "not UTF-8" in skipped


def test_no_valid_document_leaves_the_index_alone(make_runtime, knowledge_copy):
    runtime = make_runtime()
    runtime.ingest()
    pointer = runtime.store.pointer()
    for file in knowledge_copy.glob("*.md"):
        file.write_text("no front matter here", encoding="utf-8")
    with pytest.raises(UserFacingError, match="no valid documents"):
        runtime.ingest()
    assert runtime.store.pointer() == pointer


def test_dry_run_reports_without_writing(make_runtime, knowledge_copy):
    runtime = make_runtime()
    report = runtime.ingest(dry_run=True)
    assert report.dry_run and report.added == 5 and report.embedded == 0
    assert runtime.index_is_empty()


def test_query_with_another_model_is_refused(make_runtime, knowledge_copy, embedder):
    runtime = make_runtime()
    runtime.ingest()
    other = HybridRetriever(runtime.store, embedder, "some-other-model")
    with pytest.raises(UserFacingError, match="re-ingest"):
        other.search("salaris", 4)


def openmp_threads() -> set[int]:
    """The OpenMP thread count the calling thread would run a parallel region with, per OpenMP runtime loaded."""
    return {pool["num_threads"] for pool in threadpool_info() if pool["internal_api"] == "openmp"}


def test_an_ingest_embeds_with_its_threads_and_gives_them_back(make_runtime, knowledge_copy, embedder,
                                                               monkeypatch):
    model = embedder.load()
    embed, during = model.embed_documents, []

    def watched(texts: list[str]) -> list[list[float]]:
        during.append(openmp_threads())
        return embed(texts)

    monkeypatch.setattr(model, "embed_documents", watched)
    before = openmp_threads()
    make_runtime(ingest_threads=3).ingest()
    assert during and all(seen == {3} for seen in during)
    assert openmp_threads() == before


def test_ingest_threads_default_to_the_cores_and_leave_answers_one(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    assert (ingest_threads(0, beside_answers=False), ingest_threads(0, beside_answers=True)) == (4, 3)
    assert ingest_threads(2, beside_answers=True) == 2
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert ingest_threads(0, beside_answers=True) == 1


def test_a_scratch_copy_embeds_only_the_documents_the_live_index_lacks(make_runtime, knowledge_copy, tmp_path,
                                                                      embedder, monkeypatch):
    live = make_runtime()
    live.ingest()
    known = live.known_vectors()
    (knowledge_copy / "brugge.md").write_text(
        '---\ntitle: "Werken in Brugge"\nlanguage: "nl"\ntopic: "career"\nsource: "test"\nyear: 2026\n'
        'region: "Vlaanderen"\n---\n\n# Werken in Brugge\n\n## Toerisme\n\nIn Brugge bouwen back-end developers '
        'boekingsplatformen voor hotels. Ze werken vaak voor kleine bureaus.\n', encoding="utf-8")
    model, embedded = embedder.load(), []
    embed = model.embed_documents
    monkeypatch.setattr(model, "embed_documents", lambda texts: embedded.extend(texts) or embed(texts))
    scratch = build_runtime(Settings(_env_file=None, data_dir=tmp_path / "scratch", knowledge_dir=knowledge_copy),
                            embedder)
    report = scratch.ingest(known=known)
    assert (report.added, report.embedded) == (6, 1)
    assert embedded and all("Brugge" in text or text in ("Toerisme",) or "bureaus" in text for text in embedded)
    assert scratch.engine.answer("Wat bouwen back-end developers in Brugge?").confident
