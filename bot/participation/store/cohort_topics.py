"""A cohort's topic figures in one pass over its posts' replies: the newest threads and the
figures of each week of its term.

Both read the same rows (the cohort's posts and its members' replies to them), so they come
from one grouped read by post: the threads are the newest posts, a week's posts and replies are
sums over its posts, and its responders too when it has one post (the usual case: one pinned
topic a week). Only a week of several posts has its distinct responders read again, for that
week alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.store.weekly import TopicWeek
from bot.storage.id_lists import Ids, among, unindexed
from bot.storage.models import TopicPost, TopicResponse

Thread = tuple[str, datetime, int, int]
"""A topic post's text, when it was posted, replies by the members and distinct responders."""


@dataclass(frozen=True, slots=True)
class CohortTopics:
    """The cohort's newest threads (newest first) and its topic figures by week number."""

    threads: list[Thread]
    weeks: dict[int, TopicWeek]


@dataclass(frozen=True, slots=True)
class _Post:
    week: int | None
    thread: Thread


async def cohort_topics(
    connection: AsyncConnection, cohort_id: int, members: Ids, weeks: int, shown: int
) -> CohortTopics:
    """Return the cohort's `shown` newest threads and, for weeks 1 to `weeks`, its topic posts,
    its `members`' replies to them and how many members replied."""
    posts = await _posts(connection, cohort_id, members)
    in_term = [post for post in posts if post.week is not None and 1 <= post.week <= weeks]
    by_week: dict[int, list[_Post]] = defaultdict(list)
    for post in in_term:
        by_week[post.week or 0].append(post)
    several = [week for week, listed in by_week.items() if len(listed) > 1]
    responders = await _responders(connection, cohort_id, members, several) if several else {}
    figures = {
        week: (
            len(listed),
            sum(post.thread[2] for post in listed),
            responders.get(week, listed[0].thread[3]),
        )
        for week, listed in by_week.items()
    }
    return CohortTopics([post.thread for post in posts[:shown]], figures)


async def _posts(connection: AsyncConnection, cohort_id: int, members: Ids) -> list[_Post]:
    """Return each of the cohort's topic posts, newest first, with its members' replies."""
    replied = and_(  # each post's replies read in its index, each tested against the members
        TopicResponse.topic_post_id == TopicPost.id,
        *among(connection, unindexed(TopicResponse.member_id), members),
    )
    query = (
        select(
            TopicPost.week,
            TopicPost.text,
            TopicPost.posted_at,
            func.count(TopicResponse.id),
            func.count(func.distinct(TopicResponse.member_id)),
        )
        .outerjoin(TopicResponse, replied)
        .where(TopicPost.cohort_id == cohort_id)
        .group_by(TopicPost.id, TopicPost.week, TopicPost.text, TopicPost.posted_at)
        .order_by(TopicPost.posted_at.desc(), TopicPost.id.desc())
    )
    rows: Sequence[tuple[int | None, str, datetime, int, int]] = (
        await connection.execute(query)
    ).all()
    return [
        _Post(week, (text, at, int(replies), int(who))) for week, text, at, replies, who in rows
    ]


async def _responders(
    connection: AsyncConnection, cohort_id: int, members: Ids, weeks: Collection[int]
) -> dict[int, int]:
    """Return how many distinct members replied to the cohort's posts of each of `weeks`."""
    query = (
        select(TopicPost.week, func.count(func.distinct(TopicResponse.member_id)))
        .join(TopicResponse, TopicResponse.topic_post_id == TopicPost.id)
        .where(TopicPost.cohort_id == cohort_id, TopicPost.week.in_(sorted(weeks)))
        .where(*among(connection, unindexed(TopicResponse.member_id), members))
        .group_by(TopicPost.week)
    )
    return {int(week or 0): int(who) for week, who in await connection.execute(query)}
