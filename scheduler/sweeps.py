"""Sweeps: recurring work that is not a schedule row, run every so often for each platform.

A sweep looks for what has fallen due (a reminder whose day has come, a check-in halfway to
the next round, a card left unhandled) and does it. It runs at fixed moments, multiples of its
interval since the Unix epoch, so every process agrees on them; the virtual clock drives the
same sweeps in the console and the tests. Sweeps are not exactly-once by themselves: each one
claims the items it acts on (a conditional UPDATE, a unique ledger row) so that two processes,
or a run after a crash, never act on an item twice.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.clock import Clock
from bot.platform import Platform
from scheduler.timers import Timers

log = logging.getLogger(__name__)

SweepHandler = Callable[[Platform, datetime], Awaitable[None]]
"""Does what has fallen due on `platform` by the given moment."""

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class _Sweep:
    name: str
    interval: timedelta
    handler: SweepHandler


class Sweeps:
    """Arms each registered sweep for each attached platform and re-arms it after every run."""

    def __init__(self, clock: Clock, timers: Timers) -> None:
        self._clock = clock
        self._timers = timers
        self._sweeps: dict[str, _Sweep] = {}
        self._platforms: dict[str, Platform] = {}

    def register(self, name: str, interval: timedelta, handler: SweepHandler) -> None:
        """Run `handler` every `interval` for every attached platform."""
        if interval <= timedelta(0):
            raise ValueError(f"sweep {name!r} needs a positive interval")
        sweep = self._sweeps[name] = _Sweep(name, interval, handler)
        for platform in self._platforms.values():
            self._arm(sweep, platform, self._clock.now())

    def attach(self, platform: Platform) -> None:
        """Start sweeping for `platform`."""
        self._platforms[platform.name] = platform
        for sweep in self._sweeps.values():
            self._arm(sweep, platform, self._clock.now())

    def _arm(self, sweep: _Sweep, platform: Platform, after: datetime) -> None:
        due = next_multiple(sweep.interval, after)

        async def run() -> None:
            self._arm(sweep, platform, due)
            try:
                await sweep.handler(platform, due)
            except Exception:
                log.exception(
                    "sweep %s on %s failed; it runs again at its next moment",
                    sweep.name,
                    platform.name,
                )

        self._timers.arm(f"sweep:{sweep.name}:{platform.name}", due, run)


def next_multiple(interval: timedelta, after: datetime) -> datetime:
    """Return the first multiple of `interval` since the epoch that is later than `after`."""
    elapsed = after - EPOCH
    return EPOCH + (elapsed // interval + 1) * interval
