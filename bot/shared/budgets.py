"""Rate budgets shared by every process: a token bucket per platform and purpose, in the database.

A fan-out of direct messages (nudges, buddy check-ins, intro reminders) must stay within the
platform's rate limits however many processes send at once, so the bucket is a row
(`rate_budgets`) rather than memory. Taking a token is one atomic `UPDATE .. RETURNING`, the
same on SQLite and PostgreSQL: the bucket is refilled for the time since it was last touched
(at most `burst` tokens) and one token taken, even when there is none: the bucket then goes
below zero, and the sender waits, outside any transaction, until the refill has paid its token
back. So sends are spaced `1 / rate` apart across every process, the first `burst` at once, and
no lock is held while sending. (This is a token bucket in the form that reserves the next free
moment: a process that takes a token and then has nothing to send wastes that moment, which
only slows the others a little.)

Time is the wall clock (`time.time`), which every process on a machine shares, not the app's
clock: rate limits are real seconds even in the console, whose clock is virtual. Tests pass a
`WallTime` of their own.
"""

from __future__ import annotations

import asyncio
import time
from typing import Protocol

from sqlalchemy import Float, bindparam, case, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.database import Database, insert_for
from bot.storage.models import RateBudget

DIRECT_MESSAGES = "dm"
"""The purpose of the budget every fan-out of direct messages (and check-ins) takes from."""
DEFAULT_DM_RATE = 5.0
"""Direct messages a second per platform unless configured (`COHORT_NUDGE_RATE`)."""


class WallTime(Protocol):
    """Real time, as the budget reads and waits for it."""

    def now(self) -> float:
        """Return seconds since the Unix epoch."""
        ...

    async def sleep(self, seconds: float) -> None:
        """Return after `seconds`."""
        ...


class SystemTime:
    """The system's wall clock and the event loop's sleep."""

    def now(self) -> float:
        """Return `time.time()`."""
        return time.time()

    async def sleep(self, seconds: float) -> None:
        """Sleep on the event loop."""
        await asyncio.sleep(seconds)


class RateBudgets:
    """Takes tokens from the shared buckets, waiting for a send's turn when one is empty."""

    def __init__(self, database: Database, wall_time: WallTime | None = None) -> None:
        self._database = database
        self._time = wall_time or SystemTime()

    async def take(self, platform: str, purpose: str, rate: float, burst: int) -> float:
        """Wait for one send's turn of `purpose` on `platform`; return how long it waited.

        `rate` sends a second on average, across every process, the first `burst` at once.
        """
        if rate <= 0 or burst < 1:
            raise ValueError("a rate budget needs a positive rate and a burst of at least one")
        now = self._time.now()
        async with self._database.writing() as connection:
            taken = await _take(connection, platform, purpose, rate, burst, now)
            if taken is None:  # the first send of this bucket on this database
                await _create(connection, platform, purpose, burst, now)
                taken = await _take(connection, platform, purpose, rate, burst, now)
        if taken is None:
            raise RuntimeError(f"the rate budget {platform}/{purpose} has no row")
        tokens, refilled_at = taken
        # The moment the refill pays this token back: the bucket's own time, not this
        # process's `now`, so processes whose clocks read a little apart still space sends.
        wait = refilled_at + max(0.0, -tokens) / rate - now
        await self._time.sleep(max(wait, 0.0))  # a yield at least, when the token was there
        return max(wait, 0.0)


class SendBudget:
    """One purpose's budget at one rate, per platform: what a feature takes from before a send."""

    def __init__(self, budgets: RateBudgets, purpose: str, rate: float) -> None:
        self._budgets = budgets
        self.purpose = purpose
        self.rate = rate
        self.burst = max(1, int(rate))

    async def take(self, platform: str) -> float:
        """Wait for the next send's turn on `platform`; return how long it waited."""
        return await self._budgets.take(platform, self.purpose, self.rate, self.burst)


async def _take(
    connection: AsyncConnection, platform: str, purpose: str, rate: float, burst: int, now: float
) -> tuple[float, float] | None:
    """Refill the bucket to `now` and take one token (below zero if need be), atomically.

    Returns the tokens left and when the bucket was refilled; None if it has no row yet.
    """
    moment = bindparam("now", now, type_=Float)
    later = RateBudget.refilled_at < moment
    refilled = RateBudget.tokens + case((later, moment - RateBudget.refilled_at), else_=0.0) * (
        bindparam("rate", rate, type_=Float)
    )
    full = bindparam("burst", float(burst), type_=Float)
    statement = (
        update(RateBudget)
        .where(RateBudget.platform == platform, RateBudget.purpose == purpose)
        .values(
            tokens=case((refilled > full, full), else_=refilled) - 1.0,
            refilled_at=case((later, moment), else_=RateBudget.refilled_at),
        )
        .returning(RateBudget.tokens, RateBudget.refilled_at)
    )
    row = (await connection.execute(statement)).one_or_none()
    return None if row is None else (float(row.tokens), float(row.refilled_at))


async def _create(
    connection: AsyncConnection, platform: str, purpose: str, burst: int, now: float
) -> None:
    """Make the bucket's row, full, unless another process just made it."""
    await connection.execute(
        insert_for(connection)(RateBudget)
        .values(platform=platform, purpose=purpose, tokens=float(burst), refilled_at=now)
        .on_conflict_do_nothing()
    )


def dm_budget(
    database: Database, rate: float = DEFAULT_DM_RATE, wall_time: WallTime | None = None
) -> SendBudget:
    """Return the shared budget of direct messages at `rate` a second per platform."""
    return SendBudget(RateBudgets(database, wall_time), DIRECT_MESSAGES, rate)
