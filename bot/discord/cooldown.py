"""Per-member budgets over discord.py's CooldownMapping: questions (the engine) and calculations (cheap) apart."""

from __future__ import annotations

import time
from collections.abc import Callable

from discord.ext import commands

# discord.py reads a time of 0 as "now by the wall clock", and a monotonic clock (or a test's) may start at 0.
CLOCK_OFFSET = 1.0


def monotonic() -> float:
    """time.monotonic, looked up at each call, so a clock put in its place (a simulated Discord's) is followed."""
    return time.monotonic()


def _member(user_id: int) -> int:
    """Budgets are kept per member, whatever the server or channel."""
    return user_id


class Budget:
    """At most `uses` per member in a window of `seconds`; the mapping forgets members whose window has passed,
    so idle members cost no memory."""

    def __init__(self, uses: int, seconds: float, clock: Callable[[], float] = monotonic) -> None:
        self.uses = uses
        self.seconds = seconds
        self._clock = clock
        self._mapping: commands.CooldownMapping[int] = commands.CooldownMapping.from_cooldown(uses, seconds, _member)

    def spend(self, user_id: int) -> float:
        """Spend one use and return 0, or return the seconds to wait when the budget is spent."""
        return self._mapping.update_rate_limit(user_id, self._clock() + CLOCK_OFFSET) or 0.0

    def members(self) -> int:
        """How many members the mapping currently remembers."""
        return len(self._mapping._cache)
