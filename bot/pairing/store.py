"""The queries a pairing round needs: who is eligible, who met whom, and recording the round.

The history read itself lives in `history.py` (re-exported here).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from itertools import combinations
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.pairing.history import history
from bot.pairing.preferences import Candidate, pair_key
from bot.storage.database import insert_for
from bot.storage.id_lists import Ids, among
from bot.storage.models import (
    BuddyGroup,
    BuddyGroupMember,
    BuddyOptIn,
    BuddyPair,
    BuddyRound,
    Member,
    MemberInterest,
)

ACTIVITY_HALF_LIFE_DAYS = 7.0


@dataclass(frozen=True, slots=True)
class Person:
    """An eligible member: the grouping's view of them and how to reach them."""

    candidate: Candidate
    external_id: str
    display_name: str


@dataclass(frozen=True, slots=True)
class NewRound:
    """What recording a round writes."""

    community_id: int
    number: int
    seed: int
    schedule_id: int | None
    started_at: datetime
    checkin_at: datetime
    closes_at: datetime
    groups: Sequence[tuple[int, ...]]
    cohort_id: int | None = None
    """The cohort whose members it paired (its own numbers and history); None: the community."""


def eligible_condition(community_id: int, now: datetime) -> ColumnElement[bool]:
    """Opted in, still in the community, not paused."""
    return and_(
        BuddyOptIn.community_id == community_id,
        Member.left_at.is_(None),
        BuddyOptIn.auto_paused_at.is_(None),
        or_(BuddyOptIn.paused_until.is_(None), BuddyOptIn.paused_until <= now),
    )


async def eligible(
    connection: AsyncConnection,
    community_id: int,
    community_zone: str,
    now: datetime,
    members: Ids | None = None,
) -> list[Person]:
    """Return the members a round groups now, with their zone, interests and activity.

    `members`: only these (a cohort's: ids, or the query of its member rows); None: the whole
    community.
    """
    condition = and_(eligible_condition(community_id, now), *among(connection, Member.id, members))
    query = (
        select(
            Member.id,
            Member.external_id,
            Member.display_name,
            Member.timezone,
            Member.last_active_at,
        )
        .join(BuddyOptIn, BuddyOptIn.member_id == Member.id)
        .where(condition)
        .order_by(Member.id)
    )
    rows = (await connection.execute(query)).all()
    interests = await _interests(connection, condition)
    people = []
    for row in rows:
        candidate = Candidate(
            row.id,
            _offset_hours(row.timezone or community_zone, now),
            interests.get(row.id, frozenset()),
            _activity(row.last_active_at, now),
        )
        people.append(Person(candidate, row.external_id, row.display_name))
    return people


async def _interests(
    connection: AsyncConnection, eligibility: ColumnElement[bool]
) -> dict[int, frozenset[str]]:
    query = (
        select(MemberInterest.member_id, MemberInterest.interest)
        .join(Member, Member.id == MemberInterest.member_id)
        .join(BuddyOptIn, BuddyOptIn.member_id == Member.id)
        .where(eligibility)
    )
    found: dict[int, set[str]] = {}
    for row in (await connection.execute(query)).all():
        found.setdefault(row.member_id, set()).add(row.interest.casefold())
    return {member: frozenset(values) for member, values in found.items()}


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def _offset_hours(zone: str, now: datetime) -> float:
    offset = now.astimezone(_zone(zone)).utcoffset()
    return 0.0 if offset is None else offset.total_seconds() / 3600


def _activity(last_active: datetime | None, now: datetime) -> float:
    if last_active is None:
        return 0.0
    days = max(0.0, (now - last_active) / timedelta(days=1))
    return 1.0 / (1.0 + days / ACTIVITY_HALF_LIFE_DAYS)


async def next_number(
    connection: AsyncConnection, community_id: int, cohort_id: int | None = None
) -> int:
    """Return the number the next round of a scope (a cohort, or the community) takes."""
    scope = (
        BuddyRound.cohort_id.is_(None) if cohort_id is None else BuddyRound.cohort_id == cohort_id
    )
    query = select(func.coalesce(func.max(BuddyRound.number), 0)).where(
        BuddyRound.community_id == community_id, scope
    )
    return int((await connection.execute(query)).scalar_one()) + 1


async def record_round(connection: AsyncConnection, new: NewRound) -> list[int]:
    """Insert the round, its groups, their members and pairs; return the group ids, in order."""
    inserted = await connection.execute(
        insert(BuddyRound)
        .values(
            community_id=new.community_id,
            cohort_id=new.cohort_id,
            number=new.number,
            seed=new.seed,
            schedule_id=new.schedule_id,
            started_at=new.started_at,
            checkin_at=new.checkin_at,
            closes_at=new.closes_at,
        )
        .returning(BuddyRound.id)
    )
    round_id = int(inserted.scalar_one())
    if not new.groups:
        return []
    # The new rows are all alike (this round, this community), so any id serves any group: the
    # ids are taken in whatever order they come back. (Asking them in the parameters' order made
    # SQLite insert the groups one statement each: 0.93 s of a 10,000-member round.)
    created = await connection.execute(
        insert(BuddyGroup).returning(BuddyGroup.id),
        [{"round_id": round_id, "community_id": new.community_id} for _ in new.groups],
    )
    group_ids = sorted(int(group_id) for group_id in created.scalars())
    await connection.execute(
        insert(BuddyGroupMember),
        [
            {"group_id": group_id, "member_id": member_id}
            for group_id, group in zip(group_ids, new.groups, strict=True)
            for member_id in group
        ],
    )
    await _remember_pairs(connection, new)
    return group_ids


async def _remember_pairs(connection: AsyncConnection, new: NewRound) -> None:
    """Upsert the round's pairs: one statement; a pair's newest round only ever moves up.

    Rows go in key order, so two writers lock shared pairs in the same order on PostgreSQL.
    """
    pairs = {pair_key(a, b) for group in new.groups for a, b in combinations(group, 2)}
    if not pairs:
        return
    upsert = insert_for(connection)(BuddyPair)
    newer = upsert.excluded.last_round > BuddyPair.last_round
    await connection.execute(
        upsert.on_conflict_do_update(
            index_elements=["community_id", "pool", "first_member_id", "second_member_id"],
            set_={
                "last_round": case((newer, upsert.excluded.last_round), else_=BuddyPair.last_round)
            },
        ),
        [
            {
                "community_id": new.community_id,
                "pool": 0 if new.cohort_id is None else new.cohort_id,
                "first_member_id": first,
                "second_member_id": second,
                "last_round": new.number,
            }
            for first, second in sorted(pairs)
        ],
    )


__all__ = ["NewRound", "Person", "eligible", "history", "next_number", "record_round"]
