"""The two per-member budgets end to end on SimCord's clock: questions (/ask and mentions) and calculations apart,
each member's own, a fixed window that comes back whole, the refusal at once (no "thinking" first), in the member's
language."""

from __future__ import annotations

import pytest

from bot.discord.gates import OnCooldown
from tests.bot.discord.e2e.simcord_support import RecordingEngine, WithEngine, read

pytestmark = pytest.mark.slow

BUDGETS = {"cooldown_questions": 2, "cooldown_seconds": 60, "cooldown_calculations": 1}


async def ask(world, question: str, member=None) -> str | None:  # noqa: ANN001
    """Ask privately as a member; the refusal's text when the budget refused, else None. A refusal comes at once
    (an interaction callback of type 4), an answer after the "thinking" message (type 5)."""
    requests = len(world.env.http_requests)
    result = await (member or world.member).slash(world.channel, "ask", question=question, private=True)
    (callback,) = [entry.json for entry in world.env.http_requests[requests:] if entry.path.endswith("/callback")]
    if callback["type"] == 4:
        assert result.response.ephemeral
        return result.response.content
    assert callback["type"] == 5
    return None


@pytest.fixture
async def budgeted(world_with, ingested):  # noqa: ANN001, ANN201
    """A world allowing 2 questions a minute and 1 calculation, its engine noting what it was asked."""
    engine = RecordingEngine(ingested)
    world = await world_with(runtime=WithEngine(ingested, engine), **BUDGETS)
    return world, engine


async def test_one_members_spent_budget_does_not_block_another_member(budgeted):
    world, engine = budgeted
    assert await ask(world, "A1?") is None
    assert await ask(world, "A2?") is None
    assert "Try again in 60 seconds" in await ask(world, "A3?")
    assert await ask(world, "B1?", member=world.admin) is None
    assert engine.questions() == ["A1?", "A2?", "B1?"]
    assert all(isinstance(error, OnCooldown) for error in world.errors())


async def test_the_budget_comes_back_whole_when_the_window_has_passed(budgeted):
    world, engine = budgeted
    await ask(world, "First?")  # the window opens now
    await world.env.advance_time(30)
    await ask(world, "Second?")
    await world.env.advance_time(29)
    assert "Try again in 1 seconds" in await ask(world, "Too soon?")
    await world.env.advance_time(2)  # past the window: the whole budget is back, and a new window opens
    assert await ask(world, "Third?") is None
    await world.env.advance_time(30)
    assert await ask(world, "Fourth?") is None
    await world.env.advance_time(9)
    assert "Try again in 21 seconds" in await ask(world, "Fifth?")
    assert engine.questions() == ["First?", "Second?", "Third?", "Fourth?"]
    assert all(isinstance(error, OnCooldown) for error in world.errors())


async def test_calculations_and_questions_spend_from_separate_budgets(budgeted):
    world, engine = budgeted
    assert "€" in read((await world.member.slash(world.channel, "freelance", level="junior")).response)
    refused = (await world.member.slash(world.channel, "freelance", level="junior")).response
    assert refused.ephemeral
    assert refused.content == "That's a lot of calculations in a short time. Try again in 60 seconds."
    assert await ask(world, "Still a question left?") is None
    assert await ask(world, "And another?") is None
    assert engine.questions() == ["Still a question left?", "And another?"]
    assert [type(error) for error in world.errors()] == [OnCooldown]


async def test_a_dutch_member_reads_the_refusal_in_dutch(budgeted):
    world, _ = budgeted
    for _ in range(2):
        await ask(world, "Wat verdient een junior in Gent?", member=world.dutch_member)
    refusal = await ask(world, "Wat verdient een senior?", member=world.dutch_member)
    assert "Probeer het over 60 seconden opnieuw" in refusal
    assert [type(error) for error in world.errors()] == [OnCooldown]
