"""/reingest's lines and embed on their own, and two things only the payload harness can drive: a question answered
while a re-ingest is held in flight (SimCord runs one member action at a time), and the embedding count shown by the
once-a-second loop while the ingest waits, then the report edited in its place, checked as the exact edits (SimCord's
clock stands still while an action runs, so the loop never looks again). Who may re-ingest, /sources and a stopped
re-ingest as members see them: tests/bot/discord/e2e/test_library_e2e.py."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.discord.cogs.library import ingest_embed, ingest_lines
from bot.discord.ports import IngestReport
from tests.bot.discord.discord_support import (
    MAINTAINER_ID,
    FakeRuntime,
    body,
    command_payload,
    text_of,
)


def followups(harness, payload):
    return [c for c in harness.recorder.for_token(payload) if not c.is_initial_response]


async def test_a_maintainers_reingest_runs_while_questions_keep_being_answered(harness):
    runtime = FakeRuntime(harness.settings())
    runtime.ingest_gate = threading.Event()
    bot = await harness.bot(runtime)
    reingest = command_payload("reingest", user_id=MAINTAINER_ID)
    ask = command_payload("ask", question="What does a junior earn?")

    running = asyncio.create_task(harness.interact(bot, reingest))
    try:
        assert await asyncio.to_thread(runtime.ingest_started.wait, 10)
        await harness.interact(bot, ask)  # completes while the ingest is still blocked
        assert followups(harness, ask), "the question was not answered during the ingest"
        assert followups(harness, reingest) == []
    finally:
        runtime.ingest_gate.set()
        await running
    (report,) = followups(harness, reingest)
    text = text_of(report)
    assert "Re-ingest finished" in text
    for name, value in (("Added", 1), ("Updated", 2), ("Removed", 0), ("Unchanged", 2)):
        assert {"name": name, "value": str(value), "inline": True} in body(report)["embeds"][0]["fields"]
    assert "1.5 s" in text


def report_of(**fields) -> IngestReport:  # noqa: ANN003 - the fields that differ from a plain ingest
    counts = {"documents": 5, "chunks": 42, "added": 1, "updated": 1, "removed": 1, "unchanged": 2, "seconds": 1.5}
    return IngestReport(**{**counts, **fields})


REPORTS = [
    report_of(dry_run=True, added_documents=["new-doc"], updated_documents=["a", "b"], removed_documents=["old"],
              figures_checked=26, figures_changed=True),
    report_of(added_documents=["new-doc"], figures_checked=26, figures_changed=True),
    report_of(figures_checked=26),
    report_of(skipped=["knowledge/bad.md: no YAML front matter"], figures_checked=None),
    report_of(figures_checked=0),
    report_of(figures_checked=26, figure_problems=["rates/x.yaml: x.monthly: its quote is gone"]),
]


@pytest.mark.parametrize("report", REPORTS)
def test_the_reingest_lines_say_in_english_what_the_terminal_prints(report):
    printed = [line.strip() for line in report.summary_lines()[1:]] + report.problem_lines()
    assert ingest_lines(report, "en") == printed


def test_a_dutch_maintainer_reads_the_reingest_lines_in_dutch():
    stopped = ingest_lines(REPORTS[-1], "nl")
    assert stopped == ["cijfers: 26 gecontroleerd, 1 kloppen niet meer met hun documenten (zie hieronder)",
                       "cijfer rates/x.yaml: x.monthly: its quote is gone",
                       "de index is niet gewijzigd (de vorige blijft antwoorden): los op wat elke regel zegt (het "
                       "citaat, de sectie of de getallen van een cijfer in rates/*.yaml, of een overgeslagen "
                       "document) en lees daarna opnieuw in"]
    assert ingest_lines(REPORTS[0], "nl")[:3] == ["toegevoegd: new-doc", "bijgewerkt: a, b", "verwijderd: old"]
    assert ingest_lines(REPORTS[3], "nl")[-1] == "overgeslagen: knowledge/bad.md: no YAML front matter"


def test_each_reingest_line_keeps_its_own_line_in_the_embed():
    embed = ingest_embed(REPORTS[0], dry_run=True, language="en")
    assert embed.description.splitlines() == ingest_lines(REPORTS[0], "en")
    many = report_of(skipped=[f"knowledge/doc-{n}.md: {'x' * 200}" for n in range(40)], figures_checked=None)
    long = ingest_embed(many, dry_run=False, language="en").description
    assert len(long) <= 4096 and long.endswith("\n…") and long.count("\n") > 10


async def test_a_reingest_shows_how_far_the_embedding_is_and_then_its_report_in_place(harness):
    runtime = FakeRuntime(harness.settings())
    runtime.ingest_gate, runtime.ingest_progress = threading.Event(), [(64, 900), (128, 900)]
    bot = await harness.bot(runtime)
    reingest = command_payload("reingest", user_id=MAINTAINER_ID)

    def edits() -> list:
        return [c for c in harness.recorder.for_token(reingest) if c.method == "PATCH"]

    running = asyncio.create_task(harness.interact(bot, reingest))
    try:
        for _ in range(50):  # the loop shows the latest count within a second
            if edits():
                break
            await asyncio.sleep(0.1)
        (step,) = edits()
        assert step.payload["content"] == "Embedding the new text: 128/900…"
    finally:
        runtime.ingest_gate.set()
        await running
    assert runtime.ingested_beside_answers == [True]
    calls = followups(harness, reingest)
    assert [c.method for c in calls] == ["PATCH", "PATCH"]  # the count, then the report in its place
    assert calls[-1].payload["content"] is None and "Re-ingest finished" in text_of(calls[-1])
