"""The figures' reads that the database now does more of, on both databases: the median wait
for a first post and questions not answered within a day (exact to the microsecond, as
subtracting in Python), the messages by member (counted by total), a cohort's topic weeks from
its posts (a week of two posts too), and reads run at the same time (a failure is the read's
own)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.clock import VirtualClock
from bot.participation.figures import median
from bot.participation.store.cohort_topics import cohort_topics
from bot.participation.store.stats import (
    Members,
    median_wait,
    member_counts,
    messages_by_member,
    questions_asked,
)
from bot.shared.communities import CommunityService
from bot.storage.concurrent_reads import concurrent_reads
from bot.storage.database import Database
from bot.storage.first_post_waits import refresh_first_post_waits
from bot.storage.models import DailyActivity, Member, Participation, Question
from tests.conftest import COMMUNITY, START
from tests.participation.test_cohort_figures_storage import world_on

WAITS = [
    timedelta(minutes=5, microseconds=1),
    timedelta(days=3, seconds=7, microseconds=999_999),
    timedelta(hours=2, microseconds=500_000),
    timedelta(seconds=59, microseconds=3),
    timedelta(days=40, microseconds=123_457),
    timedelta(0),
]


async def members_who_posted(
    database: Database, clock: VirtualClock, waits: list[timedelta]
) -> tuple[int, list[int]]:
    """Add a member a wait (joined at odd microseconds), one who posted before joining (not
    counted) and one who left; return the community's id and the members' ids."""
    community_id = await CommunityService(database, clock, "UTC").ensure(COMMUNITY)
    joined = START - timedelta(days=60, microseconds=654_321)
    rows: list[tuple[timedelta, datetime | None]] = [(wait, None) for wait in waits]
    rows += [(-timedelta(seconds=1), None), (timedelta(hours=1), START)]
    ids = []
    async with database.writing() as connection:
        for number, (wait, left) in enumerate(rows):
            member = await connection.execute(
                insert(Member)
                .values(
                    community_id=community_id,
                    external_id=f"U{number}",
                    display_name=f"m{number}",
                    joined_at=joined + timedelta(seconds=number),
                    left_at=left,
                )
                .returning(Member.id)
            )
            member_id = int(member.scalar_one())
            ids.append(member_id)
            await connection.execute(
                insert(Participation).values(
                    member_id=member_id,
                    community_id=community_id,
                    first_post_at=joined + timedelta(seconds=number) + wait,
                )
            )
        await refresh_first_post_waits(connection, ids)  # as the writes of either time do
    return community_id, ids


async def first_post_wait(
    connection: AsyncConnection, community_id: int, members: Members = None
) -> tuple[timedelta | None, int]:
    """Return the median wait and of how many members, as the figures read them."""
    counts = await member_counts(connection, community_id, START, START, members)
    return await median_wait(connection, community_id, counts.waited, members), counts.waited


@pytest.mark.parametrize("count", [len(WAITS), len(WAITS) - 1])  # even, odd
async def test_the_median_wait_is_exact(
    any_database: Database, clock: VirtualClock, count: int
) -> None:
    community_id, ids = await members_who_posted(any_database, clock, WAITS[:count])
    async with any_database.reading() as connection:
        found = await first_post_wait(connection, community_id)
        assert found == (median(WAITS[:count]), count)
        assert await first_post_wait(connection, community_id, frozenset(ids[1:2])) == (
            WAITS[1],
            1,
        )
        assert await first_post_wait(connection, community_id, frozenset()) == (None, 0)


async def test_messages_by_member_come_largest_first(
    any_database: Database, clock: VirtualClock
) -> None:
    community_id, ids = await members_who_posted(any_database, clock, WAITS)
    day = START.date()
    counts = {ids[0]: [3, 4], ids[1]: [7], ids[2]: [2], ids[3]: [1, 1], ids[4]: [9]}
    async with any_database.writing() as connection:
        for member_id, messages in counts.items():
            for offset, number in enumerate(messages):
                await connection.execute(
                    insert(DailyActivity).values(
                        member_id=member_id,
                        day=day + timedelta(days=offset),
                        community_id=community_id,
                        messages=number,
                        replies=0,
                    )
                )
    async with any_database.reading() as connection:
        assert await messages_by_member(connection, community_id, day) == [9, 7, 7, 2, 2]
        later = day + timedelta(days=1)
        assert await messages_by_member(connection, community_id, later) == [4, 1]
        chosen = frozenset(ids[1:3])
        assert await messages_by_member(connection, community_id, day, chosen) == [7, 2]


async def test_reads_at_the_same_time_fail_with_the_reads_own_error(
    any_database: Database,
) -> None:
    async def broken(connection: AsyncConnection) -> None:
        await connection.execute(text("SELECT * FROM no_such_table"))

    async def fine(connection: AsyncConnection) -> int:
        return int((await connection.execute(text("SELECT 1"))).scalar_one())

    async def both() -> None:
        async with concurrent_reads(any_database) as reads:
            reads.read(fine)
            reads.read(broken)

    with pytest.raises(DBAPIError):
        await both()
    async with concurrent_reads(any_database) as reads:
        one, two = reads.read(fine), reads.read(fine)
    assert (one.result(), two.result()) == (1, 1)


async def test_a_week_of_two_posts_counts_each_responder_once(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    again = await world.post("Week one again", world.cohort_id, 1, START + timedelta(days=3))
    await world.replies(again, "ann", "cat")  # ann replied to week one's first post too
    async with any_database.reading() as connection:
        topics = await cohort_topics(connection, world.cohort_id, world.fall, 2, 3)
    assert topics.weeks == {1: (2, 4, 3), 2: (1, 1, 1)}
    assert [(text, replies, who) for text, _, replies, who in topics.threads] == [
        ("Week two", 1, 1),
        ("Week one again", 2, 2),
        ("Week one", 2, 2),
    ]


async def test_a_question_answered_after_exactly_a_day_is_answered_in_time(
    any_database: Database, clock: VirtualClock
) -> None:
    community_id, ids = await members_who_posted(any_database, clock, WAITS)
    asked = START - timedelta(days=3, microseconds=250_001)
    day = timedelta(days=1)
    answers = [asked + day, asked + day + timedelta(microseconds=1), None, asked + timedelta(1)]
    async with any_database.writing() as connection:
        for number, answered in enumerate(answers):
            await connection.execute(
                insert(Question).values(
                    community_id=community_id,
                    member_id=ids[number],
                    message_external_id=f"q{number}",
                    asked_at=asked,
                    answered_at=answered,
                )
            )
    async with any_database.reading() as connection:
        since, until = asked - day, START
        assert await questions_asked(connection, community_id, since, until, day) == (4, 2)
        chosen = frozenset(ids[:2])
        assert await questions_asked(connection, community_id, since, until, day, chosen) == (2, 1)
        assert await questions_asked(connection, community_id, asked + day, until, day) == (0, 0)
