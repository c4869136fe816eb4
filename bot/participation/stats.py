"""Community health for hosts: `/stats` and the weekly digest read the same figures.

Figures owned by other features (new members without an intro, the pairing meeting rate) come
through callables the composition root passes in; without them they read "not available yet".
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, false, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.figures import median
from bot.participation.nudges import NudgeLedger
from bot.shared.activity_batch import utc_day
from bot.storage.database import Database
from bot.storage.models import (
    DailyActivity,
    Member,
    Participation,
    Question,
    TopicPost,
    TopicResponse,
)

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
            present = _present(community_id)

            async def count(*conditions: ColumnElement[bool]) -> int:
                query = (
                    select(func.count())
                    .select_from(Member)
                    .outerjoin(Participation, Participation.member_id == Member.id)
                    .where(*present, *conditions)
                )
                return int((await connection.execute(query)).scalar_one())

            members = await count()
            active_7 = await count(Member.last_active_at >= now - timedelta(days=7))
            active_30 = await count(Member.last_active_at >= now - WINDOW)
            never = await count(Member.last_active_at.is_(None))
            first_posts = await connection.execute(
                select(Member.joined_at, Participation.first_post_at)
                .join(Participation, Participation.member_id == Member.id)
                .where(*present, Member.joined_at.is_not(None))
                .where(Participation.first_post_at.is_not(None))
            )
            waits = [
                first - joined
                for joined, first in first_posts
                if joined is not None and first is not None and first >= joined
            ]
            by_member = await connection.execute(
                select(func.sum(DailyActivity.messages))
                .where(
                    DailyActivity.community_id == community_id,
                    DailyActivity.day >= utc_day(now - WINDOW),
                )
                .group_by(DailyActivity.member_id)
            )
            messages = [int(total) for total in by_member.scalars()]
            asked = await connection.execute(
                select(Question.asked_at, Question.answered_at).where(
                    Question.community_id == community_id,
                    Question.asked_at >= now - WINDOW,
                    Question.asked_at <= now - ANSWER_WITHIN,
                )
            )
            questions = asked.all()
            threads = await _threads(connection, community_id)
            names = await _non_responders(connection, community_id, now)
        unanswered = sum(
            1 for at, answered in questions if answered is None or answered - at > ANSWER_WITHIN
        )
        return Figures(
            members=members,
            active_7=active_7,
            active_30=active_30,
            never_posted=never,
            intro_pending=await self.intro_pending(community_id) if self.intro_pending else None,
            first_post_median=median(waits),
            first_post_count=len(waits),
            messages_by_member=messages,
            questions=len(questions),
            unanswered=unanswered,
            threads=threads,
            non_responders=names[:NAMES_SHOWN],
            non_responder_count=len(names),
            pairing_rate=await self.pairing_rate(community_id) if self.pairing_rate else None,
            pairing_known=self.pairing_rate is not None,
            nudges=await self._nudges.outcomes(community_id, now - WINDOW),
        )


async def _threads(connection: AsyncConnection, community_id: int) -> list[TopicThread]:
    query = (
        select(
            TopicPost.text,
            TopicPost.posted_at,
            func.count(TopicResponse.id),
            func.count(func.distinct(TopicResponse.member_id)),
        )
        .outerjoin(TopicResponse, TopicResponse.topic_post_id == TopicPost.id)
        .where(TopicPost.community_id == community_id)
        .group_by(TopicPost.id, TopicPost.text, TopicPost.posted_at)
        .order_by(TopicPost.posted_at.desc(), TopicPost.id.desc())
        .limit(TOPIC_THREADS_SHOWN)
    )
    return [TopicThread(*row) for row in await connection.execute(query)]


async def _non_responders(
    connection: AsyncConnection, community_id: int, now: datetime
) -> list[str]:
    """Members active in the last 30 days who replied to neither of the last two topics."""
    last_two = (
        select(TopicPost.id)
        .where(TopicPost.community_id == community_id)
        .order_by(TopicPost.posted_at.desc(), TopicPost.id.desc())
        .limit(2)
    )
    posts = list((await connection.execute(last_two)).scalars())
    if len(posts) < 2:
        return []
    answered = select(TopicResponse.member_id).where(TopicResponse.topic_post_id.in_(posts))
    query = (
        select(func.coalesce(Member.display_name, Member.external_id))
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(
            *_present(community_id),
            Member.last_active_at >= now - WINDOW,
            Member.id.not_in(answered),
        )
        .order_by(Member.display_name)
    )
    return list((await connection.execute(query)).scalars())


def _present(community_id: int) -> tuple[ColumnElement[bool], ...]:
    return (
        Member.community_id == community_id,
        Member.left_at.is_(None),
        func.coalesce(Participation.is_bot, false()).is_(false()),
    )
