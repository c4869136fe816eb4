"""Helpers for the storage tests: a second "process" on the same database, and statement logs."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import Any

from sqlalchemy import event, func, select, text
from sqlalchemy.sql import FromClause

from bot.storage.database import Database


@asynccontextmanager
async def other_process(database: Database, **engine_options: Any) -> AsyncIterator[Database]:
    """Open a second Database on the same data, as another bot process would (own engine, pool).

    On PostgreSQL each test has a schema of its own, so the second engine is pointed at it too.
    """
    if not database.is_sqlite:
        async with database.engine.connect() as connection:
            schema = (await connection.execute(text("SELECT current_schema()"))).scalar_one()
        engine_options["connect_args"] = {"server_settings": {"search_path": schema}}
    other = Database(database.url, **engine_options)
    try:
        yield other
    finally:
        await other.close()


async def count_rows(database: Database, table: FromClause) -> int:
    """Return how many rows `table` holds, read on a fresh connection."""
    async with database.engine.connect() as connection:
        return (await connection.execute(select(func.count()).select_from(table))).scalar_one()


@contextmanager
def statements(database: Database) -> Iterator[list[str]]:
    """Collect the SQL statements sent on `database` while the block runs (COMMITs excluded)."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(database.engine.sync_engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(database.engine.sync_engine, "before_cursor_execute", record)


def writes(seen: list[str]) -> list[str]:
    """Return the statements among `seen` that change data."""
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [statement for statement in seen if statement.lstrip().upper().startswith(verbs)]


@asynccontextmanager
async def writes_held(database: Database, table: str) -> AsyncIterator[None]:
    """Hold back every write to `table` (reads go on) until the block ends.

    Racing writers can then all be made to read first and write second, whatever the timing.
    PostgreSQL: an EXCLUSIVE table lock, which blocks INSERT/UPDATE/DELETE but not SELECT.
    SQLite: an IMMEDIATE transaction holding the file's write lock (WAL readers go on); the
    blocked writers wait in SQLite's busy handler.
    """
    async with database.engine.connect() as connection:
        if database.is_sqlite:
            await connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            await connection.exec_driver_sql(f'LOCK TABLE "{table}" IN EXCLUSIVE MODE')
        try:
            yield
        finally:
            await connection.commit()


@contextmanager
def on_statements(databases: list[Database], verb: str, count: int) -> Iterator[asyncio.Event]:
    """Return an event set once `count` statements starting with `verb` are sent on `databases`."""
    reached = asyncio.Event()
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(verb):
            seen.append(statement)
            if len(seen) >= count:
                reached.set()

    engines = [database.engine.sync_engine for database in databases]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", record)
    try:
        yield reached
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", record)
