"""Checks shared by several commands: the question cooldown and the maintainer list."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import discord
from discord import app_commands

from bot.discord.errors import OnCooldown, Refusal
from bot.settings import Settings

T = TypeVar("T")


class NotMaintainer(Refusal):
    """Server permissions alone do not make someone a maintainer of the knowledge base."""

    def __init__(self) -> None:
        super().__init__("Only the bot's maintainers can do this (CAREERBOT_MAINTAINER_IDS / _ROLE_IDS).")


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
    """Every question-like command spends from the same per-user budget as mentions and DMs."""

    async def predicate(interaction: discord.Interaction) -> bool:
        wait = interaction.client.limiter.try_acquire(interaction.user.id)  # type: ignore[attr-defined]
        if wait:
            raise OnCooldown(wait)
        return True

    return app_commands.check(predicate)
