"""A wall clock for tests of the shared rate budgets: time jumps to each moment waited for.

`SteppedTime` is what `RateBudgets` reads and sleeps on. A sleep moves time forward to the
moment it waits for (never back) and returns at once, so a test sends thousands of messages
without real waiting, and it records that moment, the grant: when the budget let the send go.
Grants are what a rate limit counts; `most_in_any_window` counts them per window of time.
"""

from __future__ import annotations

import asyncio
from bisect import bisect_left, bisect_right


class SteppedTime:
    """Seconds since the epoch that move only when someone waits; every grant is recorded."""

    def __init__(self, start: float = 1_800_000_000.0) -> None:
        self.t = start
        self.grants: list[float] = []
        self._asked: dict[asyncio.Task[object] | None, float] = {}

    def now(self) -> float:
        """Return the current moment, remembering it for the caller's next sleep."""
        self._asked[asyncio.current_task()] = self.t
        return self.t

    async def sleep(self, seconds: float) -> None:
        """Record the grant (when the caller asked, plus `seconds`) and move time up to it."""
        asked = self._asked.pop(asyncio.current_task(), self.t)
        moment = asked + seconds
        self.grants.append(moment)
        self.t = max(self.t, moment)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass with nobody sending."""
        self.t += seconds


def most_in_any_window(moments: list[float], window: float) -> int:
    """Return the most moments that fall within any closed window of `window` seconds."""
    ordered = sorted(moments)
    return max(
        (bisect_right(ordered, start + window + 1e-9) - bisect_left(ordered, start))
        for start in ordered
    )
