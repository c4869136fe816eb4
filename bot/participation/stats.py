"""Community health for hosts: `/stats` and the weekly digest read the same figures.

Figures owned by other features (new members without an intro, the pairing meeting rate, the
sessions' turnout) come through callables the composition root passes in; without them they
read "not available yet". For a cohort (`CohortAudience`) every figure counts only its members
and reads its own topic posts (and its own sessions' turnout), and a term adds the figures of
each numbered week so far; the pairing meeting rate stays the community's.
"""

from __future__ import annotations

from asyncio import Task
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial
from typing import NamedTuple, Protocol, TypeVar

from bot.charts import ChartData
from bot.participation.nudges import NudgeLedger
from bot.participation.settled_messages import SettledMessages
from bot.participation.settled_weeks import SettledWeeks
from bot.participation.stats_reads import ANSWER_WITHIN as ANSWER_WITHIN
from bot.participation.stats_reads import NAMES_SHOWN as NAMES_SHOWN
from bot.participation.stats_reads import TOPIC_THREADS_SHOWN as TOPIC_THREADS_SHOWN
from bot.participation.stats_reads import WINDOW as WINDOW
from bot.participation.stats_reads import FigureScope, start_reads, week_figures
from bot.participation.weekly import TermPlace, WeekFigures
from bot.storage.concurrent_reads import ConcurrentReads, concurrent_reads
from bot.storage.database import Database
from bot.storage.id_lists import Ids

T = TypeVar("T")


class IntroPending(Protocol):
    """How many new members of a community (by id; of `members`, None: all) have not
    introduced themselves."""

    async def __call__(self, community_id: int, members: Ids | None = None) -> int:
        """Return the count."""
        ...


PairingRate = Callable[[int], Awaitable[float | None]]
"""The share of a community's recent buddy pairs that met (None: no rounds yet)."""


class SessionTurnout(Protocol):
    """Of the sessions that started in [since, until) (one cohort's, or None: all of the
    community's), how many answers were Going and how many of those said they made it."""

    async def __call__(
        self, community_id: int, since: datetime, until: datetime, cohort_id: int | None = None
    ) -> tuple[int, int]:
        """Return (said Going, said they made it)."""
        ...


DIGEST_SCHEDULE = "digest"
"""The schedule kind whose occurrences post the participation digest to the hosts channel."""


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
    reading: int = 0
    """Members who said they are just reading and have not posted since: apart, not a problem."""
    reactions: int = 0
    """Reactions in the last 30 days (light participation, apart from posts)."""
    reactors: int = 0
    only_reacted: int = 0
    """Of the members who reacted in the last 30 days, those who did not post in them."""
    turnout: tuple[int, int] | None = None
    """Sessions of the last 30 days: (said Going, said they made it); None: not available."""


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
        session_turnout: SessionTurnout | None = None,
    ) -> None:
        self._database = database
        self._nudges = nudges
        self.intro_pending = intro_pending
        self.pairing_rate = pairing_rate
        self.session_turnout = session_turnout
        self._settled = (SettledWeeks(), SettledMessages())

    async def figures(
        self, community_id: int, now: datetime, cohort: CohortAudience | None = None
    ) -> Figures:
        """Return the community's figures as of `now`, or (`cohort`) one cohort's.

        The reads do not depend on each other: they run at the same time, each on its own
        connection (`stats_reads`).
        """
        scope = FigureScope(community_id)
        if cohort is not None:
            scope = FigureScope(community_id, cohort.cohort_id, cohort.members, cohort.term)
        async with concurrent_reads(self._database) as reads:
            read = start_reads(reads, self._settled, scope, now)
            others = self._start_others(reads, community_id, now, cohort)
        counts, wait = read.members.result()
        questions, unanswered = read.questions.result()
        names, silent = read.silent.result()
        reactions = read.reactions.result()
        return Figures(
            members=counts.total,
            active_7=counts.active_7,
            active_30=counts.active_30,
            never_posted=counts.never,
            intro_pending=_done(others.pending),
            first_post_median=wait,
            first_post_count=counts.waited,
            messages_by_member=read.messages.result(),
            questions=questions,
            unanswered=unanswered,
            threads=[TopicThread(*thread) for thread in read.topics.result().threads],
            non_responders=names,
            non_responder_count=silent,
            pairing_rate=_done(others.rate),
            pairing_known=self.pairing_rate is not None,
            nudges=others.outcomes.result(),
            cohort=cohort is not None,
            term=None if cohort is None else cohort.term,
            weeks=week_figures(scope, read),
            reading=counts.reading,
            reactions=reactions.reactions,
            reactors=reactions.reactors,
            only_reacted=reactions.only_reacted,
            turnout=_done(others.turnout),
        )

    async def chart_data(
        self, community_id: int, now: datetime, cohort: CohortAudience | None = None
    ) -> ChartData:
        """Return what the community's chart (or `cohort`'s) draws as of `now` (`chart_data`)."""
        from bot.participation.chart_data import read_chart_data  # chart_data reads this module

        return await read_chart_data(self._database, community_id, now, cohort)

    def _start_others(
        self,
        reads: ConcurrentReads,
        community_id: int,
        now: datetime,
        cohort: CohortAudience | None,
    ) -> _Others:
        """Start the nudge outcomes and the reads other features answer (when wired)."""
        members = None if cohort is None else cohort.members
        outcomes = reads.call(partial(self._nudges.outcomes, community_id, now - WINDOW, members))
        intro, rate = self.intro_pending, self.pairing_rate
        pending = reads.call(partial(intro, community_id, members)) if intro else None
        rated = reads.call(partial(rate, community_id)) if rate else None
        return _Others(outcomes, pending, rated, self._turnout(reads, community_id, now, cohort))

    def _turnout(
        self,
        reads: ConcurrentReads,
        community_id: int,
        now: datetime,
        cohort: CohortAudience | None,
    ) -> Task[tuple[int, int]] | None:
        if self.session_turnout is None:
            return None
        cohort_id = None if cohort is None else cohort.cohort_id
        return reads.call(partial(self.session_turnout, community_id, now - WINDOW, now, cohort_id))


class _Others(NamedTuple):
    """The nudge outcomes, and the reads other features answer (None: not wired)."""

    outcomes: Task[dict[str, int]]
    pending: Task[int] | None
    rate: Task[float | None] | None
    turnout: Task[tuple[int, int]] | None


def _done(task: Task[T] | None) -> T | None:
    """Return a finished read's result, or None when it was not started."""
    return None if task is None else task.result()
