"""The one place that turns an exception into what a Discord user sees: a message, never a traceback."""

from __future__ import annotations

import logging
import re
import secrets
from typing import Any

import discord
from discord import app_commands

from bot.discord.i18n import interaction_language, problem_text, say
from bot.errors import UserFacingError
from bot.feedback.store import FeedbackProblem
from bot.models import Language
from bot.rates.amounts import InputProblem

log = logging.getLogger(__name__)

# Absolute paths with at least two parts (a command name like /ask has one); URLs are left alone.
PATH = re.compile(r"(?<![\w:/.])(?:/[\w.\-]+){2,}/?")


class Refusal(app_commands.CheckFailure):
    """A check that failed with a message meant for the user (cooldown, not a maintainer, server not allowed),
    said in the user's language: `key` names the reply in the Discord words."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(say(key, "en", **values))

    def text(self, language: Language) -> str:
        """The message in the member's language."""
        return say(self.key, language, **self.values)


class OnCooldown(Refusal):
    """The member spent a budget (questions or calculations) faster than it comes back."""

    def __init__(self, retry_after: float, budget: str = "questions") -> None:
        self.retry_after = retry_after
        super().__init__(f"cooldown_{budget}", seconds=max(1, round(retry_after)))


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


def describe(error: BaseException, context: str, language: Language = "en") -> tuple[str, str | None]:
    """The user's message in their language and, for a bug, the error id it was logged under."""
    original = unwrap(error)
    if isinstance(original, Refusal):
        return original.text(language), None
    if isinstance(original, InputProblem):
        return say("bad_input", language, detail=scrub(problem_text(original, language))), None
    if isinstance(original, UserFacingError) and not isinstance(original, FeedbackProblem):
        return say("bad_input", language, detail=scrub(str(original))), None
    if isinstance(original, app_commands.TransformerError):
        return say("bad_value", language, value=f"{original.value!s:.50}"), None
    if isinstance(original, app_commands.CheckFailure):
        return say("not_here", language), None
    error_id = new_error_id()
    log.error("error id %s in %s", error_id, context, exc_info=(type(original), original, original.__traceback__))
    return say("generic_error", language, error_id=error_id), error_id


async def send_error(interaction: discord.Interaction, error: BaseException) -> None:
    """Show the error ephemerally, whether or not the interaction was already acknowledged."""
    command = interaction.command.qualified_name if interaction.command else "interaction"
    message, _ = describe(error, f"/{command} (guild {interaction.guild_id}, user {interaction.user.id})",
                          interaction_language(interaction))
    try:
        await send_private(interaction, message)
    except discord.HTTPException:
        log.warning("could not deliver an error message for /%s", command, exc_info=True)


async def send_private(interaction: discord.Interaction, message: str) -> None:
    """A private reply, also after a public defer (whose "thinking" message is taken away first)."""
    if not interaction.response.is_done():
        await interaction.response.send_message(message, ephemeral=True)
        return
    await drop_public_thinking(interaction)
    await interaction.followup.send(message, ephemeral=True)


async def drop_public_thinking(interaction: discord.Interaction) -> None:
    """Remove a public "thinking" message nothing replaced yet, so that what follows can be private. Until it is
    completed, Discord turns the next follow-up into an edit of it (keeping it public) and refuses follow-ups
    once it is deleted, so it is completed with a placeholder first and then deleted."""
    pending = interaction.response.type is discord.InteractionResponseType.deferred_channel_message
    if pending and not interaction.extras.get("ephemeral") and not interaction.extras.get("followed_up"):
        await interaction.edit_original_response(content="…")
        await interaction.delete_original_response()
        interaction.extras.update(ephemeral=True, followed_up=True)


async def acknowledge(interaction: discord.Interaction, *, ephemeral: bool) -> None:
    """defer() before slow work, remembering the visibility so an error can stay private."""
    interaction.extras["ephemeral"] = ephemeral
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)


async def follow_up(interaction: discord.Interaction, *, ephemeral: bool, **kwargs: Any) -> discord.WebhookMessage:
    """Every follow-up goes through here, so the error path knows whether the deferred message was replaced."""
    message = await interaction.followup.send(**kwargs, ephemeral=ephemeral, wait=True)
    interaction.extras["followed_up"] = True
    return message


async def replace_thinking(interaction: discord.Interaction, **kwargs: Any) -> discord.InteractionMessage:
    """The first message of a reply as an edit of the deferred one, which a progress step may already have turned
    into a message of its own (a follow-up would then leave the step on screen)."""
    kwargs.setdefault("content", None)  # the step's text goes
    message = await interaction.edit_original_response(**kwargs)
    interaction.extras["followed_up"] = True
    return message
