"""The nudge ledger's rows: claims, how their sends ended, answers; and what a nudge mentions."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime, timedelta

from sqlalchemy import Row, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.store.members import nudgeable, quiet_since
from bot.storage.database import insert_for
from bot.storage.id_lists import Ids, among
from bot.storage.models import Member, Nudge, Participation

CLAIMED, SENT, FAILED, UNKNOWN = "claimed", "sent", "failed", "unknown"
RETRY, REFUSED = "retry", "refused"
NUDGED = (SENT, FAILED, UNKNOWN, REFUSED)
"""Statuses that count as the member having been nudged (for the cooldown)."""

NudgeRow = Row[int, int, int, str | None]
"""id, community id, member id, outcome."""


async def take_turn(
    connection: AsyncConnection,
    community_id: int,
    member_id: int,
    now: datetime,
    quiet_cutoff: datetime,
    cooldown: timedelta,
) -> bool:
    """Set the member's `last_nudged_at` to `now` if they are still quiet since `quiet_cutoff`
    and may be nudged; return whether this call did (their participation row is made first)."""
    still_quiet = (
        select(Member.id).where(Member.id == member_id, quiet_since(quiet_cutoff)).exists()
    )
    await connection.execute(
        insert_for(connection)(Participation)
        .values(member_id=member_id, community_id=community_id)
        .on_conflict_do_nothing()
    )
    won = await connection.execute(
        update(Participation)
        .where(Participation.member_id == member_id, nudgeable(now, cooldown), still_quiet)
        .values(last_nudged_at=now)
        .returning(Participation.member_id)
    )
    return won.first() is not None


async def reclaim_retry(connection: AsyncConnection, member_id: int, now: datetime) -> int | None:
    """Claim again the member's nudge waiting to be retried; return its id, if there is one."""
    again = await connection.execute(
        update(Nudge)
        .where(Nudge.member_id == member_id, Nudge.status == RETRY)
        .values(status=CLAIMED, claimed_at=now)
        .returning(Nudge.id)
    )
    retried = again.scalars().first()
    return None if retried is None else int(retried)


async def insert_claim(
    connection: AsyncConnection, community_id: int, member_id: int, now: datetime
) -> int:
    """Record a new claimed nudge; return its id."""
    created = await connection.execute(
        insert_for(connection)(Nudge)
        .values(community_id=community_id, member_id=member_id, status=CLAIMED, claimed_at=now)
        .returning(Nudge.id)
    )
    return int(created.scalar_one())


async def set_status(connection: AsyncConnection, nudge_id: int, values: dict[str, object]) -> int:
    """Set a nudge's status (and `values`' other columns); return whose nudge it is."""
    closed = await connection.execute(
        update(Nudge).where(Nudge.id == nudge_id).values(**values).returning(Nudge.member_id)
    )
    return int(closed.scalar_one())


async def restore_last_nudged(connection: AsyncConnection, member_id: int) -> None:
    """Give the member back the time of their last nudge that counts (None if none)."""
    previous = (
        select(func.max(Nudge.claimed_at))
        .where(Nudge.member_id == member_id, Nudge.status.in_(NUDGED))
        .scalar_subquery()
    )
    await connection.execute(
        update(Participation)
        .where(Participation.member_id == member_id)
        .values(last_nudged_at=previous)
    )


async def expire_claims(
    connection: AsyncConnection, community_ids: Collection[int], cutoff: datetime
) -> list[int]:
    """Mark these communities' claims made by `cutoff` `unknown`; return their ids."""
    stale = await connection.execute(
        update(Nudge)
        .where(
            *among(connection, Nudge.community_id, community_ids),
            Nudge.status == CLAIMED,
            Nudge.claimed_at <= cutoff,
        )
        .values(status=UNKNOWN)
        .returning(Nudge.id)
    )
    return list(stale.scalars())


async def oldest_claim(
    connection: AsyncConnection, communities: Collection[int]
) -> datetime | None:
    """Return when the oldest claim still open in these communities was made (None: none)."""
    query = select(func.min(Nudge.claimed_at)).where(
        *among(connection, Nudge.community_id, communities), Nudge.status == CLAIMED
    )
    oldest: datetime | None = (await connection.execute(query)).scalar_one()
    return oldest


async def nudge_row(
    connection: AsyncConnection, nudge_id: int, community_id: int
) -> NudgeRow | None:
    """Return a nudge of the community, if there is one."""
    query = select(Nudge.id, Nudge.community_id, Nudge.member_id, Nudge.outcome).where(
        Nudge.id == nudge_id, Nudge.community_id == community_id
    )
    return (await connection.execute(query)).one_or_none()


async def record_answer(
    connection: AsyncConnection, nudge_id: int, outcome: str, at: datetime
) -> None:
    """Record the member's answer to a nudge."""
    await connection.execute(
        update(Nudge).where(Nudge.id == nudge_id).values(outcome=outcome, answered_at=at)
    )


async def outcome_counts(
    connection: AsyncConnection,
    community_id: int,
    since: datetime,
    members: Ids | None = None,
) -> dict[str, int]:
    """Return nudges claimed since `since` (to `members`, None: anyone) by status, and by
    answer (`answer:<outcome>`)."""
    counts: dict[str, int] = {}
    query = (
        select(Nudge.status, Nudge.outcome, func.count())
        .where(
            Nudge.community_id == community_id,
            Nudge.claimed_at >= since,
            *among(connection, Nudge.member_id, members),
        )
        .group_by(Nudge.status, Nudge.outcome)
    )
    for status, outcome, count in await connection.execute(query):  # one read, both tallies
        counts[status] = counts.get(status, 0) + count
        if outcome is not None:
            counts[f"answer:{outcome}"] = counts.get(f"answer:{outcome}", 0) + count
    return counts
