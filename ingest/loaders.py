"""Load knowledge/*.md: YAML front matter plus a Markdown body; a bad file is reported and skipped."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import frontmatter
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.errors import UserFacingError

Topic = Literal["career", "interviews", "skills", "ai-tools", "rates"]


class DocumentMeta(BaseModel):
    """The front matter every knowledge document must carry."""

    model_config = ConfigDict(extra="allow")

    title: str = Field(min_length=1)
    language: Literal["nl", "en"]
    topic: Topic
    source: str = Field(min_length=1)
    year: int = Field(ge=1990, le=2100)
    region: str = Field(min_length=1)
    url: str | None = None


@dataclass(frozen=True)
class KnowledgeDocument:
    """One parsed document; digest changes whenever its bytes do."""

    doc_id: str
    path: str
    meta: DocumentMeta
    body: str
    digest: str


@dataclass(frozen=True)
class Skipped:
    """A file that was not ingested, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


def load_documents(root: Path) -> tuple[list[KnowledgeDocument], list[Skipped]]:
    """Every top-level *.md under root, parsed; malformed ones come back in the skipped list."""
    if not root.is_dir():
        raise UserFacingError(f"knowledge directory {str(root)!r} does not exist")
    documents: list[KnowledgeDocument] = []
    skipped: list[Skipped] = []
    for file in sorted(root.glob("*.md")):
        try:
            documents.append(load_document(file, root))
        except ValueError as err:
            skipped.append(Skipped(f"{root.name}/{file.name}", str(err)))
    return documents, skipped


def load_document(file: Path, root: Path) -> KnowledgeDocument:
    """Parse one file; ValueError says what is wrong with it."""
    raw = file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError("not UTF-8 text") from err
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as err:
        raise ValueError(f"front matter is not valid YAML ({type(err).__name__})") from err
    if not post.metadata:
        raise ValueError("no YAML front matter (title, language, topic, source, year, region)")
    try:
        meta = DocumentMeta.model_validate(post.metadata)
    except ValidationError as err:
        fields = ", ".join(sorted({str(e["loc"][0]) for e in err.errors() if e["loc"]}))
        raise ValueError(f"front matter is missing or has invalid: {fields}") from err
    if not post.content.strip():
        raise ValueError("the document has no text")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    return KnowledgeDocument(file.stem, f"{root.name}/{file.name}", meta, post.content, digest)
