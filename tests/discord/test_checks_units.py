"""The maintainer check and the question limiter on their own: the cases the command tests do not reach
(found by `make mutate`: a member object without roles, the shortest wait the limiter reports)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.discord.checks import NotMaintainer, is_maintainer
from bot.discord.cooldown import QuestionLimiter
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


def test_the_refusal_names_the_settings_that_make_a_maintainer() -> None:
    assert str(NotMaintainer()) == "Only the bot's maintainers can do this (CAREERBOT_MAINTAINER_IDS / _ROLE_IDS)."


def test_the_wait_is_never_shorter_than_a_tenth_of_a_second() -> None:
    now = [0.0]
    limiter = QuestionLimiter(limit=1, window=60, clock=lambda: now[0])
    assert limiter.try_acquire(STRANGER) == 0.0
    now[0] = 30.0
    assert limiter.try_acquire(STRANGER) == pytest.approx(30.0)
    now[0] = 59.95  # 0.05 s left of the window
    assert limiter.try_acquire(STRANGER) == pytest.approx(0.1)
