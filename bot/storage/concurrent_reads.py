"""Independent reads run at the same time, each on its own pooled connection.

SQLite in WAL mode serves several readers at once, each aiosqlite connection runs its statements
in its own thread, and sqlite3 lets go of the GIL while a statement runs; PostgreSQL serves each
connection in its own backend. So reads that do not depend on each other (the figures of
`/stats`) take about as long as the longest of them rather than their sum. At most `limit` run
at once, under the engine's pool size, so a burst of them never opens overflow connections.
Each read sees its own snapshot: use this for figures that need not agree to the row.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.database import Database

T = TypeVar("T")

READERS = 4
"""How many reads of one `ConcurrentReads` run at once (the default pool keeps 5 connections)."""


@asynccontextmanager
async def concurrent_reads(
    database: Database, limit: int = READERS
) -> AsyncIterator[ConcurrentReads]:
    """Start reads in the block; leave it when all have finished (`task.result()` then).

    When one fails, the others are cancelled and its own exception is raised (not a group), so
    callers handle it as they would the same read run alone.
    """
    try:
        async with asyncio.TaskGroup() as group:
            yield ConcurrentReads(database, group, limit)
    except BaseExceptionGroup as failed:
        raise failed.exceptions[0] from failed


class ConcurrentReads:
    """Start reads as tasks of a `TaskGroup`; each waits for one of `limit` slots."""

    def __init__(self, database: Database, group: asyncio.TaskGroup, limit: int = READERS) -> None:
        self._database = database
        self._group = group
        self._slots = asyncio.Semaphore(limit)

    def read(self, query: Callable[[AsyncConnection], Awaitable[T]]) -> asyncio.Task[T]:
        """Start `query` on a connection of its own; its task gives the result."""
        return self._group.create_task(self._on_connection(query))

    def call(self, reader: Callable[[], Awaitable[T]]) -> asyncio.Task[T]:
        """Start `reader` (a service's read that opens its own connection) in a slot."""
        return self._group.create_task(self._in_slot(reader))

    async def _on_connection(self, query: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        async with self._slots, self._database.reading() as connection:
            return await query(connection)

    async def _in_slot(self, reader: Callable[[], Awaitable[T]]) -> T:
        async with self._slots:
            return await reader()
