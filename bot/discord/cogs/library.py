"""/sources and /reingest: what is in the index, and rebuilding it without stopping the bot."""

from __future__ import annotations

import asyncio
import logging

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord.answering import PROGRESS_INTERVAL, Status, showing_progress, tell
from bot.discord.citations import catalogue_of
from bot.discord.client import CareerBot
from bot.discord.error_replies import acknowledge, follow_up, replace_thinking
from bot.discord.gates import maintainers_only
from bot.discord.i18n import interaction_language, say
from bot.discord.ports import IngestReport, Runtime
from bot.discord.render import COLOUR, documents_embeds, group_lines, pack
from bot.models import Language
from bot.text.formats import number

log = logging.getLogger(__name__)

DESCRIPTION_LIMIT = 4000  # Discord allows 4096; the rest is room for the "…" of a longer report


def ingest_embed(report: IngestReport, *, dry_run: bool, language: Language = "en") -> discord.Embed:
    """The diff an ingest made (or would make, for a dry run), with the lines the terminal prints: the documents
    named, and every skipped document and failing figure (the reply is private to the maintainer)."""
    title = ("ingest_dry_run" if dry_run else "ingest_stopped" if report.figure_problems else "ingest_done")
    embed = discord.Embed(title=say(title, language), colour=COLOUR)
    for name in ("added", "updated", "removed", "unchanged", "documents", "chunks"):
        embed.add_field(name=say(f"ingest_{name}", language), value=number(getattr(report, name), language),
                        inline=True)
    embed.set_footer(text=say("ingest_seconds", language, seconds=round(report.seconds, 1)))
    blocks = group_lines(ingest_lines(report, language), DESCRIPTION_LIMIT)
    embed.description = blocks[0] + ("\n…" if len(blocks) > 1 else "")
    return embed


def ingest_lines(report: IngestReport, language: Language) -> list[str]:
    """The lines `careerbot ingest` prints under its counts (the documents named, the figures' check, then what
    the maintainer has to act on), in the maintainer's language. Skip reasons and figure problems are the
    pipeline's own words: they quote file names, fields and document text."""
    lists = (("added", report.added_documents), ("updated", report.updated_documents),
             ("removed", report.removed_documents))
    lines = [say(f"ingest_list_{label}", language, names=", ".join(names)) for label, names in lists if names]
    lines.append(_figures_line(report, language))
    lines += [say("ingest_skipped_document", language, item=item) for item in report.skipped]
    lines += [say("ingest_figure_problem", language, problem=problem) for problem in report.figure_problems]
    if report.figure_problems:
        lines.append(say("ingest_not_changed", language))
    return lines


def _figures_line(report: IngestReport, language: Language) -> str:
    if report.figure_problems:
        return say("ingest_figures_failing", language, checked=report.figures_checked,
                   failing=len(report.figure_problems))
    if report.figures_checked is None:
        return say("ingest_figures_packaged", language)
    if report.figures_checked == 0:
        return say("ingest_figures_none", language)
    changed = ("_differ" if report.dry_run else "_stored") if report.figures_changed else ""
    return say(f"ingest_figures_match{changed}", language, checked=report.figures_checked)


class Library(commands.Cog):
    """The knowledge base as seen from Discord."""

    def __init__(self, bot: CareerBot) -> None:
        self.bot = bot

    @app_commands.command(name="sources")
    async def sources(self, interaction: discord.Interaction) -> None:
        """List the documents the answers come from and when they were last ingested."""
        await acknowledge(interaction, ephemeral=True)
        documents = await asyncio.to_thread(self.bot.runtime.documents)
        self.bot.catalogue = catalogue_of(documents)  # also picks up an index a terminal ingest switched in
        last = await asyncio.to_thread(self.bot.runtime.last_ingested)
        language = interaction_language(interaction)
        for embeds in pack(documents_embeds(documents, last, language)):
            await follow_up(interaction, embeds=embeds, ephemeral=True)

    @app_commands.command(name="reingest")
    @app_commands.describe(dry_run="Only report what would change; the index is not written")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()  # Discord applies no Manage Server permission in DMs, so it is not offered there
    @maintainers_only()
    async def reingest(self, interaction: discord.Interaction, dry_run: bool = False) -> None:
        """Maintainers: rebuild the index from knowledge/ while the bot keeps answering."""
        await acknowledge(interaction, ephemeral=True)
        log.info("re-ingest (dry_run=%s) requested by user %s", dry_run, interaction.user.id)
        language = interaction_language(interaction)
        report, shown = await ingest_with_progress(
            self.bot.runtime, dry_run, lambda text: interaction.edit_original_response(content=text), language)
        log.info("re-ingest done: %s", {k: getattr(report, k) for k in ("added", "updated", "removed", "unchanged")})
        if not dry_run:
            await self.bot.refresh_catalogue()
        embed = ingest_embed(report, dry_run=dry_run, language=language)
        if shown:  # the "thinking" message shows a count now: the report replaces it rather than following it
            await replace_thinking(interaction, embed=embed)
        else:
            await follow_up(interaction, embed=embed, ephemeral=True)


async def ingest_with_progress(runtime: Runtime, dry_run: bool, status: Status, language: Language,
                               interval: float = PROGRESS_INTERVAL) -> tuple[IngestReport, bool]:
    """Re-ingest in the thread pool, leaving the answers a core, and show how far the embedding is through
    `status`, an edit per interval at most; the report, and whether anything was shown."""
    counts: list[tuple[int, int]] = []  # appended by the ingest's thread; the loop reads the latest
    work = asyncio.ensure_future(asyncio.to_thread(runtime.ingest, None, dry_run, progress=lambda done, total:
                                                   counts.append((done, total)), beside_answers=True))
    shown = await showing_progress(
        work, lambda: say("ingest_progress", language, done=counts[-1][0], total=counts[-1][1]) if counts else None,
        status, interval)
    if work.exception() is not None and shown is not None:  # the error follows; no count stays above it
        await tell(status, say("ingest_failed", language))
    return work.result(), shown is not None


async def setup(bot: CareerBot) -> None:
    """Extension entry point."""
    await bot.add_cog(Library(bot))
