"""The host requests' queries: cards, the claim (first host wins), the one re-announcement."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import aliased

from bot.storage.id_lists import among
from bot.storage.models import Cohort, HostRequest, Member, Topic

TALK = "talk"
SUGGESTION = "suggestion"


@dataclass(frozen=True, slots=True)
class RequestView:
    """What a request's card shows."""

    id: int
    community_id: int
    kind: str
    member_external_id: str
    claimed_by: str | None
    closed: bool
    topic_id: int | None
    topic_text: str | None
    cohort_name: str | None
    card_channel: str | None
    card_message: str | None


async def insert(session: AsyncSession, row: HostRequest) -> int:
    """Store a request; return its id."""
    session.add(row)
    await session.flush()
    return row.id


async def set_card(session: AsyncSession, request_id: int, channel: str, message: str) -> None:
    """Record where a request's card was posted."""
    await session.execute(
        update(HostRequest)
        .where(HostRequest.id == request_id)
        .values(card_channel_external_id=channel, card_message_external_id=message)
    )


async def delete(session: AsyncSession, request_id: int) -> None:
    """Remove a request whose card could not be posted."""
    row = await session.get(HostRequest, request_id)
    if row is not None:
        await session.delete(row)


async def open_talk(connection: AsyncConnection, community_id: int, member_id: int) -> int | None:
    """Return the member's "talk to a host" request that no host has claimed yet, if any."""
    query = select(HostRequest.id).where(
        HostRequest.community_id == community_id,
        HostRequest.member_id == member_id,
        HostRequest.kind == TALK,
        HostRequest.claimed_by.is_(None),
        HostRequest.claimed_at.is_(None),
    )
    return (await connection.execute(query.limit(1))).scalar_one_or_none()


async def view(connection: AsyncConnection, request_id: int) -> RequestView | None:
    """Return a request as its card shows it, or None."""
    asker, host = aliased(Member), aliased(Member)
    query = (
        select(
            HostRequest.id,
            HostRequest.community_id,
            HostRequest.kind,
            asker.external_id,
            host.external_id,
            HostRequest.closed_at.is_not(None),
            HostRequest.topic_id,
            Topic.text,
            Cohort.name,
            HostRequest.card_channel_external_id,
            HostRequest.card_message_external_id,
        )
        .join(asker, asker.id == HostRequest.member_id)
        .outerjoin(host, host.id == HostRequest.claimed_by)
        .outerjoin(Topic, Topic.id == HostRequest.topic_id)
        .outerjoin(Cohort, Cohort.id == Topic.cohort_id)
        .where(HostRequest.id == request_id)
    )
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else RequestView(*row)


async def claim(connection: AsyncConnection, request_id: int, host_id: int, at: datetime) -> bool:
    """Mark a request claimed by the host unless someone claimed it first; return whether this
    call did (two hosts pressing at once: one wins)."""
    statement = (
        update(HostRequest)
        .where(
            HostRequest.id == request_id,
            HostRequest.claimed_at.is_(None),
            HostRequest.closed_at.is_(None),
        )
        .values(claimed_by=host_id, claimed_at=at)
    )
    result = await connection.execute(statement)
    return bool(getattr(result, "rowcount", 0))


async def close_suggestion(connection: AsyncConnection, topic_id: int, at: datetime) -> None:
    """A suggestion was decided: its card needs no claim or reminder any more."""
    await connection.execute(
        update(HostRequest)
        .where(HostRequest.topic_id == topic_id, HostRequest.closed_at.is_(None))
        .values(closed_at=at)
    )


async def suggestion_cards(connection: AsyncConnection, topic_id: int) -> list[tuple[str, str]]:
    """Return where each card of a suggestion was posted (channel, message)."""
    query = select(
        HostRequest.card_channel_external_id, HostRequest.card_message_external_id
    ).where(
        HostRequest.topic_id == topic_id,
        HostRequest.card_channel_external_id.is_not(None),
        HostRequest.card_message_external_id.is_not(None),
    )
    return [(str(row[0]), str(row[1])) for row in await connection.execute(query)]


def _waiting() -> tuple[ColumnElement[bool], ...]:
    """A card posted, not claimed, not closed, not re-announced."""
    return (
        HostRequest.claimed_at.is_(None),
        HostRequest.closed_at.is_(None),
        HostRequest.reminded_at.is_(None),
        HostRequest.card_message_external_id.is_not(None),
    )


async def waiting(
    connection: AsyncConnection, communities: Collection[int], opened_before: datetime
) -> list[tuple[int, int]]:
    """Return the id and community of each card waiting for its re-announcement, oldest first."""
    query = (
        select(HostRequest.id, HostRequest.community_id)
        .where(
            *among(connection, HostRequest.community_id, communities),
            *_waiting(),
            HostRequest.created_at <= opened_before,
        )
        .order_by(HostRequest.id)
    )
    return [(row[0], row[1]) for row in await connection.execute(query)]


async def oldest_waiting(
    connection: AsyncConnection, communities: Collection[int]
) -> datetime | None:
    """Return when the oldest card waiting for its re-announcement was opened."""
    query = select(func.min(HostRequest.created_at)).where(
        *among(connection, HostRequest.community_id, communities), *_waiting()
    )
    oldest: datetime | None = (await connection.execute(query)).scalar_one()
    return oldest


async def claim_reminder(connection: AsyncConnection, request_id: int, due: datetime) -> bool:
    """Mark a waiting card re-announced; return whether this call did (once across processes)."""
    statement = (
        update(HostRequest).where(HostRequest.id == request_id, *_waiting()).values(reminded_at=due)
    )
    result = await connection.execute(statement)
    return bool(getattr(result, "rowcount", 0))
