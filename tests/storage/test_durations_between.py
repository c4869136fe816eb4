"""`microseconds_between` is exact on both databases, through either of SQLite's ways of
reading a stored datetime's seconds (`unixepoch` where SQLite has it, formatted otherwise)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select

from bot.storage import durations
from bot.storage.database import Database
from bot.storage.durations import microseconds_between
from bot.storage.models import Community, Member

JOINED = datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC)
WAITS = [
    timedelta(0),
    timedelta(microseconds=1),
    timedelta(seconds=1, microseconds=-1),
    timedelta(days=400, hours=5, microseconds=123_457),
    -timedelta(hours=2, microseconds=500_001),
]


async def _waits_read(database: Database) -> list[int]:
    async with database.writing() as connection:
        community = await connection.execute(
            insert(Community)
            .values(platform="console", external_id="c", timezone="UTC", created_at=JOINED)
            .returning(Community.id)
        )
        community_id = community.scalar_one()
        for number, wait in enumerate(WAITS):
            await connection.execute(
                insert(Member).values(
                    community_id=community_id,
                    external_id=f"m{number}",
                    display_name=f"m{number}",
                    joined_at=JOINED,
                    last_active_at=JOINED + wait,
                )
            )
    async with database.reading() as connection:
        between = microseconds_between(connection, Member.joined_at, Member.last_active_at)
        return list((await connection.execute(select(between).order_by(Member.id))).scalars())


async def test_the_time_between_two_datetimes_is_exact(any_database: Database) -> None:
    assert await _waits_read(any_database) == [wait // timedelta(microseconds=1) for wait in WAITS]


async def test_sqlite_without_unixepoch_reads_the_same(
    sqlite_database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(durations, "UNIXEPOCH_SINCE", (99,))
    assert await _waits_read(sqlite_database) == [
        wait // timedelta(microseconds=1) for wait in WAITS
    ]
