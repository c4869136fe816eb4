"""The exact time between two stored datetimes, computed in the database, in microseconds.

For figures over thousands of rows (the median wait for a first post), so the rows need not be
read into Python, each datetime parsed, only to be subtracted. Exact to the microsecond, like
subtracting the datetimes in Python: no floating point (SQLite's `julianday` is a float).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ColumnElement, Integer, cast, extract, func
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import InstrumentedAttribute

Stored = ColumnElement[datetime] | InstrumentedAttribute[datetime | None]


def microseconds_between(
    connection: AsyncConnection, earlier: Stored, later: Stored
) -> ColumnElement[int]:
    """Return `later - earlier` in whole microseconds (negative when `later` is earlier)."""
    if connection.dialect.name == "postgresql":
        # The epoch of an interval is an exact numeric (PostgreSQL 14 and later).
        return cast(extract("epoch", later - earlier) * 1_000_000, BigInteger)
    return (_seconds(later) - _seconds(earlier)) * 1_000_000 + _fraction(later) - _fraction(earlier)


def _seconds(stored: Stored) -> ColumnElement[int]:
    """Return a SQLite datetime's whole seconds since the epoch."""
    return cast(func.strftime("%s", stored), Integer)


def _fraction(stored: Stored) -> ColumnElement[int]:
    """Return a SQLite datetime's microseconds: SQLAlchemy stores `YYYY-MM-DD HH:MM:SS.ffffff`."""
    return cast(func.substr(stored, 21, 6), Integer)
