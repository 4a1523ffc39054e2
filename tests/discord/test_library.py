"""/sources and /reingest: who may re-ingest, and answering while it runs."""

from __future__ import annotations

import asyncio
import threading

from discord_support import (
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
