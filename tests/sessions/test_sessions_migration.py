"""Migration 0018 (sessions) on SQLite and PostgreSQL: a database seeded at 0017 keeps every
row through the upgrade, gets the session tables with their keys and cascades, and the
downgrade drops them (and only them), after which the upgrade runs again."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage import migrate
from bot.storage.database import Database
from tests.conftest import START
from tests.pairing.history_support import community_with_members

BEFORE_SESSIONS = "0017"  # the revision before 0018
SESSION_TABLES = {
    "session_series",
    "sessions",
    "session_answers",
    "session_notices",
    "session_opt_outs",
}
KEPT = ("communities", "members", "cohorts")


async def _run(connection: AsyncConnection, sql: str, **values: Any) -> Any:
    return await connection.execute(text(sql), values)


async def _tables(database: Database) -> set[str]:
    async with database.engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def _counts(connection: AsyncConnection) -> dict[str, int]:
    return {
        table: (await _run(connection, f"SELECT count(*) FROM {table}")).scalar_one()
        for table in KEPT
    }


async def _seed(connection: AsyncConnection) -> tuple[int, list[int], int]:
    """Seed, in the 0017 schema's SQL, a community, three members and a cohort."""
    community, members = await community_with_members(connection, "seeded", 3)
    cohort = await _run(
        connection,
        "INSERT INTO cohorts (community_id, name, name_key, home_channel_external_id, followed,"
        " created_at) VALUES (:community, 'fall', 'fall', 'c1', false, :at) RETURNING id",
        community=community,
        at=START,
    )
    return community, members, int(cohort.scalar_one())


async def _session(
    connection: AsyncConnection, community: int, cohort: int | None, series: int | None
) -> int:
    found = await _run(
        connection,
        "INSERT INTO sessions (community_id, cohort_id, series_id, title, slot, starts_at,"
        " minutes, channel_external_id, created_at) VALUES (:community, :cohort, :series,"
        " 'Office hour', :at, :at, 60, 'c1', :at) RETURNING id",
        community=community,
        cohort=cohort,
        series=series,
        at=START,
    )
    return int(found.scalar_one())


async def _answered(connection: AsyncConnection, session: int, member: int) -> None:
    await _run(
        connection,
        "INSERT INTO session_answers (session_id, member_id, answer, answered_at)"
        " VALUES (:session, :member, 'going', :at)",
        session=session,
        member=member,
        at=START,
    )
    await _run(
        connection,
        "INSERT INTO session_notices (session_id, kind, member_id, claimed_at)"
        " VALUES (:session, 'soon', :member, :at)",
        session=session,
        member=member,
        at=START,
    )


async def test_upgrade_keeps_the_rows_and_the_new_tables_hold_their_keys(
    empty_database: Database,
) -> None:
    await migrate.upgrade(empty_database, BEFORE_SESSIONS)
    assert not SESSION_TABLES & await _tables(empty_database)
    async with empty_database.writing() as connection:
        community, members, cohort = await _seed(connection)
        before = await _counts(connection)

    await migrate.upgrade(empty_database)

    assert await _tables(empty_database) >= SESSION_TABLES
    async with empty_database.writing() as connection:
        assert await _counts(connection) == before
        series = await _run(
            connection,
            "INSERT INTO session_series (community_id, every_weeks) VALUES (:c, 1) RETURNING id",
            c=community,
        )
        series_id = int(series.scalar_one())
        weekly = await _session(connection, community, cohort, series_id)
        once = await _session(connection, community, None, None)
        await _session(connection, community, None, None)  # no series: no slot to share
        for member in members:
            await _answered(connection, weekly, member)
        await _run(connection, "INSERT INTO session_opt_outs (member_id) VALUES (:m)", m=members[0])
    with pytest.raises(IntegrityError):  # one occurrence per series and slot
        async with empty_database.writing() as connection:
            await _session(connection, community, cohort, series_id)
    async with empty_database.writing() as connection:  # a forgotten member's rows go with them
        await _run(connection, "DELETE FROM members WHERE id = :m", m=members[0])
        left = await _run(
            connection,
            "SELECT (SELECT count(*) FROM session_answers), (SELECT count(*) FROM"
            " session_notices), (SELECT count(*) FROM session_opt_outs)",
        )
        assert tuple(left.one()) == (2, 2, 0)
        await _run(connection, "DELETE FROM cohorts WHERE id = :c", c=cohort)  # its sessions go
        ids = await _run(connection, "SELECT id FROM sessions ORDER BY id")
        assert list(ids.scalars()) == [once, once + 1]
        assert (await _run(connection, "SELECT count(*) FROM session_answers")).scalar_one() == 0


async def test_downgrade_drops_only_the_session_tables_and_upgrades_again(
    empty_database: Database,
) -> None:
    await migrate.upgrade(empty_database, BEFORE_SESSIONS)
    async with empty_database.writing() as connection:
        community, members, cohort = await _seed(connection)
        before = await _counts(connection)
    await migrate.upgrade(empty_database)
    async with empty_database.writing() as connection:
        session = await _session(connection, community, cohort, None)
        await _answered(connection, session, members[1])

    await migrate.downgrade(empty_database, BEFORE_SESSIONS)

    assert not SESSION_TABLES & await _tables(empty_database)
    async with empty_database.reading() as connection:
        assert await _counts(connection) == before
        version = await _run(connection, "SELECT version_num FROM alembic_version")
        assert version.scalar_one() == BEFORE_SESSIONS
    await migrate.upgrade(empty_database)
    async with empty_database.reading() as connection:
        assert (await _run(connection, "SELECT count(*) FROM sessions")).scalar_one() == 0
