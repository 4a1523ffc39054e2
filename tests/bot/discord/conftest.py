"""Fixtures for the discord tests; the helpers live in discord_support.py beside it (tests import them from there)."""

from tests.bot.discord.discord_support import *  # noqa: F403
