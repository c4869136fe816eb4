"""A token bucket that keeps a fan-out of platform calls within a rate."""

from __future__ import annotations

import asyncio


class Pacer:
    """Lets `rate` calls a second through on average, the first `burst` at once."""

    def __init__(self, rate: float, burst: int | None = None) -> None:
        if rate <= 0:
            raise ValueError("the rate must be positive")
        self._rate = rate
        self._burst = float(burst if burst is not None else max(1, int(rate)))
        self._tokens = self._burst
        self._updated: float | None = None

    async def wait(self) -> None:
        """Return when the next call may be made."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        if self._updated is not None:
            self._tokens = min(self._burst, self._tokens + (now - self._updated) * self._rate)
        self._updated = now
        if self._tokens < 1:
            delay = (1 - self._tokens) / self._rate
            await asyncio.sleep(delay)
            self._updated = loop.time()
            self._tokens = 1.0
        self._tokens -= 1
