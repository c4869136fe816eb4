"""One-shot jobs by stable id: APScheduler drives real time, the virtual clock drives tests.

Arming a job id again replaces it, so re-arming a schedule after a change never leaves the old
time armed. Jobs live in memory only (APScheduler's in-memory job store, nothing pickled): the
schedule rows are the truth and the scheduler rebuilds the jobs from them.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Protocol

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.clock import TimerHandle, VirtualClock

log = logging.getLogger(__name__)

JobCallback = Callable[[], Awaitable[None]]


class Timers(Protocol):
    """Runs a callback once at a moment, by job id."""

    def arm(self, job_id: str, due: datetime, callback: JobCallback) -> None:
        """Run `callback` at `due`, replacing whatever `job_id` was armed for."""
        ...

    def cancel(self, job_id: str) -> None:
        """Forget `job_id`, if armed."""
        ...

    def start(self) -> None:
        """Start running jobs (inside the event loop)."""
        ...

    async def stop(self) -> None:
        """Stop running jobs."""
        ...


class VirtualTimers:
    """Jobs on the virtual clock: they run as the console or a test advances it."""

    def __init__(self, clock: VirtualClock) -> None:
        self._clock = clock
        self._armed: dict[str, TimerHandle] = {}

    def arm(self, job_id: str, due: datetime, callback: JobCallback) -> None:
        """Run `callback` when the clock reaches `due`, unless re-armed or cancelled first."""
        self.cancel(job_id)
        timer: TimerHandle | None = None

        async def run() -> None:
            if self._armed.get(job_id) is not timer:
                return  # replaced or cancelled after its batch of due timers was taken
            del self._armed[job_id]
            await callback()

        timer = self._armed[job_id] = self._clock.call_at(max(due, self._clock.now()), run)

    def cancel(self, job_id: str) -> None:
        """Forget `job_id`."""
        timer = self._armed.pop(job_id, None)
        if timer is not None:
            self._clock.cancel(timer)

    def armed(self) -> int:
        """Return how many jobs are armed."""
        return len(self._armed)

    def start(self) -> None:
        """Nothing to start: the clock runs jobs as it is advanced."""

    async def stop(self) -> None:
        """Forget every job."""
        for job_id in list(self._armed):
            self.cancel(job_id)


class APSchedulerTimers:
    """Jobs on APScheduler 3's `AsyncIOScheduler`, one date trigger per job id."""

    def __init__(self) -> None:
        # misfire_grace_time=None: a job whose moment passed while the loop was busy still runs;
        # lateness after downtime is the scheduler's grace window to judge, not APScheduler's.
        self._scheduler = AsyncIOScheduler(
            timezone=UTC, job_defaults={"misfire_grace_time": None, "coalesce": True}
        )
        self._callbacks: dict[str, JobCallback] = {}

    def arm(self, job_id: str, due: datetime, callback: JobCallback) -> None:
        """Run `callback` at `due`; the job's only argument is its id."""
        self._callbacks[job_id] = callback
        self._scheduler.add_job(
            self._run,
            DateTrigger(run_date=due, timezone=UTC),
            args=[job_id],
            id=job_id,
            replace_existing=True,
        )

    def cancel(self, job_id: str) -> None:
        """Remove `job_id`, if armed."""
        self._callbacks.pop(job_id, None)
        if self._scheduler.get_job(job_id) is not None:
            self._scheduler.remove_job(job_id)

    def armed(self) -> int:
        """Return how many jobs are armed."""
        return len(self._scheduler.get_jobs())

    def start(self) -> None:
        """Start APScheduler on the running event loop (once)."""
        if not self._scheduler.running:
            self._scheduler.start()

    async def stop(self) -> None:
        """Shut APScheduler down without waiting for running jobs."""
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)

    async def _run(self, job_id: str) -> None:
        callback = self._callbacks.pop(job_id, None)
        if callback is None:
            return
        try:
            await callback()
        except Exception:
            log.exception("scheduled job %s failed", job_id)
