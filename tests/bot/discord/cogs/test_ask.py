"""/ask's interaction callbacks and REST calls, payload by payload: the exact calls are the point here (the defer
before the engine and one initial response, allowed_mentions that ping nobody, the public defer completed and
deleted before a private error, no deletion once the answer is out when a later follow-up fails; SimCord cannot
fail the second of two identical calls). What members see of /ask is tested in SimCord
(tests/bot/discord/e2e/test_questions.py)."""

from __future__ import annotations

from tests.bot.discord.discord_support import (
    EPHEMERAL,
    FakeRuntime,
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


