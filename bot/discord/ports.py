"""The shape of the runtime the Discord layer uses, so it depends on behaviour rather than on bot.runtime.

IngestReport is the pipeline's own model (re-exported here for the cogs), not a second description of it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.feedback.report import QueryModel
from bot.models import Answer, Turn
from bot.rag.index.store import ChromaStore
from bot.rates.figures import FigureBook
from bot.settings import Settings
from ingest.pipeline import IngestReport


class AnswerEngine(Protocol):
    """bot.engine.Engine as seen from Discord: blocking, so always called through asyncio.to_thread."""

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer: ...


class DocumentInfo(Protocol):
    """One document in the index, as /sources lists it."""

    doc_id: str
    title: str
    language: str
    year: int | None
    chunks: int
    source: str | None  # the publisher
    url: str | None


class Runtime(Protocol):
    """Everything main() builds once and the cogs share: engine, index, ingest."""

    settings: Settings
    engine: AnswerEngine
    embedder: QueryModel  # the one model: the report groups questions with it
    store: ChromaStore  # the index: the report lists the sections never cited

    def documents(self) -> Sequence[DocumentInfo]: ...

    def last_ingested(self) -> datetime | None: ...

    def index_is_empty(self) -> bool: ...

    def question_vector_made(self, text: str) -> tuple[str, np.ndarray] | None: ...

    def figures(self) -> FigureBook: ...

    def ingest(self, path: Path | None = None, dry_run: bool = False,
               progress: Callable[[int, int], None] | None = None, beside_answers: bool = False) -> IngestReport: ...

    def close(self) -> None: ...
