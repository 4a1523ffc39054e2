"""Errors that a user should read, as opposed to bugs that belong in the log."""


class UserFacingError(Exception):
    """A short, actionable message: shown ephemerally in Discord, on stderr with exit 2 in the CLI."""


class Unavailable(UserFacingError):
    """Something the answer depends on is down, full or gone (the Chroma server, the disk, the index directory):
    not the user's input, so the CLI exits 1; the message says what failed and what to do, the log has the rest."""
