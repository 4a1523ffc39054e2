"""What a member needs to find a cited document: who published it, when, and a link when there is one.

Taken from the front matter of the documents the index is built from (the knowledge directory), when the bot
starts and after each /reingest, so it describes the same documents the answers cite.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.errors import UserFacingError
from ingest.loaders import load_documents

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Citation:
    """One document's publisher, year and link."""

    source: str
    year: int | None
    url: str | None

    def label(self, limit: int = 80) -> str:
        """"Randstad, 2024": a long publisher is shortened, the year always shows."""
        year = f", {self.year}" if self.year else ""
        source = " ".join(self.source.split())
        if len(source) + len(year) > limit:
            source = source[: max(1, limit - len(year) - 1)].rstrip() + "…"
        return source + year


Catalogue = Mapping[str, Citation]


def load_catalogue(knowledge_dir: Path, max_bytes: int) -> dict[str, Citation]:
    """Every readable document's citation by doc_id; a directory that cannot be read gives an empty catalogue
    (answers then show titles and sections only), never a failed answer."""
    try:
        documents, _skipped = load_documents(knowledge_dir, max_bytes)
    except (UserFacingError, OSError) as err:
        log.warning("no document citations: %s", err)
        return {}
    return {doc.doc_id: Citation(doc.meta.source, doc.meta.year, doc.meta.url or None) for doc in documents}
