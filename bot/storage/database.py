"""The engine and sessions: SQLite (WAL, foreign keys on) by default, PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.engine.interfaces import DBAPIConnection, ExceptionContext
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from bot.storage.writes import watch

BUSY_TIMEOUT_MS = 5000
"""How long a SQLite statement waits for another connection's write lock before failing."""


class Database:
    """Owns the engine and hands out sessions; one per process, built by the composition root."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self._engine_options = engine_options
        if make_url(url).get_backend_name() == "sqlite":
            # A connection is rolled back by SQLAlchemy when it is closed inside a transaction;
            # after a commit there is nothing to roll back, and the pool's own rollback on
            # return was one more trip to aiosqlite's thread on every write.
            engine_options = {"pool_reset_on_return": None, **engine_options}
        self.engine: AsyncEngine = create_async_engine(url, **engine_options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _configure_sqlite_connection)
            event.listen(self.engine.sync_engine, "handle_error", _replace_read_only_connections)
        self._write_listeners: list[Callable[[], None]] = []
        watch(self.engine.sync_engine, self._wrote)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    def another(self) -> Database:
        """Return a second, independent engine on the same database, as another process has."""
        return Database(self.url, **self._engine_options)

    @property
    def is_sqlite(self) -> bool:
        """Return whether this database is a SQLite file."""
        return self.engine.dialect.name == "sqlite"

    def on_write(self, listener: Callable[[], None]) -> None:
        """Call `listener` after every commit of this engine whose writes changed rows.

        Listeners run inside the commit, synchronously: they note the write and return.
        """
        self._write_listeners.append(listener)

    def _wrote(self) -> None:
        for listener in self._write_listeners:
            listener()

    def session(self) -> AsyncSession:
        """Return a new session; use it as `async with db.session() as session`."""
        return self.sessions()

    def reading(self) -> AsyncConnection:
        """Return a plain connection for a hot-path read: `async with db.reading() as conn`.

        Core statements on a connection skip the ORM session's bookkeeping, which is most of
        the cost of a one-row read on SQLite.
        """
        return self.engine.connect()

    def writing(self) -> AbstractAsyncContextManager[AsyncConnection]:
        """Return a transaction on a plain connection, committed on success: `async with`.

        For hot-path writes of Core statements, without the ORM session's bookkeeping.
        """
        return self.engine.begin()

    async def close(self) -> None:
        """Close every pooled connection."""
        await self.engine.dispose()


def insert_for(bound: AsyncSession | AsyncConnection) -> Any:
    """Return the dialect's INSERT, which has ON CONFLICT: it reads the same on both databases."""
    dialect = bound.bind.dialect.name if isinstance(bound, AsyncSession) and bound.bind else None
    if isinstance(bound, AsyncConnection):
        dialect = bound.dialect.name
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def _configure_sqlite_connection(connection: DBAPIConnection, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers and one writer work at once; foreign keys are off in SQLite unless asked.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


SQLITE_READONLY = 8
"""SQLite's primary result code for "attempt to write a readonly database"."""


def _replace_read_only_connections(context: ExceptionContext) -> None:
    # A connection SQLite opened while the file could not be written stays read-only after the
    # file is writable again. Treating the error as a disconnect makes the pool drop that
    # connection and every other one opened before it, so the next unit of work (a retried
    # activity flush, the next command) opens a fresh connection instead of failing for good.
    code = getattr(context.original_exception, "sqlite_errorcode", None)
    if code is not None and code & 0xFF == SQLITE_READONLY:
        context.is_disconnect = True
