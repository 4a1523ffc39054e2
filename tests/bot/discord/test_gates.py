"""The maintainer check and the budgets on their own: the cases the command tests do not reach (a member object
without roles, a clock that starts at 0, members forgotten once their window has passed)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.discord.cooldown import Budget
from bot.discord.gates import NotMaintainer, is_maintainer
from bot.settings import Settings

MAINTAINER, ROLE, STRANGER = 11, 22, 33


def settings() -> Settings:
    return Settings(_env_file=None, maintainer_ids=[MAINTAINER], maintainer_role_ids=[ROLE])


def test_a_user_without_roles_is_a_maintainer_only_when_listed() -> None:
    """In a DM the user is a discord.User, which has no roles: not listed means not a maintainer, no error."""
    assert is_maintainer(settings(), SimpleNamespace(id=MAINTAINER)) is True
    assert is_maintainer(settings(), SimpleNamespace(id=STRANGER)) is False


def test_a_member_is_a_maintainer_by_a_listed_role_only() -> None:
    member = SimpleNamespace(id=STRANGER, roles=[SimpleNamespace(id=ROLE + 1)])
    assert is_maintainer(settings(), member) is False
    member.roles.append(SimpleNamespace(id=ROLE))
    assert is_maintainer(settings(), member) is True


def test_the_refusal_names_the_settings_that_make_a_maintainer_in_both_languages() -> None:
    refusal = NotMaintainer()
    assert str(refusal) == "Only the bot's maintainers can do this (CAREERBOT_MAINTAINER_IDS / _ROLE_IDS)."
    assert refusal.text("nl") == "Alleen de beheerders van de bot kunnen dit (CAREERBOT_MAINTAINER_IDS / _ROLE_IDS)."


def test_a_budget_counts_from_a_clock_that_starts_at_zero() -> None:
    """discord.py's cooldowns read a time of 0 as "now by the wall clock"; a monotonic clock can start there."""
    now = [0.0]
    budget = Budget(uses=1, seconds=60, clock=lambda: now[0])
    assert budget.spend(STRANGER) == 0.0
    now[0] = 30.0
    assert budget.spend(STRANGER) == pytest.approx(30.0)
    now[0] = 60.0
    assert budget.spend(STRANGER) == 0.0


@pytest.mark.parametrize("start", [0.0, 1.0])  # 1.0: the clock's reading plus the offset must not reach 0 either
def test_a_budget_counts_from_a_clock_that_starts_at_zero_or_one(start: float) -> None:
    now = [start]
    budget = Budget(uses=1, seconds=60, clock=lambda: now[0])
    assert budget.spend(STRANGER) == 0.0
    now[0] = start + 0.5
    assert budget.spend(STRANGER) == pytest.approx(59.5)


def test_idle_members_are_forgotten() -> None:
    now = [0.0]
    budget = Budget(uses=2, seconds=60, clock=lambda: now[0])
    for member in range(100):
        budget.spend(member)
    assert budget.members() == 100
    now[0] = 61.0
    budget.spend(STRANGER)
    assert budget.members() == 1
