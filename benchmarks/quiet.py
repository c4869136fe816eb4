"""The quiet sweep's selection over 100,000 members of one community, on a SQLite file.

A third of the members are quiet (no message for 20 to 90 days, or never since joining), the
rest posted in the last fortnight; one in twenty opted out, one in twenty was nudged last week,
one in fifty left, and a tenth have their own time zone. Times the selection the hourly sweep
makes, through the sweep's own `daytime_candidates` (the query, then the local-daytime filter),
and the count `/quiet list` shows; each is the median of five runs. The last line is one JSON
object. Target: the selection under 1 s.

    python3 dev.py bench quiet      (or: python -m benchmarks.quiet)
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from benchmarks.support.machine import print_load
from benchmarks.support.repeat import median, repeated_async
from benchmarks.support.report import Figure, at_most, baseline, emit
from bot.clock import VirtualClock
from bot.memory import keep_startup_objects
from bot.participation.nudge_sweep import daytime_candidates
from bot.participation.quiet import QuietService
from bot.refs import CommunityRef
from bot.shared.communities import CommunityService
from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import Member, Participation

MEMBERS = 100_000
NOW = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
QUIET_DAYS = 14
COOLDOWN = timedelta(days=30)
ZONES = ("Europe/Berlin", "America/New_York", "Asia/Tokyo", "Australia/Sydney")
RUNS = 5
TARGET_SECONDS = 1.0


def member_rows(community_id: int, chance: random.Random) -> list[dict[str, Any]]:
    """Return the members' rows."""
    rows = []
    for number in range(MEMBERS):
        joined = NOW - timedelta(days=chance.randrange(15, 400))
        quiet = chance.random() < 1 / 3
        if quiet:
            last: datetime | None = (
                None if chance.random() < 0.3 else NOW - timedelta(days=chance.randrange(20, 90))
            )
        else:
            last = NOW - timedelta(hours=chance.randrange(1, 14 * 24))
        rows.append(
            {
                "community_id": community_id,
                "external_id": f"U{number:06}",
                "display_name": f"Member {number}",
                "timezone": chance.choice(ZONES) if chance.random() < 0.1 else None,
                "joined_at": joined,
                "left_at": NOW - timedelta(days=3) if chance.random() < 0.02 else None,
                "last_active_at": last,
            }
        )
    return rows


async def prepare(directory: Path) -> tuple[Database, int]:
    """Return a migrated SQLite file holding the community."""
    database = Database(f"sqlite+aiosqlite:///{directory / 'quiet.db'}")
    await migrate.upgrade(database)
    clock = VirtualClock(NOW)
    community_id = await CommunityService(database, clock, "UTC").ensure(
        CommunityRef("console", "bench")
    )
    chance = random.Random(11)
    async with database.writing() as connection:
        await connection.execute(insert(Member), member_rows(community_id, chance))
        ids = list((await connection.execute(select(Member.id))).scalars())
        settings: list[dict[str, Any]] = []
        for member_id in ids:
            roll = chance.random()
            if roll < 0.05:
                settings.append({"nudges_off": True, "last_nudged_at": None})
            elif roll < 0.10:
                settings.append({"nudges_off": False, "last_nudged_at": NOW - timedelta(days=7)})
            else:
                continue
            settings[-1].update(member_id=member_id, community_id=community_id)
        await connection.execute(insert(Participation), settings)
    return database, community_id


async def timed(runs: int, work: Callable[[], Awaitable[Any]]) -> tuple[list[float], Any]:
    """Run `work()` `runs` times; return each run's seconds and the last result."""
    results: list[Any] = []

    async def once(_run: int) -> float:
        started = time.perf_counter()
        results.append(await work())
        return time.perf_counter() - started

    return await repeated_async(once, runs), results[-1]


async def measure(directory: Path) -> tuple[list[Figure], dict[str, object]]:
    """Time the sweep's selection and the `/quiet list` count; return the figures and details."""
    database, community_id = await prepare(directory)
    quiet = QuietService(database, default_days=QUIET_DAYS)
    keep_startup_objects()  # as `cohort run` does once started (bot/memory.py)
    try:
        selection, chosen = await timed(
            RUNS, lambda: daytime_candidates(quiet, [community_id], NOW, COOLDOWN)
        )
        counts, quiet_count = await timed(
            RUNS, lambda: quiet.count_quiet(community_id, NOW, QUIET_DAYS)
        )
    finally:
        await database.close()
    figures = [
        at_most("sweep selection, median", median(selection), TARGET_SECONDS, "s", digits=3),
        baseline("/quiet list count, median", median(counts), "s", digits=3),
    ]
    details: dict[str, object] = {
        "members": MEMBERS,
        "quiet": quiet_count,
        "to_nudge_now": sum(len(members) for members in chosen.values()),
        "selection_seconds": [round(seconds, 3) for seconds in selection],
        "count_seconds": [round(seconds, 3) for seconds in counts],
    }
    return figures, details


def main() -> None:
    """Print the load, the figures, then one JSON line."""
    print_load()
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as directory:
        figures, details = asyncio.run(measure(Path(directory)))
    print(
        f"{details['members']} members, {details['quiet']} quiet; the sweep would nudge "
        f"{details['to_nudge_now']} now (SQLite file); runs: selection "
        f"{details['selection_seconds']} s, count {details['count_seconds']} s"
    )
    emit("quiet", figures, **details)


if __name__ == "__main__":
    main()
