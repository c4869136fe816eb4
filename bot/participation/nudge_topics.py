"""Which topic thread a nudge points a member to: the newest one they can take part in.

A member in cohorts is pointed to the newest topic posted for one of their active cohorts or
for the whole community; a member in none, to the whole community's newest. Never another
cohort's thread: its home channel may not even be open to them. (A member of a cohort only
through a role is not listed in `cohort_members`: they get the community's topic.)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.id_lists import id_list
from bot.storage.models import Cohort, CohortMember, TopicPost


@dataclass(frozen=True, slots=True)
class NudgeTopic:
    """A topic post a nudge can name: its text, its channel and when it was posted."""

    text: str
    channel_id: str
    posted_at: datetime


@dataclass(frozen=True, slots=True)
class TopicChoice:
    """The newest topic of the community (key None) and of each cohort, and members' cohorts."""

    newest: Mapping[int | None, NudgeTopic]
    cohorts_of: Mapping[int, Sequence[int]]

    def for_member(self, member_id: int) -> NudgeTopic | None:
        """Return the newest topic among the community's and the member's own cohorts'."""
        scopes: list[int | None] = [None, *self.cohorts_of.get(member_id, ())]
        found = [self.newest[scope] for scope in scopes if scope in self.newest]
        return max(found, key=lambda topic: topic.posted_at, default=None)


async def topic_choice(
    connection: AsyncConnection, community_id: int, member_ids: Sequence[int]
) -> TopicChoice:
    """Read the newest topic post of each scope, and the active cohorts of these members."""
    return TopicChoice(
        await _newest_by_scope(connection, community_id),
        await _cohorts_of(connection, member_ids),
    )


async def _newest_by_scope(
    connection: AsyncConnection, community_id: int
) -> dict[int | None, NudgeTopic]:
    order = (TopicPost.posted_at.desc(), TopicPost.id.desc())
    ranked = (
        select(
            TopicPost.cohort_id,
            TopicPost.text,
            TopicPost.channel_external_id,
            TopicPost.posted_at,
            func.row_number().over(partition_by=TopicPost.cohort_id, order_by=order).label("at"),
        )
        .where(TopicPost.community_id == community_id)
        .subquery()
    )
    newest = select(ranked).where(ranked.c.at == 1)
    return {
        row.cohort_id: NudgeTopic(row.text, row.channel_external_id, row.posted_at)
        for row in await connection.execute(newest)
    }


async def _cohorts_of(
    connection: AsyncConnection, member_ids: Sequence[int]
) -> dict[int, list[int]]:
    if not member_ids:
        return {}
    query = (
        select(CohortMember.member_id, CohortMember.cohort_id)
        .join(Cohort, Cohort.id == CohortMember.cohort_id)
        .where(
            Cohort.archived_at.is_(None),
            CohortMember.member_id.in_(id_list(connection, member_ids)),
        )
    )
    found: dict[int, list[int]] = {}
    for member_id, cohort_id in await connection.execute(query):
        found.setdefault(member_id, []).append(cohort_id)
    return found
