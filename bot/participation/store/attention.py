"""The queries of the dashboard's "needs attention" list that no feature had as a list yet:
suggestions awaiting a decision and "talk to a host" requests nobody has claimed.

They use the features' own definitions (a topic's `PENDING` status; a request not claimed and
not closed, as the Claim button and the re-announcement read it), counted and listed in one
connection each.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.host_requests.store import TALK
from bot.storage.models import HostRequest, Member, Topic
from bot.topics.store import PENDING


async def pending_suggestions(
    connection: AsyncConnection, community_id: int, limit: int
) -> tuple[int, Sequence[Row[str, str | None, datetime]]]:
    """Return how many suggestions await a decision, and the oldest `limit`: text, who
    suggested it (display name) and when."""
    waiting = (Topic.community_id == community_id, Topic.status == PENDING)
    count = (await connection.execute(select(func.count()).where(*waiting))).scalar_one()
    query = (
        select(Topic.text, Member.display_name, Topic.created_at)
        .outerjoin(Member, Member.id == Topic.suggested_by)
        .where(*waiting)
        .order_by(Topic.created_at, Topic.id)
        .limit(limit)
    )
    return int(count), (await connection.execute(query)).all()


async def unclaimed_requests(
    connection: AsyncConnection, community_id: int, limit: int
) -> tuple[int, Sequence[Row[str, datetime]]]:
    """Return how many "talk to a host" requests no host has claimed, and the oldest `limit`:
    who asked (display name) and when."""
    waiting = (
        HostRequest.community_id == community_id,
        HostRequest.kind == TALK,
        HostRequest.claimed_at.is_(None),
        HostRequest.closed_at.is_(None),
    )
    count = (await connection.execute(select(func.count()).where(*waiting))).scalar_one()
    query = (
        select(Member.display_name, HostRequest.created_at)
        .join(Member, Member.id == HostRequest.member_id)
        .where(*waiting)
        .order_by(HostRequest.created_at, HostRequest.id)
        .limit(limit)
    )
    return int(count), (await connection.execute(query)).all()
