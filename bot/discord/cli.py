"""Discord-related commands of `careerbot` (run, sync-commands) and the maintainers' report and forget; discord.py is
imported only when used."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli_report import ANSWERS_SHOWN, counted, shown
from bot.config import configure_logging, load_settings
from bot.errors import UserFacingError

if TYPE_CHECKING:
    from bot.feedback import FeedbackReport, ReportedAnswer


def run() -> None:
    """Start the Discord bot (CAREERBOT_DISCORD_TOKEN); ingests knowledge/ first when the index is empty."""
    from bot.discord.runner import run_bot

    settings = load_settings()
    configure_logging(settings, console_level=logging.INFO)  # an operator watches start-up and shutdown
    run_bot(settings)


def sync_commands(
    guild: Annotated[int | None, typer.Option(help="Sync to this server only (instant) instead of globally")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the commands; do not contact Discord")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="With --dry-run: print the exact JSON payload")] = False,
) -> None:
    """Register the slash commands with Discord; run it after adding or changing a command."""
    from bot.discord.runner import check_token
    from bot.discord.sync import command_payload
    from bot.discord.sync import sync_commands as push

    settings = load_settings()
    if dry_run:
        payload = asyncio.run(command_payload(settings))
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False) if as_json else _describe(payload, guild))
        return
    if as_json:
        raise UserFacingError("--json only goes with --dry-run")
    configure_logging(settings)
    names = asyncio.run(push(settings, check_token(settings.discord_token), guild))
    where = f"server {guild}" if guild else "all servers (global commands can take a while to appear)"
    typer.echo(f"synced {len(names)} commands to {where}: " + ", ".join(sorted(names)))


def _describe(payload: list[dict], guild: int | None) -> str:
    """A reviewable summary of what a sync would register."""
    lines = [f"{len(payload)} commands would be synced to " + (f"server {guild}" if guild else "all servers") + ":"]
    lines += [f"  /{command['name']}{_dutch(command)}: {command['description']}" for command in payload]
    return "\n".join(lines)


def _dutch(command: dict) -> str:
    """" (nl: /vraag)" when the command has a Dutch name."""
    name = (command.get("name_localizations") or {}).get("nl")
    return f" (nl: /{name})" if name else ""


def report(
    days: Annotated[int, typer.Option(min=1, max=36_500, help="How many days back to look")] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """What members asked in the last N days that the documents do not answer (coverage gaps), the top questions and
    the sources used, then the newest 👎 answers and unsure questions; deletes what is past the retention period."""
    from bot.cli_report import as_json as report_json
    from bot.cli_report import format_coverage, gather

    coverage, listed = gather(load_settings(), days)  # the configured store: CAREERBOT_FEEDBACK_URL or data_dir's
    if as_json:
        typer.echo(json.dumps(report_json(coverage, listed), indent=2, ensure_ascii=False))
    else:
        typer.echo(format_coverage(coverage) + "\n\n" + format_report(listed, limit=ANSWERS_SHOWN))


def forget(
    user_id: Annotated[int, typer.Argument(help="The member's Discord user id")],
) -> None:
    """Delete one member's votes and the questions stored with their hash (a request to erase their data)."""
    from bot.cli_report import forget as erase
    from bot.feedback import FeedbackStore

    store = FeedbackStore.existing(load_settings())
    try:
        gone = erase(store, user_id)
    finally:
        store.close()
    typer.echo(f"deleted {counted(gone.votes, 'vote')} and {counted(gone.questions, 'question')} of that member")


def format_report(result: FeedbackReport, limit: int | None = None) -> str:
    """The answers voted down and the unsure questions, newest first (at most `limit` of each), and the votes per
    calculator, as text a maintainer can read in a terminal."""

    def line(answer: ReportedAnswer) -> str:
        sources = "; ".join(f"[{s.rank}] {shown(s.title)} › {shown(s.section)}" for s in answer.sources) or "no sources"
        return (f"  #{answer.id} {answer.created_at:%Y-%m-%d %H:%M} ({shown(answer.language)}) 👍{answer.up} "
                f"👎{answer.down}  {shown(answer.question)}\n      {sources}")

    def newest(answers: list[ReportedAnswer]) -> str:
        return f" (the newest {limit} below)" if limit is not None and len(answers) > limit else ""

    out = [f"Answers voted down in the last {result.days} days: {len(result.downvoted)}{newest(result.downvoted)}"]
    out += [line(a) for a in result.downvoted[:limit]]
    out += ["", f"Low-confidence questions in the last {result.days} days: {len(result.low_confidence)}"
                f"{newest(result.low_confidence)}"]
    out += [line(a) for a in result.low_confidence[:limit]]
    out += ["", f"Calculator answers in the last {result.days} days: {sum(v.answers for v in result.calculators)}"]
    out += [f"  {shown(v.calculator)}: {v.answers} answers 👍{v.up} 👎{v.down}" for v in result.calculators]
    return "\n".join(out)


def register(app: typer.Typer) -> None:
    """Add the Discord commands to the root CLI."""
    app.command("run")(run)
    app.command("sync-commands")(sync_commands)
    app.command("report")(report)
    app.command("forget")(forget)
