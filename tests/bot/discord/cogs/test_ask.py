"""/ask through the real command tree: acknowledgement, limits, mentions, errors, cooldown, threads."""

from __future__ import annotations

import asyncio
import logging
import re
import threading

from bot.errors import UserFacingError
from tests.bot.discord.discord_support import (
    CHANNEL_ID,
    EPHEMERAL,
    GUILD_ID,
    FakeRuntime,
    assert_within_limits,
    body,
    command_payload,
    make_answer,
    text_of,
)


async def test_defer_comes_before_the_engine_and_there_is_one_initial_response(harness):
    runtime = FakeRuntime(harness.settings())
    order: list[str] = []
    runtime.engine.before = lambda: order.append("engine")
    harness.recorder.on_request = lambda call: order.append("callback" if call.is_initial_response else "follow-up")
    bot = await harness.bot(runtime)

    payload = command_payload("ask", question="What does a mid-level developer earn?")
    await harness.interact(bot, payload)

    calls = harness.recorder.for_token(payload)
    initial = [c for c in calls if c.is_initial_response]
    assert len(initial) == 1
    assert initial[0].payload["type"] == 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE
    assert order[:2] == ["callback", "engine"]
    assert "follow-up" in order[2:]
    assert runtime.engine.calls == [("What does a mid-level developer earn?", [])]


async def test_the_engine_runs_off_the_event_loop(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime)
    await harness.interact(bot, command_payload("ask", question="Freelance rates?"))
    assert runtime.engine.threads and runtime.engine.threads[0] != threading.main_thread().name


async def test_answer_text_never_pings_anyone(harness):
    runtime = FakeRuntime(harness.settings())
    runtime.engine.reply = lambda q, h: make_answer(q, "Tell @everyone and <@&123> and <@456> about it [1].")
    bot = await harness.bot(runtime)
    payload = command_payload("ask", question="Who should know?")
    await harness.interact(bot, payload)

    sent = [c for c in harness.recorder.for_token(payload) if not c.is_initial_response]
    assert sent and "@everyone" in text_of(sent[0])
    for call in sent:
        assert body(call)["allowed_mentions"] == {"parse": []}


async def test_a_10000_character_answer_is_split_within_discord_limits(harness):
    sentence = "Backend salaries in Belgium depend on level and city [1]. "
    long_text = (sentence * 200)[:10_000]
    runtime = FakeRuntime(harness.settings())
    runtime.engine.reply = lambda q, h: make_answer(q, long_text)
    bot = await harness.bot(runtime)
    payload = command_payload("ask", question="Tell me everything")
    await harness.interact(bot, payload)

    sent = [body(c) for c in harness.recorder.for_token(payload) if not c.is_initial_response]
    descriptions = "".join(e.get("description", "") for data in sent for e in data["embeds"])
    assert len(descriptions) >= 9_900  # nothing was dropped (only whitespace at the cuts)
    assert re.findall(r"\[\d+\]", descriptions) == re.findall(r"\[\d+\]", long_text)
    for data in sent:
        assert_within_limits(data)
    assert len(sent) >= 2  # 10,000 characters cannot fit the 6,000 a message allows
    assert [bool(data.get("components")) for data in sent] == [False] * (len(sent) - 1) + [True]


async def test_an_engine_bug_reaches_the_user_as_a_generic_message_with_an_id(harness, caplog):
    runtime = FakeRuntime(harness.settings())

    def broken(question, history):
        raise KeyError("/srv/careerbot/data/chroma secret-ish detail")

    runtime.engine.reply = broken
    bot = await harness.bot(runtime)
    payload = command_payload("ask", question="Will this break?", private=True)
    with caplog.at_level(logging.ERROR):
        await harness.interact(bot, payload)

    sent = [c for c in harness.recorder.for_token(payload) if not c.is_initial_response and c.method == "POST"]
    message = text_of(sent[-1])
    error_id = re.search(r"error id `([0-9a-f]{8})`", message)
    assert error_id, message
    assert "/srv" not in message and "KeyError" not in message and "Traceback" not in message
    assert body(sent[-1])["flags"] & EPHEMERAL
    assert any(error_id.group(1) in record.getMessage() and record.exc_info for record in caplog.records)


async def test_a_public_defer_is_removed_before_the_private_error_message(harness):
    runtime = FakeRuntime(harness.settings())
    runtime.engine.reply = lambda q, h: (_ for _ in ()).throw(RuntimeError("boom"))
    bot = await harness.bot(runtime)
    payload = command_payload("ask", question="Public and broken?")
    await harness.interact(bot, payload)

    calls = harness.recorder.for_token(payload)
    # Discord turns the first follow-up after a defer into an edit of the "thinking" message (public, whatever its
    # flags) and refuses it once that message is deleted: so complete it, delete it, then send the private one.
    assert [(c.method, c.template.rsplit("/", 1)[-1]) for c in calls] == [
        ("POST", "callback"), ("PATCH", "@original"), ("DELETE", "@original"), ("POST", "{webhook_token}")]
    assert body(calls[-1])["flags"] & EPHEMERAL


async def test_an_error_after_the_answer_was_posted_keeps_the_answer(harness):
    runtime = FakeRuntime(harness.settings())
    runtime.engine.reply = lambda q, h: make_answer(q, "Long answer [1]. " * 700)  # needs two messages
    bot = await harness.bot(runtime)
    payload = command_payload("ask", question="Long and then broken?")
    posted: list[str] = []

    def fail_second_follow_up(call) -> None:
        if call.token == payload["token"] and call.method == "POST" and not call.is_initial_response:
            posted.append(call.url)
            if len(posted) == 2:
                raise RuntimeError("Discord hiccup")

    harness.recorder.on_request = fail_second_follow_up
    await harness.interact(bot, payload)
    calls = harness.recorder.for_token(payload)
    assert "DELETE" not in [c.method for c in calls]
    assert "error id" in text_of(calls[-1]) and body(calls[-1])["flags"] & EPHEMERAL


async def test_a_user_facing_error_is_shown_as_is(harness):
    runtime = FakeRuntime(harness.settings())

    def refuse(question, history):
        raise UserFacingError("the question is 2000 characters long; keep it under 1000")

    runtime.engine.reply = refuse
    bot = await harness.bot(runtime)
    payload = command_payload("ask", question="x", private=True)
    await harness.interact(bot, payload)
    last = harness.recorder.for_token(payload)[-1]
    assert text_of(last) == "the question is 2000 characters long; keep it under 1000"


async def test_the_cooldown_triggers_with_a_friendly_ephemeral_message(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime, cooldown_questions=2, cooldown_seconds=60)
    payloads = [command_payload("ask", question=f"Question {n}?") for n in range(3)]
    for payload in payloads:
        await harness.interact(bot, payload)

    assert [q for q, _ in runtime.engine.calls] == ["Question 0?", "Question 1?"]
    refused = harness.recorder.for_token(payloads[2])
    assert len(refused) == 1 and refused[0].payload["type"] == 4  # answered at once, not deferred
    assert refused[0].payload["data"]["flags"] & EPHEMERAL
    assert "Try again in" in refused[0].payload["data"]["content"]


async def test_a_public_answer_in_a_text_channel_opens_a_thread_named_after_the_question(harness):
    bot = await harness.bot()
    await harness.interact(bot, command_payload("ask", question="Is a 13th month normal in Belgium?"))
    threads = [c for c in harness.recorder.calls if c.template.endswith("/threads")]
    assert len(threads) == 1
    assert threads[0].payload["name"] == "Is a 13th month normal in Belgium?"
    assert f"/channels/{CHANNEL_ID}/messages/" in threads[0].url


async def test_a_private_answer_is_ephemeral_opens_no_thread_and_stores_no_amounts(harness):
    runtime = FakeRuntime(harness.settings())
    runtime.engine.reply = lambda q, h: make_answer(q, confident=False)
    bot = await harness.bot(runtime)
    payload = command_payload("ask", question="Is 65000 a good salary for me?", private=True)
    await harness.interact(bot, payload)

    calls = harness.recorder.for_token(payload)
    assert calls[0].payload == {"type": 5, "data": {"flags": EPHEMERAL}}
    assert body(calls[1])["flags"] & EPHEMERAL
    assert not [c for c in harness.recorder.calls if c.template.endswith("/threads")]
    (stored,) = bot.feedback.report(days=1).low_confidence
    assert stored.question == "Is # a good salary for me?"


async def test_a_dm_gets_the_answer_and_no_thread(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime)
    payload = command_payload("ask", question="Hoeveel verdient een junior?", dm=True)
    await harness.interact(bot, payload)
    assert runtime.engine.calls == [("Hoeveel verdient een junior?", [])]
    (answer,) = [c for c in harness.recorder.for_token(payload) if not c.is_initial_response]
    assert "€3,800–€4,600 a month [1]" in text_of(answer) and not body(answer).get("flags", 0) & EPHEMERAL
    assert not [c for c in harness.recorder.calls if c.template.endswith("/threads")]


async def test_servers_outside_the_allowlist_are_refused(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime, guild_ids=[GUILD_ID + 1])
    payload = command_payload("ask", question="Hello?")
    await harness.interact(bot, payload)
    assert runtime.engine.calls == []
    (only,) = harness.recorder.for_token(payload)
    assert "not enabled on this server" in only.payload["data"]["content"]


async def test_the_event_loop_keeps_running_while_a_retrieval_blocks(harness):
    runtime = FakeRuntime(harness.settings())
    loop = asyncio.get_running_loop()
    loop_ran: list[bool] = []

    def blocking_retrieval() -> None:
        """Blocks, as an embedding + Chroma query does, until the event loop has run a callback of its own."""
        ran = threading.Event()
        loop.call_soon_threadsafe(ran.set)
        loop_ran.append(ran.wait(timeout=10))  # on the loop's own thread this could never be set

    runtime.engine.before = blocking_retrieval
    bot = await harness.bot(runtime)
    await harness.interact(bot, command_payload("ask", question="Slow one?"))
    assert loop_ran == [True]
