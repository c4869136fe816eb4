"""The occurrence ledger: one row per (schedule, due time), so each occurrence happens once.

To do an occurrence a process must first claim it: an INSERT that the unique key lets exactly
one process win, on SQLite and PostgreSQL alike. A claim carries a lease; a process that dies
holding one (between claiming and posting) leaves a claim whose lease runs out, and the next
process to look takes it over with a conditional UPDATE that, again, only one can win.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.batching import Coalescer
from bot.clock import Clock
from bot.shared.schedules import ScheduleInfo
from bot.storage.database import Database, insert_for
from bot.storage.models import Break, Community, Occurrence, Schedule
from scheduler.pauses import cohort_terms, pause_reason

CLAIMED, DONE, FAILED, MISSED, PAUSED = "claimed", "done", "failed", "missed", "paused"
MAX_DETAIL = 500
NOT_RUNNING = "bot was not running"
NEVER_FINISHED = "claimed but never finished"
MAX_BATCH = 500


class Outcome(Enum):
    """What `begin` found for a due occurrence."""

    CLAIMED = "claimed"  # this process does it
    TAKEN = "taken"  # another process has or had it
    PAUSED = "paused"  # a break, or outside its cohort's term: recorded, not done
    CHANGED = "changed"  # the schedule was removed or re-timed since it was armed


@dataclass(frozen=True, slots=True)
class Start:
    """The outcome, the occurrence's id when claimed, and whether the claim was taken over."""

    outcome: Outcome
    occurrence_id: int | None = None
    resumed: bool = False
    """Taken over from a process whose lease ran out: it may have posted already."""


_TIMING = (
    Schedule.weekday,
    Schedule.hour,
    Schedule.minute,
    Schedule.every_weeks,
    Schedule.anchor_date,
)


def _claimed_or_taken(claim: tuple[int, bool] | None) -> Start:
    return Start(Outcome.TAKEN) if claim is None else Start(Outcome.CLAIMED, *claim)


def _timing_of(info: ScheduleInfo) -> tuple[object, ...]:
    rule = info.rule
    return (
        rule.weekday,
        rule.at.hour,
        rule.at.minute,
        rule.every_weeks,
        rule.anchor,
        rule.zone,
    )


@dataclass(frozen=True, slots=True)
class Entry:
    """What the ledger says about one occurrence."""

    id: int
    due: datetime
    status: str
    lease_until: datetime | None


class Ledger:
    """Claims, extends and finishes occurrences."""

    def __init__(self, database: Database, clock: Clock, lease: timedelta) -> None:
        self._database = database
        self._clock = clock
        self._lease = lease
        self._beginning = Coalescer(self._begin_batch, limit=MAX_BATCH)
        self._keeping = Coalescer(self._keep_batch, limit=MAX_BATCH)

    def on_write(self, listener: Callable[[], None]) -> None:
        """Call `listener` after each writing commit on the ledger's database (the bot's own)."""
        self._database.on_write(listener)

    async def claim(self, schedule_id: int, due: datetime) -> int | None:
        """Claim the occurrence; return its id, or None if another process has or had it."""
        async with self._database.writing() as connection:
            return await self._claim_on(connection, schedule_id, due)

    async def begin(self, info: ScheduleInfo, due: datetime) -> Start:
        """Check the schedule is unchanged and not on a break, then claim it.

        Occurrences that begin together (a burst due in the same minute) are checked and
        claimed together, in one transaction of a few statements.
        """
        return await self._beginning.submit((info, due))

    async def _begin_batch(self, batch: list[tuple[ScheduleInfo, datetime]]) -> list[Start]:
        ids = sorted({info.id for info, _ in batch})
        current = (
            select(Schedule.id, Schedule.community_id, *_TIMING, Community.timezone)
            .join(Community, Community.id == Schedule.community_id)
            .where(Schedule.id.in_(ids))
        )
        async with self._database.writing() as connection:
            rows = {row.id: row for row in (await connection.execute(current)).all()}
            communities = sorted({row.community_id for row in rows.values()})
            breaks = await self._breaks_near(connection, communities, batch)
            terms = await cohort_terms(connection, ids)
            outcomes: dict[tuple[int, datetime], Outcome] = {}
            for info, due in batch:
                row = rows.get(info.id)
                if row is None or tuple(row[2:]) != _timing_of(info):
                    outcomes[(info.id, due)] = Outcome.CHANGED
                    continue
                day = due.astimezone(ZoneInfo(info.rule.zone)).date()
                reason = pause_reason(breaks.get(row.community_id, []), terms.get(info.id), day)
                if reason is not None:
                    await self._record_on(connection, info.id, due, PAUSED, reason)
                    outcomes[(info.id, due)] = Outcome.PAUSED
            wanted = [(info.id, due) for info, due in batch if (info.id, due) not in outcomes]
            claimed = await self._claim_all_on(connection, wanted)
        return [
            Start(outcomes[key]) if key in outcomes else _claimed_or_taken(claimed.get(key))
            for key in ((info.id, due) for info, due in batch)
        ]

    async def _claim_all_on(
        self, connection: AsyncConnection, wanted: list[tuple[int, datetime]]
    ) -> dict[tuple[int, datetime], tuple[int, bool]]:
        """Claim many occurrences with one INSERT; take over expired claims one by one.

        Returns each claimed occurrence's id, and whether it was taken over.
        """
        if not wanted:
            return {}
        now = self._clock.now()
        rows = [
            {
                "schedule_id": schedule_id,
                "due_at": due,
                "status": CLAIMED,
                "attempts": 0,
                "lease_until": now + self._lease,
                "updated_at": now,
            }
            for schedule_id, due in wanted
        ]
        inserted = await connection.execute(
            insert_for(connection)(Occurrence)
            .values(rows)
            .on_conflict_do_nothing(index_elements=["schedule_id", "due_at"])
            .returning(Occurrence.schedule_id, Occurrence.due_at, Occurrence.id)
        )
        claimed = {(row.schedule_id, row.due_at): (int(row.id), False) for row in inserted.all()}
        for schedule_id, due in wanted:
            if (schedule_id, due) not in claimed:
                taken = await self._take_over_on(connection, schedule_id, due)
                if taken is not None:
                    claimed[(schedule_id, due)] = (taken, True)
        return claimed

    async def _breaks_near(
        self,
        connection: AsyncConnection,
        communities: list[int],
        batch: list[tuple[ScheduleInfo, datetime]],
    ) -> dict[int, list[tuple[date, date]]]:
        earliest = min(due for _, due in batch).date() - timedelta(days=1)
        latest = max(due for _, due in batch).date() + timedelta(days=1)
        query = select(Break.community_id, Break.starts_on, Break.ends_on).where(
            Break.community_id.in_(communities),
            Break.starts_on <= latest,
            Break.ends_on >= earliest,
        )
        found: dict[int, list[tuple[date, date]]] = {}
        for row in (await connection.execute(query)).all():
            found.setdefault(row.community_id, []).append((row.starts_on, row.ends_on))
        return found

    async def _claim_on(
        self, connection: AsyncConnection, schedule_id: int, due: datetime
    ) -> int | None:
        now = self._clock.now()
        claimed = await self._insert_new(
            connection, schedule_id, due, status=CLAIMED, lease_until=now + self._lease
        )
        if claimed is not None:
            return claimed
        return await self._take_over_on(connection, schedule_id, due)

    async def _take_over_on(
        self, connection: AsyncConnection, schedule_id: int, due: datetime
    ) -> int | None:
        """Take over a claim whose lease ran out (its process died); only one process can."""
        now = self._clock.now()
        taken = await connection.execute(
            update(Occurrence)
            .where(
                Occurrence.schedule_id == schedule_id,
                Occurrence.due_at == due,
                Occurrence.status == CLAIMED,
                Occurrence.lease_until < now,
            )
            .values(lease_until=now + self._lease, updated_at=now)
            .returning(Occurrence.id)
        )
        taken_over = taken.scalar_one_or_none()
        return None if taken_over is None else int(taken_over)

    async def entry(self, schedule_id: int, due: datetime) -> Entry | None:
        """Return the ledger's row for the occurrence, if any."""
        query = select(
            Occurrence.id, Occurrence.due_at, Occurrence.status, Occurrence.lease_until
        ).where(Occurrence.schedule_id == schedule_id, Occurrence.due_at == due)
        async with self._database.reading() as connection:
            row = (await connection.execute(query)).one_or_none()
        return None if row is None else Entry(*row)

    async def keep_message(self, occurrence_id: int, message_id: str) -> None:
        """Keep the platform's id of the occurrence's post, at once, in its own commit.

        Posts made together (a burst) keep theirs in one transaction.
        """
        await self._keeping.submit((occurrence_id, message_id))

    async def _keep_batch(self, batch: list[tuple[int, str]]) -> list[None]:
        async with self._database.writing() as connection:
            await connection.execute(
                update(Occurrence)
                .where(Occurrence.id == bindparam("occurrence"))
                .values(message_id=bindparam("message")),
                [{"occurrence": occurrence, "message": message} for occurrence, message in batch],
            )
        return [None] * len(batch)

    async def message_of(self, occurrence_id: int) -> str | None:
        """Return the platform's id of the occurrence's post, if one was made and kept."""
        query = select(Occurrence.message_id).where(Occurrence.id == occurrence_id)
        async with self._database.reading() as connection:
            return (await connection.execute(query)).scalar_one_or_none()

    async def extend(self, occurrence_id: int, until: datetime, attempts: int) -> None:
        """Keep the claim until `until` (a retry is waiting) and count the attempts so far."""
        await self._update(
            occurrence_id, lease_until=until + self._lease, attempts=attempts, status=CLAIMED
        )

    async def finish(self, occurrence_id: int, status: str, detail: str | None = None) -> None:
        """Close the occurrence as done or failed."""
        await self._update(occurrence_id, status=status, lease_until=None, detail=_cut(detail))

    async def finish_on(
        self, connection: AsyncConnection, occurrence_id: int, status: str, detail: str | None
    ) -> None:
        """Close the occurrence inside the caller's transaction (the one recording the work)."""
        await connection.execute(
            update(Occurrence)
            .where(Occurrence.id == occurrence_id)
            .values(
                status=status, lease_until=None, detail=_cut(detail), updated_at=self._clock.now()
            )
        )

    async def record(self, schedule_id: int, due: datetime, status: str, detail: str) -> bool:
        """Record an occurrence that will not happen (missed, paused); False if already known."""
        async with self._database.writing() as connection:
            return await self._record_on(connection, schedule_id, due, status, detail)

    async def _record_on(
        self, connection: AsyncConnection, schedule_id: int, due: datetime, status: str, detail: str
    ) -> bool:
        recorded = await self._insert_new(
            connection, schedule_id, due, status=status, detail=_cut(detail)
        )
        return recorded is not None

    async def _insert_new(
        self, connection: AsyncConnection, schedule_id: int, due: datetime, **values: object
    ) -> int | None:
        """Insert the occurrence unless the ledger has it already; return the new row's id."""
        inserted = await connection.execute(
            insert_for(connection)(Occurrence)
            .values(
                schedule_id=schedule_id,
                due_at=due,
                attempts=0,
                updated_at=self._clock.now(),
                **values,
            )
            .on_conflict_do_nothing(index_elements=["schedule_id", "due_at"])
            .returning(Occurrence.id)
        )
        new_id = inserted.scalar_one_or_none()
        return None if new_id is None else int(new_id)

    async def abandon_stale(self, schedule_id: int, before: datetime) -> list[datetime]:
        """Mark claims of occurrences due before `before` whose lease ran out as missed.

        Return their due times, oldest first."""
        now = self._clock.now()
        async with self._database.writing() as connection:
            result = await connection.execute(
                update(Occurrence)
                .where(
                    Occurrence.schedule_id == schedule_id,
                    Occurrence.due_at < before,
                    Occurrence.status == CLAIMED,
                    Occurrence.lease_until < now,
                )
                .values(status=MISSED, lease_until=None, updated_at=now, detail=NEVER_FINISHED)
                .returning(Occurrence.due_at)
            )
            return sorted(result.scalars())

    async def latest(self, platform: str) -> dict[int, Entry]:
        """Return the newest ledger row of every schedule of `platform`'s communities, at once."""
        newest = (
            select(Occurrence.schedule_id, func.max(Occurrence.due_at).label("due_at"))
            .join(Schedule, Schedule.id == Occurrence.schedule_id)
            .join(Community, Community.id == Schedule.community_id)
            .where(Community.platform == platform)
            .group_by(Occurrence.schedule_id)
            .subquery()
        )
        query = select(
            Occurrence.schedule_id,
            Occurrence.id,
            Occurrence.due_at,
            Occurrence.status,
            Occurrence.lease_until,
        ).join(
            newest,
            (newest.c.schedule_id == Occurrence.schedule_id)
            & (newest.c.due_at == Occurrence.due_at),
        )
        async with self._database.reading() as connection:
            rows = (await connection.execute(query)).all()
        return {
            row.schedule_id: Entry(row.id, row.due_at, row.status, row.lease_until) for row in rows
        }

    async def statuses(self, schedule_id: int) -> list[tuple[datetime, str]]:
        """Return every (due time, status) of a schedule, oldest first."""
        query = (
            select(Occurrence.due_at, Occurrence.status)
            .where(Occurrence.schedule_id == schedule_id)
            .order_by(Occurrence.due_at)
        )
        async with self._database.reading() as connection:
            return [(row.due_at, row.status) for row in (await connection.execute(query)).all()]

    async def _update(self, occurrence_id: int, **values: object) -> None:
        values["updated_at"] = self._clock.now()
        async with self._database.writing() as connection:
            await connection.execute(
                update(Occurrence).where(Occurrence.id == occurrence_id).values(**values)
            )


def _cut(detail: str | None) -> str | None:
    return None if detail is None else detail[:MAX_DETAIL]
