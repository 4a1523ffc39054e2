"""Chroma access: an embedded directory or a server, with an atomic pointer to the live collection.

Chroma has no aliases, so every ingest that changes something builds a new collection and then flips the
pointer (the metadata of one small collection, replaced in a single write). Readers follow the pointer, so
they keep answering from the old collection until the flip, and a build that dies half way is never seen.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from bot.errors import UserFacingError
from bot.settings import Settings

if TYPE_CHECKING:
    from chromadb.api import ClientAPI
    from chromadb.api.models.Collection import Collection

log = logging.getLogger(__name__)

ADD_BATCH = 256
SENTENCES_SUFFIX = "-sentences"  # each build's sentence vectors live in a collection named after it
FIGURES_KEY = "careerbot:figures"


@dataclass(frozen=True)
class IndexPointer:
    """Which collection serves answers, which model built it, and when."""

    collection: str
    model: str
    ingested_at: str
    previous: str = ""  # the build live before this one, kept for answers that began on it


@dataclass
class ChunkRecords:
    """Parallel lists as Chroma returns them."""

    ids: list[str]
    texts: list[str]
    metadatas: list[dict[str, Any]]
    embeddings: list[list[float]] | None = None


def open_client(settings: Settings) -> ClientAPI:
    """An embedded PersistentClient in the data directory, or an HttpClient when CAREERBOT_CHROMA_URL is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if not settings.chroma_url:
        path = settings.data_dir / "chroma"
        path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    url = urlparse(settings.chroma_url)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise UserFacingError(f"CAREERBOT_CHROMA_URL must look like http://host:8000, got {settings.chroma_url!r}")
    try:
        return chromadb.HttpClient(host=url.hostname, port=url.port or (443 if url.scheme == "https" else 8000),
                                   ssl=url.scheme == "https", settings=chroma_settings)
    except Exception as err:  # connection refused, DNS, TLS: the server is not reachable
        raise UserFacingError(f"cannot reach the Chroma server at {settings.chroma_url}: {err}") from err


class ChromaStore:
    """The knowledge index: versioned chunk collections plus the pointer to the live one."""

    def __init__(self, client: ClientAPI, prefix: str = "careerbot") -> None:
        self.client = client
        self.prefix = prefix
        self.meta_name = f"{prefix}-meta"
        self.build_prefix = f"{prefix}-v"

    @classmethod
    def from_settings(cls, settings: Settings) -> ChromaStore:
        """Open the store the settings describe."""
        return cls(open_client(settings), settings.collection)

    def pointer(self) -> IndexPointer | None:
        """The live index, or None when nothing was ever ingested."""
        metadata = self._meta().metadata or {}
        if not metadata.get("collection"):
            return None
        return IndexPointer(metadata["collection"], metadata.get("model", ""), metadata.get("ingested_at", ""),
                            metadata.get("previous", ""))

    def collection(self, name: str) -> Collection:
        """A chunk collection by name (embeddings are always supplied by us, never by Chroma)."""
        return self.client.get_collection(name, embedding_function=None)

    def new_build(self, figures_json: str | None = None) -> Collection:
        """A fresh, invisible collection to build the next index into; the calculators' figures, checked against
        its documents, travel in its metadata, so documents and figures switch together."""
        name = f"{self.build_prefix}{time.time_ns()}"
        metadata = {"hnsw:space": "cosine", **({FIGURES_KEY: figures_json} if figures_json else {})}
        return self.client.create_collection(name, metadata=metadata, embedding_function=None)

    @staticmethod
    def figures_json(build: Collection) -> str | None:
        """The figures stored with a build (None for a build made from a directory without rates/)."""
        return (build.metadata or {}).get(FIGURES_KEY)

    def new_sentences(self, build: Collection) -> Collection:
        """The collection of a build's sentence vectors, switched in with it."""
        return self.client.create_collection(build.name + SENTENCES_SUFFIX, metadata={"hnsw:space": "cosine"},
                                             embedding_function=None)

    def sentence_vectors(self, build_name: str) -> dict[str, list[float]]:
        """Every sentence of a build with its vector; empty for a build made before sentences were stored."""
        try:
            got = self.client.get_collection(build_name + SENTENCES_SUFFIX, embedding_function=None).get(
                include=["documents", "embeddings"])
        except Exception:  # noqa: BLE001 - chromadb raises NotFoundError or ValueError by version
            log.info("no sentence vectors stored with %s", build_name)
            return {}
        return {text: list(map(float, vector)) for text, vector in zip(got["documents"], got["embeddings"],
                                                                       strict=True)}

    def add(self, build: Collection, records: ChunkRecords) -> None:
        """Write chunks with their embeddings in batches."""
        assert records.embeddings is not None
        for start in range(0, len(records.ids), ADD_BATCH):
            end = start + ADD_BATCH
            build.add(ids=records.ids[start:end], documents=records.texts[start:end],
                      metadatas=records.metadatas[start:end], embeddings=records.embeddings[start:end])

    def switch(self, build: Collection, model: str) -> IndexPointer:
        """Make a finished build the live index (one metadata write), then drop the builds nobody reads. The
        build it replaces stays until the next switch: an answer that began on it finishes on it."""
        before = self.pointer()
        pointer = IndexPointer(build.name, model, datetime.now(UTC).isoformat(timespec="seconds"),
                               before.collection if before else "")
        self._meta().modify(metadata={"collection": pointer.collection, "model": pointer.model,
                                      "ingested_at": pointer.ingested_at, "previous": pointer.previous})
        self.drop_stale()
        return pointer

    def drop_stale(self) -> None:
        """Delete builds nobody reads: the one before the previous index, and leftovers of builds that died."""
        live = self.pointer()
        kept = [live.collection, live.previous] if live else []
        keep = {name + suffix for name in kept if name for suffix in ("", SENTENCES_SUFFIX)}
        for name in self._build_names():
            if name not in keep:
                log.info("dropping stale collection %s", name)
                self.client.delete_collection(name)

    def records(self, collection: Collection, with_embeddings: bool = False) -> ChunkRecords:
        """Every chunk of a collection (the corpus is small enough to hold in memory)."""
        include = ["documents", "metadatas"] + (["embeddings"] if with_embeddings else [])
        got = collection.get(include=include)
        embeddings = [list(map(float, e)) for e in got["embeddings"]] if with_embeddings else None
        return ChunkRecords(list(got["ids"]), list(got["documents"]), list(got["metadatas"]), embeddings)

    def _meta(self) -> Collection:
        return self.client.get_or_create_collection(self.meta_name, embedding_function=None)

    def _build_names(self) -> list[str]:
        names = [c if isinstance(c, str) else c.name for c in self.client.list_collections()]
        return sorted(n for n in names if n.startswith(self.build_prefix))
