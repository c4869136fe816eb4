"""Which command set each platform scope last received, so commands are synced only on change."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from bot.clock import Clock
from bot.storage.database import Database
from bot.storage.models import CommandSync


class CommandSyncService:
    """Remembers the digest of the command set registered per scope (`discord:global`, ...)."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    async def digest(self, scope: str) -> str | None:
        """Return the digest last recorded for `scope`, or None if it was never synced."""
        query = select(CommandSync.digest).where(CommandSync.scope == scope)
        async with self._database.reading() as connection:
            return (await connection.execute(query)).scalar_one_or_none()

    async def record(self, scope: str, digest: str) -> None:
        """Record that `scope` now has the command set with this digest."""
        values = {"digest": digest, "synced_at": self._clock.now()}
        insert = self._insert()(CommandSync).values(scope=scope, **values)
        statement = insert.on_conflict_do_update(
            index_elements=[CommandSync.scope],
            set_={name: insert.excluded[name] for name in values},
        )
        async with self._database.session() as session, session.begin():
            await session.execute(statement)

    def _insert(self) -> Any:
        # ON CONFLICT reads the same on both databases, but each dialect has its own construct.
        return sqlite.insert if self._database.is_sqlite else postgresql.insert
