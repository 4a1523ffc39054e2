"""The maintainers' report (issue 26) on generated months of questions: how well the coverage gaps name the subjects
the documents do not cover, and how long a report over 10,000 stored questions takes on SQLite and PostgreSQL.

    .venv/bin/python bench/report_bench.py [--questions 2000] [--large 10000] [--no-postgres]
        [--half calibration|held-out] [--subjects "net pay,rent"] [--seed 26]

A month: 30% of the questions on the subjects of bench/report_subjects.yaml (Dutch, English, French; refused), the
rest from the shared dev questions and bench/more_questions.jsonl (answered, one in ten unsure), members and votes at
random, with greetings and endings around some questions as members write them. Figures are printed, not asserted.
Each subject belongs to a half: choose the report's grouping distance on `--half calibration`, then check it on
`--half held-out` (subjects it never saw) and on all of them.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import yaml  # noqa: E402

from bot.feedback.report import GROUP_DISTANCE, CoverageReport, coverage_report  # noqa: E402
from bot.feedback.store import FeedbackStore  # noqa: E402
from bot.models import Answer, Source  # noqa: E402
from bot.rag.index.embeddings import LazyEmbedder  # noqa: E402
from bot.settings import Settings  # noqa: E402

SUBJECTS = REPO / "bench" / "report_subjects.yaml"
ON_SUBJECT = [REPO.parent / "shared" / "eval" / "dev_questions.jsonl",
              REPO.parent / "shared" / "eval" / "dev_answers.jsonl", REPO / "bench" / "more_questions.jsonl"]
OFF_SHARE = 0.30
OPENINGS = ["", "", "", "Hi, ", "Quick question: ", "Vraagje: ", "Bonjour, ", "Hey all, ", "Weet iemand: "]
ENDINGS = ["", "", "", " Thanks!", " Bedankt!", " Merci !", " 🙏", " (asking for a friend)"]
NOW = datetime.now(UTC)


def on_subject_questions() -> list[str]:
    return [json.loads(line)["q"] for path in ON_SUBJECT if path.exists()
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def generate(count: int, rng: random.Random, data: dict) -> list[tuple[str, str | None]]:
    """(question, its generated subject or None for a question the documents answer)."""
    ons = on_subject_questions()
    month = []
    for _ in range(count):
        if rng.random() < OFF_SHARE:
            subject = rng.choice(list(data["subjects"]))
            text = rng.choice(data["subjects"][subject]["questions"]).format(
                amount=rng.choice(data["amounts"]), city=rng.choice(data["cities"]))
        else:
            subject, text = None, rng.choice(ons)
        month.append((rng.choice(OPENINGS) + text + rng.choice(ENDINGS), subject))
    return month


def fill(store: FeedbackStore, month: list[tuple[str, str | None]], rng: random.Random) -> None:
    for number, (text, subject) in enumerate(month):
        confident = subject is None and rng.random() > 0.1
        section = f"section {number % 40}" if subject is None else "closest section"
        source = Source(rank=1, doc_id=f"doc{number % 5}", title=f"Document {number % 5}", section=section,
                        path="p", text="t", cited=confident, similarity=0.8)
        answer = Answer(question=text, language="en", confident=confident, sources=[source],
                        text="From the knowledge base: … [1]" if confident else "The documents do not cover this.")
        when = NOW - timedelta(minutes=rng.randrange(30 * 24 * 60))
        answer_id = store.record_answer(answer, private=False, now=when, asker=rng.randrange(300))
        if rng.random() < 0.2:
            store.vote(answer_id, rng.randrange(300), rng.choice(["up", "down"]), now=when)


def names_subject(label: str, names: list[str]) -> bool:
    words = label.split(" · ")
    return any(word.startswith(name.lower()) for word in words for name in names)


def quality(report: CoverageReport, month: list[tuple[str, str | None]], data: dict
            ) -> tuple[float, list[Counter[str]], int]:
    """The share of off-subject questions in groups whose label names their subject, the groups mixing two
    generated subjects (their subjects counted), and the number of groups."""
    subject_of = {text: subject for text, subject in month}
    named = off = 0
    mixed = []
    groups = report.gaps + report.top_questions
    for group in groups:
        members = [subject_of[q] for q in GROUPED[id(group)]]
        subjects = Counter(s for s in members if s)
        if len(subjects) > 1:
            mixed.append(subjects)
        for subject, n in subjects.items():
            off += n
            named += n if names_subject(group.label, data["subjects"][subject]["names"]) else 0
    return (named / off if off else 0.0), mixed, len(groups)


def split_by_language(report: CoverageReport, month: list[tuple[str, str | None]]) -> list[str]:
    """The generated subjects whose questions in each language mostly sit in different groups (a Dutch group beside
    an English one): for each subject and language, the group holding most of them."""
    from bot.text.language import question_language

    subject_of = {text: subject for text, subject in month}
    where: dict[tuple[str, str], Counter[int]] = {}
    for group in report.gaps + report.top_questions:
        for question in GROUPED[id(group)]:
            if subject_of[question]:
                where.setdefault((subject_of[question], question_language(question)), Counter())[id(group)] += 1
    main_groups: dict[str, set[int]] = {}
    for (subject, _), groups in where.items():
        main_groups.setdefault(subject, set()).add(groups.most_common(1)[0][0])
    return sorted(subject for subject, groups in main_groups.items() if len(groups) > 1)


GROUPED: dict[int, list[str]] = {}  # a group's questions by the group's id (the report keeps only examples)


def with_members(store: FeedbackStore, embedder: LazyEmbedder, days: int) -> CoverageReport:
    """The report, remembering which stored questions each group holds (the report keeps only examples)."""
    import bot.feedback.report as core

    original = core.describe

    def describe(questions, vectors, labels, sections_of):  # noqa: ANN001, ANN202
        group = original(questions, vectors, labels, sections_of)
        GROUPED[id(group)] = [q.question for q in questions]
        return group

    core.describe = describe
    try:
        return coverage_report(store, embedder.query_vectors, embedder.name, None, days)
    finally:
        core.describe = original


def timed_reports(store: FeedbackStore, embedder: LazyEmbedder) -> tuple[float, float]:
    started = time.perf_counter()
    coverage_report(store, embedder.query_vectors, embedder.name, None, 31)
    first = time.perf_counter() - started
    started = time.perf_counter()
    coverage_report(store, embedder.query_vectors, embedder.name, None, 31)
    return first, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--large", type=int, default=10_000, help="stored questions to time a report on (0: none)")
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--half", choices=["calibration", "held-out"], help="only the subjects of this half")
    parser.add_argument("--subjects", help="only these subjects, comma-separated")
    parser.add_argument("--seed", type=int, default=26, help="the month's random seed")
    args = parser.parse_args()
    data = chosen(yaml.safe_load(SUBJECTS.read_text(encoding="utf-8")), args.half, args.subjects)
    embedder = LazyEmbedder(Settings(_env_file=None))
    embedder.load()
    with tempfile.TemporaryDirectory() as scratch:
        month_quality(Path(scratch), args.questions, embedder, data, args.seed)
        if args.large:
            large(Path(scratch), args.large, embedder, data, postgres=not args.no_postgres)


def chosen(data: dict, half: str | None, subjects: str | None) -> dict:
    """The subjects of one half, or the named ones, or all."""
    names = [name.strip() for name in subjects.split(",")] if subjects else list(data["subjects"])
    unknown = [name for name in names if name not in data["subjects"]]
    if unknown:
        raise SystemExit(f"no such subject in {SUBJECTS.name}: {', '.join(unknown)}")
    kept = {name: data["subjects"][name] for name in names if half is None or data["subjects"][name]["half"] == half}
    return {**data, "subjects": kept}


def month_quality(scratch: Path, count: int, embedder: LazyEmbedder, data: dict, seed: int) -> None:
    rng = random.Random(seed)
    month = generate(count, rng, data)
    store = FeedbackStore(scratch / "month.sqlite3")
    fill(store, month, rng)
    report = with_members(store, embedder, 31)
    share, mixed, groups = quality(report, month, data)
    off = sum(1 for _, s in month if s)
    print(f"month of {count} questions (seed {seed}; {off} on {len(data['subjects'])} subjects the documents do not "
          f"cover, {len({t for t, _ in month})} distinct texts), groups at cosine distance {GROUP_DISTANCE}:")
    print(f"  off-subject questions in groups whose label names their subject: {share:.1%} (issue: at least 90%)")
    print(f"  groups mixing two generated subjects: {len(mixed)} (issue: none); groups in all: {groups}")
    for subjects in mixed:
        print(f"    mixed: {' + '.join(f'{name} ({n})' for name, n in subjects.most_common())}")
    split = split_by_language(report, month)
    print(f"  subjects whose languages mostly sit in different groups: {len(split)} of {len(data['subjects'])}"
          + (f" ({', '.join(split)})" if split else ""))
    for group in report.gaps[:8]:
        print(f"    gap {group.size:>4} questions, {group.members} members: [{group.label}]")
    store.close()


def large(scratch: Path, count: int, embedder: LazyEmbedder, data: dict, *, postgres: bool) -> None:
    rng = random.Random(10_000)
    month = generate(count, rng, data)
    distinct = len({t for t, _ in month})
    store = FeedbackStore(scratch / "large.sqlite3")
    fill(store, month, rng)
    first, again = timed_reports(store, embedder)
    store.close()
    print(f"{count} stored questions ({distinct} distinct texts), {os.cpu_count()} cores:")
    print(f"  SQLite: first report {first:.1f} s (embeds each question once), then {again:.2f} s")
    if postgres:
        from tests.postgres_server import running_server

        with running_server() as server:
            store = FeedbackStore.from_settings(Settings(_env_file=None, feedback_url=server.new_database()))
            fill(store, month, random.Random(10_000))
            first, again = timed_reports(store, embedder)
            store.close()
        print(f"  PostgreSQL: first report {first:.1f} s (embeds each question once), then {again:.2f} s")


if __name__ == "__main__":
    main()
