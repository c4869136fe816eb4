"""A sweep that says when it next has work skips the empty runs on the virtual clock, always at
its own multiples, and comes back at its next multiple when work may have been added."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from adapters.console.session import ConsoleSession
from bot.app import App
from bot.clock import VirtualClock
from bot.platform import Platform
from bot.refs import CommunityRef
from scheduler.sweeps import NextDue, SweepHandler, Sweeps, first_multiple_from
from scheduler.timers import VirtualTimers

SIX_HOURS = timedelta(hours=6)


def recorder(runs: list[datetime]) -> SweepHandler:
    async def sweep(_platform: Platform, due: datetime) -> None:
        runs.append(due)

    return sweep


def saying(moments: Callable[[datetime], datetime | None]) -> NextDue:
    async def next_due(_platform: Platform, now: datetime) -> datetime | None:
        return moments(now)

    return next_due


def test_first_multiple_from_includes_the_moment_itself() -> None:
    on_the_hour = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    hour = timedelta(hours=1)
    assert first_multiple_from(hour, on_the_hour) == on_the_hour
    assert first_multiple_from(hour, on_the_hour + timedelta(seconds=1)) == datetime(
        2026, 1, 5, 9, 0, tzinfo=UTC
    )


async def test_a_sweep_skips_to_the_multiple_at_or_after_its_next_work(
    console: ConsoleSession, app: App, clock: VirtualClock
) -> None:
    runs: list[datetime] = []
    work_at = datetime(2026, 1, 8, 3, 10, tzinfo=UTC)
    app.scheduler.every(
        "test", SIX_HOURS, recorder(runs), saying(lambda now: work_at if now < work_at else None)
    )
    await clock.advance_to(clock.now() + timedelta(days=6))
    assert runs == [datetime(2026, 1, 5, 12, tzinfo=UTC), datetime(2026, 1, 8, 6, tzinfo=UTC)]


async def test_a_write_brings_a_skipping_sweep_back_at_its_next_multiple(
    console: ConsoleSession, app: App, clock: VirtualClock
) -> None:
    runs: list[datetime] = []
    app.scheduler.every("test", SIX_HOURS, recorder(runs), saying(lambda _now: None))
    await clock.advance_to(datetime(2026, 1, 6, 1, tzinfo=UTC))
    await app.services.communities.ensure(CommunityRef("console", "another-community"))
    await clock.advance_to(datetime(2026, 1, 9, tzinfo=UTC))
    assert runs == [datetime(2026, 1, 5, 12, tzinfo=UTC), datetime(2026, 1, 6, 6, tzinfo=UTC)]


async def test_a_wake_brings_a_skipping_sweep_back_at_its_next_multiple(
    console: ConsoleSession, app: App, clock: VirtualClock
) -> None:
    runs: list[datetime] = []
    app.scheduler.every("test", SIX_HOURS, recorder(runs), saying(lambda _now: None))
    await clock.advance_to(datetime(2026, 1, 7, 13, tzinfo=UTC))
    app.scheduler.wake("test")
    app.scheduler.wake("no-such-sweep")
    await clock.advance_to(datetime(2026, 1, 9, tzinfo=UTC))
    assert runs == [datetime(2026, 1, 5, 12, tzinfo=UTC), datetime(2026, 1, 7, 18, tzinfo=UTC)]


async def test_a_failing_next_due_query_keeps_every_multiple(
    console: ConsoleSession, app: App, clock: VirtualClock
) -> None:
    runs: list[datetime] = []

    async def broken(_platform: Platform, _now: datetime) -> datetime | None:
        raise RuntimeError("the database went away for a moment")

    app.scheduler.every("test", SIX_HOURS, recorder(runs), broken)
    await clock.advance_to(clock.now() + timedelta(days=1))
    assert len(runs) == 4


async def test_without_skipping_a_sweep_keeps_every_multiple(
    console: ConsoleSession, clock: VirtualClock
) -> None:
    """The real clock's setting: other processes' writes go unheard, so nothing is skipped."""
    runs: list[datetime] = []
    sweeps = Sweeps(clock, VirtualTimers(clock), skip_ahead=False)
    sweeps.register("test", SIX_HOURS, recorder(runs), saying(lambda _now: None))
    sweeps.attach(console.platform)
    sweeps.wake_all()
    await clock.advance_to(clock.now() + timedelta(days=1))
    assert len(runs) == 4


async def test_a_sweep_with_nothing_pending_still_runs_once_a_week(
    console: ConsoleSession, app: App, clock: VirtualClock
) -> None:
    runs: list[datetime] = []
    app.scheduler.every("test", SIX_HOURS, recorder(runs), saying(lambda _now: None))
    await clock.advance_to(clock.now() + timedelta(days=15))
    assert runs == [datetime(2026, 1, day, 12, tzinfo=UTC) for day in (5, 12, 19)]
