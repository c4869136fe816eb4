"""The statements a flush writes a batch with: one per table, each batch bound as one value.

Every statement reads its rows from `bound_rows` (a JSON array on SQLite, arrays on
PostgreSQL), so 10,000 members' activity is one statement run inside the database rather than
10,000 executions, each handed between the driver's thread and the event loop's
(`bot/storage/bound_rows.py`).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    Date,
    DateTime,
    FromClause,
    Integer,
    String,
    Table,
    and_,
    func,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.shared.activity_batch import Batch, Counts
from bot.storage.bound_rows import bound_rows
from bot.storage.database import insert_for
from bot.storage.first_post_waits import first_post_wait
from bot.storage.models import (
    DailyActivity,
    DailyReactions,
    Member,
    Participation,
    Question,
    TopicPost,
    TopicResponse,
)

TIME = DateTime(timezone=True)
Reply = tuple[int, str, int, str | None, datetime]
"""A thread reply: community, root message id, member, reply message id, time."""


async def write(connection: AsyncConnection, batch: Batch) -> None:
    """Write a batch: one statement per table, in the caller's transaction."""
    if batch.last_active:
        await _latest(connection, "last_active_at", batch.last_active)
    if batch.counts:
        await _counts(connection, batch.counts)
    if batch.first_posts:
        await _first_posts(connection, batch.first_posts)
    if batch.questions:
        await _questions(connection, batch.questions)
    if batch.answers:
        replies = _replies(connection, batch.answers)  # bound once, read by both statements
        await _answers(connection, replies)
        await _topic_responses(connection, replies)
    if batch.last_reacted:
        await _latest(connection, "last_reacted_at", batch.last_reacted)
    if batch.reactions:
        await _reactions(connection, batch.reactions)


async def _latest(connection: AsyncConnection, column: str, times: dict[int, datetime]) -> None:
    """Move each member's `column` (last active, last reacted) forward to their time."""
    members = cast(Table, Member.__table__)
    seen = bound_rows(connection, "seen", {"member_id": Integer(), "at": TIME}, list(times.items()))
    stored = members.c[column]
    statement = (
        update(members)
        .where(members.c.id == seen.c.member_id, or_(stored.is_(None), stored < seen.c.at))
        .values({column: seen.c.at})
    )
    await connection.execute(statement)


async def _counts(connection: AsyncConnection, counts: dict[tuple[int, date], Counts]) -> None:
    rows = [
        (member_id, day, c.community_id, c.messages, c.replies)
        for (member_id, day), c in counts.items()
    ]
    days = bound_rows(
        connection,
        "days",
        {
            "member_id": Integer(),
            "day": Date(),
            "community_id": Integer(),
            "messages": Integer(),
            "replies": Integer(),
        },
        rows,
    )
    insert = insert_for(connection)(DailyActivity).from_select(
        list(days.c.keys()),
        select(days).where(true()),  # WHERE: SQLite's upsert after SELECT
    )
    statement = insert.on_conflict_do_update(
        index_elements=["member_id", "day"],
        set_={
            "messages": DailyActivity.messages + insert.excluded.messages,
            "replies": DailyActivity.replies + insert.excluded.replies,
        },
    )
    await connection.execute(statement)


async def _reactions(
    connection: AsyncConnection, reactions: dict[tuple[int, date], tuple[int, int]]
) -> None:
    rows = [
        (member_id, day, community_id, count)
        for (member_id, day), (community_id, count) in reactions.items()
    ]
    days = bound_rows(
        connection,
        "reacted",
        {"member_id": Integer(), "day": Date(), "community_id": Integer(), "reactions": Integer()},
        rows,
    )
    insert = insert_for(connection)(DailyReactions).from_select(
        list(days.c.keys()), select(days).where(true())
    )
    statement = insert.on_conflict_do_update(
        index_elements=["member_id", "day"],
        set_={"reactions": DailyReactions.reactions + insert.excluded.reactions},
    )
    await connection.execute(statement)


async def _first_posts(
    connection: AsyncConnection, first_posts: dict[int, tuple[int, datetime]]
) -> None:
    rows = [(member_id, community_id, at) for member_id, (community_id, at) in first_posts.items()]
    firsts = bound_rows(
        connection,
        "firsts",
        {"member_id": Integer(), "community_id": Integer(), "first_post_at": TIME},
        rows,
    )
    wait = first_post_wait(connection, firsts.c.member_id, firsts.c.first_post_at)
    columns = ["member_id", "community_id", "first_post_at", "first_post_wait_us"]
    insert = insert_for(connection)(Participation).from_select(
        columns, select(*firsts.c, wait).where(true())
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
    await connection.execute(statement)


async def _questions(
    connection: AsyncConnection, questions: dict[tuple[int, str], tuple[int, datetime]]
) -> None:
    rows = [
        (community_id, message_id, member_id, at)
        for (community_id, message_id), (member_id, at) in questions.items()
    ]
    asked = bound_rows(
        connection,
        "asked",
        {
            "community_id": Integer(),
            "message_external_id": String(),
            "member_id": Integer(),
            "asked_at": TIME,
        },
        rows,
    )
    insert = insert_for(connection)(Question).from_select(
        list(asked.c.keys()), select(asked).where(true())
    )
    await connection.execute(insert.on_conflict_do_nothing())


def _replies(connection: AsyncConnection, replies: list[Reply]) -> FromClause:
    return bound_rows(
        connection,
        "replies",
        {
            "community_id": Integer(),
            "root": String(),
            "member_id": Integer(),
            "message": String(),
            "at": TIME,
        },
        replies,
    )


async def _answers(connection: AsyncConnection, source: FromClause) -> None:
    """Mark questions answered: by the earliest reply from someone other than the asker."""
    questions = cast(Table, Question.__table__)
    asked = questions.alias("asked")
    first = (
        select(asked.c.id.label("question_id"), func.min(source.c.at).label("at"))
        .select_from(source)
        .join(
            asked,
            and_(
                asked.c.community_id == source.c.community_id,
                asked.c.message_external_id == source.c.root,
            ),
        )
        .where(asked.c.member_id != source.c.member_id, asked.c.answered_at.is_(None))
        .group_by(asked.c.id)
        .subquery("first_answers")
    )
    statement = (
        update(questions)
        .where(questions.c.id == first.c.question_id)
        .values(answered_at=first.c.at)
    )
    await connection.execute(statement)


async def _topic_responses(connection: AsyncConnection, source: FromClause) -> None:
    """Replies whose root is a topic post become its responses (those with a message id: a
    response is keyed by it); the rest match no row."""
    posts = cast(Table, TopicPost.__table__)
    found = (
        select(posts.c.id, source.c.member_id, source.c.message, source.c.at)
        .select_from(source)
        .join(
            posts,
            and_(
                posts.c.community_id == source.c.community_id,
                posts.c.message_external_id == source.c.root,
            ),
        )
        .where(source.c.message.is_not(None))
    )
    columns = ["topic_post_id", "member_id", "message_external_id", "responded_at"]
    statement = (
        insert_for(connection)(TopicResponse)
        .from_select(columns, found)
        .on_conflict_do_nothing(index_elements=["topic_post_id", "message_external_id"])
    )
    await connection.execute(statement)
