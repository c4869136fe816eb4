"""UTCDateTime stores aware datetimes as UTC and hands them back aware, on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import StatementError

from bot.storage.database import Database
from bot.storage.models import Community
from bot.storage.types import UTCDateTime
from tests.storage.support import count_rows

NEW_YORK = ZoneInfo("America/New_York")


async def _store(database: Database, external_id: str, created_at: datetime) -> int:
    async with database.session() as session, session.begin():
        community = Community(
            platform="console", external_id=external_id, timezone="UTC", created_at=created_at
        )
        session.add(community)
        await session.flush()
        return community.id


async def _load(database: Database, community_id: int) -> datetime:
    # A fresh session, so the value comes from the database and not the identity map.
    async with database.session() as session:
        query = select(Community.created_at).where(Community.id == community_id)
        return (await session.execute(query)).scalar_one()


async def test_utc_value_round_trips_aware_with_microseconds(any_database: Database) -> None:
    moment = datetime(2026, 3, 29, 1, 30, 15, 123456, tzinfo=UTC)
    loaded = await _load(any_database, await _store(any_database, "a", moment))
    assert loaded == moment
    assert loaded.tzinfo is UTC


async def test_value_in_another_zone_comes_back_as_the_same_instant_in_utc(
    any_database: Database,
) -> None:
    local = datetime(2026, 7, 1, 9, 0, tzinfo=NEW_YORK)  # 13:00 UTC in summer time
    loaded = await _load(any_database, await _store(any_database, "ny", local))
    assert loaded == local
    assert loaded.tzinfo is UTC
    assert (loaded.hour, loaded.minute) == (13, 0)


async def test_sql_ordering_follows_instants_not_wall_clocks(any_database: Database) -> None:
    # Wall-clock order is the reverse of instant order here; SQLite compares stored text, so
    # this only holds because every value is normalised to UTC before it is written.
    early_in_tokyo = datetime(2026, 1, 5, 20, 0, tzinfo=ZoneInfo("Asia/Tokyo"))  # 11:00 UTC
    later_in_new_york = datetime(2026, 1, 5, 7, 0, tzinfo=NEW_YORK)  # 12:00 UTC
    await _store(any_database, "later", later_in_new_york)
    await _store(any_database, "early", early_in_tokyo)

    async with any_database.session() as session:
        ordered = await session.execute(
            select(Community.external_id).order_by(Community.created_at)
        )
        assert list(ordered.scalars()) == ["early", "later"]
        cutoff = datetime(2026, 1, 5, 11, 30, tzinfo=UTC)
        before = await session.execute(
            select(Community.external_id).where(Community.created_at < cutoff)
        )
        assert list(before.scalars()) == ["early"]


async def test_naive_datetime_is_refused_and_nothing_is_stored(any_database: Database) -> None:
    naive = datetime(2026, 1, 5, 8, 0)  # noqa: DTZ001 - the point of the test
    with pytest.raises(StatementError, match="naive datetimes are not stored") as raised:
        await _store(any_database, "naive", naive)
    assert isinstance(raised.value.orig, ValueError)
    assert await count_rows(any_database, Community.__table__) == 0


async def test_naive_datetime_is_refused_in_a_query_too(any_database: Database) -> None:
    naive = datetime(2026, 1, 5, 8, 0)  # noqa: DTZ001 - the point of the test
    async with any_database.session() as session:
        with pytest.raises(StatementError, match="naive"):
            await session.execute(select(Community.id).where(Community.created_at < naive))


@given(
    moment=st.datetimes(
        min_value=datetime(1900, 1, 1),  # noqa: DTZ001 - hypothesis bounds are naive
        max_value=datetime(2200, 1, 1),  # noqa: DTZ001
        timezones=st.timezones(),
    )
)
@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()], ids=["sqlite", "pg"])
def test_bind_then_result_is_the_same_instant_in_utc(moment: datetime, dialect) -> None:
    column_type = UTCDateTime()
    bound = column_type.process_bind_param(moment, dialect)
    assert bound.utcoffset() == timedelta(0)
    # SQLite hands the stored value back without its zone; PostgreSQL keeps it.
    stored = bound.replace(tzinfo=None) if dialect.name == "sqlite" else bound
    loaded = column_type.process_result_value(stored, dialect)
    # Compared in UTC: Python never calls a time in a DST fold equal to one in another zone.
    assert loaded == moment.astimezone(UTC)
    assert loaded.tzinfo is UTC


def test_none_passes_through() -> None:
    column_type = UTCDateTime()
    assert column_type.process_bind_param(None, sqlite.dialect()) is None
    assert column_type.process_result_value(None, sqlite.dialect()) is None
