"""The queries of thanks: the giver's lock row, the limits, the thanks and the counts read by
`/profile`, the weekly post and the digest. The service owns the transactions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.database import insert_for
from bot.storage.id_lists import Ids, among
from bot.storage.models import (
    Member,
    Participation,
    Thanks,
    ThanksGiver,
    TopicResponse,
)


@dataclass(frozen=True, slots=True)
class Receiver:
    """A member who may be thanked, as the community knows them."""

    id: int
    display_name: str
    is_bot: bool


@dataclass(frozen=True, slots=True)
class ThanksCounts:
    """Thanks of a period: given by, received by, and the members thanked at least once."""

    given: int
    received: int
    thanked: int


async def receiver(
    connection: AsyncConnection, community_id: int, external_id: str
) -> Receiver | None:
    """Return the member of that platform id in the community, if Cohort knows them."""
    query = (
        select(Member.id, Member.display_name, Participation.is_bot)
        .outerjoin(Participation, Participation.member_id == Member.id)
        .where(Member.community_id == community_id, Member.external_id == external_id)
    )
    row = (await connection.execute(query)).one_or_none()
    return None if row is None else Receiver(row.id, row.display_name, bool(row.is_bot))


async def hold_giver(connection: AsyncConnection, giver_id: int, now: datetime) -> None:
    """Write the giver's row first: the rest of the transaction runs one giver at a time."""
    insert = insert_for(connection)(ThanksGiver).values(member_id=giver_id, last_thanked_at=now)
    await connection.execute(
        insert.on_conflict_do_update(
            index_elements=["member_id"], set_={"last_thanked_at": insert.excluded.last_thanked_at}
        )
    )


async def given_since(connection: AsyncConnection, giver_id: int, since: datetime) -> int:
    """Return how many thanks the member gave since `since`."""
    query = select(func.count()).where(Thanks.giver_id == giver_id, Thanks.created_at > since)
    return int((await connection.execute(query)).scalar_one())


async def thanked_since(
    connection: AsyncConnection, giver_id: int, receiver_id: int, since: datetime
) -> bool:
    """Return whether the giver thanked this receiver since `since`."""
    query = select(func.count()).where(
        Thanks.giver_id == giver_id, Thanks.receiver_id == receiver_id, Thanks.created_at > since
    )
    return bool((await connection.execute(query)).scalar_one())


async def add(
    connection: AsyncConnection,
    community_id: int,
    giver_id: int,
    receiver_id: int,
    reason: str | None,
    channel_id: str | None,
    now: datetime,
) -> int:
    """Record one thanks; return its id."""
    statement = (
        insert_for(connection)(Thanks)
        .values(
            community_id=community_id,
            giver_id=giver_id,
            receiver_id=receiver_id,
            reason=reason,
            channel_external_id=channel_id,
            created_at=now,
        )
        .returning(Thanks.id)
    )
    return int((await connection.execute(statement)).scalar_one())


async def remove(connection: AsyncConnection, thanks_id: int) -> None:
    """Delete one thanks (its note could not be delivered)."""
    await connection.execute(delete(Thanks).where(Thanks.id == thanks_id))


async def received_count(connection: AsyncConnection, member_id: int) -> int:
    """Return how many thanks the member received, ever."""
    query = select(func.count()).where(Thanks.receiver_id == member_id)
    return int((await connection.execute(query)).scalar_one())


async def thanked_names(
    connection: AsyncConnection, community_id: int, since: datetime
) -> list[str]:
    """Return the names of the members still here who were thanked since `since`, sorted."""
    query = (
        select(Member.display_name)
        .distinct()
        .join(Thanks, Thanks.receiver_id == Member.id)
        .where(
            Thanks.community_id == community_id,
            Thanks.created_at > since,
            Member.left_at.is_(None),
        )
        .order_by(Member.display_name)
    )
    return list((await connection.execute(query)).scalars())


async def counts(
    connection: AsyncConnection, community_id: int, since: datetime, members: Ids | None
) -> ThanksCounts:
    """Return the thanks since `since` given and received by `members` (None: everyone)."""
    recent = [Thanks.community_id == community_id, Thanks.created_at > since]
    given = select(func.count()).where(*recent, *among(connection, Thanks.giver_id, members))
    receiving = [*recent, *among(connection, Thanks.receiver_id, members)]
    received = select(func.count(), func.count(distinct(Thanks.receiver_id))).where(*receiving)
    given_count = (await connection.execute(given)).scalar_one()
    received_row = (await connection.execute(received)).one()
    return ThanksCounts(int(given_count), int(received_row[0]), int(received_row[1]))


async def answered_never_thanked(
    connection: AsyncConnection, community_id: int, since: datetime, members: Ids | None
) -> list[str]:
    """Return the names of members still here who replied to a topic since `since` and were
    never thanked, sorted."""
    ever_thanked = select(Thanks.receiver_id).where(Thanks.community_id == community_id)
    query = (
        select(Member.display_name)
        .distinct()
        .join(TopicResponse, TopicResponse.member_id == Member.id)
        .where(
            Member.community_id == community_id,
            Member.left_at.is_(None),
            TopicResponse.responded_at > since,
            Member.id.not_in(ever_thanked),
            *among(connection, Member.id, members),
        )
        .order_by(Member.display_name)
    )
    return list((await connection.execute(query)).scalars())
