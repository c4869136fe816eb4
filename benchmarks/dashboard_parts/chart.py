"""The participation chart of a community of 10,000 members after a year of activity.

Seeded on a SQLite file: 10,000 members, a year of daily activity (each member posts on one day
in ten, a third of the messages in threads: about 365,000 rows), and a topic a week with 200
replies each. Times the two halves apart: the data read (`StatsService.chart_data`: one grouped
read of the weeks, the 30-day balance, the newest topics' replies) and the drawing of the PNG
(`bot.charts.draw`); 30 runs of each after 2 warm-ups, three times (the figures are the medians
of the repetitions' median and p95). The chart's target is the whole: read and draw, < 500 ms.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from benchmarks.support.repeat import REPETITIONS, median, percentile
from bot.charts import ChartData, draw
from bot.clock import VirtualClock
from bot.participation.nudges import NudgeLedger
from bot.participation.stats import StatsService
from bot.refs import CommunityRef
from bot.shared.communities import CommunityService
from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import DailyActivity, Member, TopicPost, TopicResponse

MEMBERS = 10_000
DAYS = 365
NOW = datetime(2026, 6, 3, 11, 0, tzinfo=UTC)
POST_SHARE = 0.1
REPLIES_PER_TOPIC = 200
RUNS = 30
WARM_UPS = 2
TARGET_MS = 500.0
COMMUNITY = CommunityRef("console", "bench-dashboard")


async def seed(database: Database) -> int:
    """Fill the database; return the community's row id."""
    await migrate.upgrade(database)
    clock = VirtualClock(NOW)
    community_id = await CommunityService(database, clock, "UTC").ensure(COMMUNITY)
    first_day = NOW.date() - timedelta(days=DAYS - 1)
    joined = NOW - timedelta(days=DAYS + 30)
    chance = random.Random(24)
    async with database.writing() as connection:
        rows = [
            {"community_id": community_id, "external_id": f"U{n}", "display_name": f"m{n}",
             "joined_at": joined, "last_active_at": NOW - timedelta(days=n % 40)}
            for n in range(MEMBERS)
        ]  # fmt: skip
        await connection.execute(insert(Member), rows)
        ids = list(range(1, MEMBERS + 1))
        await _activity(connection, community_id, ids, first_day, chance)
        await _topics(connection, community_id, ids, first_day, chance)
    return community_id


async def _activity(
    connection: Any, community_id: int, ids: list[int], first_day: date, chance: random.Random
) -> None:
    for offset in range(DAYS):
        day = first_day + timedelta(days=offset)
        posters = chance.sample(ids, int(len(ids) * POST_SHARE))
        rows = []
        for member in posters:
            messages = 1 + int(chance.paretovariate(1.5))
            rows.append({"member_id": member, "day": day, "community_id": community_id,
                         "messages": messages, "replies": messages // 3})  # fmt: skip
        await connection.execute(insert(DailyActivity), rows)


async def _topics(
    connection: Any, community_id: int, ids: list[int], first_day: date, chance: random.Random
) -> None:
    for week in range(DAYS // 7):
        at = datetime.combine(first_day + timedelta(weeks=week), datetime.min.time(), UTC)
        posted = await connection.execute(
            insert(TopicPost)
            .values(community_id=community_id, text=f"Topic of week {week + 1}: what now?",
                    channel_external_id="topics", message_external_id=f"t{week}", posted_at=at)
            .returning(TopicPost.id)
        )  # fmt: skip
        post_id = int(posted.scalar_one())
        rows = [
            {"topic_post_id": post_id, "member_id": member,
             "message_external_id": f"r{week}-{member}", "responded_at": at + timedelta(hours=2)}
            for member in chance.sample(ids, REPLIES_PER_TOPIC)
        ]  # fmt: skip
        await connection.execute(insert(TopicResponse), rows)


async def _timed(run: Callable[[], Awaitable[Any]]) -> dict[str, float]:
    """Return the medians over the repetitions of each one's median and p95, in ms."""
    medians, p95s = [], []
    for _repetition in range(REPETITIONS):
        for _warm in range(WARM_UPS):
            await run()
        each = []
        for _run in range(RUNS):
            started = time.perf_counter()
            await run()
            each.append((time.perf_counter() - started) * 1000)
        each.sort()
        medians.append(statistics.median(each))
        p95s.append(percentile(each, 0.95))
    return {"median_ms": round(median(medians), 1), "p95_ms": round(median(p95s), 1)}


async def measure(path: Path) -> dict[str, Any]:
    """Seed a database at `path`, then time the chart's data read and its drawing."""
    database = Database(f"sqlite+aiosqlite:///{path}")
    try:
        community_id = await seed(database)
        stats = StatsService(database, NudgeLedger(database, VirtualClock(NOW)))
        data: list[ChartData] = []

        async def read() -> None:
            data[:] = [await stats.chart_data(community_id, NOW)]

        read_ms = await _timed(read)

        async def drawn() -> None:
            draw(data[0], "png")

        draw_ms = await _timed(drawn)
    finally:
        await database.close()
    png = draw(data[0], "png")
    return {
        "members": MEMBERS,
        "days": DAYS,
        "weeks_drawn": len(data[0].weeks),
        "png_bytes": len(png),
        "read": read_ms,
        "draw": draw_ms,
        "total_p95_ms": round(read_ms["p95_ms"] + draw_ms["p95_ms"], 1),
        "runs": RUNS,
        "repetitions": REPETITIONS,
        "target_ms": TARGET_MS,
    }
