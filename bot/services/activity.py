"""Member activity from message metadata, coalesced in memory and written in batches.

Every message updates its author's `last_active_at`. Writing per message would put a commit on
the hot path, so the newest time per member is kept in memory and flushed every few seconds,
when the buffer grows large, and on shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from typing import cast

from sqlalchemy import Table, bindparam, or_, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import Actor
from bot.services.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Member
from bot.storage.types import UTCDateTime

log = logging.getLogger(__name__)

FLUSH_AT_PENDING = 2000


class ActivityService:
    """Remembers when each member was last active and flushes that to the database in batches."""

    def __init__(
        self, database: Database, members: MemberService, flush_seconds: float = 5.0
    ) -> None:
        self._database = database
        self._members = members
        self._flush_seconds = flush_seconds
        self._member_ids: dict[tuple[int, str], int] = {}
        self._pending: dict[int, datetime] = {}
        self._flush_lock = asyncio.Lock()
        self._loop_task: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[int]] = set()
        members.add_forget_hook(self._forget)

    async def record(self, community_id: int, actor: Actor, at: datetime) -> None:
        """Note that `actor` was active at `at`; only their first message per flush reads the DB."""
        key = (community_id, actor.user.id)
        member_id = self._member_ids.get(key)
        if member_id is None:
            member_id = (await self._members.resolve(community_id, actor)).id
            self._member_ids[key] = member_id
        previous = self._pending.get(member_id)
        if previous is None or at > previous:
            self._pending[member_id] = at
        if len(self._pending) >= FLUSH_AT_PENDING and not self._flush_lock.locked():
            task = asyncio.create_task(self.flush())
            self._background.add(task)
            task.add_done_callback(self._background.discard)

    def pending(self) -> int:
        """Return how many members have activity not yet written."""
        return len(self._pending)

    async def flush(self) -> int:
        """Write the buffered activity in one transaction; return how many members it covered."""
        async with self._flush_lock:
            if not self._pending:
                return 0
            batch, self._pending = self._pending, {}
            try:
                await self._write(batch)
            except BaseException:
                # Put the batch back (keeping any newer times) so a later flush retries it; this
                # includes cancellation, which close() does to a background flush mid-write.
                for member_id, at in batch.items():
                    newer = self._pending.get(member_id)
                    if newer is None or at > newer:
                        self._pending[member_id] = at
                raise
            # Member ids are looked up again after each successful flush: another process may
            # have forgotten a member (deleting their row); this bounds how long a stale id lives.
            self._member_ids.clear()
            return len(batch)

    async def _write(self, batch: dict[int, datetime]) -> None:
        members = cast(Table, Member.__table__)
        statement = (
            update(members)
            .where(members.c.id == bindparam("member_id"))
            .where(
                or_(
                    members.c.last_active_at.is_(None),
                    members.c.last_active_at < bindparam("at", type_=UTCDateTime()),
                )
            )
            .values(last_active_at=bindparam("at", type_=UTCDateTime()))
        )
        rows = [{"member_id": member_id, "at": at} for member_id, at in batch.items()]
        async with self._database.engine.begin() as connection:
            await connection.execute(statement, rows)

    def start(self) -> None:
        """Start flushing in the background every few seconds."""
        if self._loop_task is None:
            self._loop_task = asyncio.create_task(self._flush_forever())

    async def close(self) -> None:
        """Stop the background flush and write whatever is left."""
        if self._loop_task is not None:
            self._loop_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._loop_task
            self._loop_task = None
        if self._background:
            await asyncio.gather(*self._background, return_exceptions=True)
        await self.flush()

    async def _flush_forever(self) -> None:
        while True:
            await asyncio.sleep(self._flush_seconds)
            try:
                written = await self.flush()
            except Exception:
                log.exception("activity flush failed; will retry")
            else:
                if written:
                    log.debug("flushed activity for %d members", written)

    async def _forget(self, _session: AsyncSession, member_id: int) -> None:
        # Pending activity stays: if the forget commits, its UPDATE finds no row (ids are never
        # reused); if the forget rolls back, the activity is still written. Only the id mapping
        # goes, so the member's next message looks them up afresh.
        for key in [key for key, value in self._member_ids.items() if value == member_id]:
            del self._member_ids[key]
