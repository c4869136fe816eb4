"""A cohort-scoped `/stats` on a cohort of 10,000 members, on a SQLite file.

The community has 12,000 members; the cohort `big` lists 10,000 of them and is in week 9 of a
12-week term with a topic post each week (2,000 replies each). Eight weeks of daily activity
(one member in ten posts on a given day: about 67,000 rows), 2,000 questions and 500 nudges.
Times what the command does after parsing: the cohort's member ids, its term's place and every
figure (`StatsService.figures` with a `CohortAudience`), then the text, 200 runs after 5
warm-ups.
The last line is one JSON object. Target (issue 18): p99 under 50 ms.

    python3 dev.py bench cohort_stats      (or: python -m benchmarks.cohort_stats)
"""

from __future__ import annotations

import asyncio
import json
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import insert

from bot.clock import VirtualClock
from bot.cohorts import CohortService
from bot.participation.cohort_audience import cohort_audience
from bot.participation.nudges import NudgeLedger
from bot.participation.stats import StatsService
from bot.participation.stats_text import render
from bot.platform import Platform
from bot.refs import CommunityRef
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleService
from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import (
    CohortMember,
    DailyActivity,
    Member,
    Nudge,
    Question,
    TopicPost,
    TopicResponse,
)

MEMBERS = 12_000
IN_COHORT = 10_000
NOW = datetime(2026, 3, 4, 11, 0, tzinfo=UTC)
TERM_START = date(2026, 1, 5)
WEEKS_SO_FAR = 9
RUNS = 200
ACTIVE_SHARE = 0.1
TARGET_P99_MS = 50.0
COMMUNITY = CommunityRef("console", "bench")


async def seed(database: Database, clock: VirtualClock) -> tuple[CohortService, int, int]:
    """Fill the database; return the cohort service, the community's id and the cohort's id."""
    communities = CommunityService(database, clock, "UTC")
    community_id = await communities.ensure(COMMUNITY)
    cohorts = CohortService(
        database, clock, communities, BreakService(database), ScheduleService(database, clock)
    )
    cohort = await cohorts.create(community_id, "big", "big")
    chance = random.Random(18)
    async with database.writing() as connection:
        await connection.execute(insert(Member), _members(community_id, chance))
    ids = list(range(1, MEMBERS + 1))
    async with database.writing() as connection:
        await connection.execute(
            insert(CohortMember),
            [{"cohort_id": cohort.id, "member_id": m, "listed": True} for m in ids[:IN_COHORT]],
        )
        await connection.execute(insert(DailyActivity), _activity(community_id, ids, chance))
        await _posts(connection, community_id, cohort.id, ids, chance)
        await connection.execute(insert(Question), _questions(community_id, ids, chance))
        await connection.execute(insert(Nudge), _nudges(community_id, ids, chance))
    await cohorts.set_term(cohort, TERM_START, 12)
    return cohorts, community_id, cohort.id


def _members(community_id: int, chance: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "community_id": community_id,
            "external_id": f"U{number:06}",
            "display_name": f"Member {number}",
            "joined_at": NOW - timedelta(days=chance.randrange(60, 400)),
            "last_active_at": NOW - timedelta(hours=chance.randrange(1, 60 * 24)),
        }
        for number in range(MEMBERS)
    ]


def _activity(community_id: int, ids: list[int], chance: random.Random) -> list[dict[str, Any]]:
    first = TERM_START
    days = [first + timedelta(days=offset) for offset in range((NOW.date() - first).days)]
    return [
        {
            "member_id": member,
            "day": day,
            "community_id": community_id,
            "messages": chance.randrange(1, 6),
            "replies": 0,
        }
        for member in ids
        for day in days
        if chance.random() < ACTIVE_SHARE
    ]


async def _posts(
    connection: Any, community_id: int, cohort_id: int, ids: list[int], chance: random.Random
) -> None:
    for week in range(1, WEEKS_SO_FAR + 1):
        posted = datetime.combine(TERM_START, NOW.timetz()) + timedelta(weeks=week - 1)
        inserted = await connection.execute(
            insert(TopicPost)
            .values(
                community_id=community_id,
                text=f"Week {week}'s prompt",
                channel_external_id="big",
                message_external_id=f"p{week}",
                posted_at=posted,
                cohort_id=cohort_id,
                week=week,
            )
            .returning(TopicPost.id)
        )
        post_id = inserted.scalar_one()
        await connection.execute(
            insert(TopicResponse),
            [
                {
                    "topic_post_id": post_id,
                    "member_id": member,
                    "message_external_id": f"r{week}-{member}",
                    "responded_at": posted + timedelta(hours=1),
                }
                for member in chance.sample(ids, 2_000)
            ],
        )


def _questions(community_id: int, ids: list[int], chance: random.Random) -> list[dict[str, Any]]:
    rows = []
    for number in range(2_000):
        asked = NOW - timedelta(hours=chance.randrange(25, 29 * 24))
        answered = asked + timedelta(hours=chance.randrange(1, 48)) if number % 3 else None
        rows.append(
            {
                "community_id": community_id,
                "member_id": chance.choice(ids),
                "message_external_id": f"q{number}",
                "asked_at": asked,
                "answered_at": answered,
            }
        )
    return rows


def _nudges(community_id: int, ids: list[int], chance: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "community_id": community_id,
            "member_id": member,
            "status": "sent",
            "claimed_at": NOW - timedelta(days=chance.randrange(1, 29)),
        }
        for member in chance.sample(ids, 500)
    ]


async def measure(directory: Path) -> dict[str, float | int | bool]:
    """Seed, then time the cohort-scoped figures; return the figures of the run."""
    database = Database(f"sqlite+aiosqlite:///{directory / 'cohort.db'}")
    await migrate.upgrade(database)
    clock = VirtualClock(NOW)
    cohorts, community_id, cohort_id = await seed(database, clock)
    stats = StatsService(database, NudgeLedger(database, clock))
    breaks = BreakService(database)
    platform = cast(Platform, None)  # a cohort without roles asks nothing of the platform
    timings: list[float] = []
    for run in range(RUNS + 5):
        started = time.perf_counter()
        cohort = await cohorts.get(cohort_id)
        assert cohort is not None
        audience = await cohort_audience(cohorts, breaks, cohort, platform, COMMUNITY)
        figures = await stats.figures(community_id, NOW, audience)
        render(figures, "bench")
        if run >= 5:
            timings.append((time.perf_counter() - started) * 1000)
    await database.close()
    assert figures.members == IN_COHORT
    p99 = statistics.quantiles(timings, n=100)[98]
    return {
        "members": IN_COHORT,
        "weeks": len(figures.weeks),
        "median_ms": round(statistics.median(timings), 2),
        "p99_ms": round(p99, 2),
        "target_p99_ms": TARGET_P99_MS,
        "within_target": p99 < TARGET_P99_MS,
    }


def main() -> None:
    """Run the benchmark and print its figures."""
    with tempfile.TemporaryDirectory() as directory:
        figures = asyncio.run(measure(Path(directory)))
    print(
        f"cohort /stats on {figures['members']} members, {figures['weeks']} weeks: "
        f"median {figures['median_ms']} ms, p99 {figures['p99_ms']} ms "
        f"(target {TARGET_P99_MS} ms)"
    )
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
