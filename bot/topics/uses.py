"""Recording that topics were used (posted or skipped): uses that arrive together share one
transaction, so a burst of scheduled posts costs a few statements, not a few per post."""

from __future__ import annotations

from dataclasses import dataclass

from bot.batching import Coalescer
from bot.clock import Clock
from bot.occurrences import RecordHook
from bot.refs import ChannelRef, MessageRef
from bot.storage.database import Database
from bot.topics import store


@dataclass(frozen=True, slots=True)
class Post:
    """Where a topic was posted, and what else its recording transaction must do."""

    schedule_id: int | None
    channel: ChannelRef
    message: MessageRef
    also: RecordHook | None = None
    cohort_id: int | None = None
    """The cohort it was posted for (None: the whole community)."""
    week: int | None = None
    """The week of the cohort's term it was posted in, when it was a numbered week."""


@dataclass(frozen=True, slots=True)
class Use:
    """One use of a topic: from the bank (`topic_id`) or a starter prompt; posted or skipped."""

    community_id: int
    text: str
    topic_id: int | None
    starter: bool
    post: Post | None


class UseRecorder:
    """Writes uses in batches: every use recorded in the same moment joins one transaction."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock
        self._writes = Coalescer(self._write)

    async def record(self, use: Use) -> None:
        """Record `use`; return once it is committed (or raise what the commit raised)."""
        await self._writes.submit(use)

    async def _write(self, uses: list[Use]) -> list[None]:
        now = self._clock.now()
        topics = [{"used": use.topic_id} for use in uses if use.topic_id is not None]
        starters = [{"community": use.community_id} for use in uses if use.starter]
        posts = [_post_row(use, now) for use in uses if use.post is not None]
        async with self._database.writing() as connection:
            if topics:
                await store.count_uses(connection, topics, now)
            if starters:
                await store.advance_starters(connection, starters)
            if posts:
                await store.insert_posts(connection, posts)
            for use in uses:
                if use.post is not None and use.post.also is not None:
                    await use.post.also(connection, use.post.message.id)
        return [None] * len(uses)


def _post_row(use: Use, now: object) -> dict[str, object]:
    assert use.post is not None
    return {
        "community_id": use.community_id,
        "cohort_id": use.post.cohort_id,
        "week": use.post.week,
        "topic_id": use.topic_id,
        "schedule_id": use.post.schedule_id,
        "text": use.text,
        "channel_external_id": use.post.channel.id,
        "message_external_id": use.post.message.id,
        "posted_at": now,
    }
