"""The Discord layer over the real runtime: real embeddings, real Chroma, the real knowledge base."""

from __future__ import annotations

import asyncio

import pytest
from pydantic import SecretStr

from bot import rates
from bot.discord import runner
from bot.discord.client import CareerBot
from bot.discord.ports import Runtime as RuntimePort
from bot.formats import money
from tests.bot.discord.discord_support import (
    BOT_ID,
    MAINTAINER_ID,
    THREAD_ID,
    USER_ID,
    VALID_TOKEN,
    body,
    command_payload,
    embed_payload,
    message_payload,
    text_of,
    user_payload,
)

pytestmark = pytest.mark.slow

KNOWLEDGE_DOCUMENTS = 5


def followups(harness, payload):
    return [c for c in harness.recorder.for_token(payload) if not c.is_initial_response]


async def test_ask_answers_from_the_knowledge_base_with_cited_sources(harness, ingested):
    port: RuntimePort = ingested  # the real Runtime has the shape the Discord layer relies on
    bot = await harness.bot(port)
    payload = command_payload("ask", question="Which skills matter most for a backend developer in Belgium?")
    await harness.interact(bot, payload)

    (answer,) = followups(harness, payload)
    embed = body(answer)["embeds"][0]
    assert "[1]" in embed["description"]
    assert embed["fields"][0]["name"] == "Sources" and embed["fields"][0]["value"].startswith("**[1]**")
    assert embed["footer"]["text"].startswith("Language: English")


async def test_sources_lists_the_real_documents(harness, ingested):
    bot = await harness.bot(ingested)
    payload = command_payload("sources")
    await harness.interact(bot, payload)
    text = text_of(followups(harness, payload)[0])
    assert f"Documents in the index ({KNOWLEDGE_DOCUMENTS})" in text and "Last ingested" in text


async def test_a_dry_run_reingest_reports_nothing_to_change(harness, ingested):
    bot = await harness.bot(ingested)
    payload = command_payload("reingest", user_id=MAINTAINER_ID, dry_run=True)
    await harness.interact(bot, payload)
    fields = {f["name"]: f["value"] for f in body(followups(harness, payload)[0])["embeds"][0]["fields"]}
    assert fields["Unchanged"] == str(KNOWLEDGE_DOCUMENTS) and fields["Added"] == "0"


async def test_and_in_brussels_in_a_thread_is_answered_about_brussels(harness, ingested):
    bot = await harness.bot(ingested)
    me = user_payload(BOT_ID, "careerbot", bot=True)
    member = user_payload(USER_ID, "member")
    first = await asyncio.to_thread(ingested.engine.answer, "What does a mid-level backend developer earn?", [])
    harness.recorder.messages[THREAD_ID] = message_payload(
        THREAD_ID, me, message_id=THREAD_ID, embeds=[embed_payload(title=first.question, description=first.text)])
    await harness.message(bot, message_payload(THREAD_ID, member, f"<@{BOT_ID}> and in Brussels?", mentions=[me]))

    replies = [c for c in harness.recorder.calls if c.template == "/channels/{channel_id}/messages"
               and c.method == "POST"]
    brussels = rates.run("salary", level="mid", city="brussels").bands[0].band  # type: ignore[attr-defined]
    assert money(brussels.low) in text_of(replies[-1])  # the mid-level band, so the thread's question was used


def test_run_ingests_an_empty_real_index_before_serving(make_runtime, knowledge_copy, monkeypatch, tmp_path):
    runtime = make_runtime()
    settings = runtime.settings.model_copy(update={"discord_token": SecretStr(VALID_TOKEN)})
    assert runtime.index_is_empty()
    documents: list[int] = []

    async def fake_serve(bot: CareerBot, token: str) -> None:
        documents.append(len(await asyncio.to_thread(bot.runtime.documents)))

    monkeypatch.setattr(runner, "serve", fake_serve)
    runner.run_bot(settings, build_runtime=lambda s: runtime)
    assert documents == [KNOWLEDGE_DOCUMENTS]
