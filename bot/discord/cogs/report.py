"""/report: what members ask that the documents do not answer, for the knowledge base's maintainers."""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.client import CareerBot
from bot.discord.error_replies import acknowledge, follow_up
from bot.discord.gates import maintainers_only
from bot.discord.i18n import interaction_language
from bot.discord.reporting import report_message
from bot.feedback.report import CoverageReport, maintained_report

log = logging.getLogger(__name__)

MAX_DAYS = 365


class Report(commands.Cog):
    """The maintainers' report in Discord: the same report as `careerbot report`, in the maintainer's language."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    @app_commands.command(name="report")
    @app_commands.describe(days=f"How many days back (1 to {MAX_DAYS})")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()  # as /reingest: Discord applies no Manage Server permission in DMs
    @maintainers_only()
    async def report(self, interaction: discord.Interaction, days: app_commands.Range[int, 1, MAX_DAYS] = 7) -> None:
        """Maintainers: what members ask that the documents do not answer, top questions and sources used."""
        await acknowledge(interaction, ephemeral=True)
        log.info("/report (%d days) requested by user %s", days, interaction.user.id)
        # Embedding and grouping take seconds on a busy server: the thread pool, so answers keep coming
        report = await asyncio.to_thread(self.build, days, discord.utils.utcnow())
        message = report_message(report, interaction_language(interaction), self.bot.settings.feedback_retention_days)
        await follow_up(interaction, ephemeral=True, **message)

    def build(self, days: int, now: datetime) -> CoverageReport:
        """Retention first, then the report with the runtime's own model and index (blocking)."""
        runtime = self.bot.runtime
        return maintained_report(self.bot.feedback, runtime.embedder, runtime.store, days,
                                 self.bot.settings.feedback_retention_days, now=now)


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Report(bot))
