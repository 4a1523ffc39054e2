"""The maintainers' report in Discord end to end: the daily retention pass on SimCord's clock, /report for a
maintainer (private, in their language, numbers first, long parts as a Markdown file) and refused for others."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.feedback import FeedbackStore
from bot.models import Answer

pytestmark = pytest.mark.slow

DAY = 24 * 3600
OLD = datetime(2025, 1, 1, tzinfo=UTC)  # beyond the 90 days' retention on SimCord's clock (from 2026-01-01)


def stored(store: FeedbackStore) -> list[str]:
    return [q.question for q in store.questions_since(OLD - timedelta(days=365))]


def old_question(store: FeedbackStore, question: str) -> None:
    store.record_answer(Answer(question=question, language="en", text="t", confident=False), private=False, now=OLD)


async def test_the_bot_deletes_what_is_older_than_the_retention_period_once_a_day(world_with, bot_settings):
    before = FeedbackStore.in_data_dir(bot_settings().data_dir)
    old_question(before, "Asked before the bot started")
    before.close()
    world = await world_with()
    assert stored(world.feedback) == []  # the first pass runs at start-up
    old_question(world.feedback, "Asked long ago, stored since")
    await world.env.advance_time(DAY - 60)
    assert stored(world.feedback) == ["Asked long ago, stored since"]  # once a day, not more often
    await world.env.advance_time(60)
    assert stored(world.feedback) == []
