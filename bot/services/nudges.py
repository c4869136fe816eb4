"""The nudge ledger: each nudge is claimed in the database before it is sent.

The claim is a conditional UPDATE of the member's `participation.last_nudged_at` (only if they
are still quiet, not opted out, not snoozed, not nudged in this quiet spell nor within the
cooldown) plus a `nudges` row, in one transaction: of two processes, or a sweep run again after
a crash, exactly one wins.

A send that fails for a transient reason (a 429, a 5xx, a dropped connection) is put back: the
nudge waits as `retry`, the member's `last_nudged_at` returns to their previous nudge, and the
next sweep claims the same nudge again and, where the platform can tell (Slack, the console),
first looks for it in the member's DM, in case it was delivered before its answer was lost. A
refusal for good (DMs closed) is recorded as `refused`; the member counts as checked on for
this quiet spell.

A claim whose send never completed (the process died between claiming and sending) is NOT sent
again: the platform may have delivered it before the crash, and a second nudge is worse than a
missed one. After `CLAIM_LEASE` such claims are marked `unknown` and logged; the member counts as
nudged for this quiet spell, like everyone else (at most once).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select, update

from bot.clock import Clock
from bot.errors import NotFoundError, UserFacingError
from bot.services.participation import upsert
from bot.services.quiet import nudgeable, quiet_since
from bot.storage.database import Database, insert_for
from bot.storage.models import Community, Member, Nudge, Participation

log = logging.getLogger(__name__)

CLAIMED, SENT, FAILED, UNKNOWN = "claimed", "sent", "failed", "unknown"
RETRY, REFUSED = "retry", "refused"
_NUDGED = (SENT, FAILED, UNKNOWN, REFUSED)
"""Statuses that count as the member having been nudged (for the cooldown)."""
OUTCOMES = ("fine", "snooze", "pair", "host")
CLAIM_LEASE = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class NudgeClaim:
    """A claimed nudge; `again` when an earlier send of it failed (it may have arrived)."""

    id: int
    again: bool = False


@dataclass(frozen=True, slots=True)
class NudgeInfo:
    """A nudge as its buttons need it: whose it is, in which community."""

    id: int
    community_id: int
    member_id: int
    outcome: str | None


class NudgeLedger:
    """Claims, closes and answers nudges."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    async def claim(
        self, community_id: int, member_id: int, quiet_days: int, cooldown: timedelta
    ) -> NudgeClaim | None:
        """Claim a nudge for a member who may still be nudged, or None.

        A nudge of theirs waiting to be tried again is claimed again rather than a new one.
        """
        now = self._clock.now()
        still_quiet = (
            select(Member.id)
            .where(Member.id == member_id, quiet_since(now - timedelta(days=quiet_days)))
            .exists()
        )
        async with self._database.writing() as connection:
            await connection.execute(
                insert_for(connection)(Participation)
                .values(member_id=member_id, community_id=community_id)
                .on_conflict_do_nothing()
            )
            won = await connection.execute(
                update(Participation)
                .where(Participation.member_id == member_id, nudgeable(now, cooldown), still_quiet)
                .values(last_nudged_at=now)
                .returning(Participation.member_id)
            )
            if won.first() is None:
                return None
            again = await connection.execute(
                update(Nudge)
                .where(Nudge.member_id == member_id, Nudge.status == RETRY)
                .values(status=CLAIMED, claimed_at=now)
                .returning(Nudge.id)
            )
            retried = again.scalars().first()
            if retried is not None:
                return NudgeClaim(int(retried), again=True)
            created = await connection.execute(
                insert_for(connection)(Nudge)
                .values(
                    community_id=community_id,
                    member_id=member_id,
                    status=CLAIMED,
                    claimed_at=now,
                )
                .returning(Nudge.id)
            )
            return NudgeClaim(int(created.scalar_one()))

    async def close(self, nudge_id: int, status: str) -> None:
        """Record how a claimed nudge's send ended: `sent`, `refused`, `retry` or `unknown`.

        `retry` also gives the member back the time of their previous nudge, so the next
        sweep may claim this one again instead of the member waiting out the cooldown.
        """
        values: dict[str, object] = {"status": status}
        if status == SENT:
            values["sent_at"] = self._clock.now()
        async with self._database.writing() as connection:
            closed = await connection.execute(
                update(Nudge)
                .where(Nudge.id == nudge_id)
                .values(**values)
                .returning(Nudge.member_id)
            )
            member_id = closed.scalar_one()
            if status == RETRY:
                previous = (
                    select(func.max(Nudge.claimed_at))
                    .where(Nudge.member_id == member_id, Nudge.status.in_(_NUDGED))
                    .scalar_subquery()
                )
                await connection.execute(
                    update(Participation)
                    .where(Participation.member_id == member_id)
                    .values(last_nudged_at=previous)
                )

    async def expire_stale_claims(self, community_ids: list[int]) -> int:
        """Mark claims older than the lease `unknown` (never re-sent); return how many."""
        cutoff = self._clock.now() - CLAIM_LEASE
        async with self._database.writing() as connection:
            stale = await connection.execute(
                update(Nudge)
                .where(
                    Nudge.community_id.in_(community_ids),
                    Nudge.status == CLAIMED,
                    Nudge.claimed_at <= cutoff,
                )
                .values(status=UNKNOWN)
                .returning(Nudge.id)
            )
            ids = list(stale.scalars())
        if ids:
            log.warning(
                "%d nudge(s) were claimed but never confirmed sent (a crash mid-send); they are "
                "not sent again: %s",
                len(ids),
                ids[:20],
            )
        return len(ids)

    async def next_stale(self, platform: str) -> datetime | None:
        """Return when the oldest claim still open on `platform` goes stale (None: none open)."""
        query = (
            select(func.min(Nudge.claimed_at))
            .select_from(Nudge)
            .join(Community, Community.id == Nudge.community_id)
            .where(Community.platform == platform, Nudge.status == CLAIMED)
        )
        async with self._database.reading() as connection:
            oldest: datetime | None = (await connection.execute(query)).scalar_one()
        return None if oldest is None else oldest + CLAIM_LEASE

    async def get(self, nudge_id: int, community_id: int) -> NudgeInfo:
        """Return a nudge of the community, or raise NotFoundError."""
        query = select(Nudge.id, Nudge.community_id, Nudge.member_id, Nudge.outcome).where(
            Nudge.id == nudge_id, Nudge.community_id == community_id
        )
        async with self._database.reading() as connection:
            row = (await connection.execute(query)).one_or_none()
        if row is None:
            raise NotFoundError("This check-in is no longer on record.")
        return NudgeInfo(*row)

    async def answer(self, nudge: NudgeInfo, member_id: int, outcome: str) -> None:
        """Record the member's answer to their nudge (a later answer replaces an earlier one)."""
        if nudge.member_id != member_id:
            raise UserFacingError("This check-in was meant for someone else.")
        if outcome not in OUTCOMES:
            raise UserFacingError("This button is not one Cohort made.")
        async with self._database.writing() as connection:
            await connection.execute(
                update(Nudge)
                .where(Nudge.id == nudge.id)
                .values(outcome=outcome, answered_at=self._clock.now())
            )

    async def snooze(self, community_id: int, member_id: int, days: int) -> datetime:
        """Send the member no nudge for `days` days; return until when."""
        until = self._clock.now() + timedelta(days=days)
        async with self._database.writing() as connection:
            await upsert(connection, community_id, member_id, snoozed_until=until)
        return until

    async def outcomes(self, community_id: int, since: datetime) -> dict[str, int]:
        """Return nudges since `since` by status (`sent`, `retry`, `refused`, ...) and answer."""
        counts: dict[str, int] = {}
        recent = and_(Nudge.community_id == community_id, Nudge.claimed_at >= since)
        by_status = select(Nudge.status, func.count()).where(recent).group_by(Nudge.status)
        by_outcome = (
            select(Nudge.outcome, func.count())
            .where(recent, or_(Nudge.outcome.is_not(None)))
            .group_by(Nudge.outcome)
        )
        async with self._database.reading() as connection:
            for status, count in await connection.execute(by_status):
                counts[status] = count
            for outcome, count in await connection.execute(by_outcome):
                counts[f"answer:{outcome}"] = count
        return counts
