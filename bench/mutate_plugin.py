"""`make mutate` only: a pytest plugin that bench/mutate.py loads into every mutmut run (`-p bench.mutate_plugin`).

- The model's document vectors are kept in the file CAREERBOT_TEST_VECTOR_CACHE from one pytest run to the next, so
  that each mutant's run ingests the knowledge base in under a second instead of embedding it (~35 s).
- The module's test files run in the order of CAREERBOT_MUTATE_ORDER (fastest first), and in each file the tests
  that need no model first: mutmut stops at a mutant's first failure, so a mutant that a fast test kills never waits
  for a slow one.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator
from pathlib import Path

import pytest

VECTOR_CACHE = os.environ.get("CAREERBOT_TEST_VECTOR_CACHE")
MUTATE_ORDER = [name for name in os.environ.get("CAREERBOT_MUTATE_ORDER", "").split(",") if name]
MODEL_FIXTURES = {"embedder", "ingested", "make_runtime"}


def _kept_vectors(model_name: str) -> dict[str, list[float]]:
    if not VECTOR_CACHE or not Path(VECTOR_CACHE).is_file():
        return {}
    kept = pickle.loads(Path(VECTOR_CACHE).read_bytes())
    return kept["vectors"] if kept.get("model") == model_name else {}


def _keep_vectors(model_name: str, memo: dict[str, list[float]]) -> None:
    partial = Path(f"{VECTOR_CACHE}.{os.getpid()}")
    partial.write_bytes(pickle.dumps({"model": model_name, "vectors": memo}))
    os.replace(partial, VECTOR_CACHE)


@pytest.hookimpl(hookwrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef, request: pytest.FixtureRequest) -> Iterator[None]:
    """While tests/conftest.py's session `embedder` loads the model, its embed_documents reads the kept vectors first
    and computes only the texts they lack; the file is written again at its teardown when some were computed."""
    if not VECTOR_CACHE or fixturedef.argname != "embedder":
        yield
        return
    from bot.rag.index.embeddings import LazyEmbedder

    load = LazyEmbedder.load

    def kept_load(lazy: LazyEmbedder):
        model = load(lazy)
        if not getattr(model, "_kept_vectors", False):
            compute, memo = model.embed_documents, _kept_vectors(model.name)
            known = len(memo)

            def remembered(texts: list[str]) -> list[list[float]]:
                missing = [text for text in dict.fromkeys(texts) if text not in memo]
                memo.update(zip(missing, compute(missing) if missing else [], strict=True))
                return [memo[text] for text in texts]

            model.embed_documents = remembered
            model._kept_vectors = True
            request.addfinalizer(lambda: _keep_vectors(model.name, memo) if len(memo) > known else None)
        return model

    LazyEmbedder.load = kept_load  # type: ignore[method-assign]
    try:
        yield
    finally:
        LazyEmbedder.load = load  # type: ignore[method-assign]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if not VECTOR_CACHE:
        return

    def file_rank(item: pytest.Item) -> int:
        path = item.nodeid.split("::")[0]
        return MUTATE_ORDER.index(path) if path in MUTATE_ORDER else len(MUTATE_ORDER)

    items.sort(key=lambda item: (file_rank(item), bool(MODEL_FIXTURES & set(getattr(item, "fixturenames", ())))))
