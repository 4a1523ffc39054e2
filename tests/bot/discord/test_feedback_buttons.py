"""👍/👎 buttons: a click is stored, and the buttons keep working on a new bot (after a restart)."""

from __future__ import annotations

from tests.bot.discord.discord_support import EPHEMERAL, USER_ID, button_payload, command_payload


async def test_a_click_is_stored_and_survives_recreating_the_bot(harness):
    first = await harness.bot()
    await harness.interact(first, command_payload("ask", question="Is a company car worth it?"))
    answer = harness.recorder.sent_messages()[-1].payload
    buttons = [c["custom_id"] for row in answer["components"] for c in row["components"]]
    assert len(buttons) == 2
    down = next(b for b in buttons if b.endswith(":down"))
    await first.close()
    first.feedback.close()

    restarted = await harness.bot()  # a new client and a new FeedbackStore on the same data directory
    click = button_payload(down, user_id=USER_ID)
    await harness.interact(restarted, click)

    (response,) = harness.recorder.for_token(click)
    assert response.payload["type"] == 4 and response.payload["data"]["flags"] & EPHEMERAL
    assert "Thanks" in response.payload["data"]["content"]
    (voted,) = restarted.feedback.report(days=1).downvoted
    assert voted.question == "Is a company car worth it?" and voted.down == 1
    assert [s.title for s in voted.sources] == ["Salaries 2024"]


async def test_a_click_on_an_answer_the_store_does_not_know_says_so(harness):
    bot = await harness.bot()
    click = button_payload("careerbot:feedback:424242:up")
    await harness.interact(bot, click)
    (response,) = harness.recorder.for_token(click)
    assert "no record of this answer" in response.payload["data"]["content"]
    assert bot.feedback.votes(424242) == {"up": 0, "down": 0}
