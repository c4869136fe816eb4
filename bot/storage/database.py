"""The engine and sessions: SQLite (WAL, foreign keys on) by default, PostgreSQL by URL."""

from __future__ import annotations

from contextlib import AbstractAsyncContextManager
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.ext.asyncio import (
    AsyncConnection,
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

from bot.storage.writes import watch


class Database:
    """Owns the engine and hands out sessions; one per process, built by the composition root."""

    def __init__(self, url: str, **engine_options: Any) -> None:
        self.url = url
        self._engine_options = engine_options
        self.engine: AsyncEngine = create_async_engine(url, **engine_options)
        if self.is_sqlite:
            event.listen(self.engine.sync_engine, "connect", _configure_sqlite_connection)
        watch(self.engine.sync_engine)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)

    def another(self) -> Database:
        """Return a second, independent engine on the same database, as another process has."""
        return Database(self.url, **self._engine_options)

    @property
    def is_sqlite(self) -> bool:
        """Return whether this database is a SQLite file."""
        return self.engine.dialect.name == "sqlite"

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
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()
