"""A pool's history is bounded (on SQLite and PostgreSQL): a big pool reads only the pairs met
within the last HISTORY_WINDOW rounds, through `ix_buddy_pairs_recent`, so members who last met
longer ago may meet again; a small pool, whose round-robin cycles within the window, reads every
pair; a cohort's pool and the community's are apart."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, text

from adapters.console.platform import ConsolePlatform
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.cohorts.scope import Scope
from bot.cohorts.service import CohortService
from bot.pairing import store
from bot.pairing.history import HISTORY_WINDOW, recent_pairs
from bot.pairing.matching import circle_factors
from bot.pairing.preferences import pair_key
from bot.refs import CommunityRef
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleService
from bot.storage.database import Database
from bot.storage.models import BuddyOptIn
from tests.conftest import START
from tests.pairing.history_support import community_with_members
from tests.pairing.test_pairing_storage import pairing_on

BIG = HISTORY_WINDOW + 2
"""The smallest pool whose round-robin takes longer than the window."""
SMALL = HISTORY_WINDOW + 1

Groups = Sequence[tuple[int, ...]]


async def record(
    database: Database, community_id: int, number: int, groups: Groups, cohort_id: int | None = None
) -> None:
    new = store.NewRound(community_id, number, number, None, START, START, START, groups, cohort_id)
    async with database.writing() as connection:
        await store.record_round(connection, new)


async def opted_in(database: Database, name: str, size: int) -> tuple[int, list[int]]:
    """A community of `size` members who all joined pairing; return its id and theirs."""
    async with database.writing() as connection:
        community_id, ids = await community_with_members(connection, name, size)
        await connection.execute(
            insert(BuddyOptIn),
            [{"community_id": community_id, "member_id": m, "joined_at": START} for m in ids],
        )
    return community_id, ids


async def test_a_big_pool_reads_only_the_pairs_met_within_the_window(
    any_database: Database,
) -> None:
    community_id, ids = await opted_in(any_database, "a", BIG)
    old, edge, *others = [(ids[2 * i], ids[2 * i + 1]) for i in range(BIG // 2)]
    await record(any_database, community_id, 1, [old])
    await record(any_database, community_id, 2, [edge])
    for number in range(3, HISTORY_WINDOW + 2):
        await record(any_database, community_id, number, [others[number % len(others)]])
    grouping = HISTORY_WINDOW + 2  # `old` met W+1 rounds before it, `edge` W rounds before
    async with any_database.reading() as connection:
        window = await store.history(connection, community_id, ids, round_number=grouping)
        everything = await store.history(connection, community_id, ids)
        small = await store.history(connection, community_id, ids[:SMALL], round_number=grouping)
    assert old not in window
    assert window[edge] == 2
    assert set(everything) - set(window) == {old}
    assert everything[old] == 1
    assert small[old] == 1  # a pool that cycles within the window reads every pair


async def test_a_pair_met_more_than_the_window_ago_in_a_big_pool_is_no_repeat(
    any_database: Database, clock: VirtualClock
) -> None:
    """BIG members met everyone over a whole round-robin (BIG - 1 rounds). With every pair
    remembered the next round could only repeat; the window forgets round 1, so its pairs meet
    again and nobody else does."""
    community_id, ids = await opted_in(any_database, "console-big", BIG)
    factors = [pairs for pairs, _spare in circle_factors(ids)]
    for number, pairs in enumerate(factors, start=1):
        await record(any_database, community_id, number, pairs)
    pairing = pairing_on(any_database, clock)
    platform = ConsolePlatform(ConsoleWorld(clock), lambda _record: None)
    result = await pairing.run_round(
        community_id, platform, CommunityRef("console", "console-big"), seed=1
    )
    assert (result.number, result.repeats, result.members) == (BIG, 0, BIG)
    async with any_database.reading() as connection:
        remembered = await store.history(connection, community_id, ids)
    newest = sorted(pair for pair, last in remembered.items() if last == BIG)
    assert newest == sorted(pair_key(*pair) for pair in factors[0])


async def test_a_small_pool_never_repeats_before_everyone_met_and_remembers_old_pairs(
    any_database: Database, clock: VirtualClock
) -> None:
    community_id, ids = await opted_in(any_database, "console-small", 6)
    pairing = pairing_on(any_database, clock)
    platform = ConsolePlatform(ConsoleWorld(clock), lambda _record: None)
    community = CommunityRef("console", "console-small")
    for number in range(1, 6):
        result = await pairing.run_round(community_id, platform, community, seed=number)
        assert (result.number, result.repeats) == (number, 0)
    # Far beyond the window, a small pool's oldest pairs are still repeats.
    async with any_database.reading() as connection:
        first = {p: n for p, n in (await store.history(connection, community_id, ids)).items()}
    first_round = sorted(pair for pair, last in first.items() if last == 1)
    await record(any_database, community_id, 5 * HISTORY_WINDOW, [])
    async with any_database.reading() as connection:
        later = await store.history(
            connection, community_id, ids, round_number=5 * HISTORY_WINDOW + 1
        )
    assert all(later[pair] == 1 for pair in first_round)
    result = await pairing.run_round(community_id, platform, community, seed=9)
    assert result.repeats == 3  # everyone met: the least recent pairs, counted as repeats


async def test_a_cohorts_pool_and_the_communitys_are_read_apart(
    any_database: Database, clock: VirtualClock
) -> None:
    community_id, (a, b, c, d) = await opted_in(any_database, "a", 4)
    communities = CommunityService(any_database, clock, "UTC")
    cohorts = CohortService(
        any_database,
        clock,
        communities,
        BreakService(any_database),
        ScheduleService(any_database, clock),
    )
    fall = await cohorts.create(community_id, "fall", "fall")
    await record(any_database, community_id, 1, [(a, b), (c, d)], cohort_id=fall.id)
    await record(any_database, community_id, 1, [(a, c), (b, d)])
    pool = Scope(community_id, fall).pool
    async with any_database.reading() as connection:
        in_fall = await store.history(connection, community_id, [a, b, c, d], pool)
        in_community = await store.history(connection, community_id, [a, b, c, d])
        assert await store.next_number(connection, community_id, fall.id) == 2
        assert await store.next_number(connection, community_id) == 2
    assert in_fall == {(a, b): 1, (c, d): 1}
    assert in_community == {(a, c): 1, (b, d): 1}


async def test_the_windowed_read_uses_the_recent_pairs_index(any_database: Database) -> None:
    community_id, ids = await opted_in(any_database, "a", 4)
    await record(any_database, community_id, 1, [(ids[0], ids[1])])
    query = recent_pairs(community_id, 0, 60)
    async with any_database.reading() as connection:
        compiled = query.compile(connection.sync_connection, compile_kwargs={"literal_binds": True})
        if connection.dialect.name == "postgresql":
            await connection.execute(text("SET LOCAL enable_seqscan = off"))
            rows = await connection.execute(text(f"EXPLAIN {compiled}"))
            plan = "\n".join(row[0] for row in rows)
            assert "ix_buddy_pairs_recent" in plan
            (condition,) = [line for line in plan.splitlines() if "Index Cond" in line]
            assert "last_round >=" in condition
        else:
            rows = await connection.execute(text(f"EXPLAIN QUERY PLAN {compiled}"))
            plan = "\n".join(str(row[-1]) for row in rows)
            assert "ix_buddy_pairs_recent (community_id=? AND pool=? AND last_round>?)" in plan
