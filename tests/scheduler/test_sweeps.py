"""Sweeps run at fixed multiples of their interval for each attached platform, and go on after
a failure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from adapters.console.session import ConsoleSession
from bot.app import App
from bot.clock import VirtualClock
from bot.platform import Platform
from scheduler.sweeps import next_multiple


def test_next_multiple_is_strictly_later_and_aligned_to_the_epoch() -> None:
    hour = timedelta(hours=1)
    on_the_hour = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    assert next_multiple(hour, on_the_hour) == datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert next_multiple(hour, on_the_hour + timedelta(seconds=1)) == datetime(
        2026, 1, 5, 9, 0, tzinfo=UTC
    )
    assert next_multiple(timedelta(days=1), on_the_hour) == datetime(2026, 1, 6, tzinfo=UTC)


async def test_a_sweep_runs_at_each_moment_and_survives_a_failing_run(
    console: ConsoleSession, app: App, clock: VirtualClock
) -> None:
    runs: list[tuple[str, datetime]] = []

    async def sweep(platform: Platform, due: datetime) -> None:
        runs.append((platform.name, due))
        if len(runs) == 2:
            raise RuntimeError("the database went away for a moment")

    app.scheduler.every("test", timedelta(hours=6), sweep)
    await clock.advance_to(clock.now() + timedelta(days=1))
    assert runs == [
        ("console", datetime(2026, 1, 5, 12, tzinfo=UTC)),
        ("console", datetime(2026, 1, 5, 18, tzinfo=UTC)),
        ("console", datetime(2026, 1, 6, 0, tzinfo=UTC)),
        ("console", datetime(2026, 1, 6, 6, tzinfo=UTC)),
    ]
