"""Per-user question budget shared by /ask, calculators, mentions and DMs, so one member cannot flood the engine."""

from __future__ import annotations

import time
from collections import defaultdict, deque
from collections.abc import Callable


class QuestionLimiter:
    """A sliding window: at most `limit` questions per user within `window` seconds."""

    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._asked: defaultdict[int, deque[float]] = defaultdict(deque)

    def try_acquire(self, user_id: int) -> float:
        """Count a question and return 0, or return the seconds to wait when the budget is spent."""
        now = self._clock()
        asked = self._asked[user_id]
        while asked and now - asked[0] >= self.window:
            asked.popleft()
        if len(asked) >= self.limit:
            return max(0.1, self.window - (now - asked[0]))
        asked.append(now)
        return 0.0
