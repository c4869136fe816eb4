"""Sweeps: recurring work that is not a schedule row, run every so often for each platform.

A sweep looks for what has fallen due (a reminder whose day has come, a check-in halfway to
the next round, a card left unhandled) and does it. It runs at fixed moments, multiples of its
interval since the Unix epoch, so every process agrees on them; the virtual clock drives the
same sweeps in the console and the tests. Sweeps are not exactly-once by themselves: each one
claims the items it acts on (a conditional UPDATE, a unique ledger row) so that two processes,
or a run after a crash, never act on an item twice.

A sweep may also declare when it next has work (`NextDue`: one cheap query). Where skipping is
allowed, a run that finds its next work far off skips ahead to the first of its multiples at or
after that moment, instead of waking every interval to find nothing (a console's `time +30d`
would otherwise run thousands of empty sweeps). It still runs only at its multiples, so the
moments are the same ones, only fewer, and at least one a week (`LONGEST_SKIP`). Work that is
added meanwhile wakes it: every commit of this process that changed rows (`wake_all`), and
whatever a feature knows makes work without a write (`wake`), re-arm a skipping sweep at its
next multiple.

Skipping is for one process only: the virtual clock (the console and the tests), where every
write to the database is this process's own. On the real clock several processes may share a
database, and a process does not hear the others' writes: a process that skipped ahead would
find a card flagged elsewhere only at the moment it had chosen. There, sweeps keep every
multiple, which costs one cheap query per sweep per interval.
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

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
LONGEST_SKIP = timedelta(days=7)
"""A sweep with nothing pending still runs once a week: one armed timer each, and a net under
a next-due query that missed something."""

SweepHandler = Callable[[Platform, datetime], Awaitable[None]]
"""Runs a sweep on one platform (the scheduler turns it into the communities served there)."""
NextDue = Callable[[Platform, datetime], Awaitable[datetime | None]]
"""When a sweep next has work on one platform (see `bot.jobs.NextDue`)."""


@dataclass(frozen=True, slots=True)
class _Sweep:
    name: str
    interval: timedelta
    handler: SweepHandler
    next_due: NextDue | None


class Sweeps:
    """Arms each registered sweep for each attached platform and re-arms it after every run."""

    def __init__(self, clock: Clock, timers: Timers, *, skip_ahead: bool = False) -> None:
        """Build the sweeps; `skip_ahead` lets a sweep skip the multiples it has no work for."""
        self._clock = clock
        self._timers = timers
        self._skip_ahead = skip_ahead
        self._sweeps: dict[str, _Sweep] = {}
        self._platforms: dict[str, Platform] = {}
        self._skipping: set[str] = set()
        self._changes = 0

    def register(
        self,
        name: str,
        interval: timedelta,
        handler: SweepHandler,
        next_due: NextDue | None = None,
    ) -> None:
        """Run `handler` every `interval` for every attached platform (skipping, see above)."""
        if interval <= timedelta(0):
            raise ValueError(f"sweep {name!r} needs a positive interval")
        sweep = self._sweeps[name] = _Sweep(name, interval, handler, next_due)
        for platform in self._platforms.values():
            self._arm(sweep, platform, next_multiple(sweep.interval, self._clock.now()))

    def attach(self, platform: Platform) -> None:
        """Start sweeping for `platform`."""
        self._platforms[platform.name] = platform
        for sweep in self._sweeps.values():
            self._arm(sweep, platform, next_multiple(sweep.interval, self._clock.now()))

    def wake(self, name: str) -> None:
        """Work for sweep `name` was added: a skipping run of it comes back to its next multiple."""
        self._changes += 1
        sweep = self._sweeps.get(name)
        if sweep is None or not self._skipping:
            return
        for platform in self._platforms.values():
            self._wake(sweep, platform)

    def wake_all(self) -> None:
        """Something was written: every skipping sweep comes back to its next multiple."""
        self._changes += 1
        if not self._skipping:
            return
        for sweep in self._sweeps.values():
            for platform in self._platforms.values():
                self._wake(sweep, platform)

    def _wake(self, sweep: _Sweep, platform: Platform) -> None:
        job_id = _job_id(sweep, platform)
        if job_id not in self._skipping:
            return
        # Strictly later, as without skipping: this moment's run is over (or had nothing to do).
        self._arm(sweep, platform, next_multiple(sweep.interval, self._clock.now()))

    def _arm(self, sweep: _Sweep, platform: Platform, due: datetime) -> None:
        job_id = _job_id(sweep, platform)

        async def run() -> None:
            self._arm(sweep, platform, next_multiple(sweep.interval, due))
            try:
                await sweep.handler(platform, due)
            except Exception:
                log.exception(
                    "sweep %s on %s failed; it runs again at its next moment",
                    sweep.name,
                    platform.name,
                )
                return
            await self._skip_to_work(sweep, platform, due)

        self._skipping.discard(job_id)
        self._timers.arm(job_id, due, run)

    async def _skip_to_work(self, sweep: _Sweep, platform: Platform, ran: datetime) -> None:
        """After a run at `ran`, move the next one to the multiple where work is next due."""
        if not self._skip_ahead or sweep.next_due is None:
            return
        changes = self._changes
        try:
            moment = await sweep.next_due(platform, ran)
        except Exception:
            log.exception("sweep %s on %s: its next-due query failed", sweep.name, platform.name)
            return
        if self._changes != changes:
            return  # work may have been added meanwhile, which the query may not have seen
        horizon = ran + LONGEST_SKIP
        work_at = horizon if moment is None else min(moment, horizon)
        due = first_multiple_from(sweep.interval, work_at)
        if due > next_multiple(sweep.interval, ran):
            self._arm(sweep, platform, due)
            self._skipping.add(_job_id(sweep, platform))


def _job_id(sweep: _Sweep, platform: Platform) -> str:
    return f"sweep:{sweep.name}:{platform.name}"


def next_multiple(interval: timedelta, after: datetime) -> datetime:
    """Return the first multiple of `interval` since the epoch that is later than `after`."""
    elapsed = after - EPOCH
    return EPOCH + (elapsed // interval + 1) * interval


def first_multiple_from(interval: timedelta, moment: datetime) -> datetime:
    """Return the first multiple of `interval` since the epoch at or after `moment`."""
    elapsed = moment - EPOCH
    whole = elapsed // interval
    return EPOCH + (whole if whole * interval == elapsed else whole + 1) * interval
