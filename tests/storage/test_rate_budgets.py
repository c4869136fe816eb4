"""The shared rate budget on SQLite and PostgreSQL: two processes taking turns from one bucket
never exceed its rate together, an idle bucket fills up again to its burst (no further), and
buckets of different platforms do not share turns."""

from __future__ import annotations

import asyncio

from bot.shared.budgets import DIRECT_MESSAGES, RateBudgets
from bot.storage.database import Database
from tests.storage.support import other_process
from tests.wall_time import SteppedTime, most_in_any_window

RATE, BURST = 4.0, 2


async def take_many(budgets: RateBudgets, count: int, platform: str = "discord") -> None:
    """Take `count` turns one after another, as a fan-out does before each send."""
    for _ in range(count):
        await budgets.take(platform, DIRECT_MESSAGES, RATE, BURST)


async def test_two_processes_sharing_a_budget_never_exceed_it_together(
    any_database: Database,
) -> None:
    time = SteppedTime()
    async with other_process(any_database) as second:
        await asyncio.gather(
            take_many(RateBudgets(any_database, time), 20),
            take_many(RateBudgets(second, time), 20),
        )
    assert len(time.grants) == 40
    for window in (0.25, 1.0, 3.0):
        assert most_in_any_window(time.grants, window) <= BURST + RATE * window
    # Paced, not merely spread: forty turns at four a second after a burst of two.
    assert max(time.grants) - min(time.grants) >= (40 - BURST) / RATE - 1e-6


async def test_an_idle_bucket_refills_up_to_its_burst_and_no_further(
    any_database: Database,
) -> None:
    time = SteppedTime()
    budgets = RateBudgets(any_database, time)
    waits = [await budgets.take("slack", DIRECT_MESSAGES, RATE, BURST) for _ in range(4)]
    assert waits == [0.0, 0.0, 0.25, 0.25]
    time.advance(0.25)  # one token's worth of quiet
    assert await budgets.take("slack", DIRECT_MESSAGES, RATE, BURST) == 0.0
    assert await budgets.take("slack", DIRECT_MESSAGES, RATE, BURST) == 0.25
    time.advance(60)  # a long quiet fills the bucket to its burst, not sixty seconds' worth
    waits = [await budgets.take("slack", DIRECT_MESSAGES, RATE, BURST) for _ in range(3)]
    assert waits == [0.0, 0.0, 0.25]


async def test_each_platform_has_a_bucket_of_its_own(any_database: Database) -> None:
    time = SteppedTime()
    budgets = RateBudgets(any_database, time)
    await take_many(budgets, BURST, "discord")
    assert await budgets.take("slack", DIRECT_MESSAGES, RATE, BURST) == 0.0
    assert await budgets.take("discord", DIRECT_MESSAGES, RATE, BURST) == 0.25
