"""`make soak`: answers keep being served while the index is rebuilt under them.

Four threads answer questions continuously for DURATION seconds through one runtime while another thread edits a
document and re-ingests INGESTS times; first in an embedded data directory, then against a real `chroma run`
server on 127.0.0.1 (started and stopped here). Prints, for each: answers served and failed (target 0), p95
latency of answers that overlapped an ingest and of those that did not, and the directories of deleted builds
left on disk (target 0; on a server, after `careerbot clean-chroma` on its directory, as a deployment runs it).
Not part of `make test`: it takes a few minutes.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ["ANONYMIZED_TELEMETRY"] = "False"
os.environ.setdefault("OMP_NUM_THREADS", "1")  # answers run side by side, as in the image

import shutil  # noqa: E402

from bot.rag.index.embeddings import LazyEmbedder  # noqa: E402
from bot.rag.index.store import orphan_directories  # noqa: E402
from bot.runtime import Runtime, build_runtime  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.chroma_server import ChromaServer  # noqa: E402

ANSWERERS = 4
QUESTIONS = REPO / "tests" / "testdata" / "dev_questions.jsonl"
EDITED = "it-job-interviews.md"


@dataclass
class Record:
    """What the threads saw."""

    answers: list[tuple[float, float]] = field(default_factory=list)  # start, end of each answer served
    failures: Counter = field(default_factory=Counter)  # "ErrorType: message" -> how many
    ingests: list[tuple[float, float]] = field(default_factory=list)
    ingest_failures: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def remembering(embedder: LazyEmbedder) -> LazyEmbedder:
    """The model's vectors computed once per text, so the second mode does not embed the documents again."""
    model = embedder.load()
    compute, memo = model.embed_documents, {}

    def remembered(texts: list[str]) -> list[list[float]]:
        missing = [text for text in dict.fromkeys(texts) if text not in memo]
        memo.update(zip(missing, compute(missing) if missing else [], strict=True))
        return [memo[text] for text in texts]

    model.embed_documents = remembered  # type: ignore[method-assign]
    return embedder


def answer_continuously(runtime: Runtime, questions: list[str], offset: int, stop: threading.Event,
                        record: Record) -> None:
    for question in cycle(questions[offset:] + questions[:offset]):
        if stop.is_set():
            return
        start = time.perf_counter()
        try:
            runtime.engine.answer(question)
        except Exception as error:  # noqa: BLE001 - every failure is counted, which is the point
            with record.lock:
                record.failures[f"{type(error).__name__}: {' '.join(str(error).split())[:160]}"] += 1
            continue
        with record.lock:
            record.answers.append((start, time.perf_counter()))


def ingest_repeatedly(runtime: Runtime, knowledge: Path, ingests: int, duration: float, record: Record) -> None:
    """Edit one document and re-ingest, spread over the run."""
    gap = duration / (ingests + 1)
    for number in range(ingests):
        time.sleep(gap)
        document = knowledge / EDITED
        document.write_text(document.read_text(encoding="utf-8") + f"\nSoak edit {number} at {time.time()}.\n",
                            encoding="utf-8")
        start = time.perf_counter()
        try:
            runtime.ingest(knowledge)
        except Exception as error:  # noqa: BLE001 - counted and shown
            record.ingest_failures[f"{type(error).__name__}: {error}"] += 1
        record.ingests.append((start, time.perf_counter()))


def p95(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))] * 1000:.0f} ms"


def soak(mode: str, settings: Settings, embedder: LazyEmbedder, knowledge: Path, chroma_dir: Path,
         duration: float, ingests: int) -> dict:
    runtime = build_runtime(settings, embedder)
    runtime.ingest(knowledge)
    questions = [json.loads(line)["q"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    record, stop = Record(), threading.Event()
    workers = [threading.Thread(target=answer_continuously, args=(runtime, questions, n * 5, stop, record))
               for n in range(ANSWERERS)]
    for worker in workers:
        worker.start()
    ingester = threading.Thread(target=ingest_repeatedly, args=(runtime, knowledge, ingests, duration, record))
    ingester.start()
    time.sleep(duration)
    ingester.join()
    stop.set()
    for worker in workers:
        worker.join()
    during = [end - start for start, end in record.answers
              if any(start < ingest_end and end > ingest_start for ingest_start, ingest_end in record.ingests)]
    outside = [end - start for start, end in record.answers
               if not any(start < ingest_end and end > ingest_start for ingest_start, ingest_end in record.ingests)]
    left = len(orphan_directories(chroma_dir))
    if settings.chroma_url:  # a server's disk is cleaned on its host, as the README says a deployment does
        subprocess.run([sys.executable, "-m", "bot.cli", "clean-chroma", str(chroma_dir)], check=True,
                       stdout=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(REPO)})
    runtime.close()
    return {"mode": mode, "served": len(record.answers), "failed": sum(record.failures.values()),
            "ingests": len(record.ingests) - sum(record.ingest_failures.values()), "p95_during": p95(during),
            "p95_outside": p95(outside), "left": left, "orphans": len(orphan_directories(chroma_dir)),
            "failures": dict(record.failures), "ingest_failures": dict(record.ingest_failures)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of answering per mode")
    parser.add_argument("--ingests", type=int, default=10, help="re-ingests per mode")
    parser.add_argument("--modes", default="embedded,server", help="embedded, server or both")
    args = parser.parse_args()
    embedder = remembering(LazyEmbedder(Settings(_env_file=None)))
    results = []
    with tempfile.TemporaryDirectory(prefix="careerbot-soak-") as tmp:
        for mode in args.modes.split(","):
            work = Path(tmp) / mode
            knowledge = work / "knowledge"
            shutil.copytree(REPO / "knowledge", knowledge)
            if mode == "embedded":
                settings = Settings(_env_file=None, data_dir=work / "data", knowledge_dir=knowledge)
                results.append(soak(mode, settings, embedder, knowledge, work / "data" / "chroma", args.duration,
                                    args.ingests))
                continue
            server = ChromaServer(work / "server").start()
            try:
                settings = Settings(_env_file=None, data_dir=work / "data", knowledge_dir=knowledge,
                                    chroma_url=server.url)
                results.append(soak(mode, settings, embedder, knowledge, work / "server", args.duration,
                                    args.ingests))
            finally:
                server.stop()
    print(f"{'mode':<10}{'served':>8}{'failed':>8}{'ingests':>9}{'p95 during ingest':>19}{'p95 otherwise':>15}"
          f"{'orphan dirs':>13}")
    for result in results:
        print(f"{result['mode']:<10}{result['served']:>8}{result['failed']:>8}{result['ingests']:>9}"
              f"{result['p95_during']:>19}{result['p95_outside']:>15}{result['orphans']:>13}")
        if result["mode"] == "server":
            print(f"  the server left {result['left']} directories of deleted builds on its disk; `careerbot "
                  f"clean-chroma` on its --path removed them")
        for kind in ("failures", "ingest_failures"):
            for message, count in result[kind].items():
                print(f"  {kind.replace('_', ' ')}: {count} x {message}")
    bad = any(r["failed"] or r["orphans"] or r["ingest_failures"] for r in results)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
