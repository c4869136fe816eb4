"""Migration 0015 puts every existing row in the whole community's scope (SQLite and PostgreSQL):
a database seeded at 0014 with schedules, their occurrences, topics, posts, rounds, groups and
pairs keeps all of them after the upgrade (SQLite rebuilds three tables: nothing cascades away,
no id is reused), and uniqueness counts "no cohort" as one scope."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage import migrate
from bot.storage.database import Database
from tests.conftest import START
from tests.pairing.history_support import community_with_members

BEFORE_SCOPES = "0014"
COUNTED = (
    "schedules",
    "occurrences",
    "topics",
    "topic_posts",
    "buddy_rounds",
    "buddy_groups",
    "buddy_group_members",
    "buddy_pairs",
)


async def _run(connection: AsyncConnection, sql: str, **values: Any) -> Any:
    return await connection.execute(text(sql), values)


async def _seed(connection: AsyncConnection) -> tuple[int, int]:
    """Seed, in the 0014 schema's own SQL, a community with one of everything scoped."""
    community, members = await community_with_members(connection, "seeded", 2)
    moment = {"community": community, "at": START}
    ids = [await _schedule(connection, community, None, channel) for channel in ("c1", "c2", "c3")]
    assert ids == sorted(ids)
    await _run(connection, "DELETE FROM schedules WHERE id = :id", id=ids[2])  # the newest
    await _run(
        connection,
        "INSERT INTO occurrences (schedule_id, due_at, status, attempts, updated_at)"
        " VALUES (:schedule, :at, 'done', 1, :at)",
        schedule=ids[0],
        at=START,
    )
    await _run(
        connection,
        "INSERT INTO topics (id, community_id, text, status, times_used, created_at)"
        " VALUES (1, :community, 'What are you reading?', 'approved', 1, :at)",
        **moment,
    )
    await _run(
        connection,
        "INSERT INTO topic_posts (community_id, topic_id, schedule_id, text,"
        " channel_external_id, message_external_id, posted_at)"
        " VALUES (:community, 1, :schedule, 'What are you reading?', 'c1', 'm1', :at)",
        schedule=ids[0],
        **moment,
    )
    await _run(
        connection,
        "INSERT INTO buddy_rounds (id, community_id, number, seed, schedule_id, started_at,"
        " checkin_at, closes_at) VALUES (1, :community, 1, 7, :schedule, :at, :at, :at)",
        schedule=ids[1],
        **moment,
    )
    await _run(
        connection,
        "INSERT INTO buddy_groups (id, round_id, community_id) VALUES (1, 1, :community)",
        **moment,
    )
    for member in members:
        await _run(
            connection,
            "INSERT INTO buddy_group_members (group_id, member_id) VALUES (1, :member)",
            member=member,
        )
    await _run(
        connection,
        "INSERT INTO buddy_pairs (community_id, first_member_id, second_member_id, last_round)"
        " VALUES (:community, :first, :second, 1)",
        first=min(members),
        second=max(members),
        **moment,
    )
    return community, ids[2]


async def _counts(connection: AsyncConnection) -> dict[str, int]:
    return {
        table: (await _run(connection, f"SELECT count(*) FROM {table}")).scalar_one()
        for table in COUNTED
    }


async def _schedule(
    connection: AsyncConnection, community: int, cohort: int | None, channel: str = "c1"
) -> int:
    found = await _run(
        connection,
        "INSERT INTO schedules (community_id, kind, channel_external_id, weekday, hour, minute,"
        " every_weeks, anchor_date, created_at, version"
        + (", cohort_id" if cohort is not None else "")
        + ") VALUES (:community, 'topic', :channel, 0, 9, 0, 1, '2026-01-05', :at, 1"
        + (", :cohort" if cohort is not None else "")
        + ") RETURNING id",
        community=community,
        channel=channel,
        at=START,
        cohort=cohort,
    )
    return int(found.scalar_one())


async def _cohort(connection: AsyncConnection, community: int) -> int:
    found = await _run(
        connection,
        "INSERT INTO cohorts (community_id, name, name_key, home_channel_external_id, followed,"
        " created_at) VALUES (:community, 'fall', 'fall', 'c1', false, :at) RETURNING id",
        community=community,
        at=START,
    )
    return int(found.scalar_one())


async def test_upgrading_keeps_every_row_in_the_whole_community(empty_database: Database) -> None:
    await migrate.upgrade(empty_database, BEFORE_SCOPES)
    async with empty_database.writing() as connection:
        community, deleted = await _seed(connection)
        before = await _counts(connection)

    await migrate.upgrade(empty_database)

    async with empty_database.writing() as connection:
        assert await _counts(connection) == before
        for table in ("schedules", "topics", "topic_posts", "buddy_rounds"):
            scoped = await _run(
                connection, f"SELECT count(*) FROM {table} WHERE cohort_id IS NOT NULL"
            )
            assert scoped.scalar_one() == 0
        pools = await _run(connection, "SELECT DISTINCT pool FROM buddy_pairs")
        assert list(pools.scalars()) == [0]
        fresh = await _schedule(connection, community, None, channel="c4")
    assert fresh > deleted  # an id used (and deleted) before the upgrade is never used again


async def test_no_cohort_is_one_scope_and_each_cohort_another(empty_database: Database) -> None:
    await migrate.upgrade(empty_database)
    async with empty_database.writing() as connection:
        community, _ = await community_with_members(connection, "scoped", 1)
        cohort = await _cohort(connection, community)
        await _schedule(connection, community, None)
        await _schedule(connection, community, cohort)  # the same channel, another scope
    for scope in (None, cohort):
        with pytest.raises(IntegrityError):
            async with empty_database.writing() as connection:
                await _schedule(connection, community, scope)
    async with empty_database.reading() as connection:
        kept = await _run(connection, "SELECT count(*) FROM schedules")
    assert kept.scalar_one() == 2


async def test_round_numbers_count_per_scope(empty_database: Database) -> None:
    await migrate.upgrade(empty_database)
    insert_round = (
        "INSERT INTO buddy_rounds (community_id, cohort_id, number, seed, started_at,"
        " checkin_at, closes_at) VALUES (:community, :cohort, 1, 7, :at, :at, :at)"
    )
    async with empty_database.writing() as connection:
        community, _ = await community_with_members(connection, "rounds", 1)
        cohort = await _cohort(connection, community)
        for scope in (None, cohort):
            await _run(connection, insert_round, community=community, cohort=scope, at=START)
    for scope in (None, cohort):
        with pytest.raises(IntegrityError):
            async with empty_database.writing() as connection:
                await _run(connection, insert_round, community=community, cohort=scope, at=START)


async def test_downgrading_drops_the_scoped_rows_and_keeps_the_rest(
    empty_database: Database,
) -> None:
    await migrate.upgrade(empty_database, BEFORE_SCOPES)
    async with empty_database.writing() as connection:
        community, _ = await _seed(connection)
        before = await _counts(connection)
    await migrate.upgrade(empty_database)
    async with empty_database.writing() as connection:
        await _schedule(connection, community, await _cohort(connection, community))

    await migrate.downgrade(empty_database, BEFORE_SCOPES)

    async with empty_database.reading() as connection:
        assert await _counts(connection) == before
