"""Rounds and history reads on a SQLite file, with members coming and going (`year`).

Every member who took part is stored in order of joining (so the year's ids map to the stored
ones by position); those present in the round being timed are opted in; the rounds before are
recorded as rounds record them (groups and `buddy_pairs`), their members paired at random.
"""

from __future__ import annotations

import gc
import time
import tracemalloc
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.console.session import COMMUNITY, ConsoleSession
from benchmarks.pairing_parts import rss
from benchmarks.pairing_parts.year import History, attendance, everyone, random_rounds
from benchmarks.support.repeat import REPETITIONS, median, repeated_async
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.pairing import store
from bot.pairing.history import HISTORY_WINDOW
from bot.settings import Settings
from bot.storage.database import Database
from bot.storage.models import BuddyGroup, BuddyGroupMember, BuddyOptIn, BuddyRound, Member

NOW = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
HISTORY_ROUNDS = 52
HISTORY_CHECKPOINTS = (52, 260)
"""Rounds of history at which the history read is timed: a year and five years, weekly."""


@asynccontextmanager
async def console_app(path: Path) -> AsyncIterator[tuple[App, ConsoleSession, int]]:
    """Start an app on the SQLite file `path`, attached to the console; yield it, the console
    and the console community's id; close it afterwards."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{path}",
    )
    clock = VirtualClock(NOW)
    app = build_app(settings, clock)
    await app.start()
    try:
        console = ConsoleSession(app, clock)
        await console.attach()
        yield app, console, await app.services.communities.ensure(COMMUNITY)
    finally:
        await app.close()


async def end_to_end(path: Path) -> dict[str, Any]:
    """Store a year of rounds; time the next REPETITIONS rounds end to end through
    `PairingService` (RSS watched), then trace one more (tracemalloc)."""
    async with console_app(path) as (app, console, community_id):
        ids = await store_members(app.database, community_id, everyone(HISTORY_ROUNDS + 1))
        present = [ids[m - 1] for m in list(attendance(HISTORY_ROUNDS + 1))[-1]]
        await opt_in(app.database, community_id, present)
        async for _number in store_rounds(app.database, community_id, ids, HISTORY_ROUNDS):
            pass
        reads = await repeated_async(lambda _n: _read(app.database, community_id, present))
        watch = rss.Watch()
        rounds = await repeated_async(lambda n: _round(app, console, community_id, n))
        memory = watch.figures()
        tracemalloc.start()  # one more round, traced: history read, grouping, records, messages
        await _round(app, console, community_id, REPETITIONS)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    seconds = [round(each, 3) for each, _cpu, _result in rounds]
    return {
        "members_stored": len(ids),
        "seconds": round(median(seconds), 3),
        "each_seconds": seconds,
        "cpu_seconds": round(median([cpu for _seconds, cpu, _result in rounds]), 3),
        "history_seconds": round(median([each for each, _found in reads]), 3),
        "history_pairs": len(reads[0][1]),
        "groups": rounds[0][2].groups,
        "repeats": sum(result.repeats for _seconds, _cpu, result in rounds),
        "peak_memory_mb": round(peak / 2**20, 1),
        **memory,
    }


async def _read(database: Database, community_id: int, present: list[int]) -> tuple[float, History]:
    async with database.reading() as connection:
        return await _timed(
            store.history(connection, community_id, present, round_number=HISTORY_ROUNDS + 1)
        )


async def _round(
    app: App, console: ConsoleSession, community_id: int, n: int
) -> tuple[float, float, Any]:
    """Run round 53 + `n`; return its seconds, its CPU seconds (every thread of the process,
    the database's included) and its result."""
    started, cpu_started = time.perf_counter(), time.process_time()
    result = await app.services.pairing.run_round(
        community_id, console.platform, COMMUNITY, seed=HISTORY_ROUNDS + 1 + n
    )
    return time.perf_counter() - started, time.process_time() - cpu_started, result


async def history_reads(path: Path) -> list[dict[str, Any]]:
    """Time the history read, new and old, at each of HISTORY_CHECKPOINTS rounds of history."""
    last = HISTORY_CHECKPOINTS[-1]
    figures: list[dict[str, Any]] = []
    async with console_app(path) as (app, _console, community_id):
        ids = await store_members(app.database, community_id, everyone(last + 1))
        async for number in store_rounds(app.database, community_id, ids, last):
            if number in HISTORY_CHECKPOINTS:
                present = [ids[m - 1] for m in list(attendance(number + 1))[-1]]
                figures.append(await compare_reads(app.database, community_id, present, number))
    return figures


async def compare_reads(
    database: Database, community_id: int, present: list[int], rounds: int
) -> dict[str, Any]:
    """Time the windowed read (what a round reads now), every pair of the pool (the read before
    the window) and the self-join of every group (before `buddy_pairs`) at `rounds` rounds,
    the median of REPETITIONS reads each; check that they agree."""
    number = rounds + 1
    in_pool = set(present)
    window_times, all_times, old_times = [], [], []
    # Each read is timed apart from the others, as a round does only the first: the baselines
    # build dicts of up to 1.3 million pairs, whose garbage weighed on a read timed after them.
    async with database.reading() as connection:
        gc.collect()  # not the garbage of recording the rounds either
        for _ in range(REPETITIONS):
            seconds, window = await _timed(
                store.history(connection, community_id, present, round_number=number)
            )
            window_times.append(seconds)
        gc.collect()
        for _ in range(REPETITIONS):
            seconds, every = await _timed(store.history(connection, community_id, present))
            all_times.append(seconds)
        gc.collect()
        for _ in range(REPETITIONS):
            seconds, old = await _timed(self_join_history(connection, community_id))
            old_times.append(seconds)
        in_old_pool = {pair: n for pair, n in old.items() if in_pool.issuperset(pair)}
        assert every == in_old_pool, "the pairs table and the self-join disagree"
        assert window == {p: n for p, n in every.items() if n >= number - HISTORY_WINDOW}
    return {
        "rounds": rounds,
        "pairs": len(every),
        "pairs_ever": len(old),
        "window_pairs": len(window),
        "seconds": round(median(window_times), 3),
        "all_pairs_seconds": round(median(all_times), 3),
        "self_join_seconds": round(median(old_times), 3),
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


async def store_members(database: Database, community_id: int, count: int) -> list[int]:
    """Store members 1..`count` of the year in order of joining; return their stored ids."""
    zones = ("America/Los_Angeles", "America/New_York", "Europe/Berlin", "Asia/Tokyo")
    rows = [
        {
            "community_id": community_id,
            "external_id": f"member{n}",
            "display_name": f"member{n}",
            "timezone": zones[n % len(zones)],
            "joined_at": NOW,
        }
        for n in range(1, count + 1)
    ]
    async with database.writing() as connection:
        created = await connection.execute(
            insert(Member).returning(Member.id, sort_by_parameter_order=True), rows
        )
        return [int(member_id) for member_id in created.scalars()]


async def opt_in(database: Database, community_id: int, member_ids: list[int]) -> None:
    """Opt `member_ids` in to buddy pairing."""
    async with database.writing() as connection:
        await connection.execute(
            insert(BuddyOptIn),
            [{"community_id": community_id, "member_id": m, "joined_at": NOW} for m in member_ids],
        )


async def store_rounds(
    database: Database, community_id: int, ids: list[int], rounds: int
) -> AsyncIterator[int]:
    """Record rounds 1..`rounds` of the year (present members paired at random), yielding each
    round's number once it is recorded."""
    for number, _present, groups in random_rounds(rounds, seed=11):
        stored = [tuple(ids[m - 1] for m in group) for group in groups]
        new = store.NewRound(community_id, number, number, None, NOW, NOW, NOW, stored)
        async with database.writing() as connection:
            await store.record_round(connection, new)
        yield number
