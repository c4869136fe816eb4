"""The reads behind `/stats` and the digest, started at the same time (`ConcurrentReads`).

None depends on another, so each runs on its own connection as soon as a slot is free, the
longest first. A cohort with a term reads its threads and topic weeks in one pass
(`cohort_topics`) and its settled weeks' activity from memory (`SettledWeeks`); a cohort's
messages by member over the window too, but for yesterday and today (`SettledMessages`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.settled_messages import SettledMessages
from bot.participation.settled_weeks import SettledWeeks
from bot.participation.store import stats as store
from bot.participation.store import weekly
from bot.participation.store.cohort_topics import CohortTopics, cohort_topics
from bot.participation.store.stats import MemberCounts, ReactionCounts
from bot.participation.store.weekly import ActiveWeek
from bot.participation.weekly import TermPlace, WeekFigures
from bot.shared.activity_batch import utc_day
from bot.storage.concurrent_reads import ConcurrentReads
from bot.storage.id_lists import Ids

WINDOW = timedelta(days=30)
ANSWER_WITHIN = timedelta(hours=24)
TOPIC_THREADS_SHOWN = 5
NAMES_SHOWN = 10


@dataclass(frozen=True, slots=True)
class FigureScope:
    """Whose figures: a cohort's (its id, members and term's place) or the community's."""

    community_id: int
    cohort_id: int | None = None
    members: Ids | None = None
    place: TermPlace | None = None

    def term(self) -> tuple[int, Ids, TermPlace] | None:
        """Return the cohort's id, members and term's place when it has weeks begun, else
        None (the community, a cohort without a term or before it): figures by week or not."""
        cohort_id, members, place = self.cohort_id, self.members, self.place
        if cohort_id is None or members is None or place is None or not place.weeks:
            return None
        return cohort_id, members, place


@dataclass(frozen=True, slots=True)
class Reads:
    """The reads behind the figures, started: each task gives one read's rows."""

    members: asyncio.Task[tuple[MemberCounts, timedelta | None]]
    """The counts of the members, and the median wait for a first post."""
    messages: asyncio.Task[list[int]]
    questions: asyncio.Task[tuple[int, int]]
    """Questions asked, and how many of them were not answered within ANSWER_WITHIN."""
    topics: asyncio.Task[CohortTopics]
    """The newest threads, and (a cohort with a term) the topic figures by week."""
    silent: asyncio.Task[tuple[list[str], int]]
    """The first NAMES_SHOWN of the members who replied to neither of the last two topics, and
    how many such members there are."""
    active_weeks: asyncio.Task[dict[int, ActiveWeek]] | None
    """The cohort's activity by week of its term (None: no cohort, or no term begun)."""
    reactions: asyncio.Task[ReactionCounts]
    """Reactions over the window, apart from posts (`daily_reactions`, its own small table)."""


def start_reads(
    reads: ConcurrentReads,
    settled: tuple[SettledWeeks, SettledMessages],
    scope: FigureScope,
    now: datetime,
) -> Reads:
    """Start every read of the figures of `scope` as of `now`, the longest first."""
    community_id, members = scope.community_id, scope.members
    signed = None
    if scope.cohort_id is not None and members is not None:  # short, and others wait for it
        signed = reads.read(partial(weekly.membership, members=members))
    counts = reads.read(partial(_members, community_id=community_id, now=now, members=members))
    topics = reads.read(partial(_topics, scope=scope))
    active = _start_active_weeks(reads, settled[0], scope, now, signed)
    messages = reads.read(_messages_by_member(settled[1], scope, now, signed))
    silent = reads.read(
        partial(
            store.non_responders,
            community_id=community_id,
            active_since=now - WINDOW,
            cohort_id=scope.cohort_id,
            members=members,
            limit=NAMES_SHOWN,
        )
    )
    questions = reads.read(
        partial(
            store.questions_asked,
            community_id=community_id,
            since=now - WINDOW,
            until=now - ANSWER_WITHIN,
            within=ANSWER_WITHIN,
            members=members,
        )
    )
    reactions = reads.read(
        partial(
            store.reaction_counts, community_id=community_id, since=now - WINDOW, members=members
        )
    )
    return Reads(counts, messages, questions, topics, silent, active, reactions)


def _start_active_weeks(
    reads: ConcurrentReads,
    settled: SettledWeeks,
    scope: FigureScope,
    now: datetime,
    signed: Awaitable[tuple[int, str]] | None,
) -> asyncio.Task[dict[int, ActiveWeek]] | None:
    """Start the read of a cohort's activity by week of its term (None: nothing to read)."""
    if (term := scope.term()) is None or signed is None:
        return None
    cohort_id, cohort_members, place = term
    return reads.read(
        partial(
            settled.active_weeks,
            community_id=scope.community_id,
            cohort_id=cohort_id,
            members=cohort_members,
            start=place.term.start,
            spans=place.weeks,
            now=now,
            signed=signed,
        )
    )


def _messages_by_member(
    settled: SettledMessages,
    scope: FigureScope,
    now: datetime,
    signed: Awaitable[tuple[int, str]] | None,
) -> Callable[[AsyncConnection], Awaitable[list[int]]]:
    """Return the read of each member's messages over the window: a cohort's through its
    settled days kept in memory, the community's straight from the database."""
    since = utc_day(now - WINDOW)
    if scope.cohort_id is None or scope.members is None or signed is None:
        return partial(store.messages_by_member, community_id=scope.community_id, since=since)
    return partial(
        settled.by_member,
        community_id=scope.community_id,
        cohort_id=scope.cohort_id,
        members=scope.members,
        since=since,
        now=now,
        signed=signed,
    )


async def _members(
    connection: AsyncConnection, community_id: int, now: datetime, members: Ids | None
) -> tuple[MemberCounts, timedelta | None]:
    """Return the members' counts, then (from how many waited) their median first-post wait:
    two reads of the same rows, the second only of the middle waits."""
    counts = await store.member_counts(
        connection, community_id, now - timedelta(days=7), now - WINDOW, members
    )
    return counts, await store.median_wait(connection, community_id, counts.waited, members)


async def _topics(connection: AsyncConnection, scope: FigureScope) -> CohortTopics:
    """Return the scope's newest threads, with its weeks' topic figures when it has weeks."""
    if (term := scope.term()) is not None:
        cohort_id, members, place = term
        weeks = len(place.weeks)
        return await cohort_topics(connection, cohort_id, members, weeks, TOPIC_THREADS_SHOWN)
    threads = await store.topic_threads(
        connection, scope.community_id, TOPIC_THREADS_SHOWN, scope.cohort_id, scope.members
    )
    shown = [(text, at, int(replies), int(who)) for text, at, replies, who in threads]
    return CohortTopics(shown, {})


def week_figures(scope: FigureScope, read: Reads) -> list[WeekFigures]:
    """Return the figures of each numbered week of a cohort's term so far (none without one)."""
    if scope.place is None or read.active_weeks is None:
        return []
    topics, active = read.topics.result().weeks, read.active_weeks.result()
    return [
        WeekFigures(
            span.number, *topics.get(span.number, (0, 0, 0)), *active.get(span.number, (0, 0))
        )
        for span in scope.place.weeks
    ]
