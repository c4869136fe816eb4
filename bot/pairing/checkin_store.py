"""The check-in sweep's queries: claims by state, the groups' people, counting ignored
check-ins. The sweep (`checkins.py`) owns the transactions; each runs in the one it is given."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import ColumnElement, case, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.id_lists import among
from bot.storage.models import (
    BuddyGroup,
    BuddyGroupMember,
    BuddyOptIn,
    BuddyRound,
    Community,
    Member,
)

IGNORED_BEFORE_PAUSE = 3


async def claim_on(
    connection: AsyncConnection, group_ids: list[int], before: str | None, after: str
) -> list[int]:
    """Move the groups still in `before` to `after`; return those this call moved."""
    state = BuddyGroup.checkin.is_(None) if before is None else BuddyGroup.checkin == before
    moved = await connection.execute(
        update(BuddyGroup)
        .where(BuddyGroup.id.in_(group_ids), state)
        .values(checkin=after)
        .returning(BuddyGroup.id)
    )
    return sorted(int(group_id) for group_id in moved.scalars())


async def external_ids(connection: AsyncConnection, group_ids: list[int]) -> dict[int, list[str]]:
    """Return the platform ids of each group's members, in one query."""
    query = (
        select(BuddyGroupMember.group_id, Member.external_id)
        .join(Member, BuddyGroupMember.member_id == Member.id)
        .where(BuddyGroupMember.group_id.in_(group_ids))
        .order_by(BuddyGroupMember.group_id, Member.id)
    )
    found: dict[int, list[str]] = {}
    for row in (await connection.execute(query)).all():
        found.setdefault(row.group_id, []).append(row.external_id)
    return found


async def silent_members(connection: AsyncConnection, group_ids: list[int]) -> list[int]:
    """Return the members of these groups who did not answer."""
    query = select(BuddyGroupMember.member_id).where(
        BuddyGroupMember.group_id.in_(group_ids), BuddyGroupMember.answer.is_(None)
    )
    return sorted(set((await connection.execute(query)).scalars()))


async def count_ignored(
    connection: AsyncConnection, member_ids: list[int], now: datetime
) -> list[int]:
    """Count one more ignored check-in for each; pause those who reached the limit."""
    if not member_ids:
        return []
    await connection.execute(
        update(BuddyOptIn)
        .where(BuddyOptIn.member_id.in_(member_ids))
        .values(ignored_checkins=BuddyOptIn.ignored_checkins + 1)
    )
    paused = await connection.execute(
        update(BuddyOptIn)
        .where(
            BuddyOptIn.member_id.in_(member_ids),
            BuddyOptIn.ignored_checkins >= IGNORED_BEFORE_PAUSE,
            BuddyOptIn.auto_paused_at.is_(None),
        )
        .values(auto_paused_at=now)
        .returning(BuddyOptIn.member_id)
    )
    return sorted(int(member_id) for member_id in paused.scalars())


async def reach(connection: AsyncConnection, member_ids: list[int]) -> list[tuple[int, str, int]]:
    """Return each member's community, platform id and count of ignored check-ins."""
    if not member_ids:
        return []
    query = (
        select(Member.community_id, Member.external_id, BuddyOptIn.ignored_checkins)
        .join(BuddyOptIn, BuddyOptIn.member_id == Member.id)
        .where(Member.id.in_(member_ids))
        .order_by(Member.id)
    )
    return [tuple(row) for row in await connection.execute(query)]  # type: ignore[misc]


async def due_groups(
    connection: AsyncConnection,
    communities: Collection[int],
    condition: ColumnElement[bool],
    state: str | None,
) -> list[tuple[int, int, str, str]]:
    """Return the groups of these communities in `state` whose round meets `condition`: id,
    community id, the community's platform id and time zone, by group id."""
    query = (
        select(BuddyGroup.id, BuddyGroup.community_id, Community.external_id, Community.timezone)
        .join(BuddyRound, BuddyRound.id == BuddyGroup.round_id)
        .join(Community, Community.id == BuddyGroup.community_id)
        .where(
            *among(connection, BuddyGroup.community_id, communities),
            condition,
            BuddyGroup.checkin.is_(None) if state is None else BuddyGroup.checkin == state,
        )
        .order_by(BuddyGroup.id)
    )
    return [tuple(row) for row in await connection.execute(query)]  # type: ignore[misc]


async def next_moment(
    connection: AsyncConnection, communities: Collection[int], sent: str
) -> datetime | None:
    """Return when a check-in of these communities is next to be sent or closed (None: none)."""
    sending = BuddyGroup.checkin.is_(None)
    moment = case((sending, BuddyRound.checkin_at), else_=BuddyRound.closes_at)
    query = (
        select(func.min(moment))
        .select_from(BuddyGroup)
        .join(BuddyRound, BuddyRound.id == BuddyGroup.round_id)
        .where(
            *among(connection, BuddyGroup.community_id, communities),
            or_(sending, BuddyGroup.checkin == sent),
        )
    )
    found: datetime | None = (await connection.execute(query)).scalar_one()
    return found
