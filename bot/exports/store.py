"""The queries behind `/stats export`: the members, then each figure for all of them at once.

Each read is one statement whatever the community's size (grouped by member, or by week with one
column per week), never one query per member or per week. The members are the community's
present members (not bots, not gone), or a cohort's (`members`: row ids or the query of its
member rows); counts are read for the community and kept for those members by the caller.
A forgotten member's rows went with their member row (ON DELETE CASCADE): nothing reads them.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import (
    ColumnElement,
    Date,
    DateTime,
    Integer,
    Select,
    Subquery,
    and_,
    case,
    cast,
    false,
    func,
    literal,
    select,
    true,
)
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

WEEK_SECONDS = 7 * 24 * 3600

MET = "met"
"""A buddy check-in answer saying the group met (pairing's `Answer.MET`)."""

Column = ColumnElement[T] | InstrumentedAttribute[T]
"""A column, mapped or of a subquery."""

Moment = Column[date] | Column[datetime] | Column[datetime | None]
"""A column of dates, or of times (UTC)."""

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

    def anchor(self) -> date:
        """Return the Monday on or before the first day: where the first week's period starts."""
        return self.starts[0] - timedelta(days=self.starts[0].weekday())

    def bounds(self) -> tuple[date, date]:
        """Return the window's first day and the day after its last."""
        return self.starts[0], self.end

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


def _period(
    connection: AsyncConnection,
    column: Moment,
    anchor: date,
    moments: bool,
) -> ColumnElement[int]:
    """Return which seven-day period from `anchor` (a Monday) a row's `column` lies in (0 for
    the first): arithmetic on each row, then one GROUP BY, rather than a column per week.
    `moments`: the column holds times (UTC), else dates."""
    if connection.dialect.name == "postgresql":
        if moments:
            start = literal(_midnight(anchor), DateTime(timezone=True))
            return cast(func.floor(func.extract("epoch", column - start) / WEEK_SECONDS), Integer)
        return cast(column - literal(anchor, Date), Integer) // 7
    julian = func.julianday(column) - func.julianday(anchor.isoformat())
    return cast(julian / 7, Integer)


Measure = Callable[[Subquery], ColumnElement[Any]]
"""One figure of a week, over the rows of the week (a count, a sum)."""


def _rows(count: Subquery) -> ColumnElement[int]:
    return func.count()


async def _tally(
    connection: AsyncConnection, rows: Select[*tuple[Any, ...]], weeks: Weeks, *measures: Measure
) -> list[list[int]]:
    """Return each measure's value per week, from `rows` (a `period` column and what the
    measures read), grouped outside: PostgreSQL would see the period's parameter twice as
    different within one SELECT."""
    inner = rows.subquery()
    query = select(inner.c.period, *(measure(inner) for measure in measures))
    found = [[0] * len(weeks.starts) for _ in measures]
    for period, *values in await connection.execute(query.group_by(inner.c.period)):
        if 0 <= int(period) < len(weeks.starts):
            for which, value in enumerate(values):
                found[which][int(period)] = int(value or 0)
    return found


def _midnight(day: date) -> datetime:
    """Return the start of a UTC day."""
    return datetime.combine(day, time(), tzinfo=UTC)


def _in_window(
    connection: AsyncConnection,
    column: Moment,
    weeks: Weeks,
    moments: bool,
) -> tuple[ColumnElement[int], ColumnElement[bool]]:
    """Return the period of `column` and the condition "in the window"."""
    low, high = (_midnight(weeks.starts[0]), _midnight(weeks.end)) if moments else weeks.bounds()
    period = _period(connection, column, weeks.anchor(), moments).label("period")
    return period, and_(column >= low, column < high)


async def activity_by_week(
    connection: AsyncConnection, community_id: int, members: Ids | None, weeks: Weeks
) -> list[list[int]]:
    """Return, per week, how many members posted, their posts (not replies) and their thread
    replies, in one statement."""
    period, inside = _in_window(connection, DailyActivity.day, weeks, moments=False)
    rows = select(
        period, DailyActivity.member_id, DailyActivity.messages, DailyActivity.replies
    ).where(DailyActivity.community_id == community_id, inside)
    rows = rows.where(*among(connection, DailyActivity.member_id, members))
    return await _tally(
        connection,
        rows,
        weeks,
        lambda day: func.count(func.distinct(day.c.member_id)),
        lambda day: func.sum(day.c.messages - day.c.replies),
        lambda day: func.sum(day.c.replies),
    )


async def members_by_week(
    connection: AsyncConnection, community_id: int, members: Ids | None, weeks: Weeks
) -> tuple[list[int], list[int]]:
    """Return, per week, how many of the present members (of `members`) joined, and how many
    introduced themselves (their intro's first version)."""
    found = []
    for column in (Member.joined_at, Intro.created_at):
        period, inside = _in_window(connection, column, weeks, moments=True)
        rows = (
            select(period)
            .select_from(Member)
            .outerjoin(Participation, Participation.member_id == Member.id)
            .outerjoin(Intro, Intro.member_id == Member.id)
            .where(*present(community_id, members), inside)
        )
        rows = only_among(connection, rows, Member.id, members)
        (counts,) = await _tally(connection, rows, weeks, _rows)
        found.append(counts)
    return found[0], found[1]


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
    period, inside = _in_window(connection, TopicPost.posted_at, weeks, moments=True)
    posted = select(period).where(TopicPost.community_id == community_id, inside, *own)
    period, inside = _in_window(connection, TopicResponse.responded_at, weeks, moments=True)
    replies = (
        select(period)
        .join(TopicPost, TopicPost.id == TopicResponse.topic_post_id)
        .where(TopicPost.community_id == community_id, inside, *own)
        .where(*among(connection, TopicResponse.member_id, members))
    )
    (topics,) = await _tally(connection, posted, weeks, _rows)
    (answers,) = await _tally(connection, replies, weeks, _rows)
    return topics, answers


async def sessions_by_week(
    connection: AsyncConnection,
    community_id: int,
    cohort_id: int | None,
    weeks: Weeks,
    until: datetime,
) -> list[int]:
    """Return, per week, the sessions held (the cohort's own, or all of the community's)."""
    own = [] if cohort_id is None else [StudySession.cohort_id == cohort_id]
    period, _inside = _in_window(connection, StudySession.starts_at, weeks, moments=True)
    since = _midnight(weeks.starts[0])
    rows = select(period).where(*_held(community_id, since, until), *own)
    (held,) = await _tally(connection, rows, weeks, _rows)
    return held


async def meetings_by_week(
    connection: AsyncConnection, community_id: int, members: Ids | None, weeks: Weeks
) -> list[int]:
    """Return, per week, the buddy groups (with one of `members`) that first said they met."""
    met = _met_groups(community_id).subquery()
    period, inside = _in_window(connection, met.c.met_at, weeks, moments=True)
    rows = select(period).where(inside)
    if members is not None:
        with_member = select(BuddyGroupMember.group_id).where(
            *among(connection, BuddyGroupMember.member_id, members)
        )
        rows = rows.where(met.c.group_id.in_(with_member))
    (meetings,) = await _tally(connection, rows, weeks, _rows)
    return meetings
