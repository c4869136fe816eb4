"""Attempts counted per key (a sign-in address) in a sliding window of real time, in memory.

Per process: enough to slow one address guessing at links, which are 32 random bytes anyway.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

from bot.dashboard.tokens import WallClock, real_now

SIGN_INS_PER_ADDRESS = 20
SIGN_IN_WINDOW = timedelta(minutes=10)
MAX_KEYS = 10_000  # beyond this many addresses, the oldest are forgotten


class AttemptLimiter:
    """Allows `limit` attempts per key in each `window`."""

    def __init__(
        self,
        limit: int = SIGN_INS_PER_ADDRESS,
        window: timedelta = SIGN_IN_WINDOW,
        now: WallClock = real_now,
    ) -> None:
        self._limit = limit
        self._window = window
        self._now = now
        self._attempts: dict[str, deque[datetime]] = {}

    def allow(self, key: str) -> bool:
        """Count one attempt for `key`; return False (counting nothing) when over the limit."""
        now = self._now()
        seen = self._attempts.pop(key, None) or deque()
        while seen and seen[0] <= now - self._window:
            seen.popleft()
        allowed = len(seen) < self._limit
        if allowed:
            seen.append(now)
        self._attempts[key] = seen  # re-inserted: the dict's order is the keys' recency
        while len(self._attempts) > MAX_KEYS:
            del self._attempts[next(iter(self._attempts))]
        return allowed
