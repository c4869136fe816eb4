"""The queries behind a cohort's per-week figures: two grouped reads, whatever the term's length.

The cohort's members are bound as one parameter (`id_lists`), never one query per member or
per week.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.weekly import WeekSpan
from bot.storage.id_lists import among
from bot.storage.models import DailyActivity, TopicPost, TopicResponse

TopicWeek = tuple[int, int, int]
"""Topic posts, replies by the cohort's members to them, distinct members who replied."""
ActiveWeek = tuple[int, int]
"""Members who posted, messages they posted."""


async def topic_weeks(
    connection: AsyncConnection, cohort_id: int, members: Collection[int], weeks: int
) -> dict[int, TopicWeek]:
    """Return, by week number up to `weeks`, the cohort's topic posts and its members' replies."""
    replied = and_(
        TopicResponse.topic_post_id == TopicPost.id,
        *among(connection, TopicResponse.member_id, members),
    )
    query = (
        select(
            TopicPost.week,
            func.count(func.distinct(TopicPost.id)),
            func.count(TopicResponse.id),
            func.count(func.distinct(TopicResponse.member_id)),
        )
        .outerjoin(TopicResponse, replied)
        .where(TopicPost.cohort_id == cohort_id, TopicPost.week.between(1, weeks))
        .group_by(TopicPost.week)
    )
    rows = await connection.execute(query)
    return {
        int(week or 0): (int(posts), int(replies), int(who)) for week, posts, replies, who in rows
    }


async def active_weeks(
    connection: AsyncConnection,
    community_id: int,
    members: Collection[int],
    spans: Sequence[WeekSpan],
) -> dict[int, ActiveWeek]:
    """Return, by week number, how many of `members` posted that week and how many messages.

    Days are the UTC days of `daily_activity`, taken as the week's local dates.
    """
    if not spans:
        return {}
    week = case(
        *((DailyActivity.day.between(span.first, span.last), span.number) for span in spans),
        else_=0,
    )
    days = (
        select(
            week.label("week"),
            DailyActivity.member_id.label("member_id"),
            DailyActivity.messages.label("messages"),
        )
        .where(
            DailyActivity.community_id == community_id,
            DailyActivity.day.between(spans[0].first, spans[-1].last),
            DailyActivity.messages > 0,
            *among(connection, DailyActivity.member_id, members),
        )
        .subquery()
    )
    # Grouped outside: PostgreSQL would see the CASE's parameters twice as different expressions.
    query = (
        select(days.c.week, func.count(func.distinct(days.c.member_id)), func.sum(days.c.messages))
        .where(days.c.week > 0)
        .group_by(days.c.week)
    )
    rows = await connection.execute(query)
    return {int(number): (int(active), int(messages)) for number, active, messages in rows}
