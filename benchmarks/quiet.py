"""The quiet sweep's selection over 100,000 members of one community, on a SQLite file.

A third of the members are quiet (no message for 20 to 90 days, or never since joining), the
rest posted in the last fortnight; one in twenty opted out, one in twenty was nudged last week,
one in fifty left, and a tenth have their own time zone. Times the selection the hourly sweep
makes (the query, then the local-daytime filter) and the count `/quiet list` shows, best of
five runs each. The last line is one JSON object. Target: the selection under 1 s.

    python3 dev.py bench quiet      (or: python -m benchmarks.quiet)
"""

from __future__ import annotations

import asyncio
import json
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select

from bot.clock import VirtualClock
from bot.participation.nudge_sweep import LOCAL_HOURS
from bot.participation.quiet import QuietMember, QuietService
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
        settings = []
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


async def best_of(runs: int, work: Any) -> tuple[float, Any]:
    """Return the fastest of `runs` runs of `work()` and its result."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = await work()
        best = min(best, time.perf_counter() - started)
    return best, result


async def measure(directory: Path) -> dict[str, float | int | str]:
    """Time the selection and the count; return the figures."""
    database, community_id = await prepare(directory)
    quiet = QuietService(database)
    try:

        async def select_for_sweep() -> list[QuietMember]:
            found = await quiet.candidates("console", NOW, QUIET_DAYS, COOLDOWN)
            return [c.member for c in found if _hour(c.member) in LOCAL_HOURS]

        seconds, chosen = await best_of(RUNS, select_for_sweep)
        count_seconds, quiet_count = await best_of(
            RUNS, lambda: quiet.count_quiet(community_id, NOW, QUIET_DAYS)
        )
    finally:
        await database.close()
    return {
        "benchmark": "quiet",
        "members": MEMBERS,
        "quiet": quiet_count,
        "to_nudge_now": len(chosen),
        "selection_seconds": round(seconds, 3),
        "count_seconds": round(count_seconds, 3),
        "target_seconds": TARGET_SECONDS,
    }


def _hour(member: QuietMember) -> int:
    return NOW.astimezone(ZoneInfo(member.timezone or "UTC")).hour


def main() -> None:
    """Print the figures, then one JSON line."""
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as directory:
        figures = asyncio.run(measure(Path(directory)))
    print(
        f"{figures['members']} members, {figures['quiet']} quiet; the sweep would nudge "
        f"{figures['to_nudge_now']} now (SQLite file)"
    )
    print(
        f"selection {figures['selection_seconds']} s (target < {TARGET_SECONDS} s); "
        f"/quiet list count {figures['count_seconds']} s"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
