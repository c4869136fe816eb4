"""Member activity from message metadata, coalesced in memory and written in batches.

Every message updates its author's `last_active_at`, their per-day counts of messages and
thread replies, their first post, and the questions asked and answered (ids and times only).
Every reaction updates its member's `last_reacted_at` and per-day count of reactions (never
which emoji).
Writing per message would put a commit on the hot path, so all of it is kept in memory and
flushed in one transaction every few seconds, when the buffer grows large, and on shutdown.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import Actor
from bot.metrics import Metrics
from bot.refs import MessageRef
from bot.shared.activity_batch import Batch, Counts, missing_members, utc_day
from bot.shared.activity_moves import kept_for_new_rows, split_off
from bot.shared.activity_writes import write
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Member

log = logging.getLogger(__name__)

FLUSH_AT_PENDING = 10_000
"""Flush without waiting for the timer once this many members have pending activity."""
FLUSH_AT_EVENTS = 50_000
"""... or once this many messages were recorded since the last flush."""
MAX_FIRST_POSTS_KNOWN = 200_000
MAX_MEMBER_IDS_KNOWN = 1_000_000
"""Member ids kept across flushes (about 150 MB at most); beyond, every community is read again."""


class ActivityService:
    """Remembers who posted when and flushes that to the database in batches."""

    def __init__(
        self,
        database: Database,
        members: MemberService,
        flush_seconds: float = 5.0,
        *,
        metrics: Metrics | None = None,
    ) -> None:
        self._database = database
        self._members = members
        self._clock = members.clock
        self._flush_seconds = flush_seconds
        self._member_ids: dict[tuple[int, str], int] = {}
        self._loaded: set[int] = set()
        self._first_known: set[int] = set()
        self._batch = Batch()
        self._events = 0
        self._flush_lock = asyncio.Lock()
        self._loop_task: asyncio.Task[None] | None = None
        self._background: set[asyncio.Task[int]] = set()
        members.add_forget_hook(self._forget)
        self._metrics = metrics or Metrics()
        self._metrics.watch_activity_buffer(self.pending)

    async def record(
        self,
        community_id: int,
        actor: Actor,
        at: datetime,
        *,
        reply_to: MessageRef | None = None,
        message: MessageRef | None = None,
        question: bool = False,
    ) -> None:
        """Note a `message` by `actor` at `at`: a reply in `reply_to`'s thread, or a `question`.

        A reply in a topic's thread is recorded as a response to the topic at the next flush
        (one INSERT .. SELECT for the batch, which finds the topic post by its message id).

        Member ids are kept across flushes: only a community's first message reads the
        database (every member's id at once), and a member not among them resolves their row.
        The rest is memory only.
        """
        member_id = self._member_ids.get((community_id, actor.user.id))
        if member_id is None:
            member_id = await self._member_id(community_id, actor)
        batch = self._batch
        if member_id not in batch.first_recorded:
            batch.first_recorded[member_id] = (self._clock.now(), community_id, actor)
        previous = batch.last_active.get(member_id)
        if previous is None or at > previous:
            batch.last_active[member_id] = at
        key = (member_id, utc_day(at))
        counts = batch.counts.get(key)
        if counts is None:
            counts = batch.counts[key] = Counts(community_id)
        counts.messages += 1
        if reply_to is not None:
            counts.replies += 1
            message_id = message.id if message is not None else None
            batch.answers.append((community_id, reply_to.id, member_id, message_id, at))
        if member_id not in self._first_known:
            first = batch.first_posts.get(member_id)
            if first is None or at < first[1]:
                batch.first_posts[member_id] = (community_id, at)
        if question and message is not None:
            batch.questions[(community_id, message.id)] = (member_id, at)
        self._counted()

    async def record_reaction(self, community_id: int, actor: Actor, at: datetime) -> None:
        """Note a reaction by `actor` at `at`: light participation, counted, written in the
        same batches as messages."""
        member_id = self._member_ids.get((community_id, actor.user.id))
        if member_id is None:
            member_id = await self._member_id(community_id, actor)
        batch = self._batch
        if member_id not in batch.first_recorded:
            batch.first_recorded[member_id] = (self._clock.now(), community_id, actor)
        batch.react(community_id, member_id, at)
        self._counted()

    def _counted(self) -> None:
        self._events += 1
        many = len(self._batch.first_recorded) >= FLUSH_AT_PENDING
        if (many or self._events >= FLUSH_AT_EVENTS) and not (
            self._flush_lock.locked() or self._background
        ):
            self._flush_soon()  # one background flush at a time: a started one takes it all

    async def _member_id(self, community_id: int, actor: Actor) -> int:
        if community_id not in self._loaded:
            # One read maps every known member of the community, instead of one per member.
            if len(self._member_ids) > MAX_MEMBER_IDS_KNOWN:
                self._member_ids.clear()  # bounded memory: communities are read again
                self._loaded.clear()
            self._loaded.add(community_id)
            query = select(Member.external_id, Member.id).where(Member.community_id == community_id)
            async with self._database.reading() as connection:
                for external_id, member_id in await connection.execute(query):
                    self._member_ids[(community_id, external_id)] = member_id
            found = self._member_ids.get((community_id, actor.user.id))
            if found is not None:
                return found
        member_id = (await self._members.resolve(community_id, actor)).id
        self._member_ids[(community_id, actor.user.id)] = member_id
        return member_id

    def _flush_soon(self) -> None:
        task = asyncio.create_task(self.flush())
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    def pending(self) -> int:
        """Return how many members have activity not yet written."""
        return len(self._batch.first_recorded)

    async def flush(self) -> int:
        """Write the buffered activity in one transaction; return how many members it covered."""
        async with self._flush_lock:
            if self._batch.empty():
                return 0
            batch, self._batch, self._events = self._batch, Batch(), 0
            started = time.perf_counter()
            moved = Batch()
            try:
                async with self._database.writing() as connection:
                    gone = await missing_members(connection, set(batch.first_recorded))
                    moved = split_off(batch, gone)
                    await write(connection, batch)
            except BaseException:
                # Put the batch back (keeping any newer times) so a later flush retries it; this
                # includes cancellation, which close() does to a background flush mid-write.
                self._batch = moved.merge_back(batch).merge_back(self._batch)
                raise
            self._metrics.activity_flushed(time.perf_counter() - started)
            self._remember_first_posts(batch)
            if moved.first_recorded:
                await self._move(moved)
            return len(batch.first_recorded)

    async def _move(self, moved: Batch) -> None:
        """Evict ids another process forgot; keep their activity under the new rows only when
        it all came after the forget (`activity_moves`), for the next flush to write."""
        gone = set(moved.first_recorded)
        self._first_known -= gone
        for key in [key for key, value in self._member_ids.items() if value in gone]:
            del self._member_ids[key]
        kept = await kept_for_new_rows(self._database, self._members, moved)
        self._batch = kept.merge_back(self._batch)

    def _remember_first_posts(self, batch: Batch) -> None:
        if len(self._first_known) > MAX_FIRST_POSTS_KNOWN:
            self._first_known.clear()
        self._first_known.update(batch.first_posts)

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
        self._first_known.discard(member_id)
