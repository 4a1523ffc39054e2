"""The gates shared by several commands (discord.py app-command checks): the two budgets and the maintainer list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands

from bot.discord.error_replies import OnCooldown, Refusal
from bot.settings import Settings

T = TypeVar("T")


class NotMaintainer(Refusal):
    """Server permissions alone do not make someone a maintainer of the knowledge base."""

    def __init__(self) -> None:
        super().__init__("not_maintainer")


def is_maintainer(settings: Settings, user: discord.User | discord.Member) -> bool:
    """Listed by user id, or holding one of the listed roles."""
    if user.id in settings.maintainer_ids:
        return True
    roles = getattr(user, "roles", [])
    return any(role.id in settings.maintainer_role_ids for role in roles)


def maintainers_only() -> Callable[[T], T]:
    """Checked in code on every call, on top of the default_permissions Discord applies."""

    async def predicate(interaction: discord.Interaction) -> bool:
        if not is_maintainer(interaction.client.settings, interaction.user):  # type: ignore[attr-defined]
            raise NotMaintainer()
        return True

    return app_commands.check(predicate)


def question_cooldown() -> Callable[[T], T]:
    """/ask spends from the same per-member question budget as mentions, DMs and thread follow-ups."""
    return _spends("questions")


def calculation_cooldown() -> Callable[[T], T]:
    """The calculators are cheap, so they have a budget of their own and never use up a member's questions."""
    return _spends("calculations")


def _spends(budget: str) -> Callable[[T], T]:
    async def predicate(interaction: discord.Interaction) -> bool:
        wait = interaction.client.budgets[budget].spend(interaction.user.id)  # type: ignore[attr-defined]
        if wait:
            raise OnCooldown(wait, budget)
        return True

    return app_commands.check(predicate)
