"""A week of real answers in a feedback database, for the sample report in docs/maintaining.md: questions members
might ask (the dev questions, bench/more_questions.jsonl, a few subjects of bench/report_subjects.yaml the documents
do not cover, bench/off_topic_questions.txt) answered by the engine over the live index and stored as the bot stores
them, spread over the last 7 days, with askers and votes at random (seeded).

    CAREERBOT_DATA_DIR=/tmp/sample/data careerbot ingest
    CAREERBOT_DATA_DIR=/tmp/sample/data .venv/bin/python bench/report_sample.py
    CAREERBOT_DATA_DIR=/tmp/sample/data careerbot report --days 7

It refuses to write into a data directory that already holds a feedback database.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import yaml  # noqa: E402

from bot.feedback.store import FILENAME, FeedbackStore  # noqa: E402
from bot.runtime import build_runtime  # noqa: E402
from bot.settings import load_settings  # noqa: E402

ANSWERED = [REPO / "tests" / "testdata" / "dev_questions.jsonl", REPO / "bench" / "more_questions.jsonl"]
SUBJECTS = ("net pay", "income tax return", "work visa")  # three of report_subjects.yaml's, three phrasings each
MEMBERS = 40
SEED = 7


def questions(rng: random.Random) -> list[str]:
    asked = [json.loads(line)["q"] for path in ANSWERED for line in path.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    data = yaml.safe_load((REPO / "bench" / "report_subjects.yaml").read_text(encoding="utf-8"))
    for subject in SUBJECTS:
        for phrasing in rng.sample(data["subjects"][subject]["questions"], 3):
            asked.append(phrasing.format(amount=rng.choice(data["amounts"]), city=rng.choice(data["cities"])))
    asked += (REPO / "bench" / "off_topic_questions.txt").read_text(encoding="utf-8").splitlines()[:5]
    return [q for q in asked if q.strip()]


def main() -> None:
    settings = load_settings()
    if (settings.data_dir / FILENAME).exists() or settings.feedback_url is not None:
        sys.exit(f"{settings.data_dir / FILENAME} exists (or CAREERBOT_FEEDBACK_URL is set): use a fresh data dir")
    rng = random.Random(SEED)
    runtime = build_runtime(settings)
    store = FeedbackStore.from_settings(settings)
    now = datetime.now(UTC)
    try:
        for question in questions(rng):
            answer = runtime.engine.answer(question)
            for _ in range(rng.choice([1, 1, 1, 2, 3])):  # some questions are asked again by others
                when = now - timedelta(minutes=rng.randrange(7 * 24 * 60))
                stored = store.record_answer(answer, private=False, now=when, asker=rng.randrange(1, MEMBERS),
                                             vector=runtime.question_vector_made(question))
                if rng.random() < 0.3:  # a vote on three answers in ten, 👎 more often on an unsure one
                    down = rng.random() < (0.6 if not answer.confident else 0.15)
                    store.vote(stored, rng.randrange(1, MEMBERS), "down" if down else "up", now=when)
    finally:
        store.close()
        runtime.close()


if __name__ == "__main__":
    main()
