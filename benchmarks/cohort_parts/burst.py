"""200 cohorts of 50 members, each with a weekly topic schedule, all due in the same minute.

The cohorts are in week 2 of a 12-week term; each has a bank of three topics, one pinned to
week 2. The burst fires through the app and the console adapter on a virtual clock (each
occurrence claimed in the ledger, its week looked up, the pinned topic posted with "Week 2"
above it and a thread opened). The baseline: the same 200 schedules for the whole community
(no cohort, no term) in the same 200 channels, from a community bank, in a database of its own.
Each database is filled once and the burst fired on three fresh copies of it (the median is the
figure): a copy's occurrences are unclaimed, as the first burst found them.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks.cohort_parts.app import console_app
from benchmarks.support.repeat import REPETITIONS, median, repeated_async
from bot.app import App
from bot.clock import VirtualClock
from bot.recurrence import first_anchor
from bot.storage.models import Cohort, CohortMember, Member, Schedule, Topic

COHORTS = 200
PER_COHORT = 50
TERM_START = date(2026, 1, 5)  # a Monday
TERM_WEEKS = 12
BURST_AT = datetime(2026, 1, 14, 18, 0, tzinfo=UTC)  # Wednesday of week 2
BEFORE_BURST = BURST_AT - timedelta(minutes=1)
TARGET_SECONDS = 5.0


def home(number: int) -> str:
    """Return the home channel of cohort `number` (and the baseline's channel of that number)."""
    return f"cohort-{number}"


async def _fill(app: App, community_id: int, cohorts: bool) -> None:
    """Store the members and the schedules: 200 cohorts' (`cohorts`) or the community's."""
    zone = await app.services.communities.timezone(community_id)
    at = dt_time(BURST_AT.hour, BURST_AT.minute)
    anchor = first_anchor(BURST_AT.weekday(), at, zone, BEFORE_BURST)
    members = [
        {
            "community_id": community_id,
            "external_id": f"m{n}",
            "display_name": f"m{n}",
            "joined_at": BEFORE_BURST,
        }
        for n in range(COHORTS * PER_COHORT)
    ]
    async with app.database.writing() as connection:
        ids = list(
            (await connection.execute(insert(Member).returning(Member.id), members)).scalars()
        )
        cohort_ids: list[int | None] = [None] * COHORTS
        if cohorts:
            cohort_ids = list(await _cohorts(connection, community_id, ids))
        await connection.execute(insert(Topic), _topics(community_id, cohort_ids))
        schedules = [
            {
                "community_id": community_id,
                "kind": "topic",
                "channel_external_id": home(n),
                "weekday": BURST_AT.weekday(),
                "hour": at.hour,
                "minute": at.minute,
                "every_weeks": 1,
                "anchor_date": anchor,
                "cohort_id": cohort_ids[n],
                "created_at": BEFORE_BURST,
            }
            for n in range(COHORTS)
        ]
        await connection.execute(insert(Schedule), schedules)


async def _cohorts(connection: Any, community_id: int, ids: list[int]) -> list[int]:
    rows = [
        {
            "community_id": community_id,
            "name": f"c{n}",
            "name_key": f"c{n}",
            "home_channel_external_id": home(n),
            "term_start": TERM_START,
            "term_weeks": TERM_WEEKS,
            "created_at": BEFORE_BURST,
        }
        for n in range(COHORTS)
    ]
    cohort_ids = list(
        (await connection.execute(insert(Cohort).returning(Cohort.id), rows)).scalars()
    )
    listed = [
        {"cohort_id": cohort_id, "member_id": member_id, "listed": True}
        for n, cohort_id in enumerate(cohort_ids)
        for member_id in ids[n * PER_COHORT : (n + 1) * PER_COHORT]
    ]
    await connection.execute(insert(CohortMember), listed)
    return cohort_ids


def _topics(community_id: int, cohort_ids: list[int | None]) -> list[dict[str, Any]]:
    """Three topics a cohort (the first pinned to week 2), or as many in the community's bank."""
    return [
        {
            "community_id": community_id,
            "text": f"Prompt {k} of bank {n}",
            "status": "approved",
            "created_at": BEFORE_BURST,
            "cohort_id": cohort_id,
            "week": 2 if k == 0 and cohort_id is not None else None,
        }
        for n, cohort_id in enumerate(cohort_ids)
        for k in range(3)
    ]


async def prepare(path: Path, cohorts: bool) -> Path:
    """Fill a database at `path`: 200 cohorts' schedules (`cohorts`) or the community's."""
    async with console_app(path, VirtualClock(BEFORE_BURST)) as (app, _console, community_id):
        await _fill(app, community_id, cohorts)
    return path


async def fire(path: Path) -> dict[str, Any]:
    """Time the minute in which every schedule of the prepared database at `path` is due."""
    clock = VirtualClock(BEFORE_BURST)
    async with console_app(path, clock) as (_app, console, _community_id):
        started = time.perf_counter()
        records = await console.say("time +1m")
        seconds = time.perf_counter() - started
    posts = [record for record in records if record.kind == "post"]
    per_home = Counter(str(record.to) for record in posts)
    weeks = sum(1 for record in posts if "Week 2" in (record.text or ""))
    return {
        "seconds": round(seconds, 3),
        "posts": len(posts),
        "homes_posted_once": sum(1 for n in range(COHORTS) if per_home[f"#{home(n)}"] == 1),
        "posts_saying_week_2": weeks,
    }


async def copy_of(prepared: Path, copy: Path) -> Path:
    """Copy the prepared database (with any WAL file left beside it) to `copy`: a repetition's
    own, its occurrences unclaimed."""

    def copy_files() -> None:
        for suffix in ("", "-wal"):
            if Path(f"{prepared}{suffix}").exists():
                shutil.copy2(f"{prepared}{suffix}", f"{copy}{suffix}")

    await asyncio.to_thread(copy_files)
    return copy


async def burst(directory: Path, name: str, cohorts: bool) -> dict[str, Any]:
    """Prepare a database in `directory` once, then fire the burst on REPETITIONS fresh copies;
    return the median seconds, each repetition's seconds and the posts of the last."""
    prepared = await prepare(directory / f"{name}.db", cohorts)
    fired = await repeated_async(
        lambda n: _fire_copy(prepared, directory / f"{name}-{n}.db"), REPETITIONS
    )
    assert all(each["posts"] == fired[0]["posts"] for each in fired)
    seconds = [each["seconds"] for each in fired]
    return {**fired[-1], "seconds": round(median(seconds), 3), "each_seconds": seconds}


async def _fire_copy(prepared: Path, copy: Path) -> dict[str, Any]:
    return await fire(await copy_of(prepared, copy))
