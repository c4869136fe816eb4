"""Community health for hosts: `/stats` and the weekly digest read the same figures.

Figures owned by other features (new members without an intro, the pairing meeting rate) come
through callables the composition root passes in; without them they read "not available yet".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.figures import median
from bot.participation.nudges import NudgeLedger
from bot.participation.store import stats as store
from bot.shared.activity_batch import utc_day
from bot.storage.database import Database

IntroPending = Callable[[int], Awaitable[int]]
"""How many new members of a community (by id) have not introduced themselves."""
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

    async def figures(self, community_id: int, now: datetime) -> Figures:
        """Return the community's figures as of `now`."""
        async with self._database.reading() as connection:
            read = await _read(connection, community_id, now)
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
            intro_pending=await self.intro_pending(community_id) if self.intro_pending else None,
            first_post_median=median(read.waits),
            first_post_count=len(read.waits),
            messages_by_member=read.messages,
            questions=len(read.questions),
            unanswered=unanswered,
            threads=read.threads,
            non_responders=read.names[:NAMES_SHOWN],
            non_responder_count=len(read.names),
            pairing_rate=await self.pairing_rate(community_id) if self.pairing_rate else None,
            pairing_known=self.pairing_rate is not None,
            nudges=await self._nudges.outcomes(community_id, now - WINDOW),
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


async def _read(connection: AsyncConnection, community_id: int, now: datetime) -> _Read:
    return _Read(
        members=await store.count_members(connection, community_id),
        active_7=await store.count_active_since(connection, community_id, now - timedelta(days=7)),
        active_30=await store.count_active_since(connection, community_id, now - WINDOW),
        never=await store.count_never_posted(connection, community_id),
        waits=await store.first_post_waits(connection, community_id),
        messages=await store.messages_by_member(connection, community_id, utc_day(now - WINDOW)),
        questions=await store.questions_asked(
            connection, community_id, now - WINDOW, now - ANSWER_WITHIN
        ),
        threads=[
            TopicThread(*row)
            for row in await store.topic_threads(connection, community_id, TOPIC_THREADS_SHOWN)
        ],
        names=await store.non_responders(connection, community_id, now - WINDOW),
    )
