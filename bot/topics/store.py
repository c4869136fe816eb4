"""The queries of topics: the bank, suggestions, what comes next, posts, uses and replies.

The services own the transactions; each function runs in the connection or session it is given.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy import Row, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.storage.models import Community, Member, Topic, TopicPost, TopicResponse

APPROVED, PENDING, REJECTED = "approved", "pending", "rejected"
"""A topic's status: in the bank, a suggestion awaiting the hosts, or a refused suggestion."""

NextRow = Row[int, int, int | None, str | None]
"""A community's id, its next starter prompt's index, and one of its bank's topics (id, text)."""


async def lock_community(session: AsyncSession, community_id: int) -> None:
    """Write to the community's row, so that its lock makes concurrent writers take turns."""
    await session.execute(
        update(Community).where(Community.id == community_id).values(timezone=Community.timezone)
    )


async def live_topics(session: AsyncSession, community_id: int) -> Sequence[Row[str, str]]:
    """Return the text and status of the community's topics that are not rejected."""
    live = await session.execute(
        select(Topic.text, Topic.status).where(
            Topic.community_id == community_id, Topic.status != REJECTED
        )
    )
    return live.all()


def add_topic(
    session: AsyncSession,
    community_id: int,
    text: str,
    status: str,
    member_id: int | None,
    now: datetime,
) -> Topic:
    """Add a topic (or a suggestion by `member_id`) to the session; return it."""
    topic = Topic(
        community_id=community_id,
        text=text,
        status=status,
        suggested_by=member_id,
        created_at=now,
    )
    session.add(topic)
    return topic


async def bank(connection: AsyncConnection, community_id: int) -> Sequence[Row[int, str, str, int]]:
    """Return the approved topics (id, text, status, times used) in the order they post."""
    query = (
        select(Topic.id, Topic.text, Topic.status, Topic.times_used)
        .where(Topic.community_id == community_id, Topic.status == APPROVED)
        .order_by(Topic.times_used, Topic.id)
    )
    return (await connection.execute(query)).all()


async def count_pending(connection: AsyncConnection, community_id: int) -> int:
    """Return how many suggestions await a decision."""
    query = select(func.count()).where(Topic.community_id == community_id, Topic.status == PENDING)
    return int((await connection.execute(query)).scalar_one())


async def get_topic(session: AsyncSession, topic_id: int) -> Topic | None:
    """Return the topic with this id, of any community."""
    return await session.get(Topic, topic_id)


async def delete_topic(session: AsyncSession, topic: Topic) -> None:
    """Delete a topic."""
    await session.delete(topic)


async def decide_pending(
    connection: AsyncConnection, community_id: int, topic_id: int, decided: str
) -> Row[str, int, int | None] | None:
    """Set a pending suggestion's status to `decided` (one conditional UPDATE).

    Returns its text, times used and author's member id, or None when it is not pending.
    """
    statement = (
        update(Topic)
        .where(
            Topic.id == topic_id,
            Topic.community_id == community_id,
            Topic.status == PENDING,
        )
        .values(status=decided)
        .returning(Topic.text, Topic.times_used, Topic.suggested_by)
    )
    return (await connection.execute(statement)).first()


async def topic_status(connection: AsyncConnection, community_id: int, topic_id: int) -> str | None:
    """Return a topic's status, or None when the community has no such topic."""
    return await connection.scalar(
        select(Topic.status).where(Topic.id == topic_id, Topic.community_id == community_id)
    )


async def member_external_id(connection: AsyncConnection, member_id: int) -> str | None:
    """Return a member's platform id."""
    return await connection.scalar(select(Member.external_id).where(Member.id == member_id))


async def next_topics(
    connection: AsyncConnection, community_ids: Collection[int], depth: int
) -> Sequence[NextRow]:
    """Return each community's first `depth` bank topics in posting order (one row with no
    topic when its bank is empty), with its starter prompts' turn; ordered by community.

    One statement for both answers: each bank's first topics, else the starters' turns.
    """
    ranked = (
        select(
            Topic.community_id,
            Topic.id,
            Topic.text,
            func.row_number()
            .over(partition_by=Topic.community_id, order_by=(Topic.times_used, Topic.id))
            .label("turn"),
        )
        .where(Topic.community_id.in_(community_ids), Topic.status == APPROVED)
        .subquery()
    )
    query = (
        select(Community.id, Community.starter_topic_index, ranked.c.id.label("topic_id"))
        .add_columns(ranked.c.text)
        .select_from(Community)
        .outerjoin(
            ranked,
            (ranked.c.community_id == Community.id) & (ranked.c.turn <= depth),
        )
        .where(Community.id.in_(community_ids))
        .order_by(Community.id, ranked.c.turn)
    )
    return (await connection.execute(query)).all()


async def count_uses(
    connection: AsyncConnection, topics: Sequence[Mapping[str, object]], now: datetime
) -> None:
    """Count one use of each topic (`used`: its id) and remember when."""
    await connection.execute(
        update(Topic)
        .where(Topic.id == bindparam("used"))
        .values(times_used=Topic.times_used + 1, last_used_at=now),
        topics,
    )


async def advance_starters(
    connection: AsyncConnection, starters: Sequence[Mapping[str, object]]
) -> None:
    """Move each community (`community`: its id) on to its next starter prompt."""
    await connection.execute(
        update(Community)
        .where(Community.id == bindparam("community"))
        .values(starter_topic_index=Community.starter_topic_index + 1),
        starters,
    )


async def insert_posts(connection: AsyncConnection, posts: Sequence[Mapping[str, object]]) -> None:
    """Record topic posts (rows of `topic_posts`)."""
    await connection.execute(insert(TopicPost), posts)


async def post_for_message(
    connection: AsyncConnection, community_id: int, message_id: str
) -> int | None:
    """Return the id of the community's topic post made as `message_id`, if any."""
    query = select(TopicPost.id).where(
        TopicPost.community_id == community_id, TopicPost.message_external_id == message_id
    )
    return (await connection.execute(query)).scalar_one_or_none()


def add_response(
    session: AsyncSession, post_id: int, member_id: int, message_id: str, at: datetime
) -> None:
    """Add a reply in a topic's thread to the session: who and when, not what."""
    session.add(
        TopicResponse(
            topic_post_id=post_id,
            member_id=member_id,
            message_external_id=message_id,
            responded_at=at,
        )
    )


async def responders(connection: AsyncConnection, community_id: int, message_id: str) -> list[int]:
    """Return the member ids of the replies to the topic posted as `message_id`, in order."""
    query = (
        select(TopicResponse.member_id)
        .join(TopicPost, TopicPost.id == TopicResponse.topic_post_id)
        .where(
            TopicPost.community_id == community_id,
            TopicPost.message_external_id == message_id,
        )
        .order_by(TopicResponse.id)
    )
    return list((await connection.execute(query)).scalars())


async def delete_suggestions(session: AsyncSession, member_id: int) -> None:
    """Delete a member's suggestions that never reached the bank."""
    await session.execute(
        delete(Topic).where(Topic.suggested_by == member_id, Topic.status != APPROVED)
    )
