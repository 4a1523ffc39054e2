"""👍/👎 buttons whose custom_id carries the stored answer's id, so they keep working after a restart."""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Any, cast

import discord

from bot.discord.error_replies import send_error
from bot.discord.i18n import interaction_language, say
from bot.feedback.store import FeedbackStore, Vote

log = logging.getLogger(__name__)

PREFIX = "careerbot:feedback"
TEMPLATE = re.compile(rf"{PREFIX}:(?P<answer_id>[0-9]{{1,18}}):(?P<vote>up|down)")


def custom_id(answer_id: int, vote: Vote) -> str:
    """The stable id Discord sends back on every click, today or after a restart."""
    return f"{PREFIX}:{answer_id}:{vote}"


class FeedbackButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=TEMPLATE):
    """One vote button; registered with add_dynamic_items, so no view has to be kept in memory."""

    def __init__(self, answer_id: int, vote: Vote) -> None:
        emoji = "👍" if vote == "up" else "👎"
        style = discord.ButtonStyle.secondary
        super().__init__(discord.ui.Button(emoji=emoji, style=style, custom_id=custom_id(answer_id, vote)))
        self.answer_id = answer_id
        self.vote: Vote = vote

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str], /
    ) -> FeedbackButton:
        """Rebuild the button from the custom_id of a click."""
        return cls(int(match["answer_id"]), cast(Vote, match["vote"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        """Store the vote off the event loop and thank the voter privately, in their Discord language."""
        try:
            store: FeedbackStore = interaction.client.feedback  # type: ignore[attr-defined]
            stored = await asyncio.to_thread(store.vote, self.answer_id, interaction.user.id, self.vote)
            reply = say(f"vote_{self.vote}" if stored else "vote_unknown", interaction_language(interaction))
            await interaction.response.send_message(reply, ephemeral=True)
        except Exception as error:  # noqa: BLE001 - every failure becomes a message with an error id
            await send_error(interaction, error)


def feedback_view(answer_id: int) -> discord.ui.View:
    """The two buttons under an answer; timeout=None because the dynamic items outlive this object."""
    view = discord.ui.View(timeout=None)
    view.add_item(FeedbackButton(answer_id, "up"))
    view.add_item(FeedbackButton(answer_id, "down"))
    return view
