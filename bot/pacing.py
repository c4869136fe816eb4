"""A token bucket that keeps a fan-out of platform calls within a rate."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable


class Pacer:
    """Lets `rate` calls a second through on average, the first `burst` at once.

    `sleep` and `monotonic` are the event loop's and the system's unless a test passes its own.
    """

    def __init__(
        self,
        rate: float,
        burst: int | None = None,
        *,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        if rate <= 0:
            raise ValueError("the rate must be positive")
        self._rate = rate
        self._burst = float(burst if burst is not None else max(1, int(rate)))
        self._tokens = self._burst
        self._sleep = sleep
        self._monotonic = monotonic
        self._updated: float | None = None

    async def wait(self) -> None:
        """Return when the next call may be made."""
        now = self._monotonic()
        if self._updated is not None:
            self._tokens = min(self._burst, self._tokens + (now - self._updated) * self._rate)
        self._updated = now
        if self._tokens < 1:
            await self._sleep((1 - self._tokens) / self._rate)
            self._updated = self._monotonic()
            self._tokens = 1.0
        self._tokens -= 1
