"""The weekly report end to end on SimCord's clock: with CAREERBOT_REPORT_CHANNEL_ID set, the maintainers' channel
gets one message at the configured weekday and hour (the numbers, the chart of questions per day as a PNG, the
parts as a Markdown file), nothing before it, nothing more that week, not again after a restart; without the
setting nothing; a channel the bot cannot post in is logged, not raised."""

from __future__ import annotations

import logging
from datetime import timedelta

import discord
import pytest

from bot.discord.cogs.weekly_report import WeeklyReport
from bot.feedback.store import FeedbackStore
from bot.models import Answer
from tests.bot.discord.e2e.simcord_support import close_world, open_world

pytestmark = pytest.mark.slow

MINUTE, HOUR, DAY = 60, 3600, 24 * 3600
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# SimCord's clock starts on Thursday 2026-01-01 at 00:00 UTC: the post is due that day at 02:00. The channel id is a
# placeholder until the test has made the channel (SimCord hands out the ids), as the maintainers' ids are.
WEEKLY = {"report_channel_id": 1, "report_weekday": "thursday", "report_hour": 2}
SALARY = "What does a mid-level backend developer earn in Flanders?"
VISA = "How do I get a work visa for Belgium as a developer from India?"


def post_in(world, channel) -> None:
    """Point the running bot's report setting at a channel (the cog reads the settings at every look)."""
    world.bot.settings = world.bot.settings.model_copy(update={"report_channel_id": channel.id})


def weekly(world) -> WeeklyReport:
    cog = world.bot.get_cog("WeeklyReport")
    # loaded as an extension: discord.py executes the module anew, so the class is that module's, not this import's
    assert cog is not None and type(cog).__qualname__ == WeeklyReport.__qualname__
    return cog


def remember(world, question: str, *, confident: bool) -> None:
    """An answer stored as the bot stores one, at SimCord's time."""
    world.feedback.record_answer(Answer(question=question, language="en", text="t", confident=confident),
                                 private=False, now=world.env.now(), asker=world.member.id)


async def test_the_channel_gets_one_report_at_the_hour_and_no_more_that_week(world_with):
    world = await world_with(**WEEKLY)
    maintainers = world.guild.create_text_channel("maintainers")
    post_in(world, maintainers)
    await world.member.slash(world.channel, "ask", question=SALARY)
    await world.dutch_member.slash(world.channel, "ask", question=SALARY)
    await world.member.slash(world.channel, "ask", question=VISA)

    await world.env.advance_time(2 * HOUR - 10 * MINUTE)
    assert world.bot_messages(maintainers) == []  # before the hour: nothing
    await world.env.advance_time(15 * MINUTE)
    (post,) = world.bot_messages(maintainers)
    assert post.content == "The weekly report for the maintainers, with the questions per day in the chart."
    (embed,) = post.embeds
    fields = {field.name: field.value for field in embed.fields}
    assert embed.title == "Report: the last 7 days"
    assert (fields["Questions"], fields["Answered"], fields["Members"]) == ("3", "2", "2")
    assert "in the attached file" in embed.description
    chart, markdown = sorted(post.attachments, key=lambda a: a.filename)
    assert (markdown.filename, chart.filename) == ("careerbot-report-7d.md", "careerbot-questions-per-day.png")
    assert embed.image.url == "attachment://careerbot-questions-per-day.png"  # the chart shows in the embed
    text = (await markdown.read()).decode()
    assert text.startswith("# careerbot report: the last 7 days") and VISA in text and "## Top questions" in text
    assert (await chart.read()).startswith(PNG_SIGNATURE)

    await world.env.advance_time(3 * DAY)  # the rest of the week, the hour long past
    assert len(world.bot_messages(maintainers)) == 1
    cog = weekly(world)
    cog.clock = lambda: world.env.now() - timedelta(days=3)  # the hour itself, again
    assert not await cog.tick()
    assert len(world.bot_messages(maintainers)) == 1
    cog.clock = lambda: world.env.now() + timedelta(days=4)  # next Thursday, 02:05
    assert await cog.tick()
    assert len(world.bot_messages(maintainers)) == 2  # next week's


async def test_a_restarted_bot_does_not_post_that_weeks_report_again(bot_settings, ingested, locales):
    settings = bot_settings(**WEEKLY)
    for restart in (False, True):
        world = await open_world(settings, ingested, FeedbackStore.in_data_dir(settings.data_dir), locales)
        try:
            maintainers = world.guild.create_text_channel("maintainers")
            post_in(world, maintainers)
            remember(world, SALARY, confident=True)
            await world.env.advance_time(2 * HOUR + 5 * MINUTE)
            assert len(world.bot_messages(maintainers)) == (0 if restart else 1)
        finally:
            await close_world(world)


async def test_without_a_report_channel_nothing_is_posted(world_with):
    world = await world_with(report_weekday="thursday", report_hour=2)
    assert world.bot.get_cog("WeeklyReport") is None  # the loop does not even run
    remember(world, SALARY, confident=True)
    await world.env.advance_time(2 * HOUR + 5 * MINUTE)
    assert all(world.bot_messages(channel) == [] for channel in world.guild.channels.values())


async def test_the_report_is_in_the_servers_language(world_with):
    world = await world_with(**WEEKLY)
    french = world.env.create_guild(name="Développeurs", preferred_locale="fr")
    maintainers = french.create_text_channel("responsables")
    post_in(world, maintainers)
    remember(world, VISA, confident=False)
    await world.env.advance_time(2 * HOUR + 5 * MINUTE)
    (post,) = world.bot_messages(maintainers)
    assert post.content.startswith("Le rapport hebdomadaire des responsables")
    assert post.embeds[0].title == "Rapport : les 7 derniers jours"
    markdown = next(a for a in post.attachments if a.filename.endswith(".md"))
    assert (await markdown.read()).decode().startswith("# Rapport careerbot : les 7 derniers jours")


async def test_a_channel_the_bot_cannot_post_in_is_logged_once_and_the_bot_goes_on(world_with, caplog):
    world = await world_with(**WEEKLY)
    closed = world.guild.create_text_channel(
        "maintainers", overwrites={world.guild.me: discord.PermissionOverwrite(attach_files=False)})
    post_in(world, closed)
    remember(world, VISA, confident=False)
    with caplog.at_level(logging.ERROR, logger="bot.discord.cogs.weekly_report"):
        await world.env.advance_time(2 * HOUR + 30 * MINUTE)
    assert world.bot_messages(closed) == []
    (logged,) = [r.getMessage() for r in caplog.records if r.name == "bot.discord.cogs.weekly_report"]
    assert logged == (f"the weekly report for 2026-W01 was not posted: the bot lacks attach_files in channel "
                      f"{closed.id} (CAREERBOT_REPORT_CHANNEL_ID)")
    result = await world.member.slash(world.channel, "ask", question=SALARY)  # the bot still answers
    assert result.response is not None


async def test_a_missing_channel_is_logged_not_raised(world_with, caplog):
    world = await world_with(**{**WEEKLY, "report_channel_id": 424242424242424242})
    with caplog.at_level(logging.ERROR, logger="bot.discord.cogs.weekly_report"):
        await world.env.advance_time(2 * HOUR + 5 * MINUTE)
    (logged,) = [r.getMessage() for r in caplog.records if r.name == "bot.discord.cogs.weekly_report"]
    assert "channel 424242424242424242 (CAREERBOT_REPORT_CHANNEL_ID) is not one the bot can see" in logged
    assert world.errors() == []
