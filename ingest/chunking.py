"""Split documents by Markdown section, then cap the size with overlap; ids are content hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from bot.rag.index.passages import SECTION_SEPARATOR
from ingest.loaders import KnowledgeDocument

# Bump when chunking changes, so every document counts as updated at the next ingest.
CHUNKER_VERSION = "2"
CHUNK_CHARS = 1000
CHUNK_OVERLAP = 150
HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]
# Cut at paragraph, line, then sentence ends, so the overlap repeats whole sentences rather than fragments.
SEPARATORS = ["\n\n", "\n", ". ", "? ", "! ", "; ", ", ", " ", ""]


@dataclass(frozen=True)
class Chunk:
    """A piece of one section; `text` starts with "title › section" and is exactly what gets embedded."""

    id: str
    text: str
    metadata: dict[str, Any]


def split_document(doc: KnowledgeDocument) -> list[Chunk]:
    """Sections first (so a chunk never straddles two headings), then a size cap inside long sections."""
    sections = MarkdownHeaderTextSplitter(HEADERS, strip_headers=True).split_text(doc.body)
    sizer = RecursiveCharacterTextSplitter(chunk_size=CHUNK_CHARS, chunk_overlap=CHUNK_OVERLAP,
                                           separators=SEPARATORS, keep_separator="end")
    chunks: list[Chunk] = []
    seen: set[str] = set()
    for section in sections:
        heading = section_heading(section.metadata, doc.meta.title)
        for piece in sizer.split_text(section.page_content):
            chunk = make_chunk(doc, heading, piece, len(chunks), seen)
            seen.add(chunk.id)
            chunks.append(chunk)
    return chunks


def section_heading(headers: dict[str, str], title: str) -> str:
    """The section path under the document title, e.g. "FAQ › wat is het salaris…"."""
    parts = [headers[key] for key in ("h2", "h3") if headers.get(key)]
    if not parts and headers.get("h1") and headers["h1"] != title:
        parts = [headers["h1"]]
    return SECTION_SEPARATOR.join(parts) or title


def make_chunk(doc: KnowledgeDocument, heading: str, body: str, position: int, seen: set[str]) -> Chunk:
    """Build the embedded text and metadata; the id depends only on the document id and the text."""
    text = f"{doc.meta.title}{SECTION_SEPARATOR}{heading}\n\n{body.strip()}"
    chunk_id = f"{doc.doc_id}-{hashlib.sha256(text.encode()).hexdigest()[:16]}"
    while chunk_id in seen:  # the same paragraph twice in one document
        chunk_id += "-dup"
    metadata = {
        "doc_id": doc.doc_id, "title": doc.meta.title, "section": heading, "path": doc.path,
        "url": doc.meta.url or "", "language": doc.meta.language, "topic": doc.meta.topic,
        "year": doc.meta.year, "region": doc.meta.region, "source": doc.meta.source,
        "digest": document_digest(doc), "position": position,
    }
    return Chunk(chunk_id, text, metadata)


def document_digest(doc: KnowledgeDocument) -> str:
    """Changes when the file or the chunking does, which is when its chunks must be rebuilt."""
    return f"{doc.digest}:{CHUNKER_VERSION}"
