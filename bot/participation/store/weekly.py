"""The queries behind a cohort's activity by week: one grouped read, whatever the term's length
(its topic figures by week come with its threads: `cohort_topics.py`).

The cohort's members are joined or bound as one parameter (`id_lists`), never one query per
member or per week. `membership` reads the signature the cache of settled weeks is keyed by.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

from sqlalchemy import ColumnElement, Date, Integer, String, cast, func, literal, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.store.activity_days import activity_of
from bot.participation.weekly import WeekSpan
from bot.storage.id_lists import IdQuery, Ids
from bot.storage.models import DailyActivity

TopicWeek = tuple[int, int, int]
"""Topic posts, replies by the cohort's members to them, distinct members who replied."""
ActiveWeek = tuple[int, int]
"""Members who posted, messages they posted."""
Membership = tuple[int, str]
"""A set of member ids, exactly: how many, and the SHA-256 of their ascending list."""


async def membership(connection: AsyncConnection, members: Ids) -> Membership:
    """Return the signature of `members` (`Membership`): any member added, removed or
    forgotten changes it.

    Not a count and a sum, which a swap keeps (ids 3 and 7 out, 4 and 6 in), nor a sum of
    hashes the databases can compute (their integers overflow rather than wrap): the list
    itself, joined into one text in the database (one read of the cohort's index, one row
    out) and digested here.
    """
    if not isinstance(members, IdQuery):
        return _signed(len(members), ",".join(map(str, sorted(members))))
    listed = members.select.subquery()
    (column,) = listed.c
    text = cast(column, String)
    if connection.dialect.name == "postgresql":
        joined = func.string_agg(text, literal(",")).aggregate_order_by(column)
        query = select(func.count(), joined).select_from(listed)
    else:  # SQLite before 3.44 has no ORDER BY in an aggregate: it joins in the rows' order
        ordered = members.select.order_by(*members.select.selected_columns).subquery()
        (column,) = ordered.c
        query = select(func.count(), func.group_concat(cast(column, String), ","))
        query = query.select_from(ordered)
    count, ids = (await connection.execute(query)).one()
    return _signed(int(count), ids or "")


def _signed(count: int, ids: str) -> Membership:
    return count, hashlib.sha256(ids.encode()).hexdigest()


async def active_weeks(
    connection: AsyncConnection,
    community_id: int,
    members: Ids,
    start: date,
    spans: Sequence[WeekSpan],
) -> dict[int, ActiveWeek]:
    """Return, by week number, how many of the community's `members` posted that week and how
    many messages.

    `spans` are numbered weeks of a term that starts on `start`. Rows are grouped by their
    seven-day period from `start` in the database (arithmetic, cheaper per row than a CASE per
    week), and periods are turned into week numbers here (break weeks have none). Read by day
    for one week, by member for more (`activity_days`). Days are the UTC days of
    `daily_activity`, taken as the week's local dates.
    """
    if not spans:
        return {}
    numbers = {(span.first - start).days // 7: span.number for span in spans}
    period_of = period(connection, start).label("period")
    rows = select(period_of, DailyActivity.member_id, DailyActivity.messages)
    rows = rows.select_from(DailyActivity)
    span = (spans[0].first, spans[-1].last)
    days = activity_of(connection, rows, community_id, members, *span).subquery()
    # Grouped outside: PostgreSQL would see the expression's parameter twice as different.
    query = select(
        days.c.period, func.count(func.distinct(days.c.member_id)), func.sum(days.c.messages)
    ).group_by(days.c.period)
    found: dict[int, ActiveWeek] = {}
    for index, active, messages in await connection.execute(query):
        if (number := numbers.get(int(index))) is not None:
            found[number] = (int(active), int(messages or 0))
    return found


def period(connection: AsyncConnection, start: date) -> ColumnElement[int]:
    """Return which seven-day period from `start` a row's day lies in (0 for the first)."""
    if connection.dialect.name == "postgresql":
        return cast(DailyActivity.day - literal(start, Date), Integer) // 7
    julian = func.julianday(DailyActivity.day) - func.julianday(start.isoformat())
    return cast(julian / 7, Integer)
