"""The queries behind a community's participation figures (`/stats` and the digest).

Each takes the members it counts (`members`: row ids, None for the whole community) and the
topic posts it reads (`cohort_id`: a cohort's own, None for the community's), so a cohort's
figures are the same queries with its members bound as one parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, Row, Select, and_, case, func, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.figures import median
from bot.participation.store.activity_days import activity_of
from bot.participation.store.members import present, reading
from bot.storage.durations import microseconds_between
from bot.storage.id_lists import Ids, among, only_among, unindexed
from bot.storage.models import (
    DailyActivity,
    DailyReactions,
    Member,
    Participation,
    Question,
    TopicPost,
    TopicResponse,
)

Members = Ids | None
"""The member row ids a figure counts; None: every member of the community."""


class MemberCounts(NamedTuple):
    """Of the present members (not bots) counted: how many there are, how many posted in the
    last week and month, how many never posted, how many waited for their first post (it
    came after they joined), and how many are readers (just reading, not posted since)."""

    total: int
    active_7: int
    active_30: int
    never: int
    waited: int
    reading: int


class ReactionCounts(NamedTuple):
    """Reactions over a window: how many, by how many members, and how many of those members
    did not post in it (they took part by reacting only)."""

    reactions: int
    reactors: int
    only_reacted: int


async def member_counts(
    connection: AsyncConnection,
    community_id: int,
    recent: datetime,
    month: datetime,
    members: Members = None,
) -> MemberCounts:
    """Return, of the present members (not bots; of `members`), in one read, their
    `MemberCounts`: posted since `recent`, since `month`."""
    active = Member.last_active_at

    def counted(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            func.count(),
            counted(active >= recent),
            counted(active >= month),
            counted(active.is_(None)),
            counted(_waited()),
            counted(reading()),
        )
        .select_from(Member)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(*present(community_id, members))
    )
    query = only_among(connection, query, Member.id, members)
    return MemberCounts(*(int(count) for count in (await connection.execute(query)).one()))


def _waited() -> ColumnElement[bool]:
    """Return the condition "joined, then posted a first time" (the stored wait is kept for
    exactly those members: `bot/storage/first_post_waits.py`)."""
    return Participation.first_post_wait_us.is_not(None)


async def median_wait(
    connection: AsyncConnection, community_id: int, waited: int, members: Members = None
) -> timedelta | None:
    """Return the median of how long present members (of `members`) waited between joining
    and their first post, given how many did (`MemberCounts.waited`); None when none did.

    Exact (microseconds), and all in the database: it orders the stored waits and hands back
    the middle one or two, not thousands of datetimes to be parsed and subtracted here.
    """
    if waited == 0:
        return None
    waits = (
        select(Participation.first_post_wait_us.label("wait"))
        .select_from(Member)
        .join(Participation, Participation.member_id == Member.id)
        .where(*present(community_id, members), _waited())
    )
    middle = only_among(connection, waits, Member.id, members)
    middle = middle.order_by("wait").offset((waited - 1) // 2).limit(2 - waited % 2)
    found = (await connection.execute(middle)).scalars().all()
    return median([timedelta(microseconds=int(us)) for us in found if us is not None])


async def messages_by_member(
    connection: AsyncConnection, community_id: int, since: date, members: Members = None
) -> list[int]:
    """Return each member's number of messages from the day `since` on (members unnamed),
    largest first."""
    # Given members (a community's), read by member: the primary key leads with it.
    totals = select(func.sum(DailyActivity.messages).label("total")).select_from(DailyActivity)
    totals = totals.where(DailyActivity.day >= since).group_by(DailyActivity.member_id)
    if members is None:
        totals = totals.where(DailyActivity.community_id == community_id)
    by_member = only_among(connection, totals, DailyActivity.member_id, members).subquery()
    # Counted by total: a few rows out for thousands of members (most write a few messages).
    how_many = select(by_member.c.total, func.count()).group_by(by_member.c.total)
    rows = (await connection.execute(how_many.order_by(by_member.c.total.desc()))).all()
    return [int(total) for total, members_with in rows for _ in range(members_with)]


async def reaction_counts(
    connection: AsyncConnection,
    community_id: int,
    since: datetime,
    members: Members = None,
) -> ReactionCounts:
    """Return the `ReactionCounts` of `members` (None: the community) from the UTC day of
    `since` on; "only reacted" is against their last post, before `since` or never."""
    day = since.astimezone(UTC).date()
    totals = (
        select(DailyReactions.member_id, func.sum(DailyReactions.reactions).label("reactions"))
        .where(DailyReactions.day >= day)
        .group_by(DailyReactions.member_id)
    )
    if members is None:
        totals = totals.where(DailyReactions.community_id == community_id)
    by_member = only_among(connection, totals, DailyReactions.member_id, members).subquery()
    silent = or_(Member.last_active_at.is_(None), Member.last_active_at < since)
    query = select(
        func.coalesce(func.sum(by_member.c.reactions), 0),
        func.count(),
        func.coalesce(func.sum(case((silent, 1), else_=0)), 0),
    ).select_from(by_member.join(Member, Member.id == by_member.c.member_id))
    return ReactionCounts(*(int(n) for n in (await connection.execute(query)).one()))


async def message_totals(
    connection: AsyncConnection, community_id: int, members: Ids, first: date, last: date
) -> dict[int, int]:
    """Return the community's `members`' messages from the day `first` to `last`, by member
    id; members without a day in that range are absent."""
    query = (
        select(DailyActivity.member_id, func.sum(DailyActivity.messages))
        .select_from(DailyActivity)
        .group_by(DailyActivity.member_id)
    )
    query = activity_of(connection, query, community_id, members, first, last)
    return {int(member): int(total) for member, total in (await connection.execute(query)).all()}


async def questions_asked(
    connection: AsyncConnection,
    community_id: int,
    since: datetime,
    until: datetime,
    within: timedelta,
    members: Members = None,
) -> tuple[int, int]:
    """Return how many questions (by `members`) were asked between `since` and `until`, and how
    many of them were not answered `within` that time (counted in the database, exactly)."""
    unanswered = not_answered_within(connection, within)
    query = select(func.count(), func.coalesce(func.sum(case((unanswered, 1), else_=0)), 0))
    query = query.where(
        Question.community_id == community_id,
        Question.asked_at >= since,
        Question.asked_at <= until,
        *among(connection, Question.member_id, members),
    )
    asked, not_answered = (await connection.execute(query)).one()
    return int(asked), int(not_answered)


def not_answered_within(connection: AsyncConnection, within: timedelta) -> ColumnElement[bool]:
    """Return the condition "a question not answered `within` its asking" (`/stats` counts it)."""
    late = microseconds_between(connection, Question.asked_at, Question.answered_at) > (
        within // timedelta(microseconds=1)
    )
    return or_(Question.answered_at.is_(None), late)


async def unanswered_questions(
    connection: AsyncConnection,
    community_id: int,
    since: datetime,
    until: datetime,
    within: timedelta,
    limit: int,
) -> Sequence[Row[str, datetime]]:
    """Return who asked (display name) and when, for the newest `limit` questions that
    `questions_asked` counts as unanswered; ids and times only, never the message's text."""
    query = (
        select(Member.display_name, Question.asked_at)
        .join(Member, Member.id == Question.member_id)
        .where(
            Question.community_id == community_id,
            Question.asked_at >= since,
            Question.asked_at <= until,
            not_answered_within(connection, within),
        )
        .order_by(Question.asked_at.desc(), Question.id.desc())
        .limit(limit)
    )
    return (await connection.execute(query)).all()


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
    newest = newest_posts(community_id, cohort_id, limit).subquery()  # only their replies read
    replied = and_(  # each post's replies read in its index, each tested against the members
        TopicResponse.topic_post_id == TopicPost.id,
        *among(connection, unindexed(TopicResponse.member_id), members),
    )
    query = (
        select(
            TopicPost.text,
            TopicPost.posted_at,
            func.count(TopicResponse.id),
            func.count(func.distinct(TopicResponse.member_id)),
        )
        .join(newest, newest.c.id == TopicPost.id)
        .outerjoin(TopicResponse, replied)
        .group_by(TopicPost.id, TopicPost.text, TopicPost.posted_at)
        .order_by(TopicPost.posted_at.desc(), TopicPost.id.desc())
    )
    return (await connection.execute(query)).all()


def newest_posts(community_id: int, cohort_id: int | None, limit: int) -> Select[int]:
    """Return the query of the ids of the scope's `limit` newest topic posts."""
    return (
        select(TopicPost.id)
        .where(posts_of(community_id, cohort_id))
        .order_by(TopicPost.posted_at.desc(), TopicPost.id.desc())
        .limit(limit)
    )


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
    they are (one read: the names are not all fetched to be counted). Nobody before the
    scope's second topic post."""
    last_two = newest_posts(community_id, cohort_id, 2).subquery()
    answered = select(TopicResponse.member_id).where(
        TopicResponse.topic_post_id.in_(select(last_two.c.id))
    )
    two_posted = select(func.count()).select_from(last_two).scalar_subquery() == 2
    query = (
        select(func.coalesce(Member.display_name, Member.external_id), func.count().over())
        .select_from(Member)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(
            two_posted,
            *present(community_id, members),
            Member.last_active_at >= active_since,
            Member.id.not_in(answered),
        )
        .order_by(Member.display_name)
        .limit(limit)
    )
    query = only_among(connection, query, Member.id, members)
    rows = (await connection.execute(query)).all()
    return [name for name, _ in rows], int(rows[0][1]) if rows else 0
