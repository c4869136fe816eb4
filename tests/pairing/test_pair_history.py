"""The pairs table is the history: equal to the old self-join of every group after many rounds
(on SQLite and PostgreSQL), read only for the pool asked about, and forgetting a member drops
their pairs."""

from __future__ import annotations

import random

from sqlalchemy import select

from bot.clock import VirtualClock
from bot.pairing import store
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import BuddyPair
from tests.conftest import START
from tests.pairing.history_support import (
    community_with_members,
    random_groups,
    self_join_history,
)

ROUNDS = 40
MEMBERS = 25


def new_round(community_id: int, number: int, groups: list[tuple[int, ...]]) -> store.NewRound:
    return store.NewRound(community_id, number, number, None, START, START, START, groups)


async def seeded(database: Database, name: str, seed: int) -> tuple[int, list[int]]:
    """A community whose members met over ROUNDS rounds of random groups, recorded by the store."""
    rng = random.Random(seed)
    async with database.writing() as connection:
        community_id, ids = await community_with_members(connection, name, MEMBERS)
    for number in range(1, ROUNDS + 1):
        async with database.writing() as connection:
            await store.record_round(
                connection, new_round(community_id, number, random_groups(ids, rng))
            )
    return community_id, ids


async def test_the_history_equals_the_old_self_join_after_many_rounds(
    any_database: Database,
) -> None:
    community_id, ids = await seeded(any_database, "a", seed=1)
    other_id, _others = await seeded(any_database, "b", seed=2)  # a neighbour's pairs stay out
    async with any_database.reading() as connection:
        old = await self_join_history(connection, community_id)
        new = await store.history(connection, community_id, ids)
        neighbour = await store.history(connection, other_id, ids)
    assert new == old
    assert len(set(old.values())) > ROUNDS // 2  # many rounds are remembered, and repeats
    assert max(old.values()) == ROUNDS
    assert neighbour == {}


async def test_the_history_of_a_pool_holds_only_pairs_of_two_of_its_members(
    any_database: Database,
) -> None:
    community_id, ids = await seeded(any_database, "a", seed=3)
    pool = ids[::2]
    async with any_database.reading() as connection:
        old = await self_join_history(connection, community_id)
        new = await store.history(connection, community_id, pool)
        nobody = await store.history(connection, community_id, [])
    assert new == {pair: last for pair, last in old.items() if set(pair) <= set(pool)}
    assert new
    assert nobody == {}


async def test_a_pair_keeps_its_newest_round(any_database: Database) -> None:
    async with any_database.writing() as connection:
        community_id, (a, b, c) = await community_with_members(connection, "a", 3)
        await store.record_round(connection, new_round(community_id, 5, [(a, b, c)]))
        # A round recorded late with an older number (never done, but racing writers must not
        # move a pair's newest meeting back) leaves 5; a newer one moves it on.
        await store.record_round(connection, new_round(community_id, 3, [(b, a)]))
        await store.record_round(connection, new_round(community_id, 6, [(c, b)]))
        history = await store.history(connection, community_id, [a, b, c])
    assert history == {(a, b): 5, (a, c): 5, (b, c): 6}


async def test_forgetting_a_member_drops_their_pairs(
    any_database: Database, clock: VirtualClock
) -> None:
    community_id, ids = await seeded(any_database, "a", seed=4)
    gone = ids[0]
    async with any_database.reading() as connection:
        before = await store.history(connection, community_id, ids)
    assert any(gone in pair for pair in before)
    await MemberService(any_database, clock).forget(gone)
    async with any_database.reading() as connection:
        rows = (await connection.execute(select(BuddyPair.first_member_id))).all()
        theirs = (
            await connection.execute(
                select(BuddyPair).where(
                    (BuddyPair.first_member_id == gone) | (BuddyPair.second_member_id == gone)
                )
            )
        ).all()
        old = await self_join_history(connection, community_id)
        new = await store.history(connection, community_id, ids)
    assert theirs == []
    assert rows
    assert new == old
