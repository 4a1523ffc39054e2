"""The weekly report: once a week, on CAREERBOT_REPORT_WEEKDAY at CAREERBOT_REPORT_HOUR (UTC), the maintainers'
report for the last 7 days in the channel CAREERBOT_REPORT_CHANNEL_ID, with a chart of the questions per day.

The bot adds this cog only when the channel is set. It looks at its clock every few minutes; the week it posted is
claimed in the feedback database before posting, so a restart (or a second process on the same database) does not
post that week again. A channel that is missing, or where the bot may not post, is logged, never raised."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import discord
from discord.ext import commands, tasks

from bot.discord.client import CareerBot
from bot.discord.i18n import locale_language
from bot.discord.reporting import weekly_message
from bot.feedback.report import CoverageReport, maintained_report, questions_chart, questions_per_day
from bot.models import Language
from bot.settings import WEEKDAYS, Weekday

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]  # the current moment, aware (discord.utils.utcnow; a test's own clock)

DAYS = 7  # the period of the weekly report
CHECK_MINUTES = 5  # how often the loop looks at the clock: the post comes at most this long after the hour
CATCH_UP = timedelta(hours=24)  # a bot that was not running at the hour posts when it starts within this long after
MARKER = "weekly_report_week"  # the feedback database's record of the last week posted (an ISO week, 2026-W02)
NEEDED = ("view_channel", "send_messages", "embed_links", "attach_files")


def due_moment(now: datetime, weekday: Weekday, hour: int) -> datetime:
    """The latest moment at or before `now` that is `weekday` at `hour`:00 UTC."""
    now = now.astimezone(UTC)
    back = (now.weekday() - WEEKDAYS.index(weekday)) % 7
    moment = now.replace(hour=hour, minute=0, second=0, microsecond=0) - timedelta(days=back)
    return moment if moment <= now else moment - timedelta(days=7)


def week_of(moment: datetime) -> str:
    """The ISO week a post is due in ("2026-W02"): the text order is the time order."""
    year, week, _ = moment.isocalendar()
    return f"{year:04d}-W{week:02d}"


class CannotPost(Exception):
    """The channel is missing, is not one to write in, or the bot lacks a permission there."""


class WeeklyReport(commands.Cog):
    """The weekly post; `clock` is injectable so a test can set the time."""

    def __init__(self, bot: CareerBot, clock: Clock = discord.utils.utcnow) -> None:
        self.bot = bot
        self.clock = clock
        self.tried: str | None = None  # the last week this process tried to post (one attempt a week)

    async def cog_load(self) -> None:
        self.every_few_minutes.start()

    async def cog_unload(self) -> None:
        self.every_few_minutes.cancel()

    @tasks.loop(minutes=CHECK_MINUTES)
    async def every_few_minutes(self) -> None:
        await self.tick()

    @every_few_minutes.before_loop
    async def connected(self) -> None:
        """The channel and the bot's permissions are known once the bot is connected."""
        await self.bot.wait_until_ready()

    async def tick(self) -> bool:
        """Post the report when it is due and this week's has not been tried; True when this call posted it. Never
        raises: the loop must go on to next week's post."""
        settings = self.bot.settings
        if settings.report_channel_id is None:
            return False
        now = self.clock()
        due = due_moment(now, settings.report_weekday, settings.report_hour)
        week = week_of(due)
        if now - due >= CATCH_UP or week == self.tried:
            return False
        self.tried = week  # whatever happens next, this process tries this week once (one log line, not one a tick)
        try:
            return await self.post(settings.report_channel_id, week, now)
        except CannotPost as problem:
            log.error("the weekly report for %s was not posted: %s", week, problem)
        except Exception:  # noqa: BLE001 - see above; the log has the details
            log.exception("the weekly report for %s could not be posted in channel %s", week,
                          settings.report_channel_id)
        return False

    async def post(self, channel_id: int, week: str, now: datetime) -> bool:
        """Claim the week in the feedback database, build the report in the thread pool, post it."""
        channel = await self.channel(channel_id)
        if not await asyncio.to_thread(self.bot.feedback.claim, MARKER, week):
            log.info("the weekly report for %s was posted already (before a restart, or by another process)", week)
            return False
        guild = getattr(channel, "guild", None)
        language = locale_language(guild.preferred_locale) if isinstance(guild, discord.Guild) else "en"
        report, chart = await asyncio.to_thread(self.build, now, language)
        await channel.send(**weekly_message(report, chart, language, self.bot.settings.feedback_retention_days))
        log.info("posted the weekly report for %s in channel %s", week, channel_id)
        return True

    async def channel(self, channel_id: int) -> discord.abc.Messageable:
        """The channel, when the bot can post the report there; else CannotPost saying why."""
        try:
            channel = self.bot.get_channel(channel_id) or await self.bot.fetch_channel(channel_id)
        except (discord.NotFound, discord.Forbidden) as err:
            raise CannotPost(f"channel {channel_id} (CAREERBOT_REPORT_CHANNEL_ID) is not one the bot can see: "
                             f"{err.text or err.status}") from err
        if not isinstance(channel, discord.abc.Messageable) or isinstance(channel, discord.abc.PrivateChannel):
            raise CannotPost(f"channel {channel_id} (CAREERBOT_REPORT_CHANNEL_ID) is not a server channel to write in")
        me = channel.guild.me  # None when another process holds the server's shard: Discord then decides
        if me is not None:
            allowed = channel.permissions_for(me)
            missing = [name for name in NEEDED if not getattr(allowed, name)]
            if missing:
                raise CannotPost(f"the bot lacks {', '.join(missing)} in channel {channel_id} "
                                 "(CAREERBOT_REPORT_CHANNEL_ID)")
        return channel

    def build(self, now: datetime, language: Language) -> tuple[CoverageReport, bytes | None]:
        """Retention first, then the report for the last days and its chart (blocking: the thread pool)."""
        runtime, store = self.bot.runtime, self.bot.feedback
        report = maintained_report(store, runtime.embedder, runtime.store, DAYS,
                                   self.bot.settings.feedback_retention_days, now=now)
        if report.totals.questions == 0:
            return report, None
        days = questions_per_day(store.questions_since(report.since), report.since, DAYS)
        return report, questions_chart(days, language)


async def setup(bot: CareerBot) -> None:
    await bot.add_cog(WeeklyReport(bot))
