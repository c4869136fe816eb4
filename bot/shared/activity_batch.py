"""One batch of buffered activity and the statements that write it in one transaction.

Only metadata is kept: who posted, when, whether it was a thread reply, and the ids of
questions and of the threads replied in; who reacted, when, and how many times a day. Never what
anyone wrote, nor which emoji.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.events import Actor
from bot.storage.id_lists import id_list
from bot.storage.models import (
    Member,
)


@dataclass(slots=True)
class Counts:
    """A member's messages (and thread replies among them) on one day."""

    community_id: int
    messages: int = 0
    replies: int = 0


@dataclass(slots=True)
class Batch:
    """What has been recorded since the last flush."""

    last_active: dict[int, datetime] = field(default_factory=dict)
    counts: dict[tuple[int, date], Counts] = field(default_factory=dict)
    first_posts: dict[int, tuple[int, datetime]] = field(default_factory=dict)
    questions: dict[tuple[int, str], tuple[int, datetime]] = field(default_factory=dict)
    answers: list[tuple[int, str, int, str | None, datetime]] = field(default_factory=list)
    """Thread replies: community, root message id, member, reply message id, time."""
    last_reacted: dict[int, datetime] = field(default_factory=dict)
    reactions: dict[tuple[int, date], tuple[int, int]] = field(default_factory=dict)
    """Reactions by member and UTC day: (community id, how many)."""
    first_recorded: dict[int, tuple[datetime, int, Actor]] = field(default_factory=dict)
    """When (this process's clock) each member's first activity in the batch was recorded, in
    which community, and who they were: what decides whether activity under an id forgotten
    meanwhile is kept (`bot/shared/activity_moves.py`)."""

    def empty(self) -> bool:
        """Return whether nothing was recorded."""
        return not (self.last_active or self.answers or self.last_reacted)

    def react(self, community_id: int, member_id: int, at: datetime) -> None:
        """Count one reaction by the member at `at`."""
        previous = self.last_reacted.get(member_id)
        if previous is None or at > previous:
            self.last_reacted[member_id] = at
        key = (member_id, utc_day(at))
        counted = self.reactions.get(key)
        self.reactions[key] = (community_id, 1 + (counted[1] if counted else 0))

    def merge_back(self, newer: Batch) -> Batch:
        """Return this (failed) batch combined with what was recorded meanwhile."""
        for member_id, at in self.last_active.items():
            later = newer.last_active.get(member_id)
            if later is None or at > later:
                newer.last_active[member_id] = at
        for day_key, counts in self.counts.items():
            merged = newer.counts.setdefault(day_key, Counts(counts.community_id))
            merged.messages += counts.messages
            merged.replies += counts.replies
        for member_id, (community_id, at) in self.first_posts.items():
            known = newer.first_posts.get(member_id)
            if known is None or at < known[1]:
                newer.first_posts[member_id] = (community_id, at)
        for key, value in self.questions.items():
            newer.questions.setdefault(key, value)
        for member_id, recorded in self.first_recorded.items():
            seen = newer.first_recorded.get(member_id)
            if seen is None or recorded[0] < seen[0]:
                newer.first_recorded[member_id] = recorded
        newer.answers[:0] = self.answers
        self._merge_reactions_into(newer)
        return newer

    def _merge_reactions_into(self, newer: Batch) -> None:
        for member_id, at in self.last_reacted.items():
            later = newer.last_reacted.get(member_id)
            if later is None or at > later:
                newer.last_reacted[member_id] = at
        for day_key, (community_id, count) in self.reactions.items():
            earlier = newer.reactions.get(day_key)
            newer.reactions[day_key] = (community_id, count + (earlier[1] if earlier else 0))


def utc_day(at: datetime) -> date:
    """Return the UTC date of an aware time."""
    return at.astimezone(UTC).date() if at.tzinfo is not UTC else at.date()


async def missing_members(connection: AsyncConnection, member_ids: set[int]) -> set[int]:
    """Return which of `member_ids` have no row (forgotten since they were recorded).

    One count answers the usual case (none missing); only when it falls short are the ids read.
    """
    listed = Member.id.in_(id_list(connection, member_ids))
    present = (await connection.execute(select(func.count()).where(listed))).scalar_one()
    if present == len(member_ids):
        return set()
    found = await connection.execute(select(Member.id).where(listed))
    return member_ids - set(found.scalars())
