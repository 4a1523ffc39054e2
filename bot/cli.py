"""The `careerbot` command line: one typer app, thin wrappers around the Discord-free core."""

from __future__ import annotations

import logging
import sys

import typer

from bot.discord import cli as discord_cli
from bot.errors import UserFacingError
from bot.rates import cli as rates_cli

log = logging.getLogger("careerbot")

app = typer.Typer(
    help="Career assistant for backend developers in Belgium.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
app.add_typer(rates_cli.app, name="rate")
discord_cli.register(app)


def main() -> None:
    """Entry point: user errors become one line and exit 2, bugs one line and exit 1."""
    try:
        app()
    except UserFacingError as err:
        typer.echo(f"error: {err}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # noqa: BLE001 - the last line of defence before a traceback reaches a user
        log.exception("unexpected failure")
        typer.echo(f"error: unexpected failure ({type(err).__name__}); details are in the log", err=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
