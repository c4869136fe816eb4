"""Scheduler start-up and bursts: 10,000 schedules across 1,000 communities.

- Arm: the seconds `attach` takes to read every schedule, check the ledger for missed work and
  arm each schedule's next occurrence, with APScheduler (production) and with the virtual clock.
- Burst: the seconds to fire 1,000 occurrences due in the same minute (one per community), each
  claimed in the ledger, posted through the console adapter with its thread and recorded.
- Poll: the seconds the minutely look for schedules changed by another process takes when
  nothing changed (one aggregate query over the platform's schedules).

SQLite file. Targets: arm under 2 s; burst under 5 s. The last line is one JSON object. A figure,
not a test.

    python3 dev.py bench scheduler      (or: python -m benchmarks.scheduler)
"""

from __future__ import annotations

import asyncio
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path

from sqlalchemy import insert

from adapters.console.session import ConsoleSession
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


async def measure(directory: Path) -> dict[str, float | int | str]:
    """Fill the databases, then time arming (both timers) and one burst."""
    # APScheduler runs on the wall clock, so its schedules are created "now"; the virtual clock's
    # a minute before the burst.
    real_time = await _filled(directory / "real", RealClock().now())
    arm_apscheduler = await _arm_seconds(real_time, RealClock())
    virtual_time = await _filled(directory / "virtual", BEFORE_BURST)
    arm_virtual = await _arm_seconds(virtual_time, VirtualClock(BEFORE_BURST))
    poll_seconds = await _poll_seconds(virtual_time)
    burst_seconds, posted = await _burst(virtual_time)
    return {
        "benchmark": "scheduler",
        "schedules": COMMUNITIES * SCHEDULES_PER_COMMUNITY,
        "communities": COMMUNITIES,
        "arm_seconds_apscheduler": round(arm_apscheduler, 3),
        "arm_seconds_virtual": round(arm_virtual, 3),
        "burst_occurrences": posted,
        "burst_seconds": round(burst_seconds, 3),
        "poll_seconds": round(poll_seconds, 3),
        "target_arm_seconds": 2,
        "target_burst_seconds": 5,
        "database": "sqlite file",
    }


def main() -> None:
    """Print the figures, then one JSON line."""
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as scratch:
        figures = asyncio.run(measure(Path(scratch)))
    print(f"{figures['schedules']} schedules in {figures['communities']} communities (SQLite file)")
    print(
        f"arm: {figures['arm_seconds_apscheduler']} s with APScheduler, "
        f"{figures['arm_seconds_virtual']} s on the virtual clock; target < 2 s"
    )
    print(
        f"burst: {figures['burst_occurrences']} occurrences due in one minute fired in "
        f"{figures['burst_seconds']} s; target < 5 s"
    )
    print(
        f"poll: {figures['poll_seconds']} s a minute to look for schedules changed by another "
        "process (nothing changed: one aggregate query)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
