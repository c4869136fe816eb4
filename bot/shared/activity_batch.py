"""One batch of buffered activity and the statements that write it in one transaction.

Only metadata is kept: who posted, when, whether it was a thread reply, and the ids of
questions and of the threads replied in; who reacted, when, and how many times a day. Never what
anyone wrote, nor which emoji.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import DateTime, Integer, String, Table, bindparam, func, or_, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.events import Actor
from bot.storage.database import insert_for
from bot.storage.first_post_waits import first_post_wait
from bot.storage.id_lists import id_list
from bot.storage.models import (
    DailyActivity,
    DailyReactions,
    Member,
    Participation,
    Question,
    TopicPost,
    TopicResponse,
)
from bot.storage.types import UTCDateTime


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


async def write(connection: AsyncConnection, batch: Batch) -> None:
    """Write a batch: one statement per table, in the caller's transaction."""
    if batch.last_active:
        await _last_active(connection, batch.last_active)
    if batch.counts:
        await _counts(connection, batch.counts)
    if batch.first_posts:
        await _first_posts(connection, batch.first_posts)
    if batch.questions:
        await _questions(connection, batch.questions)
    if batch.answers:
        await _answers(connection, batch.answers)
        await _topic_responses(connection, batch.answers)
    if batch.last_reacted:
        await _last_reacted(connection, batch.last_reacted)
    if batch.reactions:
        await _reactions(connection, batch.reactions)


async def _last_active(connection: AsyncConnection, last_active: dict[int, datetime]) -> None:
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
    rows = [{"member_id": member_id, "at": at} for member_id, at in last_active.items()]
    await connection.execute(statement, rows)


async def _last_reacted(connection: AsyncConnection, last_reacted: dict[int, datetime]) -> None:
    members = cast(Table, Member.__table__)
    at = bindparam("at", type_=UTCDateTime())
    statement = (
        update(members)
        .where(members.c.id == bindparam("member_id"))
        .where(or_(members.c.last_reacted_at.is_(None), members.c.last_reacted_at < at))
        .values(last_reacted_at=at)
    )
    rows = [{"member_id": member_id, "at": at} for member_id, at in last_reacted.items()]
    await connection.execute(statement, rows)


async def _reactions(
    connection: AsyncConnection, reactions: dict[tuple[int, date], tuple[int, int]]
) -> None:
    insert = insert_for(connection)(DailyReactions)
    statement = insert.on_conflict_do_update(
        index_elements=["member_id", "day"],
        set_={"reactions": DailyReactions.reactions + insert.excluded.reactions},
    )
    rows = [
        {"member_id": member_id, "day": day, "community_id": community_id, "reactions": count}
        for (member_id, day), (community_id, count) in reactions.items()
    ]
    await connection.execute(statement, rows)


async def _counts(connection: AsyncConnection, counts: dict[tuple[int, date], Counts]) -> None:
    insert = insert_for(connection)(DailyActivity)
    statement = insert.on_conflict_do_update(
        index_elements=["member_id", "day"],
        set_={
            "messages": DailyActivity.messages + insert.excluded.messages,
            "replies": DailyActivity.replies + insert.excluded.replies,
        },
    )
    rows = [
        {
            "member_id": member_id,
            "day": day,
            "community_id": c.community_id,
            "messages": c.messages,
            "replies": c.replies,
        }
        for (member_id, day), c in counts.items()
    ]
    await connection.execute(statement, rows)


async def _first_posts(
    connection: AsyncConnection, first_posts: dict[int, tuple[int, datetime]]
) -> None:
    member = bindparam("member_id", type_=Integer())
    first = bindparam("first_post_at", type_=UTCDateTime())
    insert = insert_for(connection)(Participation).values(
        member_id=member,
        community_id=bindparam("community_id", type_=Integer()),
        first_post_at=first,
        first_post_wait_us=first_post_wait(connection, member, first),
    )
    moved = ("first_post_at", "first_post_wait_us")
    statement: Any = insert.on_conflict_do_update(
        index_elements=["member_id"],
        set_={name: insert.excluded[name] for name in moved},
        where=or_(
            Participation.first_post_at.is_(None),
            Participation.first_post_at > insert.excluded.first_post_at,
        ),
    )
    rows = [
        {"member_id": member_id, "community_id": community_id, "first_post_at": at}
        for member_id, (community_id, at) in first_posts.items()
    ]
    await connection.execute(statement, rows)


async def _questions(
    connection: AsyncConnection, questions: dict[tuple[int, str], tuple[int, datetime]]
) -> None:
    statement = insert_for(connection)(Question).on_conflict_do_nothing()
    rows = [
        {
            "community_id": community_id,
            "message_external_id": message_id,
            "member_id": member_id,
            "asked_at": at,
        }
        for (community_id, message_id), (member_id, at) in questions.items()
    ]
    await connection.execute(statement, rows)


async def _answers(
    connection: AsyncConnection, answers: list[tuple[int, str, int, str | None, datetime]]
) -> None:
    # A reply by someone other than the asker answers the question (the first one counts).
    questions = cast(Table, Question.__table__)
    statement = (
        update(questions)
        .where(
            questions.c.community_id == bindparam("c"),
            questions.c.message_external_id == bindparam("root"),
            questions.c.member_id != bindparam("replier"),
            questions.c.answered_at.is_(None),
        )
        .values(answered_at=bindparam("at", type_=UTCDateTime()))
    )
    rows = [
        {"c": community_id, "root": root, "replier": member_id, "at": at}
        for community_id, root, member_id, _message, at in answers
    ]
    await connection.execute(statement, rows)


async def _topic_responses(
    connection: AsyncConnection, replies: list[tuple[int, str, int, str | None, datetime]]
) -> None:
    # Replies whose root is a topic post become its responses; the rest match no row.
    rows = [
        {"c": community_id, "root": root, "member": member_id, "message": message, "at": at}
        for community_id, root, member_id, message, at in replies
        if message is not None
    ]
    if not rows:
        return
    typed = _cast if connection.dialect.name == "postgresql" else _as_is
    found = select(
        TopicPost.id,
        typed(bindparam("member", type_=Integer()), Integer()),
        typed(bindparam("message", type_=String()), String()),
        typed(bindparam("at", type_=UTCDateTime()), DateTime(timezone=True)),
    ).where(
        TopicPost.community_id == bindparam("c"), TopicPost.message_external_id == bindparam("root")
    )
    columns = ["topic_post_id", "member_id", "message_external_id", "responded_at"]
    statement = (
        insert_for(connection)(TopicResponse)
        .from_select(columns, found)
        .on_conflict_do_nothing(index_elements=["topic_post_id", "message_external_id"])
    )
    await connection.execute(statement, rows)


def _cast(value: Any, to: Any) -> Any:
    # asyncpg must know each parameter's type when it prepares INSERT .. SELECT $1.
    return sql_cast(value, to)


def _as_is(value: Any, _to: Any) -> Any:
    # SQLite's CAST would give a timestamp numeric affinity; its parameters need no type.
    return value
