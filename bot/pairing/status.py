"""A member's buddies, for `/buddy status`: the current ones of every pool they are in, and past.

Rounds are numbered per pool (the whole community's, or a cohort's), so "current" is the newest
round of each pool, and past buddies are ordered by when their round began.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.models import BuddyGroup, BuddyGroupMember, BuddyOptIn, BuddyRound, Cohort, Member

PAST_SHOWN = 10


@dataclass(frozen=True, slots=True)
class Buddy:
    """Someone a member was grouped with, and in which round (of which cohort, if any)."""

    external_id: str
    display_name: str
    round_number: int
    cohort: str | None = None
    """The name of the cohort whose round it was; None for a whole-community round."""


@dataclass(frozen=True, slots=True)
class BuddyStatus:
    """A member's pairing status, for `/buddy status`."""

    opted_in: bool
    paused_until: datetime | None
    auto_paused: bool
    current: list[Buddy]
    past: list[Buddy]


async def read_status(
    connection: AsyncConnection, community_id: int, member_id: int, now: datetime
) -> BuddyStatus:
    """Return whether the member takes part, their buddies of each pool's newest round, and past
    ones (the newest `PAST_SHOWN`)."""
    optin = (
        await connection.execute(
            select(BuddyOptIn.paused_until, BuddyOptIn.auto_paused_at).where(
                BuddyOptIn.member_id == member_id
            )
        )
    ).one_or_none()
    newest = await _newest_rounds(connection, community_id)
    current: list[Buddy] = []
    past: list[Buddy] = []
    for buddy, cohort_id in await _buddies(connection, member_id):
        (current if newest.get(cohort_id) == buddy.round_number else past).append(buddy)
    paused_until = None if optin is None or not _later(optin[0], now) else optin[0]
    auto = optin is not None and optin[1] is not None
    return BuddyStatus(optin is not None, paused_until, auto, current, past[:PAST_SHOWN])


async def _newest_rounds(connection: AsyncConnection, community_id: int) -> dict[int | None, int]:
    """Return the newest round's number of each pool of the community, by cohort id."""
    query = (
        select(BuddyRound.cohort_id, func.max(BuddyRound.number))
        .where(BuddyRound.community_id == community_id)
        .group_by(BuddyRound.cohort_id)
    )
    return {cohort_id: number for cohort_id, number in await connection.execute(query)}


async def _buddies(connection: AsyncConnection, member_id: int) -> list[tuple[Buddy, int | None]]:
    mine = BuddyGroupMember.__table__.alias("mine")
    theirs = BuddyGroupMember.__table__.alias("theirs")
    query = (
        select(
            Member.external_id,
            Member.display_name,
            BuddyRound.number,
            BuddyRound.cohort_id,
            Cohort.name,
        )
        .select_from(mine)
        .join(
            theirs,
            (theirs.c.group_id == mine.c.group_id) & (theirs.c.member_id != mine.c.member_id),
        )
        .join(Member, Member.id == theirs.c.member_id)
        .join(BuddyGroup, BuddyGroup.id == mine.c.group_id)
        .join(BuddyRound, BuddyRound.id == BuddyGroup.round_id)
        .outerjoin(Cohort, Cohort.id == BuddyRound.cohort_id)
        .where(mine.c.member_id == member_id)
        .order_by(BuddyRound.started_at.desc(), BuddyRound.id.desc(), Member.id)
    )
    rows = (await connection.execute(query)).all()
    return [
        (Buddy(row.external_id, row.display_name, row.number, row.name), row.cohort_id)
        for row in rows
    ]


def _later(moment: datetime | None, now: datetime) -> bool:
    return moment is not None and moment > now
