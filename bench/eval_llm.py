"""`make eval-llm`: the answer questions with the configured LLM provider, beside the extractive answerer.

Not part of `make test`: it needs a model server (CAREERBOT_LLM, CAREERBOT_LLM_BASE_URL). Every question is
answered twice in the same run, by the engine with the LLM answerer and by the same engine with the extractive
answerer, and both are scored as `careerbot eval` and ../shared/tools/score_answers.py score them (a must
question passes when its answer is confident and holds one alternative of every group; an off-topic one when it
is not confident). Printed besides the pass figures: answers generated and shown vs fallen back and why, answers
that cite, answers in the question's language, reply shapes that must never be shown, and latency p50/p95.

usage: bench/eval_llm.py [QUESTIONS.jsonl] [--answers OUT.jsonl]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ["ANONYMIZED_TELEMETRY"] = "False"

from bot.engine import Engine  # noqa: E402
from bot.errors import UserFacingError  # noqa: E402
from bot.evaluate import EvalQuestion, load_questions  # noqa: E402
from bot.models import Answer, cited_numbers  # noqa: E402
from bot.rag.answerers.answer_llm import LLMAnswerer  # noqa: E402
from bot.rag.checks import looks_like_json, tool_text  # noqa: E402
from bot.terminal.commands import open_runtime  # noqa: E402
from bot.text.language import detect_language  # noqa: E402

DEV_ANSWERS = REPO.parent / "shared" / "eval" / "dev_answers.jsonl"


@dataclasses.dataclass
class Run:
    """One question's answer by one engine, and how long it took."""

    question: EvalQuestion
    answer: Answer
    seconds: float

    @property
    def passed(self) -> bool:
        return self.question.answered_by(self.answer)

    @property
    def generated(self) -> bool:
        return self.answer.answered_by == "llm"

    @property
    def language(self) -> str:
        """The question's language: the file's `lang`, else detected as the engine detects it."""
        return self.question.lang or detect_language(self.question.q)


def answer_all(engine: Engine, questions: list[EvalQuestion]) -> list[Run]:
    """Each question answered once, timed."""
    runs = []
    for question in questions:
        started = time.perf_counter()
        answer = engine.answer(question.q)
        runs.append(Run(question, answer, time.perf_counter() - started))
        print(f"  {question.id}: {answer.answered_by}"
              + (f" (fallback: {answer.fallback_reason})" if answer.fallback_reason else "")
              + f", {'pass' if runs[-1].passed else 'FAIL'}, {runs[-1].seconds:.1f} s", file=sys.stderr, flush=True)
    return runs


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (p50, p95) of the latencies."""
    ordered = sorted(values)
    return ordered[max(math.ceil(share * len(ordered)) - 1, 0)] if ordered else 0.0


def not_an_answer(text: str) -> bool:
    """A shown text that is JSON or a tool call written as text: what must never reach a member."""
    return looks_like_json(text) or tool_text(text)


def report(llm_runs: list[Run], extractive_runs: list[Run], model: str) -> list[str]:
    """The lines `make eval-llm` prints."""
    total = len(llm_runs)
    on_topic = [run for run in llm_runs if not run.question.offtopic]
    off_topic = [run for run in llm_runs if run.question.offtopic]
    shown = [run for run in llm_runs if run.generated]
    shown_on_topic = [run for run in on_topic if run.generated]
    fallen = [run for run in llm_runs if run.answer.fallback_reason]
    reasons = Counter(run.answer.fallback_reason for run in fallen)
    by = Counter(run.answer.answered_by for run in llm_runs)
    citing = [run for run in shown if cited_numbers(run.answer.text)]
    in_language = [run for run in shown if detect_language(run.answer.text, run.language) == run.language]
    bad_shapes = [run.question.id for run in llm_runs if not_an_answer(run.answer.text)]
    refused = [run for run in off_topic if not run.answer.confident]
    seconds = [run.seconds for run in llm_runs]
    generated_seconds = [run.seconds for run in shown]
    share = len(shown_on_topic) / len(on_topic) if on_topic else 0.0

    def part(runs: list[Run], of: list[Run]) -> str:
        return f"{len(runs)}/{len(of)}"

    return [
        f"model: {model}",
        f"answers pass (llm): {part([r for r in llm_runs if r.passed], llm_runs)}"
        f"; must pass {part([r for r in on_topic if r.passed], on_topic)}",
        f"answers pass (extractive, same run): {part([r for r in extractive_runs if r.passed], extractive_runs)}"
        f"; must pass {part([r for r in extractive_runs if r.passed and not r.question.offtopic], on_topic)}",
        f"answered by: llm {by['llm']}, extractive {by['extractive']}, calculator {by['calculator']} (of {total})",
        f"on-topic generated and shown: {part(shown_on_topic, on_topic)} ({share:.0%}); fallen back: {len(fallen)}",
        "fallback reasons: " + (", ".join(f"{reason} {count}" for reason, count in reasons.most_common()) or "-"),
        "fallbacks: " + (" ".join(f"{r.question.id}={r.answer.fallback_reason}" for r in fallen) or "-"),
        f"shown generated answers that cite: {part(citing, shown)}",
        f"shown generated answers in the question's language: {part(in_language, shown)}",
        f"JSON or tool-call text shown: {len(bad_shapes)}" + (f" ({' '.join(bad_shapes)})" if bad_shapes else ""),
        f"off-topic refused: {part(refused, off_topic)}",
        f"latency (llm engine, every answer): p50 {percentile(seconds, 0.5):.1f} s, "
        f"p95 {percentile(seconds, 0.95):.1f} s",
        f"latency (generated answers shown): p50 {percentile(generated_seconds, 0.5):.1f} s, "
        f"p95 {percentile(generated_seconds, 0.95):.1f} s",
        "fails (llm): " + (" ".join(r.question.id for r in llm_runs if not r.passed) or "-"),
        "fails (extractive): " + (" ".join(r.question.id for r in extractive_runs if not r.passed) or "-"),
    ]


def write_answers(path: Path, runs: list[Run]) -> None:
    """The answers as `careerbot ask --json --batch` prints them, for ../shared/tools/score_answers.py."""
    with path.open("w", encoding="utf-8") as file:
        for run in runs:
            file.write(json.dumps({"id": run.question.id, **run.answer.to_json_dict()}, ensure_ascii=False) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("questions", nargs="?", type=Path, default=DEV_ANSWERS)
    parser.add_argument("--answers", type=Path, help="also write the LLM engine's answers here (JSON lines)")
    args = parser.parse_args()
    try:
        questions = [q for q in load_questions(args.questions) if q.must or q.offtopic]
        runtime = open_runtime()
        if not isinstance(runtime.engine.answerer, LLMAnswerer):
            raise UserFacingError("set CAREERBOT_LLM (and CAREERBOT_LLM_BASE_URL for a local server) to measure "
                                  "generated answers")
        if runtime.index_is_empty():
            raise UserFacingError("the index is empty; run `careerbot ingest` first")
    except UserFacingError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    llm_engine = runtime.engine
    extractive_engine = dataclasses.replace(llm_engine, answerer=llm_engine.answerer.fallback)
    print(f"answering {len(questions)} questions with {runtime.settings.llm} "
          f"(CAREERBOT_LLM_TOOLS={runtime.settings.llm_tools}) ...", file=sys.stderr, flush=True)
    llm_runs = answer_all(llm_engine, questions)
    extractive_runs = answer_all(extractive_engine, questions)
    if args.answers:
        write_answers(args.answers, llm_runs)
    print("\n".join(report(llm_runs, extractive_runs, runtime.settings.llm or "")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
