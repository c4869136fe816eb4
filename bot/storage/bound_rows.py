"""Many rows bound as one parameter, read as a table: a batch written by one statement.

`executemany` binds each row on its own: on SQLite every row is a round trip between the
driver's thread and the event loop's thread, each waiting for the other to let go of the
interpreter, and SQLAlchemy prepares every row's parameters in Python. The activity flush wrote
10,000 members that way while messages kept arriving, and the two threads slowed each other
down. Here the rows travel as one value: a JSON array read by `json_each` on SQLite, one array
a column read by `unnest` on PostgreSQL. The statement then runs inside the database in one go.

Times are written as each database stores them: aware datetimes in PostgreSQL's arrays, and on
SQLite the text SQLAlchemy's `DateTime` writes (UTC, `YYYY-MM-DD HH:MM:SS.ffffff`), so stored
values compare and read back as before.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, FromClause, bindparam, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.types import TypeEngine

SQLITE_TIME = "%Y-%m-%d %H:%M:%S.%f"
"""How SQLAlchemy's DateTime stores a time in SQLite (always with microseconds)."""


def bound_rows(
    connection: AsyncConnection,
    name: str,
    columns: Mapping[str, TypeEngine[Any]],
    rows: Sequence[Sequence[Any]],
) -> FromClause:
    """Return `rows` (tuples in the order of `columns`) as a table named `name` whose columns
    are `columns`' names, bound as one parameter."""
    if connection.dialect.name == "postgresql":
        return _unnested(name, columns, rows)
    return _json_rows(name, columns, rows)


def _unnested(
    name: str, columns: Mapping[str, TypeEngine[Any]], rows: Sequence[Sequence[Any]]
) -> FromClause:
    arrays = [
        bindparam(f"{name}_{column}", [row[i] for row in rows], type_=postgresql.ARRAY(kind))
        for i, (column, kind) in enumerate(columns.items())
    ]
    return func.unnest(*arrays).table_valued(*columns).render_derived(name=name)


def _json_rows(
    name: str, columns: Mapping[str, TypeEngine[Any]], rows: Sequence[Sequence[Any]]
) -> FromClause:
    converters = [_sqlite_value(kind) for kind in columns.values()]
    if all(convert is None for convert in converters):
        values: list[Any] = [list(row) for row in rows]
    else:
        values = [
            [
                value if convert is None else convert(value)
                for convert, value in zip(converters, row, strict=True)
            ]
            for row in rows
        ]
    each = func.json_each(bindparam(f"{name}_rows", json.dumps(values))).table_valued("value")
    picked = [
        func.json_extract(each.c.value, f"$[{i}]", type_=kind).label(column)
        for i, (column, kind) in enumerate(columns.items())
    ]
    return select(*picked).select_from(each).subquery(name)


def _sqlite_value(kind: TypeEngine[Any]) -> Callable[[Any], Any] | None:
    if isinstance(kind, DateTime):
        return _sqlite_time
    if isinstance(kind, Date):
        return _sqlite_date
    return None


def _sqlite_time(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = value.astimezone(UTC)
    # "YYYY-MM-DD HH:MM:SS.ffffff+00:00" without its zone: what strftime(SQLITE_TIME) gives, in
    # a third of the time (a flush converts tens of thousands).
    return value.isoformat(" ", "microseconds")[:26]


def _sqlite_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
