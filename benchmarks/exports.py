"""`/stats export` of a community of 10,000 members with a year of activity, on a SQLite file.

Each member posted on 1 to 60 days of the year (about 300,000 `daily_activity` rows), half
introduced themselves, a topic was posted each week and a fifth of the members replied to each;
a session each week with 200 answers; a buddy round each fortnight of 200 groups. Times the
whole export (every read, both files written) for the default 30 days and for a year; each the
median of three runs. The last line is one JSON object. Target: a year's export under 2 s.

    python3 dev.py bench exports      (or: python -m benchmarks.exports)
"""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from benchmarks.support.machine import print_load
from benchmarks.support.repeat import median
from benchmarks.support.report import at_most, emit
from bot.clock import VirtualClock
from bot.exports import ExportService
from bot.refs import CommunityRef
from bot.shared.communities import CommunityService
from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import (
    BuddyGroup,
    BuddyGroupMember,
    BuddyRound,
    DailyActivity,
    Intro,
    Member,
    SessionAnswer,
    StudySession,
    TopicPost,
    TopicResponse,
)

MEMBERS = 10_000
NOW = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
RUNS = 3
TARGET_SECONDS = 2.0


async def prepare(directory: Path) -> tuple[Database, int]:
    """Return a migrated SQLite file holding the community and its year."""
    database = Database(f"sqlite+aiosqlite:///{directory / 'exports.db'}")
    await migrate.upgrade(database)
    community = await CommunityService(database, VirtualClock(NOW), "UTC").ensure(
        CommunityRef("console", "bench")
    )
    chance = random.Random(24)
    year = [NOW - timedelta(days=day) for day in range(365)]
    async with database.writing() as connection:
        await connection.execute(
            insert(Member),
            [
                {
                    "community_id": community,
                    "external_id": f"U{n:06}",
                    "display_name": f"Member {n}",
                    "joined_at": chance.choice(year),
                }
                for n in range(MEMBERS)
            ],
        )
        ids = list((await connection.execute(select(Member.id))).scalars())
        await connection.execute(insert(DailyActivity), _activity(community, ids, chance))
        await connection.execute(insert(Intro), _intros(ids[: MEMBERS // 2], chance, year))
        await _topics(connection, community, ids, chance)
        await _sessions(connection, community, ids, chance)
        await _rounds(connection, community, ids, chance)
    return database, community


def _activity(community: int, ids: list[int], chance: random.Random) -> list[dict[str, Any]]:
    rows = []
    for member in ids:
        for day in chance.sample(range(365), chance.randrange(1, 61)):
            messages = chance.randrange(1, 8)
            rows.append(
                {
                    "member_id": member,
                    "community_id": community,
                    "day": (NOW - timedelta(days=day)).date(),
                    "messages": messages,
                    "replies": chance.randrange(0, messages + 1),
                }
            )
    return rows


def _intros(ids: list[int], chance: random.Random, year: list[datetime]) -> list[dict[str, Any]]:
    rows = []
    for member in ids:
        at = chance.choice(year)
        rows.append({"member_id": member, "text": "Hi", "created_at": at, "updated_at": at})
    return rows


async def _topics(connection: Any, community: int, ids: list[int], chance: random.Random) -> None:
    for week in range(52):
        at = NOW - timedelta(weeks=week, hours=1)
        posted = await connection.execute(
            insert(TopicPost).returning(TopicPost.id),
            [
                {
                    "community_id": community,
                    "text": f"Topic {week}",
                    "channel_external_id": "c",
                    "message_external_id": f"t{week}",
                    "posted_at": at,
                }
            ],
        )
        post = posted.scalar_one()
        await connection.execute(
            insert(TopicResponse),
            [
                {
                    "topic_post_id": post,
                    "member_id": member,
                    "message_external_id": f"r{week}-{n}",
                    "responded_at": at + timedelta(minutes=n % 600),
                }
                for n, member in enumerate(chance.sample(ids, MEMBERS // 5))
            ],
        )


async def _sessions(connection: Any, community: int, ids: list[int], chance: random.Random) -> None:
    for week in range(52):
        at = NOW - timedelta(weeks=week, hours=2)
        made = await connection.execute(
            insert(StudySession).returning(StudySession.id),
            [
                {
                    "community_id": community,
                    "title": "Office hour",
                    "slot": at,
                    "starts_at": at,
                    "minutes": 60,
                    "channel_external_id": "c",
                    "created_at": at,
                }
            ],
        )
        session = made.scalar_one()
        await connection.execute(
            insert(SessionAnswer),
            [
                {
                    "session_id": session,
                    "member_id": member,
                    "answer": "going",
                    "answered_at": at,
                    "attended": chance.random() < 0.7,
                }
                for member in chance.sample(ids, 200)
            ],
        )


async def _rounds(connection: Any, community: int, ids: list[int], chance: random.Random) -> None:
    for number in range(26):
        at = NOW - timedelta(weeks=2 * number + 1)
        made = await connection.execute(
            insert(BuddyRound).returning(BuddyRound.id),
            [
                {
                    "community_id": community,
                    "number": number + 1,
                    "seed": 1,
                    "started_at": at,
                    "checkin_at": at + timedelta(days=3),
                    "closes_at": at + timedelta(days=7),
                }
            ],
        )
        round_id = made.scalar_one()
        paired = chance.sample(ids, 400)
        for first, second in zip(paired[::2], paired[1::2], strict=True):
            group = await connection.execute(
                insert(BuddyGroup).returning(BuddyGroup.id),
                [{"round_id": round_id, "community_id": community, "checkin": "closed"}],
            )
            group_id = group.scalar_one()
            answer = "met" if chance.random() < 0.6 else "notyet"
            await connection.execute(
                insert(BuddyGroupMember),
                [
                    {
                        "group_id": group_id,
                        "member_id": first,
                        "answer": answer,
                        "answered_at": at + timedelta(days=4),
                    },
                    {
                        "group_id": group_id,
                        "member_id": second,
                        "answer": None,
                        "answered_at": None,
                    },
                ],
            )


async def measure(directory: Path) -> dict[str, Any]:
    """Time the export of 30 days and of a year; return each run's seconds and the sizes."""
    database, community = await prepare(directory)
    service = ExportService(database)
    found: dict[str, Any] = {}
    try:
        for days in (30, 365):
            seconds = []
            for _run in range(RUNS):
                started = time.perf_counter()
                export = await service.export(community, NOW, days)
                seconds.append(time.perf_counter() - started)
            found[str(days)] = {
                "seconds": [round(s, 3) for s in seconds],
                "members_bytes": export.members_file.size,
                "weeks_bytes": export.weeks_file.size,
                "members": export.member_count,
            }
    finally:
        await database.close()
    return found


def main() -> None:
    """Print the load, the figures, then one JSON line."""
    print_load()
    with tempfile.TemporaryDirectory(prefix="cohort-bench-") as directory:
        found = asyncio.run(measure(Path(directory)))
    figures = [
        at_most(
            f"export of {days} days, median", median(found[days]["seconds"]), TARGET_SECONDS, "s", 3
        )
        for days in ("30", "365")
    ]
    print(f"{MEMBERS} members, a year of activity (SQLite file): {found}")
    emit("exports", figures, members=MEMBERS, runs=found)


if __name__ == "__main__":
    main()
