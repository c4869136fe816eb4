"""The scheduler: arms every schedule of the running platforms and fires each occurrence once.

- On attach (a platform connected) it reads that platform's schedules and arms the next
  occurrence of each under the stable job id `schedule:<id>`; on every change it re-arms that
  one schedule. Firing arms the following occurrence before doing the work.
- After downtime it catches up: occurrences missed within the grace window are done now;
  older ones are recorded as missed, logged and reported once to the hosts channel.
- The ledger makes each occurrence happen once across restarts, crashes and processes. A job
  that fails on the platform, or raises anything unexpected (a bug, a locked database), is
  retried with backoff, the claim's lease extended meanwhile; when it keeps failing, it is
  recorded failed and the hosts are told why. That run of one occurrence is occurrence.py's.
- During a community's break the occurrence is recorded as paused and nothing is done.
- A schedule created, re-timed or removed by another process on the same database is armed
  or disarmed here at the next poll (every minute in production), and checked again when it
  falls due.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.clock import Clock, VirtualClock
from bot.i18n import speaking
from bot.jobs import (
    AttachHandler,
    JobHandler,
    LanguageOf,
    NextDue,
    OnceHandler,
    SweepHandler,
)
from bot.metrics import Metrics
from bot.metrics import OccurrenceOutcome as Counted
from bot.platform import Platform, Platforms
from bot.serving import Served, served_communities
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleInfo, ScheduleService
from scheduler import notices
from scheduler.ledger import CLAIMED, MISSED, NOT_RUNNING, Entry, Ledger
from scheduler.occurrence import OccurrenceRunner, community_of, describe
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
        self._platforms = platforms
        self._metrics = metrics or Metrics()
        self._occurrences = OccurrenceRunner(
            clock=clock,
            timers=timers,
            ledger=ledger,
            schedules=schedules,
            communities=communities,
            platforms=platforms,
            backoff=backoff,
            metrics=self._metrics,
            rearm=self.rearm,
        )
        # Only the virtual clock's single process hears every write: see scheduler/sweeps.py.
        self._sweeps = Sweeps(clock, timers, skip_ahead=isinstance(clock, VirtualClock))
        ledger.on_write(self._sweeps.wake_all)
        self._armed: dict[int, ScheduleInfo] = {}
        self._on_attach: list[AttachHandler] = []
        self._marks: dict[str, tuple[int, int, int]] = {}
        schedules.watch(self.rearm)
        if poll is not None:
            self._sweeps.register(CHANGES_SWEEP, poll, self._follow_changes)

    def speak(self, language_of: LanguageOf) -> None:
        """Run each occurrence in its community's language (`language_of(community_id)`)."""
        self._occurrences.speak(language_of)

    def register(self, kind: str, handler: JobHandler) -> None:
        """Do `handler` for each occurrence of schedules of `kind`."""
        self._occurrences.register(kind, handler)

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
            if not self._platforms.owns(community_of(info)):
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
        if info is not None and self._platforms.owns(community_of(info)):
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
        rows = {info.id: info for info in everywhere if self._platforms.owns(community_of(info))}
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
        """Do the occurrence of `info` due at `due` (see `OccurrenceRunner.run`)."""
        await self._occurrences.run(info, due)

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
        platform = self._platforms.for_community(community_of(info))
        if platform is None:
            how = "started but never finished" if started else "missed while not running"
            log.warning("%s %s and skipped; no platform to tell", describe(info, dues[-1]), how)
            return
        # Outside any occurrence (a platform attaching): in the community's language here.
        with speaking(await self._occurrences.language(info.community_id)):
            post = notices.post_due(info, dues[-1], platform)
            text = notices.missed(post, len(dues) - 1, self._grace, started=started)
            # Logged there where nobody can be told.
            await self._occurrences.tell_hosts(info, platform, text)


def _missed(info: ScheduleInfo, last: datetime | None, now: datetime) -> list[datetime]:
    """Return the occurrences due by `now` that the ledger has no row for (after `last`)."""
    since = info.rule.due_on(info.rule.anchor) if last is None else last
    return [due for due in info.rule.due_between(since, now) if due != last]


def _behind(info: ScheduleInfo, latest: Entry | None, now: datetime) -> bool:
    """Return whether a schedule has missed or unfinished work (most have neither)."""
    if latest is not None and latest.status == CLAIMED:
        return True
    return bool(_missed(info, None if latest is None else latest.due, now))


def _job_id(schedule_id: int) -> str:
    return f"schedule:{schedule_id}"
