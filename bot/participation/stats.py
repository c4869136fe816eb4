"""Community health for hosts: `/stats` and the weekly digest read the same figures.

Figures owned by other features (new members without an intro, the pairing meeting rate) come
through callables the composition root passes in; without them they read "not available yet".
For a cohort (`CohortAudience`) every figure counts only its members and reads its own topic
posts, and a term adds the figures of each numbered week so far; the pairing meeting rate
stays the community's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.figures import median
from bot.participation.nudges import NudgeLedger
from bot.participation.store import stats as store
from bot.participation.store import weekly
from bot.participation.weekly import TermPlace, WeekFigures
from bot.shared.activity_batch import utc_day
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

    async def figures(
        self, community_id: int, now: datetime, cohort: CohortAudience | None = None
    ) -> Figures:
        """Return the community's figures as of `now`, or (`cohort`) one cohort's."""
        async with self._database.reading() as connection:
            read = await _read(connection, community_id, now, cohort)
            weeks = await _weeks(connection, community_id, cohort)
        members = None if cohort is None else cohort.members
        unanswered = sum(
            1
            for at, answered in read.questions
            if answered is None or answered - at > ANSWER_WITHIN
        )
        return Figures(
            members=read.members,
            active_7=read.active_7,
            active_30=read.active_30,
            never_posted=read.never,
            intro_pending=(
                await self.intro_pending(community_id, members) if self.intro_pending else None
            ),
            first_post_median=median(read.waits),
            first_post_count=len(read.waits),
            messages_by_member=read.messages,
            questions=len(read.questions),
            unanswered=unanswered,
            threads=read.threads,
            non_responders=read.names,
            non_responder_count=read.silent,
            pairing_rate=await self.pairing_rate(community_id) if self.pairing_rate else None,
            pairing_known=self.pairing_rate is not None,
            nudges=await self._nudges.outcomes(community_id, now - WINDOW, members),
            cohort=cohort is not None,
            term=None if cohort is None else cohort.term,
            weeks=weeks,
        )


@dataclass(frozen=True, slots=True)
class _Read:
    """What one read of the database gives the figures."""

    members: int
    active_7: int
    active_30: int
    never: int
    waits: list[timedelta]
    messages: list[int]
    questions: Sequence[tuple[datetime, datetime | None]]
    threads: list[TopicThread]
    names: list[str]
    """The first NAMES_SHOWN of the members who replied to neither of the last two topics."""
    silent: int
    """How many such members there are."""


async def _read(
    connection: AsyncConnection, community_id: int, now: datetime, cohort: CohortAudience | None
) -> _Read:
    members = None if cohort is None else cohort.members
    posts = None if cohort is None else cohort.cohort_id
    names, silent = await store.non_responders(
        connection, community_id, now - WINDOW, posts, members, limit=NAMES_SHOWN
    )
    counts = await store.member_counts(
        connection, community_id, now - timedelta(days=7), now - WINDOW, members
    )
    return _Read(
        members=counts[0],
        active_7=counts[1],
        active_30=counts[2],
        never=counts[3],
        waits=await store.first_post_waits(connection, community_id, members),
        messages=await store.messages_by_member(
            connection, community_id, utc_day(now - WINDOW), members
        ),
        questions=await store.questions_asked(
            connection, community_id, now - WINDOW, now - ANSWER_WITHIN, members
        ),
        threads=[
            TopicThread(*row)
            for row in await store.topic_threads(
                connection, community_id, TOPIC_THREADS_SHOWN, posts, members
            )
        ],
        names=names,
        silent=silent,
    )


async def _weeks(
    connection: AsyncConnection, community_id: int, cohort: CohortAudience | None
) -> list[WeekFigures]:
    """Return the figures of each numbered week of a cohort's term so far (none without one)."""
    if cohort is None or cohort.term is None or not cohort.term.weeks:
        return []
    spans = cohort.term.weeks
    topics = await weekly.topic_weeks(connection, cohort.cohort_id, cohort.members, len(spans))
    start = cohort.term.term.start
    active = await weekly.active_weeks(connection, cohort.members, start, spans)
    return [
        WeekFigures(
            span.number, *topics.get(span.number, (0, 0, 0)), *active.get(span.number, (0, 0))
        )
        for span in spans
    ]
