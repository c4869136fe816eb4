"""Each member's stored wait for a first post, kept in step with the two times it is made of.

`participation.first_post_wait_us` is the exact time from `members.joined_at` to
`participation.first_post_at` in microseconds, when the member joined before posting, and NULL
otherwise. Whatever writes either time keeps it: the activity flush writes it with a first post
(`first_post_wait`, in the same statement), a join recomputes it (`refresh_first_post_waits`).
The median wait of 10,000 members then sorts stored integers (2 ms) rather than parsing two
datetimes a member (9 ms).
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, and_, case, select, update
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import InstrumentedAttribute

from bot.storage.durations import Stored, microseconds_between
from bot.storage.id_lists import among
from bot.storage.models import Member, Participation


def first_post_wait(
    connection: AsyncConnection,
    member_id: ColumnElement[int] | InstrumentedAttribute[int],
    first_post_at: ColumnElement[datetime] | Stored,
) -> ColumnElement[int | None]:
    """Return the wait of the member `member_id` whose first post is `first_post_at` (a
    column, or a value being written), read against their row's join time: NULL when they did
    not join before it."""
    joined = Member.joined_at
    waited = and_(joined.is_not(None), first_post_at.is_not(None), first_post_at >= joined)
    wait = microseconds_between(connection, joined, first_post_at)
    found = select(case((waited, wait), else_=None)).where(Member.id == member_id)
    return found.scalar_subquery()


async def refresh_first_post_waits(
    connection: AsyncConnection, member_ids: Collection[int]
) -> None:
    """Set the stored first-post wait of these members again from their two times (after
    their join time changed)."""
    if not member_ids:
        return
    wait = first_post_wait(connection, Participation.member_id, Participation.first_post_at)
    await connection.execute(
        update(Participation)
        .where(*among(connection, Participation.member_id, member_ids))
        .values(first_post_wait_us=wait)
    )
