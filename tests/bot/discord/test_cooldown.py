"""The question budget through /ask and the calculators' own budget: per member, in a window that passes (a fake
clock, no waiting)."""

from __future__ import annotations

from bot.discord.cooldown import Budget
from tests.bot.discord.discord_support import USER_ID, FakeRuntime, command_payload

OTHER_MEMBER_ID = USER_ID + 1


class FakeClock:
    """Stands still until a test moves it."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


async def bot_on(harness, runtime: FakeRuntime, clock: FakeClock):  # noqa: ANN201 - a CareerBot
    """A bot allowing 2 questions and 1 calculation a minute, its budgets (built from those settings) reading the
    fake clock."""
    bot = await harness.bot(runtime, cooldown_questions=2, cooldown_seconds=60, cooldown_calculations=1)
    bot.budgets = {name: Budget(budget.uses, budget.seconds, clock=clock) for name, budget in bot.budgets.items()}
    return bot


async def ask(harness, bot, question: str, user_id: int = USER_ID) -> str | None:
    """Ask as a member; the refusal's text when the cooldown refused, else None."""
    payload = command_payload("ask", question=question, user_id=user_id)
    await harness.interact(bot, payload)
    first = harness.recorder.for_token(payload)[0].payload
    return first["data"]["content"] if first["type"] == 4 else None  # 4: answered at once, not deferred


async def test_one_member_s_spent_budget_does_not_block_another_member(harness):
    runtime, clock = FakeRuntime(harness.settings()), FakeClock()
    bot = await bot_on(harness, runtime, clock)
    assert await ask(harness, bot, "A1?") is None
    assert await ask(harness, bot, "A2?") is None
    assert "Try again in 60 seconds" in await ask(harness, bot, "A3?")
    assert await ask(harness, bot, "B1?", user_id=OTHER_MEMBER_ID) is None
    assert [question for question, _ in runtime.engine.calls] == ["A1?", "A2?", "B1?"]


async def test_the_budget_comes_back_when_the_window_has_passed(harness):
    runtime, clock = FakeRuntime(harness.settings()), FakeClock()
    bot = await bot_on(harness, runtime, clock)
    await ask(harness, bot, "First?")  # the window opens now
    clock.now += 30
    await ask(harness, bot, "Second?")
    clock.now += 29
    assert "Try again in 1 seconds" in await ask(harness, bot, "Too soon?")
    clock.now += 2  # past the window: the whole budget is back, and a new window opens
    assert await ask(harness, bot, "Third?") is None
    clock.now += 30
    assert await ask(harness, bot, "Fourth?") is None
    clock.now += 9
    assert "Try again in 21 seconds" in await ask(harness, bot, "Fifth?")
    assert [question for question, _ in runtime.engine.calls] == ["First?", "Second?", "Third?", "Fourth?"]


async def test_calculations_and_questions_spend_from_separate_budgets(harness):
    runtime, clock = FakeRuntime(harness.settings()), FakeClock()
    bot = await bot_on(harness, runtime, clock)
    first, second = command_payload("freelance", level="junior"), command_payload("freelance", level="junior")
    await harness.interact(bot, first)
    await harness.interact(bot, second)
    (refused,) = harness.recorder.for_token(second)
    assert "a lot of calculations" in refused.payload["data"]["content"]
    assert await ask(harness, bot, "Still a question left?") is None
    assert await ask(harness, bot, "And another?") is None


async def test_a_dutch_member_reads_the_refusal_in_dutch(harness):
    runtime, clock = FakeRuntime(harness.settings()), FakeClock()
    bot = await bot_on(harness, runtime, clock)
    for _ in range(2):
        await ask(harness, bot, "Wat verdient een junior in Gent?")
    assert "Probeer het over 60 seconden opnieuw" in await ask(harness, bot, "Wat verdient een senior?")
