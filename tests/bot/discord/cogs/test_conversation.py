"""Mentions, DMs and thread follow-ups, delivered as MESSAGE_CREATE events."""

from __future__ import annotations

import re

from bot.models import Turn
from tests.bot.discord.discord_support import (
    BOT_ID,
    CHANNEL_ID,
    DM_CHANNEL_ID,
    THREAD_ID,
    USER_ID,
    FakeRuntime,
    body,
    embed_payload,
    message_payload,
    text_of,
    user_payload,
)

MEMBER = user_payload(USER_ID, "member")
BOT = user_payload(BOT_ID, "careerbot", bot=True)


def replies(harness, channel_id: int):
    return [c for c in harness.recorder.calls
            if c.method == "POST" and c.template == "/channels/{channel_id}/messages" and f"/{channel_id}/" in c.url]


async def test_a_mention_is_answered_as_a_reply_without_the_mention(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime)
    message = message_payload(CHANNEL_ID, MEMBER, f"<@{BOT_ID}> what does a senior earn in Leuven?",
                              mentions=[BOT])
    await harness.message(bot, message)

    assert runtime.engine.calls == [("what does a senior earn in Leuven?", [])]
    (reply,) = replies(harness, CHANNEL_ID)
    data = body(reply)
    assert str(data["message_reference"]["message_id"]) == message["id"]
    assert data["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert "€3,800" in text_of(reply) and data["components"]


async def test_a_dm_is_answered_without_a_mention(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime)
    await harness.message(bot, message_payload(DM_CHANNEL_ID, MEMBER, "Hoeveel kost een werknemer?", guild=False))
    assert [q for q, _ in runtime.engine.calls] == ["Hoeveel kost een werknemer?"]
    assert len(replies(harness, DM_CHANNEL_ID)) == 1


async def test_messages_not_addressed_to_the_bot_are_ignored(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime)
    await harness.message(bot, message_payload(CHANNEL_ID, MEMBER, "just chatting"))
    await harness.message(bot, message_payload(CHANNEL_ID, user_payload(77, "otherbot", bot=True), "<@1> hi",
                                               mentions=[BOT]))
    assert runtime.engine.calls == []
    assert replies(harness, CHANNEL_ID) == []


def thread_history(harness) -> None:
    """An /ask answer that opened the thread, then a member's follow-up already answered."""
    starter = message_payload(CHANNEL_ID, BOT, message_id=THREAD_ID, embeds=[
        embed_payload(title="What does a mid-level developer earn?", description="€3,800–€4,600 a month [1].")])
    harness.recorder.messages[THREAD_ID] = starter
    harness.recorder.history[THREAD_ID] = [  # newest first, as Discord returns them
        message_payload(THREAD_ID, BOT, embeds=[embed_payload(description="About 20% more in Antwerp [1].")]),
        message_payload(THREAD_ID, MEMBER, f"<@{BOT_ID}> and in Antwerp?", mentions=[BOT]),
    ]


EXPECTED_HISTORY = [
    Turn(role="user", text="What does a mid-level developer earn?"),
    Turn(role="assistant", text="€3,800–€4,600 a month [1]."),
    Turn(role="user", text="and in Antwerp?"),
    Turn(role="assistant", text="About 20% more in Antwerp [1]."),
]


async def test_a_thread_follow_up_is_answered_with_the_threads_history(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime)
    thread_history(harness)
    await harness.message(bot, message_payload(THREAD_ID, MEMBER, f"<@{BOT_ID}> and in Brussels?", mentions=[BOT]))

    assert runtime.engine.calls == [("and in Brussels?", EXPECTED_HISTORY)]
    assert len(replies(harness, THREAD_ID)) == 1


async def test_without_message_content_an_unmentioned_thread_message_is_ignored(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime, message_content=False)
    thread_history(harness)
    await harness.message(bot, message_payload(THREAD_ID, MEMBER, "and in Brussels?"))
    assert runtime.engine.calls == []


async def test_with_message_content_a_thread_follow_up_needs_no_mention(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime, message_content=True)
    assert bot.intents.message_content
    thread_history(harness)
    await harness.message(bot, message_payload(THREAD_ID, MEMBER, "and in Brussels?"))
    assert runtime.engine.calls == [("and in Brussels?", EXPECTED_HISTORY)]


async def test_a_failure_while_answering_a_mention_gets_a_reply_with_an_error_id(harness):
    runtime = FakeRuntime(harness.settings())
    runtime.engine.reply = lambda q, h: (_ for _ in ()).throw(ConnectionError("chroma at /var/lib/chroma is down"))
    bot = await harness.bot(runtime)
    await harness.message(bot, message_payload(CHANNEL_ID, MEMBER, f"<@{BOT_ID}> salary?", mentions=[BOT]))
    (reply,) = replies(harness, CHANNEL_ID)
    assert re.search(r"error id `[0-9a-f]{8}`", text_of(reply))
    assert "chroma" not in text_of(reply)


async def test_mentions_share_the_cooldown(harness):
    runtime = FakeRuntime(harness.settings())
    bot = await harness.bot(runtime, cooldown_questions=1)
    for _ in range(2):
        await harness.message(bot, message_payload(CHANNEL_ID, MEMBER, f"<@{BOT_ID}> salary?", mentions=[BOT]))
    assert len(runtime.engine.calls) == 1
    assert "Try again in" in text_of(replies(harness, CHANNEL_ID)[-1])
