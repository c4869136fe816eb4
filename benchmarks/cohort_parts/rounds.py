"""A cohort's buddy round of 10,000 opted-in members after 200 weekly rounds of its own.

The cohort lists all 10,000 members of the community; 200 rounds of random pairs (one trio
when odd) are recorded in its pool as rounds record them (groups and `buddy_pairs`). Then round
201 end to end through `PairingService.run_round` with the cohort's scope on a SQLite file:
its members, the windowed history read, the grouping, the round recorded and 5,000 private
groups opened on the console adapter; then rounds 202 and 203 the same way (the figure is the
median of the three, each after at least 200 rounds). Baseline in the same run: the history
read the window replaced (every pair the pool ever held) beside the windowed read (median of
three each).
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from adapters.console.session import COMMUNITY, ConsoleSession
from benchmarks.cohort_parts.app import console_app
from benchmarks.support.repeat import REPETITIONS, median, repeated_async
from bot.app import App
from bot.clock import VirtualClock
from bot.cohorts.scope import Scope
from bot.pairing import store
from bot.pairing.history import HISTORY_WINDOW
from bot.pairing.rounds import RoundResult
from bot.storage.database import Database
from bot.storage.models import BuddyOptIn, CohortMember, Member

MEMBERS = 10_000
ROUNDS = 200
READS = 3
NOW = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
TARGET_SECONDS = 1.5


async def _members(database: Database, community_id: int, cohort_id: int) -> list[int]:
    rows = [
        {"community_id": community_id, "external_id": f"b{n}", "display_name": f"b{n}"}
        for n in range(MEMBERS)
    ]
    async with database.writing() as connection:
        created = await connection.execute(
            insert(Member).returning(Member.id, sort_by_parameter_order=True), rows
        )
        ids = [int(member_id) for member_id in created.scalars()]
        await connection.execute(
            insert(BuddyOptIn),
            [{"community_id": community_id, "member_id": m, "joined_at": NOW} for m in ids],
        )
        await connection.execute(
            insert(CohortMember),
            [{"cohort_id": cohort_id, "member_id": m, "listed": True} for m in ids],
        )
    return ids


async def _history(database: Database, community_id: int, cohort_id: int, ids: list[int]) -> None:
    chance = random.Random(200)
    order = list(ids)
    for number in range(1, ROUNDS + 1):
        chance.shuffle(order)
        groups = [tuple(order[i : i + 2]) for i in range(0, len(order) - 1, 2)]
        if len(order) % 2:
            groups[-1] = (*groups[-1], order[-1])
        new = store.NewRound(
            community_id, number, number, None, NOW, NOW, NOW, groups, cohort_id=cohort_id
        )
        async with database.writing() as connection:
            await store.record_round(connection, new)


async def _reads(
    database: Database, community_id: int, cohort_id: int, ids: list[int]
) -> dict[str, Any]:
    """Time the windowed history read and every pair of the pool (the read it replaced)."""
    window, every = [], []
    for _ in range(READS):
        async with database.reading() as connection:
            started = time.perf_counter()
            recent = await store.history(
                connection, community_id, ids, cohort_id, round_number=ROUNDS + 1
            )
            window.append(time.perf_counter() - started)
            started = time.perf_counter()
            whole = await store.history(connection, community_id, ids, cohort_id)
            every.append(time.perf_counter() - started)
    assert recent == {p: n for p, n in whole.items() if n >= ROUNDS + 1 - HISTORY_WINDOW}
    return {
        "history_seconds": round(sorted(window)[READS // 2], 3),
        "history_pairs": len(recent),
        "every_pair_seconds": round(sorted(every)[READS // 2], 3),
        "every_pair_pairs": len(whole),
    }


async def cohort_round(path: Path) -> dict[str, Any]:
    """Store the cohort, its members and its history; time one more round end to end."""
    clock = VirtualClock(NOW)
    async with console_app(path, clock) as (app, console, community_id):
        cohort = await app.services.cohorts.create(community_id, "big", "big")
        ids = await _members(app.database, community_id, cohort.id)
        await _history(app.database, community_id, cohort.id, ids)
        reads = await _reads(app.database, community_id, cohort.id, ids)
        scope = Scope(community_id, cohort)
        timed = await repeated_async(
            lambda n: _timed_round(app, console, scope, ROUNDS + 1 + n), REPETITIONS
        )
    assert all(result.groups == MEMBERS // 2 for _seconds, result in timed)
    seconds = [round(each, 3) for each, _result in timed]
    return {
        "members": MEMBERS,
        "rounds_before": ROUNDS,
        "seconds": round(median(seconds), 3),
        "each_seconds": seconds,
        "groups": timed[0][1].groups,
        "repeats": sum(result.repeats for _seconds, result in timed),
        **reads,
        "target_seconds": TARGET_SECONDS,
    }


async def _timed_round(
    app: App, console: ConsoleSession, scope: Scope, seed: int
) -> tuple[float, RoundResult]:
    started = time.perf_counter()
    result = await app.services.pairing.run_round(
        scope.community_id, console.platform, COMMUNITY, scope=scope, seed=seed
    )
    return time.perf_counter() - started, result
