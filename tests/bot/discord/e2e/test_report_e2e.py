"""The maintainers' report in Discord end to end: the daily retention pass on SimCord's clock, /report for a
maintainer (private, in their language, numbers first, long parts as a Markdown file) and refused for others."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.discord.gates import NotMaintainer
from bot.feedback.store import FeedbackStore
from bot.models import Answer
from tests.bot.discord.e2e.simcord_support import read

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


SALARY = "What does a mid-level backend developer earn in Flanders?"
VISA = "How do I get a work visa for Belgium as a developer from India?"
SMALL = """---
title: Backend salaries in Ghent
language: en
topic: salary
source: Example Recruiters
year: 2025
region: Belgium
---
# Backend salaries in Ghent

## Mid-level

A mid-level backend developer in Ghent earns between €50,000 and €65,000 gross a year.
"""


async def ask_three(world) -> None:
    """Two members ask; one question the documents answer, one they do not."""
    await world.member.slash(world.channel, "ask", question=SALARY)
    await world.dutch_member.slash(world.channel, "ask", question=SALARY)
    await world.member.slash(world.channel, "ask", question=VISA)


async def test_a_maintainer_gets_the_numbers_privately_and_the_long_parts_as_a_markdown_file(world):
    await ask_three(world)
    assert "report" in world.maintainer.available_commands(world.channel)
    result = await world.maintainer.slash(world.channel, "report", days=7)
    assert result.response.ephemeral and not result.followups
    (embed,) = result.response.embeds
    fields = {field.name: field.value for field in embed.fields}
    assert embed.title == "Report: the last 7 days"
    assert (fields["Questions"], fields["Members"], fields["Answered"]) == ("3", "2", "2")
    assert int(fields["Unsure"]) + int(fields["Refused"]) == 1 and fields["Gap groups"] == "1"
    assert "in the attached file" in embed.description  # the packaged documents' never-cited sections are long
    (attachment,) = result.response.attachments
    assert attachment.filename.endswith(".md")
    text = (await attachment.read()).decode()
    assert text.startswith("# careerbot report: the last 7 days") and "## Coverage gaps" in text
    assert VISA in text and "## Top questions" in text and "Never cited in the period" in text
    names = [str(m.id) for m in (world.member, world.dutch_member)] + ["alice", "jan"]
    assert not any(name in text or name in read(result.response) for name in names)  # nobody is named


async def test_a_short_report_is_in_the_maintainers_language_without_a_file(world_with, make_runtime, tmp_path,
                                                                            locales):
    knowledge = tmp_path / "knowledge"
    knowledge.mkdir()
    (knowledge / "ghent.md").write_text(SMALL, encoding="utf-8")
    runtime = make_runtime()
    runtime.ingest()
    world = await world_with(runtime=runtime)
    await world.member.slash(world.channel, "ask", question="What does a **mid-level** developer earn in Ghent?")
    locales.locales[world.maintainer.id] = "fr"
    result = await world.maintainer.slash(world.channel, "report")
    assert result.response.ephemeral and not result.response.attachments
    (embed,) = result.response.embeds
    assert embed.title == "Rapport : les 7 derniers jours"
    assert {field.name: field.value for field in embed.fields}["Questions"] == "1"
    assert "## Questions fréquentes : répondues (questions : 1, groupes : 1)" in embed.description
    assert "“What does a \\*\\*mid-level\\*\\* developer earn in Ghent?”" in embed.description  # shown as typed
    assert "Backend salaries in Ghent › Mid-level (1×)" in embed.description


async def test_report_is_refused_to_an_admin_who_is_not_listed_and_not_offered_to_members(world):
    result = await world.admin.slash(world.channel, "report")
    assert result.response.ephemeral and "Only the bot's maintainers" in result.response.content
    assert [type(error) for error in world.errors()] == [NotMaintainer]
    assert "report" not in world.member.available_commands(world.channel)
    assert "report" not in world.stranger.available_commands()  # servers only
