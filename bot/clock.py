"""One source of time for the whole bot: real in production, virtual in the console and tests."""

from __future__ import annotations

import asyncio
import heapq
import itertools
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

TimerCallback = Callable[[], Awaitable[None]]


class Clock(Protocol):
    """Tells the time, always as an aware UTC datetime."""

    def now(self) -> datetime:
        """Return the current moment (aware, UTC)."""
        ...


class RealClock:
    """The wall clock."""

    def now(self) -> datetime:
        """Return the current moment (aware, UTC)."""
        return datetime.now(UTC)


@dataclass(order=True)
class TimerHandle:
    """A timer armed on the virtual clock; `VirtualClock.cancel` takes it back."""

    due: datetime
    sequence: int
    callback: TimerCallback = field(compare=False)
    cancelled: bool = field(default=False, compare=False)


class VirtualClock:
    """A clock that moves only when told to, running timers that fall due in time order.

    The console and the tests advance it explicitly; the scheduler arms the same jobs on it as
    it does on the real clock.
    """

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("VirtualClock needs an aware start time")
        self._now = start.astimezone(UTC)
        self._timers: list[TimerHandle] = []
        self._live = 0
        self._sequence = itertools.count()

    def now(self) -> datetime:
        """Return the virtual moment (aware, UTC)."""
        return self._now

    def reset(self, moment: datetime) -> None:
        """Set the time outright, before anything is armed (the console's `--start`)."""
        if self._timers:
            raise RuntimeError("the virtual clock cannot be reset once timers are armed")
        self._now = moment.astimezone(UTC)

    def call_at(self, due: datetime, callback: TimerCallback) -> TimerHandle:
        """Run `callback` once the clock reaches `due`."""
        timer = TimerHandle(due.astimezone(UTC), next(self._sequence), callback)
        heapq.heappush(self._timers, timer)
        self._live += 1
        return timer

    def cancel(self, timer: TimerHandle) -> None:
        """Take `timer` back unless it already ran; it leaves the heap when its moment comes."""
        if not timer.cancelled:
            timer.cancelled = True
            self._live -= 1

    def pending(self) -> int:
        """Return how many timers are still waiting (not counting cancelled ones)."""
        return self._live

    async def advance_to(self, moment: datetime) -> int:
        """Move to `moment`, running every due timer in order at its own time; return how many ran.

        Timers due at the same moment run concurrently, as a real scheduler would run them. A
        timer may arm further timers; those that fall due before `moment` run too.
        """
        target = moment.astimezone(UTC)
        if target < self._now:
            raise ValueError("the virtual clock cannot go backwards")
        ran = 0
        while self._timers and self._timers[0].due <= target:
            due = self._timers[0].due
            batch = []
            while self._timers and self._timers[0].due == due:
                timer = heapq.heappop(self._timers)
                if not timer.cancelled:
                    timer.cancelled = True  # it runs now: no longer pending, nor cancellable
                    self._live -= 1
                    batch.append(timer)
            self._now = max(self._now, due)
            await asyncio.gather(*(timer.callback() for timer in batch))
            ran += len(batch)
        self._now = target
        return ran
