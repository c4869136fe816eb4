"""The queries behind `/stats export`: the members, then each figure for all of them at once.

Each read is one statement whatever the community's size (grouped by member, or by week with one
column per week), never one query per member or per week. The members are the community's
present members (not bots, not gone), or a cohort's (`members`: row ids or the query of its
member rows); counts are read for the community and kept for those members by the caller.
A forgotten member's rows went with their member row (ON DELETE CASCADE): nothing reads them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import ColumnElement, Select, and_, case, false, func, literal, select, true
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import InstrumentedAttribute

from bot.participation.store.members import present, reading
from bot.storage.id_lists import Ids, among, only_among
from bot.storage.models import (
    BuddyGroup,
    BuddyGroupMember,
    DailyActivity,
    Intro,
    Member,
    Nudge,
    Participation,
    SessionAnswer,
    StudySession,
    TopicPost,
    TopicResponse,
)

T = TypeVar("T")

MET = "met"
"""A buddy check-in answer saying the group met (pairing's `Answer.MET`)."""

Column = ColumnElement[T] | InstrumentedAttribute[T]
"""A column, mapped or of a subquery."""

Counts = dict[int, int]
"""A count by member row id (members with none are left out)."""


class MemberRow(NamedTuple):
    """One member as the export lists them."""

    id: int
    display_name: str
    joined_at: datetime | None
    introduced_at: datetime | None
    reading: bool
    nudges_off: bool


class Weeks(NamedTuple):
    """Where each week of the window starts (UTC dates, ascending) and where the last ends
    (the day after the window's last day)."""

    starts: Sequence[date]
    end: date

    def spans(self) -> list[tuple[date, date]]:
        """Return each week's (first day, day after its last)."""
        bounds = [*self.starts, self.end]
        return list(itertools.pairwise(bounds))


async def member_rows(
    connection: AsyncConnection, community_id: int, members: Ids | None
) -> list[MemberRow]:
    """Return the present members (of `members`), by display name then id."""
    query = (
        select(
            Member.id,
            Member.display_name,
            Member.joined_at,
            Intro.created_at,
            case((reading(), 1), else_=0),
            func.coalesce(Participation.nudges_off, false()),
        )
        .select_from(Member)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .outerjoin(Intro, Intro.member_id == Member.id)
        .where(*present(community_id, members))
        .order_by(func.lower(Member.display_name), Member.id)
    )
    query = only_among(connection, query, Member.id, members)
    return [
        MemberRow(int(id_), name, joined, introduced, bool(is_reading), bool(off))
        for id_, name, joined, introduced, is_reading, off in await connection.execute(query)
    ]


async def posts_and_replies(
    connection: AsyncConnection, community_id: int, first: date
) -> dict[int, tuple[int, int]]:
    """Return each member's messages and thread replies (a part of them) from the day `first`."""
    query = (
        select(
            DailyActivity.member_id,
            func.sum(DailyActivity.messages),
            func.sum(DailyActivity.replies),
        )
        .where(DailyActivity.community_id == community_id, DailyActivity.day >= first)
        .group_by(DailyActivity.member_id)
    )
    return {
        int(member): (int(messages or 0), int(replies or 0))
        for member, messages, replies in await connection.execute(query)
    }


async def topics_answered(
    connection: AsyncConnection, community_id: int, since: datetime
) -> Counts:
    """Return how many of the community's topic posts each member replied to since `since`."""
    query = (
        select(TopicResponse.member_id, func.count(func.distinct(TopicResponse.topic_post_id)))
        .join(TopicPost, TopicPost.id == TopicResponse.topic_post_id)
        .where(TopicPost.community_id == community_id, TopicResponse.responded_at >= since)
        .group_by(TopicResponse.member_id)
    )
    return await _counts(connection, query)


def _met_groups(community_id: int) -> Select[int, datetime | None]:
    """Return the community's buddy groups someone said met, with when it was first said."""
    return (
        select(BuddyGroupMember.group_id, func.min(BuddyGroupMember.answered_at).label("met_at"))
        .join(BuddyGroup, BuddyGroup.id == BuddyGroupMember.group_id)
        .where(BuddyGroup.community_id == community_id, BuddyGroupMember.answer == MET)
        .group_by(BuddyGroupMember.group_id)
    )


async def buddy_meetings(connection: AsyncConnection, community_id: int, since: datetime) -> Counts:
    """Return how many buddy groups of each member met (first said so) since `since`."""
    met = _met_groups(community_id).subquery()
    query = (
        select(BuddyGroupMember.member_id, func.count())
        .join(met, met.c.group_id == BuddyGroupMember.group_id)
        .where(met.c.met_at >= since)
        .group_by(BuddyGroupMember.member_id)
    )
    return await _counts(connection, query)


async def sessions_attended(
    connection: AsyncConnection, community_id: int, since: datetime, until: datetime
) -> Counts:
    """Return how many sessions (held in [since, until)) each member said they made it to."""
    query = (
        select(SessionAnswer.member_id, func.count())
        .join(StudySession, StudySession.id == SessionAnswer.session_id)
        .where(*_held(community_id, since, until), SessionAnswer.attended.is_(true()))
        .group_by(SessionAnswer.member_id)
    )
    return await _counts(connection, query)


def _held(community_id: int, since: datetime, until: datetime) -> tuple[ColumnElement[bool], ...]:
    """Return the condition "a session of the community that took place in [since, until)"."""
    return (
        StudySession.community_id == community_id,
        StudySession.cancelled_at.is_(None),
        StudySession.starts_at >= since,
        StudySession.starts_at < until,
    )


async def checkins_answered(
    connection: AsyncConnection, community_id: int, since: datetime
) -> Counts:
    """Return how many check-ins each member answered since `since`: buddy check-ins and
    quiet-member check-ins, in one statement."""
    buddy = (
        select(BuddyGroupMember.member_id.label("member_id"))
        .join(BuddyGroup, BuddyGroup.id == BuddyGroupMember.group_id)
        .where(BuddyGroup.community_id == community_id, BuddyGroupMember.answered_at >= since)
    )
    quiet = select(Nudge.member_id.label("member_id")).where(
        Nudge.community_id == community_id, Nudge.answered_at >= since
    )
    answers = buddy.union_all(quiet).subquery()
    query = select(answers.c.member_id, func.count()).group_by(answers.c.member_id)
    return await _counts(connection, query)


async def _counts(connection: AsyncConnection, query: Select[int, int]) -> Counts:
    return {int(member): int(count) for member, count in await connection.execute(query)}


def _by_week(
    column: Column[date] | Column[datetime] | Column[datetime | None],
    weeks: Weeks,
    value: Column[int] | None = None,
    *,
    moments: bool = False,
) -> list[ColumnElement[int]]:
    """Return one column per week: the sum of `value` (1: a count of rows) over the rows whose
    `column` lies in that week. `moments`: the column holds times, compared to midnight UTC."""
    counted = literal(1) if value is None else value
    columns: list[ColumnElement[int]] = []
    for first, after in weeks.spans():
        low, high = (_midnight(first), _midnight(after)) if moments else (first, after)
        inside = and_(column >= low, column < high)
        columns.append(func.coalesce(func.sum(case((inside, counted), else_=0)), 0))
    return columns


def _midnight(day: date) -> datetime:
    """Return the start of a UTC day."""
    return datetime.combine(day, time(), tzinfo=UTC)


async def _weekly(connection: AsyncConnection, query: Select[*tuple[Any, ...]]) -> list[int]:
    row = (await connection.execute(query)).one()
    return [int(value or 0) for value in row]


async def activity_by_week(
    connection: AsyncConnection, community_id: int, members: Ids | None, weeks: Weeks
) -> tuple[list[int], list[int], list[int]]:
    """Return, per week, how many members posted, their posts (not replies) and their thread
    replies, in one statement."""
    day, member = DailyActivity.day, DailyActivity.member_id
    active = []
    for first, after in weeks.spans():
        inside = and_(day >= first, day < after)
        active.append(func.count(func.distinct(case((inside, member)))))
    posts = _by_week(day, weeks, DailyActivity.messages - DailyActivity.replies)
    replies = _by_week(day, weeks, DailyActivity.replies)
    query = select(*active, *posts, *replies).where(
        DailyActivity.community_id == community_id,
        day >= weeks.starts[0],
        day < weeks.end,
        *among(connection, member, members),
    )
    found = await _weekly(connection, query)
    count = len(weeks.starts)
    return found[:count], found[count : 2 * count], found[2 * count :]


async def members_by_week(
    connection: AsyncConnection, community_id: int, members: Ids | None, weeks: Weeks
) -> tuple[list[int], list[int]]:
    """Return, per week, how many of the present members (of `members`) joined, and how many
    introduced themselves (their intro's first version)."""
    joined = _by_week(Member.joined_at, weeks, moments=True)
    introduced = _by_week(Intro.created_at, weeks, moments=True)
    query = (
        select(*joined, *introduced)
        .select_from(Member)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .outerjoin(Intro, Intro.member_id == Member.id)
        .where(*present(community_id, members))
    )
    found = await _weekly(connection, only_among(connection, query, Member.id, members))
    count = len(weeks.starts)
    return found[:count], found[count:]


async def topics_by_week(
    connection: AsyncConnection,
    community_id: int,
    cohort_id: int | None,
    members: Ids | None,
    weeks: Weeks,
) -> tuple[list[int], list[int]]:
    """Return, per week, the topics posted (the cohort's own, or all of the community's) and
    the replies to them (from `members`)."""
    own = [] if cohort_id is None else [TopicPost.cohort_id == cohort_id]
    posted = select(*_by_week(TopicPost.posted_at, weeks, moments=True)).where(
        TopicPost.community_id == community_id, *own
    )
    replies = (
        select(*_by_week(TopicResponse.responded_at, weeks, moments=True))
        .join(TopicPost, TopicPost.id == TopicResponse.topic_post_id)
        .where(TopicPost.community_id == community_id, *own)
    )
    replies = replies.where(*among(connection, TopicResponse.member_id, members))
    return await _weekly(connection, posted), await _weekly(connection, replies)


async def sessions_by_week(
    connection: AsyncConnection,
    community_id: int,
    cohort_id: int | None,
    weeks: Weeks,
    until: datetime,
) -> list[int]:
    """Return, per week, the sessions held (the cohort's own, or all of the community's)."""
    own = [] if cohort_id is None else [StudySession.cohort_id == cohort_id]
    since = _midnight(weeks.starts[0])
    query = select(*_by_week(StudySession.starts_at, weeks, moments=True)).where(
        *_held(community_id, since, until), *own
    )
    return await _weekly(connection, query)


async def meetings_by_week(
    connection: AsyncConnection, community_id: int, members: Ids | None, weeks: Weeks
) -> list[int]:
    """Return, per week, the buddy groups (with one of `members`) that first said they met."""
    met = _met_groups(community_id).subquery()
    groups = select(met.c.group_id, met.c.met_at).where(met.c.met_at >= _midnight(weeks.starts[0]))
    if members is not None:
        with_member = select(BuddyGroupMember.group_id).where(
            *among(connection, BuddyGroupMember.member_id, members)
        )
        groups = groups.where(met.c.group_id.in_(with_member))
    chosen = groups.subquery()
    query = select(*_by_week(chosen.c.met_at, weeks, moments=True))
    return await _weekly(connection, query)
