"""Deliveries: what a platform sent twice is acted on once, across processes too.

Platforms deliver again: Slack retries an event it thinks was lost and redelivers a Socket
Mode envelope whose ack never arrived; Discord replays dispatches after a resume; anyone can
replay a signed request they captured. Adapters name each delivery by the platform's own ids
(`slack:event:Ev1`, `discord:interaction:123`) and ask the ledger before acting. A key is
remembered for `KEEP` (Slack's window for signed requests) in `seen_deliveries`, so another
process on the same database sees it too; an hourly sweep prunes older rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite

from bot.batching import Coalescer
from bot.clock import Clock
from bot.serving import Served
from bot.storage.database import Database
from bot.storage.models import SeenDelivery

KEEP = timedelta(minutes=5)
SWEEP = "seen-deliveries"
SWEEP_EVERY = timedelta(hours=1)  # housekeeping only: an expired key counts as new anyway
MAX_KEY = 200


class DeliveryLedger:
    """Records delivery keys and tells which were seen within the last `keep`."""

    def __init__(self, database: Database, clock: Clock, keep: timedelta = KEEP) -> None:
        self._database = database
        self._clock = clock
        self._keep = keep
        self._claimed_since_prune = False
        # Deliveries that arrive together (a replayed burst) share one statement.
        self._claims: Coalescer[tuple[str, ...], frozenset[str]] = Coalescer(self._claim_batch)

    async def first_time(self, *keys: str) -> bool:
        """Record `keys`; return True unless one of them was seen within the window."""
        return not await self.repeated(*keys)

    async def repeated(self, *keys: str) -> frozenset[str]:
        """Record `keys`; return those that were already seen within the window."""
        wanted = tuple(dict.fromkeys(key[:MAX_KEY] for key in keys if key))
        if not wanted:
            return frozenset()
        return await self._claims.submit(wanted)

    async def sweep(self, _served: Served, due: datetime) -> None:
        """Forget the keys older than the window (a sweep: run for each platform; the keys
        belong to no community).

        A process that claimed nothing since its last prune has nothing of its own to forget
        (the console, a quiet hour): it skips the write; whoever claims prunes for everyone.
        """
        if self._claimed_since_prune:
            await self.prune(due)

    async def next_prune(self, _served: Served, now: datetime) -> datetime | None:
        """Return when the sweep has keys to forget: at once after a claim, else None."""
        return now if self._claimed_since_prune else None

    async def prune(self, now: datetime) -> int:
        """Delete the keys seen before `now - keep`; return how many."""
        self._claimed_since_prune = False
        statement = delete(SeenDelivery).where(SeenDelivery.seen_at < now - self._keep)
        async with self._database.session() as session, session.begin():
            result: Any = await session.execute(statement)
        return int(result.rowcount or 0)

    async def _claim_batch(self, items: list[tuple[str, ...]]) -> list[frozenset[str]]:
        distinct = list(dict.fromkeys(key for keys in items for key in keys))
        fresh = await self._claim(distinct)
        taken: set[str] = set()
        results = []
        for keys in items:
            # A key twice in one batch: the first delivery claimed it, the next one repeats it.
            results.append(frozenset(key for key in keys if key not in fresh or key in taken))
            taken.update(keys)
        return results

    async def _claim(self, keys: Sequence[str]) -> frozenset[str]:
        """Insert `keys` (or renew expired ones); return those this call claimed."""
        now = self._clock.now()
        self._claimed_since_prune = True
        insert = self._insert()(SeenDelivery).values([{"key": k, "seen_at": now} for k in keys])
        statement = insert.on_conflict_do_update(
            index_elements=[SeenDelivery.key],
            set_={"seen_at": insert.excluded.seen_at},
            where=SeenDelivery.seen_at < now - self._keep,
        ).returning(SeenDelivery.key)
        async with self._database.session() as session, session.begin():
            claimed = (await session.execute(statement)).scalars().all()
        return frozenset(claimed)

    def _insert(self) -> Any:
        # ON CONFLICT reads the same on both databases, but each dialect has its own construct.
        return sqlite.insert if self._database.is_sqlite else postgresql.insert


class RecentDeliveries:
    """The delivery keys this process saw within the last `keep`, in memory.

    For the high-rate dispatches (members' messages and edits) a write per delivery would put a
    commit on the hot path that activity's batching keeps free. A gateway resume replays to the
    process that resumed, so memory is enough there; the bounded size caps a flood.
    """

    def __init__(self, clock: Clock, keep: timedelta = KEEP, most: int = 100_000) -> None:
        self._clock = clock
        self._keep = keep
        self._most = most
        self._seen: dict[str, datetime] = {}  # insertion order is arrival order

    def first_time(self, key: str) -> bool:
        """Remember `key`; return True unless it was seen within the window."""
        now = self._clock.now()
        self._forget_older_than(now - self._keep)
        if key in self._seen:
            return False
        self._seen[key] = now
        if len(self._seen) > self._most:
            del self._seen[next(iter(self._seen))]
        return True

    def _forget_older_than(self, cutoff: datetime) -> None:
        while self._seen:
            oldest = next(iter(self._seen))
            if self._seen[oldest] >= cutoff:
                return
            del self._seen[oldest]
