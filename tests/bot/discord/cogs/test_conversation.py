"""A mention's reply as the REST call discord.py makes: the exact payload is the point here (allowed_mentions pings
nobody, not even the member replied to). What members see of mentions, DMs and thread follow-ups is tested in
SimCord (tests/bot/discord/e2e/test_questions.py)."""

from __future__ import annotations

from tests.bot.discord.discord_support import (
    BOT_ID,
    CHANNEL_ID,
    USER_ID,
    FakeRuntime,
    body,
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
