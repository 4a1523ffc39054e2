"""`make bench`: ingest and answer() figures, each against a floor measured in the same run (printed only)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ["ANONYMIZED_TELEMETRY"] = "False"

from bot.rag.embeddings import LazyEmbedder  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from ingest.chunking import split_document  # noqa: E402
from ingest.loaders import load_documents  # noqa: E402

ROUNDS = 3
MORE_QUESTIONS = REPO / "bench" / "more_questions.jsonl"  # written for this project, beside the shared dev set
OFF_TOPIC = REPO / "bench" / "off_topic_questions.txt"
DEV_QUESTIONS = REPO.parent / "shared" / "eval" / "dev_questions.jsonl"
FALLBACK_QUESTIONS = ["Hoeveel verdient een junior in Brussel?", "What do junior freelancers charge per hour?",
                      "Hoe bereid ik me voor op een sollicitatiegesprek?", "Which AI tool checks code for security?"]


def timed(action) -> float:  # noqa: ANN001 - any zero-argument callable
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def questions() -> list[str]:
    if DEV_QUESTIONS.is_file():
        return [json.loads(line)["q"] for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    return FALLBACK_QUESTIONS


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp) / "data", knowledge_dir=REPO / "knowledge")
        runtime, model = ingest_figures(settings)
        latency_figures(runtime, model, questions())
        confidence_figures(runtime)
        peak_memory(settings.data_dir)
        # the English-only model the project used before, for comparison: ingest time and memory only
        minilm = settings.model_copy(update={"data_dir": Path(tmp) / "data-minilm", "embedding_model": "minilm"})
        print("-- for comparison, CAREERBOT_EMBEDDING_MODEL=minilm:")
        ingest_figures(minilm)
        peak_memory(minilm.data_dir, "minilm")


def ingest_figures(settings: Settings):  # noqa: ANN201 - the runtime and the loaded embedder
    """Cold and no-change ingest, against the time the model takes to embed the chunks alone."""
    embedder = LazyEmbedder(settings)
    model = embedder.load()
    documents, _ = load_documents(settings.knowledge_dir)
    texts = [chunk.text for doc in documents for chunk in split_document(doc)]
    model.embed_documents(texts[:8])  # warm-up, so neither figure pays for first-call setup
    embed_only = timed(lambda: model.embed_documents(texts))
    runtime = build_runtime(settings, embedder)
    cold = timed(runtime.ingest)
    unchanged = timed(runtime.ingest)
    print(f"[{embedder.name}] cold ingest: {cold:.2f} s for {len(texts)} chunks (and their sentences); embedding "
          f"the chunks alone {embed_only:.2f} s")
    print(f"no-change re-ingest: {unchanged:.3f} s = {100 * unchanged / cold:.1f}% of cold (target <= 10%)")
    return runtime, model


def latency_figures(runtime, model, asked: list[str]) -> None:  # noqa: ANN001 - runtime and embedder
    """answer() against the floor of query embedding + vector search, both warm, same questions."""
    corpus = runtime.engine.retriever.corpus()
    runtime.engine.answer(asked[0])
    floor, answer = [], []
    for _ in range(ROUNDS):  # interleaved, so a busy moment of the machine hits both figures alike
        for q in asked:
            floor.append(timed(lambda q=q: corpus.collection.query(query_embeddings=[model.embed_query(q)],
                                                                    n_results=4)))
            runtime.engine.retriever.forget_queries()  # each round times a first answer, as the floor does
            answer.append(timed(lambda q=q: runtime.engine.answer(q)))
    f50, f95 = statistics.median(floor) * 1000, percentile(floor, 0.95) * 1000
    a50, a95 = statistics.median(answer) * 1000, percentile(answer, 0.95) * 1000
    print(f"floor (embed + vector search): p50 {f50:.1f} ms, p95 {f95:.1f} ms over {len(asked)} questions "
          f"x {ROUNDS} rounds")
    print(f"answer(): p50 {a50:.1f} ms, p95 {a95:.1f} ms; p95 = {a95 / f95:.2f}x the floor "
          f"(target <= 2x and <= 100 ms)")


def confidence_figures(runtime) -> None:  # noqa: ANN001 - the runtime
    """How often the answerer claims confidence on questions it can answer, and on questions it cannot."""
    more = [json.loads(line)["q"] for line in MORE_QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    off_topic = [line for line in OFF_TOPIC.read_text(encoding="utf-8").splitlines() if line]
    for label, asked in (("answerable (dev + more_questions)", questions() + more), ("off-topic", off_topic)):
        confident = sum(runtime.engine.answer(q).confident for q in asked)
        print(f"confident answers, {label}: {confident}/{len(asked)}")
    print(f"retrieval on {MORE_QUESTIONS.name}: see `careerbot eval {MORE_QUESTIONS.relative_to(REPO)}`")


# The child reads its own high-water mark: rusage of a child forked from this process would count the parent's
# memory (the model, the index) that the fork started with.
REPORT_PEAK = """
import atexit, runpy, sys
def report():
    peak = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
    print(peak.split()[1], file=sys.stderr)
atexit.register(report)
sys.argv = ["careerbot", *sys.argv[1:]]
runpy.run_module("bot.cli", run_name="__main__")
"""


def peak_memory(data_dir: Path, model: str = "") -> None:
    """Peak resident memory of one `careerbot ask` process that answers from the index, model load included."""
    env = {**os.environ, "CAREERBOT_DATA_DIR": str(data_dir), "CAREERBOT_KNOWLEDGE_DIR": str(REPO / "knowledge"),
           "CAREERBOT_EMBEDDING_MODEL": model}
    question = "Hoe bereid ik me voor op een sollicitatiegesprek?"
    done = subprocess.run([sys.executable, "-c", REPORT_PEAK, "ask", question], env=env, cwd=REPO, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak_mb = int(done.stderr.split()[-1]) / 1024
    print(f"peak memory of careerbot ask: {peak_mb:.0f} MB")


if __name__ == "__main__":
    main()
