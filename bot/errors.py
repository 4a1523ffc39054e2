"""Errors that a user should read, as opposed to bugs that belong in the log."""


class UserFacingError(Exception):
    """A short, actionable message: shown ephemerally in Discord, on stderr with exit 2 in the CLI."""
