"""Fixtures for the discord tests; the helpers live in discord_support (a unique module name, importable by tests)."""

from discord_support import *  # noqa: F403
