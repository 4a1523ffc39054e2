"""The one place that turns an exception into what a Discord user sees: a message, never a traceback."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

import discord
from discord import app_commands

from bot.errors import UserFacingError

log = logging.getLogger(__name__)

# Absolute paths with at least two parts (a command name like /ask has one); URLs are left alone.
PATH = re.compile(r"(?<![\w:/.])(?:/[\w.\-]+){2,}/?")
GENERIC = "Something went wrong on my side (error id `{error_id}`). A maintainer can find the details in the log."


class Refusal(app_commands.CheckFailure):
    """A check that failed with a message meant for the user (cooldown, not a maintainer, server not allowed)."""


class OnCooldown(Refusal):
    """The member asked more questions than the cooldown allows."""

    def __init__(self, retry_after: float) -> None:
        self.retry_after = retry_after
        super().__init__(
            f"You're asking faster than I can keep up with. Try again in {max(1, round(retry_after))} seconds."
        )


def new_error_id() -> str:
    """Short enough to read out, unique enough to find in the log."""
    return secrets.token_hex(4)


def unwrap(error: BaseException) -> BaseException:
    """The exception a command raised, without discord.py's CommandInvokeError wrapper."""
    if isinstance(error, app_commands.CommandInvokeError):
        return error.original
    return error


def scrub(text: str) -> str:
    """User-facing errors from the core may name a file; Discord users never see server paths."""
    return PATH.sub("(path)", text)


def describe(error: BaseException, context: str) -> tuple[str, str | None]:
    """The user's message and, for a bug, the error id it was logged under."""
    original = unwrap(error)
    if isinstance(original, UserFacingError | Refusal):
        return scrub(str(original)), None
    if isinstance(original, app_commands.TransformerError):
        return f"That value for `{original.value!s:.50}` is not valid here.", None
    if isinstance(original, app_commands.CheckFailure):
        return "You can't use this command here.", None
    error_id = new_error_id()
    log.error("error id %s in %s", error_id, context, exc_info=(type(original), original, original.__traceback__))
    return GENERIC.format(error_id=error_id), error_id


async def send_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Show the error ephemerally, whether or not the interaction was already acknowledged."""
    command = interaction.command.qualified_name if interaction.command else "interaction"
    message, _ = describe(error, f"/{command} (guild {interaction.guild_id}, user {interaction.user.id})")
    try:
        await _send_ephemeral(interaction, message)
    except discord.HTTPException:
        log.warning("could not deliver an error message for /%s", command, exc_info=True)


async def _send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """After a public defer the first follow-up would be public, so the "thinking" message is removed first."""
    if not interaction.response.is_done():
        await interaction.response.send_message(message, ephemeral=True)
        return
    pending = interaction.response.type is discord.InteractionResponseType.deferred_channel_message
    if pending and not interaction.extras.get("ephemeral") and not interaction.extras.get("followed_up"):
        await interaction.delete_original_response()
    await interaction.followup.send(message, ephemeral=True)


async def acknowledge(interaction: discord.Interaction, *, ephemeral: bool) -> None:
    """defer() before slow work, remembering the visibility so an error can stay private."""
    interaction.extras["ephemeral"] = ephemeral
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def follow_up(interaction: discord.Interaction, *, ephemeral: bool, **kwargs: Any) -> discord.WebhookMessage:
    """Every follow-up goes through here, so the error path knows whether the deferred message was replaced."""
    message = await interaction.followup.send(**kwargs, ephemeral=ephemeral, wait=True)
    interaction.extras["followed_up"] = True
    return message
