"""Publisher, year and link of a cited document come from the index build (each chunk's metadata), not from the
knowledge directory as it is now: a real ingest into a temporary Chroma, then Runtime.documents() and the bot's
catalogue."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.discord.citations import load_catalogue
from bot.rag.index.store import ChromaStore, ChunkRecords
from bot.runtime import Runtime
from bot.settings import Settings

LINKED = """---
title: Backend salaries in Ghent
language: en
topic: salary
source: Example Recruiters
year: 2025
region: Belgium
url: {url}
---
# Backend salaries in Ghent

## Mid-level

A mid-level backend developer in Ghent earns between €50,000 and €65,000 gross a year.
"""
UNLINKED = """---
title: Interview tips
language: en
topic: interviews
source: A careers blog
year: 2024
region: Belgium
---
# Interview tips

## System design

Talk through the trade-offs before you draw the boxes.
"""


def write_knowledge(directory: Path, url: str) -> None:
    directory.mkdir(exist_ok=True)
    (directory / "ghent.md").write_text(LINKED.format(url=url), encoding="utf-8")
    (directory / "tips.md").write_text(UNLINKED, encoding="utf-8")


@pytest.mark.slow
def test_an_index_built_from_a_document_with_a_url_shows_it_in_documents(make_runtime, tmp_path):
    knowledge = tmp_path / "knowledge"
    write_knowledge(knowledge, "https://example.org/ghent-2025")
    runtime = make_runtime()
    runtime.ingest()
    documents = {d.doc_id: d for d in runtime.documents()}
    assert (documents["ghent"].source, documents["ghent"].year, documents["ghent"].url) == (
        "Example Recruiters", 2025, "https://example.org/ghent-2025")
    assert (documents["tips"].source, documents["tips"].url) == ("A careers blog", None)

    write_knowledge(knowledge, "https://example.org/ghent-2026")  # edited, not yet ingested
    assert {d.doc_id: d.url for d in runtime.documents()}["ghent"] == "https://example.org/ghent-2025"
    runtime.ingest()
    assert {d.doc_id: d.url for d in runtime.documents()}["ghent"] == "https://example.org/ghent-2026"

    shutil.rmtree(knowledge)  # the citations describe the build, whatever the directory holds now
    citation = load_catalogue(runtime)["ghent"]
    assert (citation.label(), citation.url) == ("Example Recruiters, 2025", "https://example.org/ghent-2026")


def test_a_build_whose_chunks_carry_no_publisher_or_link_still_lists_its_documents(tmp_path):
    settings = Settings(_env_file=None, data_dir=tmp_path / "data")
    store = ChromaStore.from_settings(settings)
    build = store.new_build()
    old_metadata = {"doc_id": "old-doc", "title": "An old document", "section": "Intro", "path": "knowledge/old.md",
                    "language": "nl", "topic": "salary", "year": 2023, "region": "Belgium", "digest": "x:1",
                    "position": 0}
    store.add(build, ChunkRecords(["old-doc-1"], ["An old document › Intro\n\nTekst."], [old_metadata],
                                  [[0.1, 0.2, 0.3]]))
    store.switch(build, "some-model")
    runtime = Runtime(settings, store, embedder=None, engine=None)  # type: ignore[arg-type] - the index alone
    (document,) = runtime.documents()
    assert (document.doc_id, document.year, document.chunks, document.source, document.url) == (
        "old-doc", 2023, 1, None, None)
    assert load_catalogue(runtime)["old-doc"].label() == "2023"


def test_an_index_that_cannot_be_read_gives_no_citations_rather_than_a_failed_start(tmp_path, caplog):
    class Broken:
        def documents(self) -> list:
            raise OSError("disk gone")

    assert load_catalogue(Broken()) == {}  # type: ignore[arg-type]
    assert "no document citations: disk gone" in caplog.text
