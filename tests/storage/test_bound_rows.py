"""Rows bound as one value (`bound_rows`) are written exactly as SQLAlchemy writes them one by
one: times in any zone, with and without microseconds, compare and read back unchanged."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from sqlalchemy import Date, DateTime, Integer, String, select

from bot.storage.bound_rows import bound_rows
from bot.storage.database import Database

BERLIN_SUMMER = timezone(timedelta(hours=2))


async def test_rows_read_back_as_they_were_bound(any_database: Database) -> None:
    rows = [
        (1, "plain", datetime(2026, 3, 1, 12, 0, tzinfo=UTC), date(2026, 3, 1)),
        (2, "zoned", datetime(2026, 7, 1, 14, 0, 0, 500_000, tzinfo=BERLIN_SUMMER), None),
        (3, "quote \" and ' and ünïcode", None, date(2026, 12, 31)),
    ]
    columns = {
        "id": Integer(),
        "label": String(),
        "at": DateTime(timezone=True),
        "day": Date(),
    }
    async with any_database.reading() as connection:
        table = bound_rows(connection, "given", columns, rows)
        read = (await connection.execute(select(table).order_by(table.c.id))).all()
    assert [(row.id, row.label, row.day) for row in read] == [(r[0], r[1], r[3]) for r in rows]
    assert [_utc(row.at) for row in read] == [_utc(r[2]) for r in rows]


async def test_bound_times_compare_in_time_order(any_database: Database) -> None:
    earlier = datetime(2026, 7, 1, 12, 0, 0, 1, tzinfo=UTC)
    later_elsewhere = datetime(2026, 7, 1, 14, 0, 0, 2, tzinfo=BERLIN_SUMMER)  # 12:00:00.000002
    async with any_database.reading() as connection:
        table = bound_rows(
            connection,
            "pairs",
            {"a": DateTime(timezone=True), "b": DateTime(timezone=True)},
            [(earlier, later_elsewhere), (later_elsewhere, earlier)],
        )
        ordered = (await connection.execute(select(table.c.a < table.c.b))).scalars().all()
    assert [bool(value) for value in ordered] == [True, False]


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
