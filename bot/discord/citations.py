"""What a member needs to find a cited document: who published it, when, and a link when there is one.

Taken from the live index (the publisher, year and link each chunk was stored with), when the bot starts and
after each /reingest, so it describes the same documents the answers cite.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.discord.ports import DocumentInfo, Runtime

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
        if not source:
            return str(self.year or "")
        if len(source) + len(year) > limit:
            source = source[: max(1, limit - len(year) - 1)].rstrip() + "…"
        return source + year


Catalogue = Mapping[str, Citation]


def citation_of(document: DocumentInfo) -> Citation:
    """A document's citation as the index stored it (a build without publishers gives the year alone)."""
    return Citation(document.source or "", document.year, document.url or None)


def catalogue_of(documents: Iterable[DocumentInfo]) -> dict[str, Citation]:
    """Every document's citation by doc_id."""
    return {document.doc_id: citation_of(document) for document in documents}


def load_catalogue(runtime: Runtime) -> dict[str, Citation]:
    """The live index's citations; an index that cannot be read gives an empty catalogue (answers then show
    titles and sections only), never a failed start or answer."""
    try:
        return catalogue_of(runtime.documents())
    except Exception as err:  # noqa: BLE001 - citations are an extra; the answer path reports the store's state
        log.warning("no document citations: %s", err, exc_info=True)
        return {}
