"""Fixtures for the SimCord suite; the helpers live in simcord_support.py beside it (tests import them from there)."""

from tests.bot.discord.e2e.simcord_support import *  # noqa: F403
