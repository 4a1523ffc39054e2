"""Fixtures for the SimCord suite; the helpers live in simcord_support (a unique module name, importable by tests)."""

from simcord_support import *  # noqa: F403
