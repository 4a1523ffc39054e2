"""Fixtures for the LLM answerer tests; the helpers live in llm_support.py beside it (tests import them from there)."""

from tests.bot.rag.answerers.llm_support import *  # noqa: F403
