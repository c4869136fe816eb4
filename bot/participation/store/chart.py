"""The query behind a chart's weeks: activity by week in one grouped read of `daily_activity`.

Rows are grouped by their seven-day period from the first week's first day in the database
(`weekly.period`), so a year of a community's rows leaves as one row a week, never one a member.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.store.activity_days import activity_of
from bot.participation.store.weekly import period
from bot.storage.id_lists import Ids
from bot.storage.models import DailyActivity

WeekActivity = tuple[int, int, int]
"""Members who posted, posts outside threads, replies in threads."""


async def activity_by_period(
    connection: AsyncConnection,
    community_id: int,
    members: Ids | None,
    first: date,
    last: date,
) -> dict[int, WeekActivity]:
    """Return, by seven-day period from `first` (0 for the first), how many members (of
    `members`, None: all of the community's) posted from `first` to `last`, and what."""
    index = period(connection, first).label("period")
    rows = select(index, DailyActivity.member_id, DailyActivity.messages, DailyActivity.replies)
    rows = rows.select_from(DailyActivity)
    if members is None:  # the community's index by day
        rows = rows.where(
            DailyActivity.community_id == community_id, DailyActivity.day.between(first, last)
        )
    else:
        rows = activity_of(connection, rows, community_id, members, first, last)
    days = rows.subquery()
    # Grouped outside: PostgreSQL would see the expression's parameter twice as different.
    query = select(
        days.c.period,
        func.count(func.distinct(days.c.member_id)),
        func.sum(days.c.messages),
        func.sum(days.c.replies),
    ).group_by(days.c.period)
    found: dict[int, WeekActivity] = {}
    for number, active, messages, replies in await connection.execute(query):
        replied = int(replies or 0)
        found[int(number)] = (int(active), int(messages or 0) - replied, replied)
    return found
