"""Slash commands are synced on request only: list the payload offline, or push it to Discord once."""

from __future__ import annotations

from typing import Any

import discord

from bot.discord.client import CareerBot
from bot.settings import Settings


def _bot_without_resources(settings: Settings) -> CareerBot:
    """Listing and syncing commands needs neither the engine nor the feedback store."""
    return CareerBot(settings=settings, runtime=None, feedback=None)


async def command_payload(settings: Settings) -> list[dict[str, Any]]:
    """The command objects exactly as the sync request sends them (with the Dutch localisations the tree's
    translator adds), built without contacting Discord."""
    bot = _bot_without_resources(settings)
    try:
        await bot.load_features()
        translator = bot.tree.translator
        if translator is None:
            return [command.to_dict(bot.tree) for command in bot.tree.get_commands()]
        return [await command.get_translated_payload(bot.tree, translator) for command in bot.tree.get_commands()]
    finally:
        await bot.close()


async def sync_commands(settings: Settings, token: str, guild_id: int | None) -> list[str]:
    """Push the commands globally, or to one server (instant, handy while testing); returns their names."""
    bot = _bot_without_resources(settings)
    async with bot:
        await bot.login(token)  # runs setup_hook, which loads the features
        if guild_id is None:
            synced = await bot.tree.sync()
        else:
            guild = discord.Object(id=guild_id)
            bot.tree.copy_global_to(guild=guild)
            synced = await bot.tree.sync(guild=guild)
    return [command.name for command in synced]
