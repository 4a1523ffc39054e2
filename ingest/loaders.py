"""Load knowledge/*.md: YAML front matter plus a Markdown body; a bad file is reported and skipped."""

from __future__ import annotations

import errno
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import frontmatter
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.datafile import load_yaml
from bot.errors import UserFacingError
from bot.models import NOT_IN_ADDRESS, web_address

# Any short lower-case word: nothing in the code depends on a topic, it labels a document for people (and the
# chunk metadata), so a new kind of document needs no code change.
TOPIC_PATTERN = r"^[a-z][a-z0-9-]{0,29}$"
# What each front matter field accepts, for the one-line message about a skipped document.
ACCEPTED = {
    "title": "a non-empty title on one line",
    "language": "nl, en or fr",
    "topic": "one lower-case word of up to 30 letters, digits or hyphens, such as salary or ai-tools",
    "source": "who published it (a name or a URL), on one line",
    "year": "a year such as 2026",
    "region": "a region such as Belgium or Flanders, on one line",
    "url": "a plain http:// or https:// link to the original, or nothing",
}
# Splitting time grows faster than a document's size; CAREERBOT_MAX_DOCUMENT_BYTES sets the cap.
MAX_DOCUMENT_BYTES = 1_000_000


class DocumentMeta(BaseModel):
    """The front matter every knowledge document must carry."""

    model_config = ConfigDict(extra="allow")

    title: str = Field(min_length=1)
    language: Literal["nl", "en", "fr"]
    topic: str = Field(pattern=TOPIC_PATTERN)
    source: str = Field(min_length=1)
    year: int = Field(ge=1990, le=2100)
    region: str = Field(min_length=1)
    url: str | None = None

    @field_validator("title", "source", "region")
    @classmethod
    def _one_line(cls, value: str) -> str:
        """Shown on one line to members and in the LLM prompt's source headers: a line break or another control
        character there could start text of its own."""
        if any(not char.isprintable() for char in value):
            raise ValueError("must be one line of text, without line breaks or control characters")
        return value

    @field_validator("url")
    @classmethod
    def _plain_web_address(cls, value: str | None) -> str | None:
        """A link members may follow and the LLM prompt quotes: http(s) only, and nothing that Markdown or the
        prompt's source delimiters read as syntax (a document copied from the web may try either)."""
        if value is None:
            return None
        address = web_address(value)
        if address is None:
            raise ValueError("must be a plain http:// or https:// address without spaces, quotes, brackets, braces "
                             "or angle brackets")
        return address




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

    @property
    def doc_id(self) -> str:
        """The id the file's document has in the index (its name without .md), had it been read."""
        return Path(self.path).stem


def load_documents(root: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> tuple[list[KnowledgeDocument], list[Skipped]]:
    """Every top-level *.md under root, parsed; malformed ones and paths that are no document come back in the
    skipped list, so one bad path never stops the others."""
    if not root.is_dir():
        raise UserFacingError(f"knowledge directory {str(root)!r} does not exist")
    documents: list[KnowledgeDocument] = []
    skipped: list[Skipped] = []
    for file in sorted(root.glob("*.md")):
        try:
            documents.append(load_document(file, root, max_bytes))
        except ValueError as err:
            skipped.append(Skipped(f"{root.name}/{file.name}", str(err)))
    return documents, skipped


class NoAliasHandler(frontmatter.YAMLHandler):
    """Front matter read without YAML aliases: a document copied from the web may hold a "billion laughs"."""

    def load(self, fm: str, **kwargs: object) -> object:
        return load_yaml(fm)


def load_document(file: Path, root: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> KnowledgeDocument:
    """Parse one file; ValueError says what is wrong with it."""
    raw = read_capped(file, root, max_bytes)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise ValueError("not UTF-8 text") from err
    try:
        post = frontmatter.loads(text, handler=NoAliasHandler())
    except yaml.YAMLError as err:
        raise ValueError(f"front matter is not valid YAML ({type(err).__name__})") from err
    if not post.metadata:
        raise ValueError("no YAML front matter (title, language, topic, source, year, region)")
    try:
        meta = DocumentMeta.model_validate(post.metadata)
    except ValidationError as err:
        raise ValueError(front_matter_problems(err, post.metadata)) from err
    if not post.content.strip():
        raise ValueError("the document has no text")
    digest = hashlib.sha256(raw).hexdigest()[:16]
    # The Markdown splitter drops non-breaking spaces, gluing "€35,000" to the word before it
    body = post.content.replace("\u00a0", " ").replace("\u202f", " ")
    return KnowledgeDocument(file.stem, f"{root.name}/{file.name}", meta, body, digest)


def read_capped(file: Path, root: Path, max_bytes: int) -> bytes:
    """The bytes of a regular file inside root, up to the size cap; ValueError says why a path is not read."""
    if file.is_symlink():
        try:
            target = file.resolve(strict=True)
        except FileNotFoundError as err:
            raise ValueError("a symlink to nothing (its target does not exist)") from err
        except (OSError, RuntimeError) as err:  # a loop is a RuntimeError up to Python 3.12, ELOOP from 3.13
            loop = isinstance(err, RuntimeError) or err.errno == errno.ELOOP
            raise ValueError("a symlink loop" if loop else f"a symlink that cannot be followed ({err})") from err
        # Only what a maintainer put in the knowledge directory is published, never a file a link points at
        if not target.is_relative_to(root.resolve()):
            raise ValueError("a symlink to a file outside the knowledge directory; not followed")
    if file.is_dir():
        raise ValueError("a directory, not a document")
    if not file.is_file():
        raise ValueError("not a regular file")
    try:
        with file.open("rb") as stream:
            raw = stream.read(max_bytes + 1)  # never more, even if the file grows while we read
    except OSError as err:
        raise ValueError(f"cannot be read ({err.strerror or type(err).__name__})") from err
    if len(raw) > max_bytes:
        raise ValueError(f"larger than the cap of {max_bytes:,} bytes per document "
                         "(CAREERBOT_MAX_DOCUMENT_BYTES); split it or raise the cap")
    return raw


def front_matter_problems(err: ValidationError, found: dict[str, Any]) -> str:
    """Each bad field with the value found and what it accepts: "topic 'Benefits & Perks' (expected …)"."""
    problems = []
    for field in dict.fromkeys(str(e["loc"][0]) for e in err.errors() if e["loc"]):
        value = "is missing" if field not in found else f"is {shorten(str(found[field]))!r}"
        wrong = NOT_IN_ADDRESS.search(str(found.get(field, ""))) if field == "url" else None
        holds = f", which holds {wrong.group()!r}" if wrong else ""  # the one character to remove, named
        problems.append(f"{field} {value}{holds} (expected {ACCEPTED.get(field, 'a valid value')})")
    return "front matter: " + "; ".join(problems)


def shorten(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
