"""The history as it was read before `buddy_pairs` (a self-join of every group ever held), as the
reference the pairs table must equal, and seeded communities with many rounds of groups."""

from __future__ import annotations

import random
from collections.abc import Sequence

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.models import BuddyGroup, BuddyGroupMember, BuddyRound, Community, Member
from tests.conftest import START

Groups = list[tuple[int, ...]]


async def self_join_history(
    connection: AsyncConnection, community_id: int
) -> dict[tuple[int, int], int]:
    """Return the latest round of every pair that met, as `store.history` read it before."""
    first, second = BuddyGroupMember.__table__.alias("a"), BuddyGroupMember.__table__.alias("b")
    query = (
        select(first.c.member_id, second.c.member_id, func.max(BuddyRound.number))
        .select_from(first)
        .join(
            second,
            (second.c.group_id == first.c.group_id) & (first.c.member_id < second.c.member_id),
        )
        .join(BuddyGroup, BuddyGroup.id == first.c.group_id)
        .join(BuddyRound, BuddyRound.id == BuddyGroup.round_id)
        .where(BuddyGroup.community_id == community_id)
        .group_by(first.c.member_id, second.c.member_id)
    )
    return {(a, b): last for a, b, last in await connection.execute(query)}


async def community_with_members(
    connection: AsyncConnection, name: str, size: int
) -> tuple[int, list[int]]:
    """Insert a community and `size` members; return their ids."""
    community_id = (
        await connection.execute(
            insert(Community)
            .values(platform="console", external_id=name, timezone="UTC", created_at=START)
            .returning(Community.id)
        )
    ).scalar_one()
    created = await connection.execute(
        insert(Member).returning(Member.id, sort_by_parameter_order=True),
        [
            {"community_id": community_id, "external_id": f"m{n}", "display_name": f"m{n}"}
            for n in range(size)
        ],
    )
    return community_id, list(created.scalars())


def random_groups(ids: Sequence[int], rng: random.Random) -> Groups:
    """Group a random part of `ids` (members come and go): pairs, one trio when odd."""
    present = rng.sample(list(ids), rng.randint(2, len(ids)))
    groups = [tuple(present[i : i + 2]) for i in range(0, len(present) - 1, 2)]
    if len(present) % 2:
        groups[-1] = (*groups[-1], present[-1])
    return groups


async def insert_groups(
    connection: AsyncConnection, community_id: int, number: int, groups: Groups
) -> None:
    """Insert a round and its groups as the schema before `buddy_pairs` held them."""
    round_id = (
        await connection.execute(
            insert(BuddyRound)
            .values(
                community_id=community_id,
                number=number,
                seed=number,
                started_at=START,
                checkin_at=START,
                closes_at=START,
            )
            .returning(BuddyRound.id)
        )
    ).scalar_one()
    for group in groups:
        group_id = (
            await connection.execute(
                insert(BuddyGroup)
                .values(round_id=round_id, community_id=community_id)
                .returning(BuddyGroup.id)
            )
        ).scalar_one()
        await connection.execute(
            insert(BuddyGroupMember), [{"group_id": group_id, "member_id": m} for m in group]
        )
