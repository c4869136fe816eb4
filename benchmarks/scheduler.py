"""Scheduler start-up and bursts: 10,000 schedules across 1,000 communities.

- Arm: the seconds `attach` takes to read every schedule, check the ledger for missed work and
  arm each schedule's next occurrence, with APScheduler (production) and with the virtual clock.
- Burst: the seconds to fire 1,000 occurrences due in the same minute (one per community), each
  claimed in the ledger, posted through the console adapter with its thread and recorded.
- Poll: the seconds the minutely look for schedules changed by another process takes when
  nothing changed (one aggregate query over the platform's schedules).

SQLite file, filled once. Each figure is the median of three runs (the poll and the burst each on
a fresh copy of the filled file, so every burst finds its occurrences unclaimed). Targets: arm
under 2 s; burst under 5 s. The machine's load is printed first; the last line is one JSON
object with the figures. A figure, not a test.

    python3 dev.py bench scheduler      (or: python -m benchmarks.scheduler)
"""

from __future__ import annotations

import asyncio
import random
import shutil
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import insert

from adapters.console.session import ConsoleSession
from benchmarks.support import machine, report
from benchmarks.support.repeat import median, repeated_async
from benchmarks.support.report import Figure, at_most, baseline
from bot.app import App, build_app
from bot.clock import RealClock, VirtualClock
from bot.recurrence import first_anchor
from bot.settings import Settings
from bot.storage.models import Community, Schedule

COMMUNITIES = 1_000
SCHEDULES_PER_COMMUNITY = 10
START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # a Monday
BURST_AT = datetime(2026, 1, 7, 18, 0, tzinfo=UTC)  # the Wednesday all burst schedules share
BEFORE_BURST = BURST_AT - timedelta(minutes=1)
POLLS = 10
TARGET_ARM_SECONDS = 2.0
TARGET_BURST_SECONDS = 5.0
T = TypeVar("T")


def _settings(directory: Path) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{directory / 'bench.db'}",
    )


async def _fill(app: App, start: datetime) -> None:
    """1,000 console communities with 10 topic schedules each, created at `start`.

    Each community's first schedule falls on BURST_AT's weekday and time; the rest elsewhere.
    """
    rng = random.Random(5)
    communities = [
        {"platform": "console", "external_id": f"c{n}", "timezone": "UTC", "created_at": start}
        for n in range(COMMUNITIES)
    ]
    rows = []
    for community_id in range(1, COMMUNITIES + 1):
        for slot in range(SCHEDULES_PER_COMMUNITY):
            if slot == 0:
                weekday, hour, minute = BURST_AT.weekday(), BURST_AT.hour, BURST_AT.minute
            else:  # the rest fall elsewhere in the week
                weekday, hour, minute = rng.choice([0, 1, 3, 4, 5, 6]), rng.randrange(24), 30
            at = dt_time(hour, minute)
            rows.append(
                {
                    "community_id": community_id,
                    "kind": "topic",
                    "channel_external_id": f"topics-{slot}",
                    "weekday": weekday,
                    "hour": hour,
                    "minute": minute,
                    "every_weeks": 1,
                    "anchor_date": first_anchor(weekday, at, "UTC", start),
                    "created_at": start,
                }
            )
    async with app.database.session() as session, session.begin():
        await session.execute(insert(Community), communities)
        await session.execute(insert(Schedule), rows)


async def _filled(directory: Path, start: datetime) -> Path:
    """Create a database in `directory` with the schedules, as if created at `start`."""
    await asyncio.to_thread(directory.mkdir)
    app = build_app(_settings(directory), VirtualClock(start))
    await app.start()
    try:
        await _fill(app, start)
    finally:
        await app.close()
    return directory


async def _arm_seconds(directory: Path, clock: RealClock | VirtualClock) -> float:
    app = build_app(_settings(directory), clock)
    await app.start()
    try:
        console = ConsoleSession(app, VirtualClock(clock.now()))
        started = time.perf_counter()
        await console.attach()
        return time.perf_counter() - started
    finally:
        await app.close()


async def _burst(directory: Path) -> tuple[float, int]:
    clock = VirtualClock(BEFORE_BURST)
    app = build_app(_settings(directory), clock)
    await app.start()
    try:
        console = ConsoleSession(app, clock)
        await console.attach()
        started = time.perf_counter()
        records = await console.say("time +1m")
        seconds = time.perf_counter() - started
        return seconds, len([r for r in records if r.kind == "post"])
    finally:
        await app.close()


async def _poll_seconds(directory: Path) -> float:
    """Seconds one look for other processes' schedule changes takes (nothing changed)."""
    clock = VirtualClock(BURST_AT - timedelta(minutes=59))  # no other sweep or post due soon
    settings = _settings(directory).model_copy(update={"schedule_poll_seconds": 60})
    app = build_app(settings, clock)
    await app.start()
    try:
        console = ConsoleSession(app, clock)
        await console.attach()
        await console.say("time +1m")  # the first look after attaching
        started = time.perf_counter()
        await console.say(f"time +{POLLS}m")  # one look a minute
        return (time.perf_counter() - started) / POLLS
    finally:
        await app.close()


async def _copy(prepared: Path, directory: Path) -> Path:
    """Copy the prepared database (and any journal beside it) into `directory`, untouched by
    the repetitions before."""

    def copy() -> None:
        directory.mkdir()
        for file in prepared.glob("bench.db*"):
            shutil.copy2(file, directory / file.name)

    await asyncio.to_thread(copy)
    return directory


async def measure(directory: Path) -> dict[str, Any]:
    """Fill the databases once, then time arming (both timers), the poll and one burst, each
    the median of REPETITIONS runs (the poll and the burst on a fresh copy each time)."""
    # APScheduler runs on the wall clock, so its schedules are created "now"; the virtual clock's
    # a minute before the burst.
    real_time = await _filled(directory / "real", RealClock().now())
    arm_apscheduler = await repeated_async(lambda _n: _arm_seconds(real_time, RealClock()))
    virtual_time = await _filled(directory / "virtual", BEFORE_BURST)
    arm_virtual = await repeated_async(
        lambda _n: _arm_seconds(virtual_time, VirtualClock(BEFORE_BURST))
    )
    polls = await repeated_async(
        lambda n: _copied(virtual_time, directory / f"poll-{n}", _poll_seconds)
    )
    bursts = await repeated_async(lambda n: _copied(virtual_time, directory / f"burst-{n}", _burst))
    posted = {count for _seconds, count in bursts}
    assert len(posted) == 1, f"the repetitions posted different counts: {posted}"
    return {
        "schedules": COMMUNITIES * SCHEDULES_PER_COMMUNITY,
        "communities": COMMUNITIES,
        "repetitions": len(bursts),
        "arm_seconds_apscheduler": round(median(arm_apscheduler), 3),
        "arm_seconds_virtual": round(median(arm_virtual), 3),
        "burst_occurrences": posted.pop(),
        "burst_seconds": round(median([seconds for seconds, _count in bursts]), 3),
        "poll_seconds": round(median(polls), 3),
        "target_arm_seconds": TARGET_ARM_SECONDS,
        "target_burst_seconds": TARGET_BURST_SECONDS,
        "database": "sqlite file",
    }


async def _copied(prepared: Path, directory: Path, timed: Callable[[Path], Awaitable[T]]) -> T:
    return await timed(await _copy(prepared, directory))


def figures(measured: dict[str, Any]) -> list[Figure]:
    """Return the figures against their targets (the poll has none)."""
    return [
        at_most(
            "arm (APScheduler)", measured["arm_seconds_apscheduler"], TARGET_ARM_SECONDS, "s", 2
        ),
        at_most("arm (virtual clock)", measured["arm_seconds_virtual"], TARGET_ARM_SECONDS, "s", 2),
        at_most(
            f"burst of {measured['burst_occurrences']:,}",
            measured["burst_seconds"],
            TARGET_BURST_SECONDS,
            "s",
            2,
        ),
        baseline("poll (nothing changed)", measured["poll_seconds"] * 1000, "ms", 1),
    ]


def main() -> None:
    """Print the load, the figures (medians of REPETITIONS runs), then one JSON line."""
    machine.print_load()
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as scratch:
        measured = asyncio.run(measure(Path(scratch)))
    runs = measured["repetitions"]
    print(
        f"{measured['schedules']} schedules in {measured['communities']} communities "
        f"(SQLite file), medians of {runs} runs"
    )
    print(
        f"arm: {measured['arm_seconds_apscheduler']} s with APScheduler, "
        f"{measured['arm_seconds_virtual']} s on the virtual clock; target < 2 s"
    )
    print(
        f"burst: {measured['burst_occurrences']} occurrences due in one minute fired in "
        f"{measured['burst_seconds']} s; target < 5 s"
    )
    print(
        f"poll: {measured['poll_seconds']} s a minute to look for schedules changed by another "
        "process (nothing changed: one aggregate query)"
    )
    report.emit("scheduler", figures(measured), **measured)


if __name__ == "__main__":
    main()
