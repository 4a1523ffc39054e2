"""Fixtures for the llm tests; the helpers live in llm_support (a unique module name, importable by tests)."""

from llm_support import *  # noqa: F403
