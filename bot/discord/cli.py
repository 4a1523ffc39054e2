"""The Discord commands of `careerbot` (run, sync-commands); discord.py is imported only when used."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Annotated

import typer

from bot.errors import UserFacingError
from bot.logs import configure_logging
from bot.settings import load_settings


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


def register(app: typer.Typer) -> None:
    """Add the Discord commands to the root CLI."""
    app.command("run")(run)
    app.command("sync-commands")(sync_commands)
