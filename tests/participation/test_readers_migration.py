"""Migration 0021 (SQLite and PostgreSQL): members whose last check-in answer was "fine" and who
have not posted since become readers from that answer; everyone else does not; downgrading
keeps the rest."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage import migrate
from bot.storage.database import Database
from tests.conftest import START
from tests.pairing.history_support import community_with_members

BEFORE_READERS = "0019"  # the revision before 0021


async def _run(connection: AsyncConnection, sql: str, **values: Any) -> Any:
    return await connection.execute(text(sql), values)


async def _answered(
    connection: AsyncConnection, community: int, member: int, outcome: str, at: datetime
) -> None:
    await _run(
        connection,
        "INSERT INTO nudges (community_id, member_id, status, claimed_at, sent_at, outcome,"
        " answered_at) VALUES (:community, :member, 'sent', :at, :at, :outcome, :at)",
        community=community,
        member=member,
        outcome=outcome,
        at=at,
    )


async def _seed(connection: AsyncConnection) -> tuple[int, list[int]]:
    """Five members, in the 0017 schema's own SQL: reader, posted since, answered snooze last,
    never answered, fine then posted before (still a reader)."""
    community, members = await community_with_members(connection, "readers", 5)
    reader, posted, snoozed, _silent, earlier = members
    for member in members:
        await _run(
            connection,
            "INSERT INTO participation (member_id, community_id, is_bot, nudges_off)"
            " VALUES (:member, :community, false, false)",
            member=member,
            community=community,
        )
    answered = START + timedelta(days=20)
    await _answered(connection, community, reader, "fine", answered)
    await _answered(connection, community, posted, "fine", answered)
    await _answered(connection, community, snoozed, "fine", answered - timedelta(days=40))
    await _answered(connection, community, snoozed, "snooze", answered)
    await _answered(connection, community, earlier, "fine", answered)
    posts = {posted: answered + timedelta(hours=1), earlier: answered - timedelta(days=3)}
    for member, at in posts.items():
        await _run(
            connection,
            "UPDATE members SET last_active_at = :at WHERE id = :member",
            at=at,
            member=member,
        )
    return community, members


async def _reading(connection: AsyncConnection) -> dict[int, Any]:
    rows = await _run(connection, "SELECT member_id, reading_since FROM participation")
    return {member: since for member, since in rows}


async def test_upgrading_makes_readers_of_the_fine_answers_not_posted_since(
    empty_database: Database,
) -> None:
    await migrate.upgrade(empty_database, BEFORE_READERS)
    async with empty_database.writing() as connection:
        _community, members = await _seed(connection)

    await migrate.upgrade(empty_database)

    reader, _posted, _snoozed, _silent, earlier = members
    async with empty_database.reading() as connection:
        found = await _reading(connection)
    readers = {member for member, since in found.items() if since is not None}
    assert readers == {reader, earlier}, "not who posted since, answered snooze last, or never"
    since = found[reader]
    moment = since if isinstance(since, datetime) else datetime.fromisoformat(str(since))
    assert moment.replace(tzinfo=None) == (START + timedelta(days=20)).replace(tzinfo=None)


async def test_downgrading_drops_reading_and_reactions_and_keeps_the_members(
    empty_database: Database,
) -> None:
    await migrate.upgrade(empty_database)
    async with empty_database.writing() as connection:
        community, members = await community_with_members(connection, "down", 3)
        await _run(
            connection,
            "INSERT INTO daily_reactions (member_id, day, community_id, reactions)"
            " VALUES (:member, '2026-01-05', :community, 3)",
            member=members[0],
            community=community,
        )
        await _run(
            connection,
            "UPDATE members SET last_reacted_at = :at WHERE id = :member",
            at=START,
            member=members[0],
        )
        await _run(connection, "DELETE FROM members WHERE id = :member", member=members[2])

    await migrate.downgrade(empty_database, BEFORE_READERS)

    async with empty_database.writing() as connection:
        kept = await _run(connection, "SELECT count(*) FROM members")
        assert kept.scalar_one() == 2
        fresh, added = await community_with_members(connection, "after", 1)
    assert fresh > community
    assert added[0] > members[2], "a deleted member's id is not used again after the rebuild"
