"""/sources and /reingest: who may re-ingest, and answering while it runs."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bot.discord.cogs.library import ingest_embed, ingest_lines
from bot.discord.ports import IngestReport
from tests.bot.discord.discord_support import (
    ADMIN_ID,
    EPHEMERAL,
    MAINTAINER_ID,
    MANAGE_GUILD,
    ROLE_ID,
    FakeRuntime,
    body,
    command_payload,
    text_of,
)


def followups(harness, payload):
    return [c for c in harness.recorder.for_token(payload) if not c.is_initial_response]


async def test_a_server_admin_who_is_not_a_maintainer_is_refused(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime)
    payload = command_payload("reingest", user_id=ADMIN_ID, permissions=MANAGE_GUILD)
    await harness.interact(bot, payload)

    assert runtime.ingest_calls == []
    (only,) = harness.recorder.for_token(payload)
    assert only.payload["type"] == 4 and only.payload["data"]["flags"] & EPHEMERAL
    assert "Only the bot's maintainers" in only.payload["data"]["content"]


async def test_a_maintainer_by_role_may_run_a_dry_run(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime, maintainer_ids=[], maintainer_role_ids=[ROLE_ID])
    payload = command_payload("reingest", user_id=ADMIN_ID, roles=[ROLE_ID], dry_run=True)
    await harness.interact(bot, payload)

    assert runtime.ingest_calls == [True]
    assert runtime.ingested_beside_answers == [True]  # the running bot keeps a core for answers
    (report,) = followups(harness, payload)
    assert "Dry run" in text_of(report) and body(report)["flags"] & EPHEMERAL


async def test_a_reingest_stopped_by_a_figure_shows_the_maintainer_each_line_privately(harness):
    runtime = FakeRuntime(harness.settings())
    runtime.figure_problems = ["rates/flanders-2024.yaml: flanders.monthly: its quote is no longer in section 'x'; "
                               'the section now reads: "tussen de €3.200 en €6.400 bruto per maand."']
    bot = await harness.bot(runtime)
    payload = command_payload("reingest", user_id=MAINTAINER_ID)
    await harness.interact(bot, payload)

    (report,) = followups(harness, payload)
    text = text_of(report)
    assert body(report)["flags"] & EPHEMERAL
    assert "Re-ingest stopped" in text and "Re-ingest finished" not in text
    assert "figure rates/flanders-2024.yaml: flanders.monthly" in text and "€3.200 en €6.400" in text
    assert "the previous one keeps answering" in text and "added: new-doc" in text


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


async def test_sources_lists_the_documents_and_the_last_ingest(harness):
    bot = await harness.bot()
    payload = command_payload("sources")
    await harness.interact(bot, payload)
    (listing,) = followups(harness, payload)
    text = text_of(listing)
    assert "Salaries 2024" in text and "2024" in text and "12 chunks" in text and "Last ingested" in text


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
