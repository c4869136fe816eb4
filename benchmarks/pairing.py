"""Buddy pairing at scale: 10,000 opted-in members with 52 rounds of history.

Times the grouping algorithm (`group_members`) for rounds 53 to 55 of a community of 10,000
members spread over a dozen time zones, with interests and activity, and a history of 52 rounds
of random pairs (about 260,000 remembered pairs). Prints seconds per round, the peak memory of
one round (tracemalloc: what grouping allocates, the history it is given aside) and the
repeats; then, with full participation, the repeats over rounds 1..N-1 for N = 10, 20 and 50
(everyone meets everyone once: 0). Then a round end to end through `PairingService` on a
SQLite file: eligible members and history read from the database, the round recorded, 5,000
private groups opened on the console adapter; and the peak memory of such a round, history
read included. Then the history read on its own at 52 and 260 rounds (a year and five years of
weekly rounds), three ways in the same run (the median of three reads each): what a round reads
now (`store.history` with the round's number: the pairs met in the last HISTORY_WINDOW rounds,
through `ix_buddy_pairs_recent`), every pair of the pool from `buddy_pairs` (the read before the
window), and the self-join of every group ever held (before `buddy_pairs`); the last two must
agree, and the first must be the second's pairs within the window. The last line is one JSON
object. Targets: under 5 s per round at 10,000; zero repeats over rounds 1..N-1; the windowed
read about the same at 260 rounds as at 52. A figure, not a test.

    python3 dev.py bench pairing      (or: python -m benchmarks.pairing)
"""

from __future__ import annotations

import asyncio
import json
import random
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import build_app
from bot.clock import VirtualClock
from bot.pairing import store
from bot.pairing.history import HISTORY_WINDOW
from bot.pairing.matching import group_members
from bot.pairing.preferences import Candidate, pair_key
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import BuddyGroup, BuddyGroupMember, BuddyOptIn, BuddyRound, Member

MEMBERS = 10_000
HISTORY_ROUNDS = 52
HISTORY_CHECKPOINTS = (52, 260)
"""Rounds of history at which the history read is timed: a year and five years, weekly."""
READS = 3
TIMED_ROUNDS = 3
CYCLES = (10, 20, 50)
OFFSETS = (-8.0, -7.0, -6.0, -5.0, -3.0, 0.0, 1.0, 2.0, 3.0, 5.5, 8.0, 9.0, 10.0)
INTERESTS = tuple(f"topic{n}" for n in range(20))

History = dict[tuple[int, int], int]


def community(size: int, rng: random.Random) -> list[Candidate]:
    """Return `size` members with a zone, up to three interests and an activity level."""
    return [
        Candidate(
            member,
            rng.choice(OFFSETS),
            frozenset(rng.sample(INTERESTS, rng.randint(0, 3))),
            rng.random(),
        )
        for member in range(1, size + 1)
    ]


def random_history(ids: list[int], rounds: int, rng: random.Random) -> History:
    """Return `rounds` rounds of random pairs (one trio when odd), as the algorithm reads them."""
    history: History = {}
    order = list(ids)
    for number in range(1, rounds + 1):
        rng.shuffle(order)
        groups = [order[i : i + 2] for i in range(0, len(order) - 1, 2)]
        if len(order) % 2:
            groups[-1].append(order[-1])
        for group in groups:
            for a, b in combinations(group, 2):
                history[pair_key(a, b)] = number
    return history


def remember(history: History, groups: tuple[tuple[int, ...], ...], number: int) -> None:
    """Add a round's groups to the history."""
    for group in groups:
        for a, b in combinations(group, 2):
            history[pair_key(a, b)] = number


def at_scale() -> dict[str, float | int]:
    """Time rounds 53.. of 10,000 members; return seconds, peak memory and repeats."""
    rng = random.Random(2026)
    members = community(MEMBERS, rng)
    history = random_history([m.id for m in members], HISTORY_ROUNDS, rng)
    seconds: list[float] = []
    repeats = 0
    peak = 0
    for offset in range(1, TIMED_ROUNDS + 1):
        number = HISTORY_ROUNDS + offset
        tracing = offset == TIMED_ROUNDS  # tracemalloc slows Python down: trace the last only
        if tracing:
            tracemalloc.start()
        started = time.perf_counter()
        grouping = group_members(members, history, number, seed=number)
        elapsed = time.perf_counter() - started
        if tracing:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        else:
            seconds.append(elapsed)
        repeats += grouping.repeats
        remember(history, grouping.groups, number)
    return {
        "members": MEMBERS,
        "history_pairs": len(history),
        "seconds_per_round": round(sum(seconds) / len(seconds), 3),
        "seconds_max": round(max(seconds), 3),
        "peak_memory_mb": round(peak / 2**20, 1),
        "repeats": repeats,
    }


def cycle_repeats(size: int) -> int:
    """Return the repeats over rounds 1..size-1 with the same `size` members every round."""
    members = [Candidate(member) for member in range(1, size + 1)]
    history: History = {}
    repeats = 0
    for number in range(1, size):
        grouping = group_members(members, history, number, seed=size * 1000 + number)
        repeats += grouping.repeats
        remember(history, grouping.groups, number)
    return repeats


async def end_to_end_round(directory: Path, size: int, rounds: int) -> dict[str, float | int]:
    """Store `size` opted-in members and `rounds` rounds of history; time one more round."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{directory / 'bench.db'}",
    )
    clock = VirtualClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    app = build_app(settings, clock)
    await app.start()
    try:
        console = ConsoleSession(app, clock)
        await console.attach()
        community_id = await app.services.communities.ensure(COMMUNITY)
        member_ids = await _store_members(app.database, community_id, size, clock.now())
        await _store_history(app.database, community_id, member_ids, rounds, clock.now())
        async with app.database.reading() as connection:
            history_seconds, _ = await _timed(store.history(connection, community_id, member_ids))
        started = time.perf_counter()
        result = await app.services.pairing.run_round(
            community_id, console.platform, COMMUNITY, seed=rounds + 1
        )
        seconds = time.perf_counter() - started
        tracemalloc.start()  # the next round, traced: history read, grouping, records, messages
        await app.services.pairing.run_round(community_id, console.platform, COMMUNITY, seed=0)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    finally:
        await app.close()
    return {
        "seconds": round(seconds, 3),
        "history_seconds": round(history_seconds, 3),
        "groups": result.groups,
        "repeats": result.repeats,
        "peak_memory_mb": round(peak / 2**20, 1),
    }


async def history_reads(directory: Path, size: int) -> list[dict[str, float | int]]:
    """Time the history read, new and old, at each of HISTORY_CHECKPOINTS rounds of history."""
    clock = VirtualClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{directory / 'history.db'}",
    )
    app = build_app(settings, clock)
    await app.start()
    figures: list[dict[str, float | int]] = []
    try:
        community_id = await app.services.communities.ensure(COMMUNITY)
        member_ids = await _store_members(app.database, community_id, size, clock.now())
        stored = 0
        for rounds in HISTORY_CHECKPOINTS:
            await _store_history(
                app.database, community_id, member_ids, rounds, clock.now(), start=stored + 1
            )
            stored = rounds
            figures.append(await _compare_reads(app.database, community_id, member_ids, rounds))
    finally:
        await app.close()
    return figures


async def _compare_reads(
    database: Database, community_id: int, member_ids: list[int], rounds: int
) -> dict[str, float | int]:
    """Time the windowed read (what a round reads now), every pair of the pool (the read before
    the window) and the self-join of every group (before `buddy_pairs`) at `rounds` rounds."""
    number = rounds + 1
    window_times, all_times, old_times = [], [], []
    for _ in range(READS):
        async with database.reading() as connection:
            seconds, window = await _timed(
                store.history(connection, community_id, member_ids, round_number=number)
            )
            window_times.append(seconds)
            seconds, every = await _timed(store.history(connection, community_id, member_ids))
            all_times.append(seconds)
            seconds, old = await _timed(self_join_history(connection, community_id))
            old_times.append(seconds)
        assert every == old, "the pairs table and the self-join disagree"
        assert window == {p: n for p, n in every.items() if n >= number - HISTORY_WINDOW}
    return {
        "rounds": rounds,
        "pairs": len(every),
        "window_pairs": len(window),
        "seconds": round(sorted(window_times)[READS // 2], 3),
        "all_pairs_seconds": round(sorted(all_times)[READS // 2], 3),
        "self_join_seconds": round(sorted(old_times)[READS // 2], 3),
    }


async def _timed(read: Awaitable[History]) -> tuple[float, History]:
    started = time.perf_counter()
    found = await read
    return time.perf_counter() - started, found


async def self_join_history(connection: AsyncConnection, community_id: int) -> History:
    """The history read before `buddy_pairs` (kept here only as the baseline): a self-join of
    every group the community ever held, the latest round number per pair."""
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


async def _store_members(
    database: Database, community_id: int, size: int, now: datetime
) -> list[int]:
    rng = random.Random(7)
    zones = ("America/Los_Angeles", "America/New_York", "Europe/Berlin", "Asia/Tokyo")
    rows = [
        {
            "community_id": community_id,
            "external_id": f"member{n}",
            "display_name": f"member{n}",
            "timezone": rng.choice(zones),
            "joined_at": now,
        }
        for n in range(size)
    ]
    async with database.writing() as connection:
        created = await connection.execute(
            insert(Member).returning(Member.id, sort_by_parameter_order=True), rows
        )
        ids = [int(member_id) for member_id in created.scalars()]
        await connection.execute(
            insert(BuddyOptIn),
            [{"community_id": community_id, "member_id": m, "joined_at": now} for m in ids],
        )
    return ids


async def _store_history(
    database: Database,
    community_id: int,
    ids: list[int],
    rounds: int,
    now: datetime,
    start: int = 1,
) -> None:
    rng = random.Random(11 + start)
    order = list(ids)
    for number in range(start, rounds + 1):
        rng.shuffle(order)
        groups = [order[i : i + 2] for i in range(0, len(order) - 1, 2)]
        if len(order) % 2:
            groups[-1].append(order[-1])
        new = store.NewRound(community_id, number, number, None, now, now, now, groups)
        async with database.writing() as connection:
            group_ids = await store.record_round(connection, new)
        assert len(group_ids) == len(groups)


def main() -> None:
    """Print the figures; the last line is one JSON object."""
    scale = at_scale()
    print(
        f"{scale['members']:,} members, {HISTORY_ROUNDS} rounds of history "
        f"({scale['history_pairs']:,} pairs): {scale['seconds_per_round']} s per round "
        f"(max {scale['seconds_max']} s; target < 5 s), peak memory "
        f"{scale['peak_memory_mb']} MB, {scale['repeats']} repeats in {TIMED_ROUNDS} rounds"
    )
    cycles = {str(size): cycle_repeats(size) for size in CYCLES}
    for size, repeats in cycles.items():
        print(f"N = {size}, full participation: {repeats} repeats over rounds 1..{int(size) - 1}")
    with tempfile.TemporaryDirectory() as directory:
        database = asyncio.run(end_to_end_round(Path(directory), MEMBERS, HISTORY_ROUNDS))
    print(
        f"end to end on SQLite: {database['seconds']} s for round {HISTORY_ROUNDS + 1} "
        f"(history read {database['history_seconds']} s), {database['groups']:,} groups opened, "
        f"peak memory of a round {database['peak_memory_mb']} MB"
    )
    with tempfile.TemporaryDirectory() as directory:
        reads = asyncio.run(history_reads(Path(directory), MEMBERS))
    for read in reads:
        print(
            f"history read at {read['rounds']} rounds: the last {HISTORY_WINDOW} rounds' "
            f"{read['window_pairs']:,} pairs {read['seconds']} s; every pair of the pool "
            f"({read['pairs']:,}, before the window) {read['all_pairs_seconds']} s; self-join "
            f"of every group (before buddy_pairs) {read['self_join_seconds']} s"
        )
    print(
        json.dumps(
            {
                "benchmark": "pairing",
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                **scale,
                "cycle_repeats": cycles,
                "end_to_end": database,
                "history_reads": reads,
            }
        )
    )


if __name__ == "__main__":
    main()
