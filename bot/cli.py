"""The `careerbot` command line: one typer app assembling the terminal's commands (bot/terminal/) and the Discord
ones (bot/discord/cli.py), thin wrappers around the Discord-free core."""

from __future__ import annotations

import logging
import secrets
import sys

import typer

from bot.discord import cli as discord_cli
from bot.errors import Unavailable, UserFacingError
from bot.logs import FILE_ONLY, log_file_ready
from bot.settings import described
from bot.terminal import commands, rates, report

log = logging.getLogger("careerbot")

app = typer.Typer(
    help="Career assistant for backend developers in Belgium.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
commands.register(app)
app.add_typer(rates.app, name="rate")
report.register(app)
discord_cli.register(app)


def fail(message: str, code: int) -> None:
    """Print one line on stderr and exit: the CLI's only way to report a problem."""
    typer.echo("error: " + " ".join(message.split()), err=True)
    sys.exit(code)


def main() -> None:
    """Entry point: bad input becomes one line and exit 2, an outage or a bug one line and exit 1; never a
    traceback."""
    try:
        code = app(standalone_mode=False)
    except typer.Abort:
        sys.exit(130)
    except typer.TyperException as err:  # unknown option, bad value, missing argument
        fail(err.format_message() if hasattr(err, "format_message") else str(err), 2)
    except Unavailable as err:  # the server or the disk, not the input: exit 1, and what to do about it
        fail(str(err), 1)
    except UserFacingError as err:
        fail(described(err), 2)
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as err:  # noqa: BLE001 - the last line of defence before a traceback reaches a user
        error_id = secrets.token_hex(4)  # as the Discord front end does: short to quote, easy to find in the log
        logged = log_file_ready()
        log.error("error id %s: unexpected failure", error_id, exc_info=True, extra=FILE_ONLY)
        fail(f"unexpected failure ({type(err).__name__}, error id {error_id}); "
             + ("details are in the log" if logged else "no log file could be written"), 1)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
