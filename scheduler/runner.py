"""The scheduler: arms every schedule of the running platforms and fires each occurrence once.

- On attach (a platform connected) it reads that platform's schedules and arms the next
  occurrence of each under the stable job id `schedule:<id>`; on every change it re-arms that
  one schedule. Firing arms the following occurrence before doing the work.
- After downtime it catches up: occurrences missed within the grace window are done now;
  older ones are recorded as missed, logged and reported once to the hosts channel.
- The ledger makes each occurrence happen once across restarts, crashes and processes. A job
  that fails on the platform, or raises anything unexpected (a bug, a locked database), is
  retried with backoff, the claim's lease extended meanwhile; when it keeps failing, it is
  recorded failed and the hosts are told why.
- During a community's break the occurrence is recorded as paused and nothing is done.
- A schedule created, re-timed or removed by another process on the same database is armed
  or disarmed here at the next poll (every minute in production), and checked again when it
  falls due.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.clock import Clock, VirtualClock
from bot.errors import PlatformError, UserFacingError
from bot.jobs import AttachHandler, JobHandler, NextDue, OnceHandler, SweepHandler
from bot.messages import OutboundMessage
from bot.metrics import Metrics
from bot.metrics import OccurrenceOutcome as Counted
from bot.platform import Platform, Platforms
from bot.refs import CommunityRef
from bot.serving import Served, served_communities
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.schedules import ScheduleInfo, ScheduleService
from scheduler import notices
from scheduler.completion import Completion
from scheduler.ledger import (
    CLAIMED,
    DONE,
    FAILED,
    MISSED,
    NOT_RUNNING,
    Entry,
    Ledger,
    Outcome,
)
from scheduler.sweeps import Sweeps
from scheduler.timers import Timers

log = logging.getLogger(__name__)

DEFAULT_BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=30),
)
LEASE = timedelta(minutes=10)
"""The default of COHORT_SCHEDULE_LEASE_SECONDS: how long a claim holds before another process
may take it over."""
MAX_MISSED_RECORDED = 20
CONCURRENT_OCCURRENCES = 8
CHANGES_SWEEP = "schedule-changes"


class Scheduler:
    """Rebuilds the jobs from the schedule rows and runs each occurrence exactly once."""

    def __init__(
        self,
        *,
        clock: Clock,
        timers: Timers,
        ledger: Ledger,
        schedules: ScheduleService,
        communities: CommunityService,
        platforms: Platforms,
        grace: timedelta,
        backoff: Sequence[timedelta] = DEFAULT_BACKOFF,
        poll: timedelta | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        """Build the scheduler; `poll` is how often to look for changes made by other processes.

        `platforms` says which platform serves each schedule's community (the app adds each
        platform there before attaching it here).
        """
        self._clock = clock
        self._timers = timers
        self._ledger = ledger
        self._schedules = schedules
        self._communities = communities
        self._grace = grace
        self._backoff = tuple(backoff)
        self._handlers: dict[str, JobHandler] = {}
        self._platforms = platforms
        self._metrics = metrics or Metrics()
        # Occurrences due together are claimed together (the ledger batches them), then their
        # work runs a few at a time: enough to overlap round trips, inside the connection pool.
        self._slots = asyncio.Semaphore(CONCURRENT_OCCURRENCES)
        # Only the virtual clock's single process hears every write: see scheduler/sweeps.py.
        self._sweeps = Sweeps(clock, timers, skip_ahead=isinstance(clock, VirtualClock))
        ledger.on_write(self._sweeps.wake_all)
        self._armed: dict[int, ScheduleInfo] = {}
        self._on_attach: list[AttachHandler] = []
        self._marks: dict[str, tuple[int, int, int]] = {}
        schedules.watch(self.rearm)
        if poll is not None:
            self._sweeps.register(CHANGES_SWEEP, poll, self._follow_changes)

    def register(self, kind: str, handler: JobHandler) -> None:
        """Do `handler` for each occurrence of schedules of `kind`."""
        self._handlers[kind] = handler

    def every(
        self,
        name: str,
        interval: timedelta,
        handler: SweepHandler,
        next_due: NextDue | None = None,
    ) -> None:
        """Run the sweep `handler` every `interval` on each platform served here (sweeps.py).

        `next_due` tells when the sweep next has work, so that runs with nothing to do can be
        skipped where that is safe. Each run is given the communities of the platform this
        process serves (`Served`), so it finds and claims work only there.
        """

        async def on_served(platform: Platform, due: datetime) -> None:
            served = await self._served(platform)
            if served is not None:
                await handler(served, due)

        async def next_due_served(platform: Platform, now: datetime) -> datetime | None:
            served = await self._served(platform)
            if served is None or next_due is None:
                return None
            return await next_due(served, now)

        self._sweeps.register(
            name, interval, on_served, None if next_due is None else next_due_served
        )

    async def _served(self, platform: Platform) -> Served | None:
        """Return the communities of `platform` served here for a sweep (None: not running).

        One read of the platform's communities, each asked of `Platforms`: a sweep then finds
        and claims work only in those (see bot/serving.py).
        """
        unbound = self._platforms.for_community(platform.name)
        if unbound is None:
            return None
        rows = await self._communities.on_platform(platform.name)
        return served_communities(unbound, self._platforms, rows)

    def wake(self, name: str) -> None:
        """Tell sweep `name` that work was added without a write (see sweeps.py)."""
        self._sweeps.wake(name)

    def once(self, job_id: str, due: datetime, handler: OnceHandler) -> None:
        """Run `handler` once at `due`; a failure is logged (the work's own claim stays open)."""

        async def run() -> None:
            try:
                await handler()
            except Exception:
                log.exception("one-shot job %s failed", job_id)

        self._timers.arm(f"once:{job_id}", due, run)

    def forget(self, job_id: str) -> None:
        """Disarm the one-shot timer `job_id`."""
        self._timers.cancel(f"once:{job_id}")

    def on_attach(self, handler: AttachHandler) -> None:
        """Call `handler` with the served communities whenever a platform is attached."""
        self._on_attach.append(handler)

    async def attach(self, platform: Platform) -> None:
        """Start serving `platform`'s schedules: catch up on missed work, then arm each; then
        let the features re-arm their one-shot timers (`on_attach`)."""
        self._timers.start()
        self._sweeps.attach(platform)
        mark = await self._schedules.change_mark(platform.name)  # before the rows it stands for
        latest = await self._ledger.latest(platform.name)
        now = self._clock.now()
        for info in await self._schedules.for_platform(platform.name):
            if not self._platforms.owns(_community(info)):
                continue
            entry = latest.get(info.id)
            if _behind(info, entry, now):
                await self._catch_up(info, entry)
            self._arm(info, now)
        self._marks[platform.name] = mark
        if self._on_attach and (served := await self._served(platform)) is not None:
            for handler in self._on_attach:
                await handler(served, now)

    async def rearm(self, schedule_id: int) -> None:
        """Arm a schedule again after a change, or forget it once removed."""
        info = await self._schedules.get(schedule_id)
        if info is not None and self._platforms.owns(_community(info)):
            self._arm(info, self._clock.now())
        else:  # removed, or its community is another process's (another Discord shard's)
            self._armed.pop(schedule_id, None)
            self._timers.cancel(_job_id(schedule_id))

    def armed(self) -> set[int]:
        """Return the ids of the schedules armed here."""
        return set(self._armed)

    async def _follow_changes(self, platform: Platform, _moment: datetime) -> None:
        """Arm what another process created or changed on the database; disarm what it removed."""
        mark = await self._schedules.change_mark(platform.name)
        if self._marks.get(platform.name) == mark:
            return  # the usual case: one aggregate row, nothing changed anywhere
        everywhere = await self._schedules.for_platform(platform.name)
        rows = {info.id: info for info in everywhere if self._platforms.owns(_community(info))}
        here = {key: info for key, info in self._armed.items() if info.platform == platform.name}
        for schedule_id in sorted(rows.keys() | here.keys()):
            if rows.get(schedule_id) != here.get(schedule_id):
                await self.rearm(schedule_id)  # read afresh: a change made here may be newer
        self._marks[platform.name] = mark  # read before the rows: a later change moves it again

    async def stop(self) -> None:
        """Stop firing."""
        await self._timers.stop()

    def _arm(self, info: ScheduleInfo, after: datetime) -> None:
        due = info.rule.next_after(after)
        self._armed[info.id] = info

        async def fire() -> None:
            await self._fire(info, due)

        self._timers.arm(_job_id(info.id), due, fire)

    async def _fire(self, info: ScheduleInfo, due: datetime) -> None:
        self._arm(info, due)  # the next one, before the work; re-armed if the schedule changed
        await self.run_occurrence(info, due)

    async def run_occurrence(self, info: ScheduleInfo, due: datetime) -> None:
        """Do the occurrence of `info` due at `due`, unless paused or someone else has it.

        An occurrence of a community another process owns (another Discord shard's) is left
        alone: neither claimed nor recorded here, whatever path led to it.
        """
        if not self._platforms.owns(_community(info)):
            log.debug("%s belongs to another process: left alone", _what(info, due))
            return
        start = await self._ledger.begin(info, due)
        if start.outcome is Outcome.CHANGED:
            await self.rearm(info.id)  # changed by another process since it was armed here
        elif start.outcome is Outcome.TAKEN:
            self._metrics.occurrence(info.kind, Counted.TAKEN)
            await self._watch_other_claim(info, due)
        elif start.outcome is Outcome.PAUSED:
            self._metrics.occurrence(info.kind, Counted.PAUSED)
        elif start.outcome is Outcome.CLAIMED and start.occurrence_id is not None:
            async with self._slots:
                await self._attempt(
                    info, due, start.occurrence_id, attempt=1, resumed=start.resumed
                )

    async def _watch_other_claim(self, info: ScheduleInfo, due: datetime) -> None:
        """Another process holds the claim: look again when its lease ends, in case it died."""
        entry = await self._ledger.entry(info.id, due)
        if entry is None or entry.status != CLAIMED or entry.lease_until is None:
            return

        async def look_again() -> None:
            current = await self._schedules.get(info.id)
            if current is not None:
                await self.run_occurrence(current, due)

        check_at = entry.lease_until + timedelta(seconds=1)
        self._timers.arm(f"takeover:{info.id}:{due.isoformat()}", check_at, look_again)

    async def _attempt(
        self,
        info: ScheduleInfo,
        due: datetime,
        occurrence_id: int,
        attempt: int,
        resumed: bool = False,
    ) -> None:
        platform = self._platforms.for_community(_community(info))
        handler = self._handlers.get(info.kind)
        if platform is None or handler is None:
            await self._ledger.finish(occurrence_id, FAILED, "no platform or handler")
            self._metrics.occurrence(info.kind, Counted.FAILED)
            return
        completion = Completion(self._ledger, occurrence_id, again=resumed or attempt > 1)
        try:
            detail = await handler(info, platform, completion)
        except Exception as error:
            await self._failed(
                info, due, platform, occurrence_id, attempt, error, completion.recorded
            )
            return
        if not completion.recorded:
            await self._ledger.finish(occurrence_id, DONE, detail)
        self._metrics.occurrence(info.kind, Counted.DONE)

    async def _failed(
        self,
        info: ScheduleInfo,
        due: datetime,
        platform: Platform,
        occurrence_id: int,
        attempt: int,
        error: Exception,
        recorded: bool,
    ) -> None:
        """Fail at once what a host must fix; retry a platform's fault and anything unexpected."""
        if recorded:  # the work committed as done before the error: doing it again would repeat it
            log.error("%s was done, then raised", _what(info, due), exc_info=error)
            self._metrics.occurrence(info.kind, Counted.DONE)
        elif isinstance(error, UserFacingError) and not isinstance(error, PlatformError):
            await self._ledger.finish(occurrence_id, FAILED, str(error))
            self._metrics.occurrence(info.kind, Counted.FAILED)
            post = notices.post_due(info, due, platform)
            await self._tell_hosts(info, platform, notices.did_not_happen(post, str(error)))
        else:
            if not isinstance(error, PlatformError):
                log.error("%s raised unexpectedly", _what(info, due), exc_info=error)
            await self._retry_or_give_up(info, due, platform, occurrence_id, attempt, error)

    async def _retry_or_give_up(
        self,
        info: ScheduleInfo,
        due: datetime,
        platform: Platform,
        occurrence_id: int,
        attempt: int,
        error: Exception,
    ) -> None:
        reason = notices.reason(error)
        if attempt > len(self._backoff):
            log.warning("%s failed %d times; giving up: %s", _what(info, due), attempt, reason)
            await self._ledger.finish(occurrence_id, FAILED, reason)
            self._metrics.occurrence(info.kind, Counted.FAILED)
            post = notices.post_due(info, due, platform)
            await self._tell_hosts(info, platform, notices.given_up(post, attempt, reason))
            return
        retry_at = self._clock.now() + self._backoff[attempt - 1]
        log.info("%s failed (%s); retrying at %s", _what(info, due), reason, retry_at.isoformat())
        self._metrics.occurrence(info.kind, Counted.RETRIED)

        async def retry() -> None:
            await self._attempt(info, due, occurrence_id, attempt + 1)

        # Armed first: a fault that also blocks the ledger (a locked database) must not
        # leave the occurrence claimed with nothing to retry it.
        self._timers.arm(f"retry:{occurrence_id}", retry_at, retry)
        try:
            await self._ledger.extend(occurrence_id, retry_at, attempt)
        except Exception:
            log.exception("could not extend the claim on %s; retrying anyway", _what(info, due))

    async def _catch_up(self, info: ScheduleInfo, latest: Entry | None) -> None:
        now = self._clock.now()
        window_start = now - self._grace
        last = None if latest is None else latest.due
        missed = _missed(info, last, now)
        too_late = [due for due in missed if due < window_start][-MAX_MISSED_RECORDED:]
        # Only the process whose insert records an occurrence reports it: hosts hear once.
        not_run = [
            due for due in too_late if await self._ledger.record(info.id, due, MISSED, NOT_RUNNING)
        ]
        self._metrics.occurrence(info.kind, Counted.MISSED, len(not_run))
        await self._report_missed(info, not_run, started=False)
        if latest is not None and latest.status == CLAIMED and latest.due < window_start:
            unfinished = await self._ledger.abandon_stale(info.id, window_start)
            self._metrics.occurrence(info.kind, Counted.MISSED, len(unfinished))
            await self._report_missed(info, unfinished, started=True)
        for due in [due for due in missed if due >= window_start]:
            await self.run_occurrence(info, due)
        if latest is not None and latest.status == CLAIMED and latest.due >= window_start:
            await self.run_occurrence(info, latest.due)  # a claim left by a crash

    async def _report_missed(
        self, info: ScheduleInfo, dues: list[datetime], *, started: bool
    ) -> None:
        """Tell the hosts about the newest of `dues` (and how many before it) skipped as late.

        `started`: they were claimed but never finished, rather than missed while down.
        """
        if not dues:
            return
        platform = self._platforms.for_community(_community(info))
        if platform is None:
            how = "started but never finished" if started else "missed while not running"
            log.warning("%s %s and skipped; no platform to tell", _what(info, dues[-1]), how)
            return
        post = notices.post_due(info, dues[-1], platform)
        text = notices.missed(post, len(dues) - 1, self._grace, started=started)
        await self._tell_hosts(info, platform, text)  # logged there where nobody can be told

    async def _tell_hosts(self, info: ScheduleInfo, platform: Platform, text: str) -> None:
        hosts = await self._communities.channel_for(
            info.community_id, info.platform, ChannelPurpose.HOSTS
        )
        if hosts is None:
            log.warning("no hosts channel to tell: %s", text)
            return
        try:
            await platform.post(hosts, OutboundMessage(text))
        except PlatformError as error:
            log.warning("could not tell the hosts (%s): %s", error, text)


def _missed(info: ScheduleInfo, last: datetime | None, now: datetime) -> list[datetime]:
    """Return the occurrences due by `now` that the ledger has no row for (after `last`)."""
    since = info.rule.due_on(info.rule.anchor) if last is None else last
    return [due for due in info.rule.due_between(since, now) if due != last]


def _behind(info: ScheduleInfo, latest: Entry | None, now: datetime) -> bool:
    """Return whether a schedule has missed or unfinished work (most have neither)."""
    if latest is not None and latest.status == CLAIMED:
        return True
    return bool(_missed(info, None if latest is None else latest.due, now))


def _community(info: ScheduleInfo) -> CommunityRef:
    return CommunityRef(info.platform, info.community_external_id)


def _job_id(schedule_id: int) -> str:
    return f"schedule:{schedule_id}"


def _what(info: ScheduleInfo, due: datetime) -> str:
    """Name an occurrence in a log line (English, like every log line)."""
    return f"schedule {info.id} ({info.kind}, channel {info.channel_id}) due {due.isoformat()}"
