"""Discord-related commands of `careerbot` (run, sync-commands, report)."""

import typer


def register(app: typer.Typer) -> None:
    """Add the Discord commands to the root CLI."""
