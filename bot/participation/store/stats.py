"""The queries behind a community's participation figures (`/stats` and the digest).

Each takes the members it counts (`members`: row ids, None for the whole community) and the
topic posts it reads (`cohort_id`: a cohort's own, None for the community's), so a cohort's
figures are the same queries with its members bound as one parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import ColumnElement, Row, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.figures import median
from bot.participation.store.members import present
from bot.storage.durations import microseconds_between
from bot.storage.id_lists import Ids, among
from bot.storage.models import (
    DailyActivity,
    Member,
    Participation,
    Question,
    TopicPost,
    TopicResponse,
)

Members = Ids | None
"""The member row ids a figure counts; None: every member of the community."""


async def member_counts(
    connection: AsyncConnection,
    community_id: int,
    recent: datetime,
    month: datetime,
    members: Members = None,
) -> tuple[int, int, int, int]:
    """Return, of the present members (not bots; of `members`), in one read: how many there
    are, how many posted since `recent`, since `month`, and how many never posted."""
    active = Member.last_active_at

    def counted(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            func.count(),
            counted(active >= recent),
            counted(active >= month),
            counted(active.is_(None)),
        )
        .select_from(Member)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(*present(community_id), *among(connection, Member.id, members))
    )
    total, week, recent_month, never = (await connection.execute(query)).one()
    return int(total), int(week), int(recent_month), int(never)


async def first_post_wait(
    connection: AsyncConnection, community_id: int, members: Members = None
) -> tuple[timedelta | None, int]:
    """Return the median of how long each present member waited between joining and their
    first post (None when no one has posted), and of how many members.

    Each wait is computed in the database, exactly (microseconds): one integer a member is
    read, not two datetimes to be parsed and subtracted here.
    """
    wait = microseconds_between(connection, Member.joined_at, Participation.first_post_at)
    waits = (
        select(wait)
        .select_from(Member)
        .join(Participation, Participation.member_id == Member.id)
        .where(*present(community_id), *among(connection, Member.id, members))
        .where(Member.joined_at.is_not(None), Participation.first_post_at.is_not(None))
        .where(Participation.first_post_at >= Member.joined_at)
    )
    ordered = sorted((await connection.execute(waits)).scalars().all())
    if not ordered:
        return None, 0
    middle = ordered[(len(ordered) - 1) // 2 : len(ordered) // 2 + 1]
    return median([timedelta(microseconds=int(us)) for us in middle]), len(ordered)


async def messages_by_member(
    connection: AsyncConnection, community_id: int, since: date, members: Members = None
) -> list[int]:
    """Return each member's number of messages from the day `since` on (members unnamed),
    largest first."""
    # Given members (a community's), read by member: the primary key leads with it.
    scope = among(connection, DailyActivity.member_id, members) or [
        DailyActivity.community_id == community_id
    ]
    by_member = (
        select(func.sum(DailyActivity.messages).label("total"))
        .where(DailyActivity.day >= since, *scope)
        .group_by(DailyActivity.member_id)
        .subquery()
    )
    # Counted by total: a few rows out for thousands of members (most write a few messages).
    how_many = select(by_member.c.total, func.count()).group_by(by_member.c.total)
    rows = (await connection.execute(how_many.order_by(by_member.c.total.desc()))).all()
    return [int(total) for total, members_with in rows for _ in range(members_with)]


async def questions_asked(
    connection: AsyncConnection,
    community_id: int,
    since: datetime,
    until: datetime,
    members: Members = None,
) -> Sequence[Row[datetime, datetime | None]]:
    """Return when each question (by `members`) between `since` and `until` was asked and
    answered."""
    asked = await connection.execute(
        select(Question.asked_at, Question.answered_at).where(
            Question.community_id == community_id,
            Question.asked_at >= since,
            Question.asked_at <= until,
            *among(connection, Question.member_id, members),
        )
    )
    return asked.all()


def posts_of(community_id: int, cohort_id: int | None) -> ColumnElement[bool]:
    """Return the condition "a topic post of this scope": a cohort's, or the community's own."""
    scope = TopicPost.cohort_id.is_(None) if cohort_id is None else TopicPost.cohort_id == cohort_id
    return and_(TopicPost.community_id == community_id, scope)


async def topic_threads(
    connection: AsyncConnection,
    community_id: int,
    limit: int,
    cohort_id: int | None = None,
    members: Members = None,
) -> Sequence[Row[str, datetime, int, int]]:
    """Return the scope's newest topic posts: text, when, replies (by `members`) and distinct
    responders."""
    replied = and_(
        TopicResponse.topic_post_id == TopicPost.id,
        *among(connection, TopicResponse.member_id, members),
    )
    query = (
        select(
            TopicPost.text,
            TopicPost.posted_at,
            func.count(TopicResponse.id),
            func.count(func.distinct(TopicResponse.member_id)),
        )
        .outerjoin(TopicResponse, replied)
        .where(posts_of(community_id, cohort_id))
        .group_by(TopicPost.id, TopicPost.text, TopicPost.posted_at)
        .order_by(TopicPost.posted_at.desc(), TopicPost.id.desc())
        .limit(limit)
    )
    return (await connection.execute(query)).all()


async def non_responders(
    connection: AsyncConnection,
    community_id: int,
    active_since: datetime,
    cohort_id: int | None = None,
    members: Members = None,
    *,
    limit: int,
) -> tuple[list[str], int]:
    """Return the first `limit` names (by display name) of the members (of `members`) active
    since `active_since` who replied to neither of the scope's last two topics, and how many
    they are (one read: the names are not all fetched to be counted)."""
    last_two = (
        select(TopicPost.id)
        .where(posts_of(community_id, cohort_id))
        .order_by(TopicPost.posted_at.desc(), TopicPost.id.desc())
        .limit(2)
    )
    posts = list((await connection.execute(last_two)).scalars())
    if len(posts) < 2:
        return [], 0
    answered = select(TopicResponse.member_id).where(TopicResponse.topic_post_id.in_(posts))
    query = (
        select(func.coalesce(Member.display_name, Member.external_id), func.count().over())
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(
            *present(community_id),
            Member.last_active_at >= active_since,
            Member.id.not_in(answered),
            *among(connection, Member.id, members),
        )
        .order_by(Member.display_name)
        .limit(limit)
    )
    rows = (await connection.execute(query)).all()
    return [name for name, _ in rows], int(rows[0][1]) if rows else 0
