"""The queries of finding peers: findability, the findable members with their interests, and
the greetings' claims. The service owns the transactions; each function runs in the one given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.database import insert_for
from bot.storage.models import FindableMember, Member, MemberInterest, Participation, PeerGreeting


@dataclass(frozen=True, slots=True)
class Candidate:
    """A findable member who may be listed: who, their zone and interests."""

    member_id: int
    external_id: str
    display_name: str
    timezone: str | None
    interests: tuple[str, ...]


async def set_findable(
    connection: AsyncConnection, community_id: int, member_id: int, now: datetime
) -> None:
    """Make a member findable (already findable: no change)."""
    insert = insert_for(connection)(FindableMember).values(
        member_id=member_id, community_id=community_id, since=now
    )
    await connection.execute(insert.on_conflict_do_nothing(index_elements=["member_id"]))


async def set_hidden(connection: AsyncConnection, member_id: int) -> None:
    """Make a member not findable (already hidden: no change)."""
    await connection.execute(delete(FindableMember).where(FindableMember.member_id == member_id))


async def is_findable(connection: AsyncConnection, member_id: int) -> bool:
    """Return whether the member agreed to be found."""
    query = select(exists().where(FindableMember.member_id == member_id))
    return bool((await connection.execute(query)).scalar_one())


async def candidates(
    connection: AsyncConnection, community_id: int, caller_id: int, member_id: int | None = None
) -> list[Candidate]:
    """Return the community's findable members still here, except the caller and bots (all of
    them, or the one `member_id`), each with their interests."""
    is_bot = exists().where(Participation.member_id == Member.id, Participation.is_bot)
    query = (
        select(Member.id, Member.external_id, Member.display_name, Member.timezone)
        .join(FindableMember, FindableMember.member_id == Member.id)
        .where(
            FindableMember.community_id == community_id,
            Member.id != caller_id,
            Member.left_at.is_(None),
            ~is_bot,
        )
        .order_by(Member.display_name, Member.id)
    )
    if member_id is not None:
        query = query.where(Member.id == member_id)
    rows = list(await connection.execute(query))
    interests = await interests_of(connection, [row.id for row in rows])
    return [
        Candidate(row.id, row.external_id, row.display_name, row.timezone, interests[row.id])
        for row in rows
    ]


async def interests_of(
    connection: AsyncConnection, member_ids: Sequence[int]
) -> dict[int, tuple[str, ...]]:
    """Return each member's interests in their order (an empty tuple for none)."""
    found: dict[int, list[str]] = {member_id: [] for member_id in member_ids}
    if not member_ids:
        return {}
    query = (
        select(MemberInterest.member_id, MemberInterest.interest)
        .where(MemberInterest.member_id.in_(member_ids))
        .order_by(MemberInterest.member_id, MemberInterest.position)
    )
    for row in await connection.execute(query):
        found[row.member_id].append(row.interest)
    return {member_id: tuple(interests) for member_id, interests in found.items()}


async def claim_greeting(
    connection: AsyncConnection, pair: tuple[int, int], now: datetime, not_since: datetime
) -> bool:
    """Claim the pair's greeting: True when none was claimed after `not_since`.

    One conditional upsert, so of two racing presses (or processes) one wins.
    """
    first, second = pair
    insert = insert_for(connection)(PeerGreeting).values(
        first_member_id=first, second_member_id=second, greeted_at=now
    )
    statement = insert.on_conflict_do_update(
        index_elements=["first_member_id", "second_member_id"],
        set_={"greeted_at": insert.excluded.greeted_at},
        where=PeerGreeting.greeted_at <= not_since,
    ).returning(PeerGreeting.greeted_at)
    return (await connection.execute(statement)).first() is not None


async def release_greeting(
    connection: AsyncConnection, pair: tuple[int, int], claimed_at: datetime
) -> None:
    """Give back a claim whose conversation could not be opened, so the pair may try again."""
    first, second = pair
    await connection.execute(
        delete(PeerGreeting).where(
            PeerGreeting.first_member_id == first,
            PeerGreeting.second_member_id == second,
            PeerGreeting.greeted_at == claimed_at,
        )
    )
