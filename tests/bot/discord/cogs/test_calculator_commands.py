"""Calculator commands through the tree, with the real calculators from bot.rates."""

from __future__ import annotations

import pytest

from tests.bot.discord.discord_support import (
    EPHEMERAL,
    FakeRuntime,
    assert_within_limits,
    body,
    command_payload,
    text_of,
)

COMMANDS = [
    ("salary", {"level": "mid", "city": "brussels"}, False),
    ("freelance", {"level": "senior"}, False),
    ("employer-cost", {"gross": "60.000"}, True),
    ("compare", {"day_rate": "650", "billable_days": 200}, True),
    ("dayrate", {"salary": "70k"}, True),
    ("ratecheck", {"amount": "600", "unit": "daily", "level": "mid"}, True),
    ("ratecheck", {"amount": "650", "unit": "daily"}, True),
    ("convert", {"amount": "85", "from": "hourly"}, True),
]


@pytest.mark.parametrize(("name", "options", "private"), COMMANDS)
async def test_each_calculator_shows_answer_working_and_sources(harness, name, options, private):
    bot = await harness.bot()
    payload = command_payload(name, **options)
    await harness.interact(bot, payload)

    calls = harness.recorder.for_token(payload)
    assert calls[0].is_initial_response and calls[0].payload["type"] == 5
    assert bool(calls[0].payload.get("data", {}).get("flags", 0) & EPHEMERAL) is private
    sent = calls[1:]
    assert sent
    text = "\n".join(text_of(c) for c in sent)
    assert "€" in text and "**Working**" in text and "1. " in text
    assert "Sources" in text and "[1]" in text
    for call in sent:
        assert_within_limits(body(call))


async def test_share_posts_own_figures_publicly(harness):
    bot = await harness.bot()
    payload = command_payload("dayrate", salary="70000", share=True)
    await harness.interact(bot, payload)
    calls = harness.recorder.for_token(payload)
    assert calls[0].payload == {"type": 5}
    assert not body(calls[1]).get("flags", 0) & EPHEMERAL


async def test_a_bad_amount_is_refused_with_the_calculators_message(harness):
    bot = await harness.bot()
    payload = command_payload("employer-cost", gross="lots")
    await harness.interact(bot, payload)
    (only,) = harness.recorder.for_token(payload)
    assert only.payload["type"] == 4 and only.payload["data"]["flags"] & EPHEMERAL
    assert "'lots' is not an amount" in only.payload["data"]["content"]


async def test_dutch_speakers_get_the_dutch_answer(harness):
    bot = await harness.bot()
    payload = command_payload("salary", level="junior", locale="nl")
    await harness.interact(bot, payload)
    text = "\n".join(text_of(c) for c in harness.recorder.for_token(payload)[1:])
    assert "**Berekening**" in text and "Bronnen" in text


async def test_calculators_spend_from_their_own_budget(harness):
    bot = await harness.bot(FakeRuntime(harness.settings()), cooldown_calculations=1)
    first, second = command_payload("freelance", level="junior"), command_payload("freelance", level="junior")
    await harness.interact(bot, first)
    await harness.interact(bot, second)
    (refused,) = harness.recorder.for_token(second)
    assert "Try again in" in refused.payload["data"]["content"]
