"""The queries of topics: the bank, suggestions, what comes next, posts, uses and replies.

The services own the transactions; each function runs in the connection or session it is given.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, Row, bindparam, delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.storage.models import Community, Member, Topic, TopicPost, TopicResponse

APPROVED, PENDING, REJECTED = "approved", "pending", "rejected"
"""A topic's status: in the bank, a suggestion awaiting the hosts, or a refused suggestion."""

BankRow = Row[int, str, str, int, int | None]
"""A bank's topic: id, text, status, times used and the week it is pinned to."""


def in_bank(cohort_id: int | None) -> ColumnElement[bool]:
    """Return the condition of a topic in one bank: a cohort's, or (None) the community's."""
    if cohort_id is None:
        return Topic.cohort_id.is_(None)
    return Topic.cohort_id == cohort_id


async def lock_community(session: AsyncSession, community_id: int) -> None:
    """Write to the community's row, so that its lock makes concurrent writers take turns."""
    await session.execute(
        update(Community).where(Community.id == community_id).values(timezone=Community.timezone)
    )


async def live_topics(
    session: AsyncSession, community_id: int, cohort_id: int | None
) -> Sequence[Row[str, str]]:
    """Return the text and status of one bank's topics (and suggestions) not rejected."""
    live = await session.execute(
        select(Topic.text, Topic.status).where(
            Topic.community_id == community_id, in_bank(cohort_id), Topic.status != REJECTED
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
    *,
    cohort_id: int | None = None,
    week: int | None = None,
) -> Topic:
    """Add a topic (or a suggestion by `member_id`) to a bank in the session; return it."""
    topic = Topic(
        community_id=community_id,
        cohort_id=cohort_id,
        week=week,
        text=text,
        status=status,
        suggested_by=member_id,
        created_at=now,
    )
    session.add(topic)
    return topic


async def bank(
    connection: AsyncConnection, community_id: int, cohort_id: int | None
) -> Sequence[BankRow]:
    """Return a bank's approved topics: the rotation in the order it posts, then the pins by
    week."""
    query = (
        select(Topic.id, Topic.text, Topic.status, Topic.times_used, Topic.week)
        .where(Topic.community_id == community_id, in_bank(cohort_id), Topic.status == APPROVED)
        .order_by(func.coalesce(Topic.week, 0), Topic.times_used, Topic.id)
    )
    return (await connection.execute(query)).all()


async def every_bank(
    connection: AsyncConnection, community_id: int
) -> Sequence[Row[int | None, int, str, str, int, int | None]]:
    """Return the approved topics of every bank of a community, the community's first, each
    bank's in posting order (cohort id, then as `bank`)."""
    query = (
        select(Topic.cohort_id, Topic.id, Topic.text, Topic.status, Topic.times_used, Topic.week)
        .where(Topic.community_id == community_id, Topic.status == APPROVED)
        .order_by(
            func.coalesce(Topic.cohort_id, 0),
            func.coalesce(Topic.week, 0),
            Topic.times_used,
            Topic.id,
        )
    )
    return (await connection.execute(query)).all()


async def count_pending(
    connection: AsyncConnection, community_id: int, cohort_id: int | None
) -> int:
    """Return how many suggestions for a bank await a decision."""
    query = select(func.count()).where(
        Topic.community_id == community_id, in_bank(cohort_id), Topic.status == PENDING
    )
    return int((await connection.execute(query)).scalar_one())


async def pinned_to(session: AsyncSession, cohort_id: int, week: int) -> Topic | None:
    """Return the cohort's approved topic pinned to `week`, if any."""
    found = await session.execute(
        select(Topic).where(
            Topic.cohort_id == cohort_id, Topic.week == week, Topic.status == APPROVED
        )
    )
    return found.scalars().first()


async def starter_index(connection: AsyncConnection, community_id: int) -> int:
    """Return the index of the community's next starter prompt."""
    query = select(Community.starter_topic_index).where(Community.id == community_id)
    return int((await connection.execute(query)).scalar_one())


async def posts_by_week(connection: AsyncConnection, cohort_id: int) -> dict[int, str]:
    """Return the text of each week's first post for a cohort, by week."""
    query = (
        select(TopicPost.week, TopicPost.text)
        .where(TopicPost.cohort_id == cohort_id, TopicPost.week.is_not(None))
        .order_by(TopicPost.posted_at.desc(), TopicPost.id.desc())
    )
    # Newest first, so each week keeps its earliest post.
    rows = (await connection.execute(query)).all()
    return {week: text for week, text in rows if week is not None}


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
