"""Community health for hosts: `/stats` and the weekly digest read the same figures.

Figures owned by other features (new members without an intro, the pairing meeting rate) come
through callables the composition root passes in; without them they read "not available yet".
For a cohort (`CohortAudience`) every figure counts only its members and reads its own topic
posts, and a term adds the figures of each numbered week so far; the pairing meeting rate
stays the community's.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import Protocol

from sqlalchemy import Row

from bot.participation.nudges import NudgeLedger
from bot.participation.settled_weeks import SettledWeeks
from bot.participation.store import stats as store
from bot.participation.store import weekly
from bot.participation.weekly import TermPlace, WeekFigures
from bot.shared.activity_batch import utc_day
from bot.storage.concurrent_reads import ConcurrentReads, concurrent_reads
from bot.storage.database import Database
from bot.storage.id_lists import Ids


class IntroPending(Protocol):
    """How many new members of a community (by id; of `members`, None: all) have not
    introduced themselves."""

    async def __call__(self, community_id: int, members: Ids | None = None) -> int:
        """Return the count."""
        ...


PairingRate = Callable[[int], Awaitable[float | None]]
"""The share of a community's recent buddy pairs that met (None: no rounds yet)."""

DIGEST_SCHEDULE = "digest"
"""The schedule kind whose occurrences post the participation digest to the hosts channel."""
WINDOW = timedelta(days=30)
ANSWER_WITHIN = timedelta(hours=24)
TOPIC_THREADS_SHOWN = 5
NAMES_SHOWN = 10


@dataclass(frozen=True, slots=True)
class TopicThread:
    """A topic post with how many replies it drew, from how many members."""

    text: str
    posted_at: datetime
    replies: int
    responders: int


@dataclass(frozen=True, slots=True)
class Figures:
    """Everything `/stats` and the digest show, for one community at one moment."""

    members: int
    active_7: int
    active_30: int
    never_posted: int
    intro_pending: int | None
    first_post_median: timedelta | None
    first_post_count: int
    messages_by_member: list[int]
    questions: int
    unanswered: int
    threads: list[TopicThread]
    non_responders: list[str]  # display names
    non_responder_count: int
    pairing_rate: float | None
    pairing_known: bool
    nudges: dict[str, int] = field(default_factory=dict)
    cohort: bool = False
    """Counted for a cohort (its members, its topic posts); the pairing rate stays the
    community's."""
    term: TermPlace | None = None
    """Where the cohort's term stands today, when it has one."""
    weeks: list[WeekFigures] = field(default_factory=list)
    """The figures of each numbered week of the term so far, first week first."""


@dataclass(frozen=True, slots=True)
class CohortAudience:
    """Whose figures: a cohort's members (row ids, or the query of its member rows) and topic
    posts, and its term's place."""

    cohort_id: int
    members: Ids
    term: TermPlace | None = None


class StatsService:
    """Reads the participation figures of a community."""

    def __init__(
        self,
        database: Database,
        nudges: NudgeLedger,
        *,
        intro_pending: IntroPending | None = None,
        pairing_rate: PairingRate | None = None,
    ) -> None:
        self._database = database
        self._nudges = nudges
        self.intro_pending = intro_pending
        self.pairing_rate = pairing_rate
        self._settled = SettledWeeks()

    async def figures(
        self, community_id: int, now: datetime, cohort: CohortAudience | None = None
    ) -> Figures:
        """Return the community's figures as of `now`, or (`cohort`) one cohort's.

        The reads do not depend on each other: they run at the same time, each on its own
        connection (`ConcurrentReads`).
        """
        members = None if cohort is None else cohort.members
        async with concurrent_reads(self._database) as reads:
            read = _start(reads, self._settled, community_id, now, cohort)
            outcomes = reads.call(
                partial(self._nudges.outcomes, community_id, now - WINDOW, members)
            )
            intro = self.intro_pending
            pending = reads.call(partial(intro, community_id, members)) if intro else None
            rate = (
                reads.call(partial(self.pairing_rate, community_id)) if self.pairing_rate else None
            )
        counts = read.counts.result()
        wait, waited = read.wait.result()
        unanswered = sum(
            1
            for at, answered in read.questions.result()
            if answered is None or answered - at > ANSWER_WITHIN
        )
        names, silent = read.silent.result()
        return Figures(
            members=counts[0],
            active_7=counts[1],
            active_30=counts[2],
            never_posted=counts[3],
            intro_pending=None if pending is None else pending.result(),
            first_post_median=wait,
            first_post_count=waited,
            messages_by_member=read.messages.result(),
            questions=len(read.questions.result()),
            unanswered=unanswered,
            threads=[TopicThread(*row) for row in read.threads.result()],
            non_responders=names,
            non_responder_count=silent,
            pairing_rate=None if rate is None else rate.result(),
            pairing_known=self.pairing_rate is not None,
            nudges=outcomes.result(),
            cohort=cohort is not None,
            term=None if cohort is None else cohort.term,
            weeks=_weeks(cohort, read.topic_weeks, read.active_weeks),
        )


@dataclass(frozen=True, slots=True)
class _Reads:
    """The reads behind the figures, started: each task gives one read's rows."""

    counts: asyncio.Task[tuple[int, int, int, int]]
    wait: asyncio.Task[tuple[timedelta | None, int]]
    """The median wait for a first post, and of how many members."""
    messages: asyncio.Task[list[int]]
    questions: asyncio.Task[Sequence[Row[datetime, datetime | None]]]
    threads: asyncio.Task[Sequence[Row[str, datetime, int, int]]]
    silent: asyncio.Task[tuple[list[str], int]]
    """The first NAMES_SHOWN of the members who replied to neither of the last two topics, and
    how many such members there are."""
    topic_weeks: asyncio.Task[dict[int, weekly.TopicWeek]] | None
    active_weeks: asyncio.Task[dict[int, weekly.ActiveWeek]] | None
    """The cohort's figures by week of its term (None: no cohort, or no term)."""


def _start(
    reads: ConcurrentReads,
    settled: SettledWeeks,
    community_id: int,
    now: datetime,
    cohort: CohortAudience | None,
) -> _Reads:
    """Start every read of the figures, the longest first."""
    members = None if cohort is None else cohort.members
    posts = None if cohort is None else cohort.cohort_id
    place = None if cohort is None else cohort.term
    active = topics = None
    if cohort is not None and place is not None and place.weeks:
        spans, start = place.weeks, place.term.start
        active = reads.read(
            partial(
                settled.active_weeks,
                cohort_id=cohort.cohort_id,
                members=cohort.members,
                start=start,
                spans=spans,
                now=now,
            )
        )
        topics = reads.read(
            partial(
                weekly.topic_weeks,
                cohort_id=cohort.cohort_id,
                members=cohort.members,
                weeks=len(spans),
            )
        )
    return _Reads(
        messages=reads.read(
            partial(
                store.messages_by_member,
                community_id=community_id,
                since=utc_day(now - WINDOW),
                members=members,
            )
        ),
        wait=reads.read(partial(store.first_post_wait, community_id=community_id, members=members)),
        silent=reads.read(
            partial(
                store.non_responders,
                community_id=community_id,
                active_since=now - WINDOW,
                cohort_id=posts,
                members=members,
                limit=NAMES_SHOWN,
            )
        ),
        threads=reads.read(
            partial(
                store.topic_threads,
                community_id=community_id,
                limit=TOPIC_THREADS_SHOWN,
                cohort_id=posts,
                members=members,
            )
        ),
        counts=reads.read(
            partial(
                store.member_counts,
                community_id=community_id,
                recent=now - timedelta(days=7),
                month=now - WINDOW,
                members=members,
            )
        ),
        questions=reads.read(
            partial(
                store.questions_asked,
                community_id=community_id,
                since=now - WINDOW,
                until=now - ANSWER_WITHIN,
                members=members,
            )
        ),
        topic_weeks=topics,
        active_weeks=active,
    )


def _weeks(
    cohort: CohortAudience | None,
    topic_weeks: asyncio.Task[dict[int, weekly.TopicWeek]] | None,
    active_weeks: asyncio.Task[dict[int, weekly.ActiveWeek]] | None,
) -> list[WeekFigures]:
    """Return the figures of each numbered week of a cohort's term so far (none without one)."""
    if cohort is None or cohort.term is None or topic_weeks is None or active_weeks is None:
        return []
    topics, active = topic_weeks.result(), active_weeks.result()
    return [
        WeekFigures(
            span.number, *topics.get(span.number, (0, 0, 0)), *active.get(span.number, (0, 0))
        )
        for span in cohort.term.weeks
    ]
