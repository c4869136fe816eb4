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
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.errors import NotFoundError, UserFacingError
from bot.i18n import _
from bot.ids import NOT_OURS
from bot.participation.store import nudges as store
from bot.participation.store.members import upsert
from bot.participation.store.nudges import CLAIMED as CLAIMED
from bot.participation.store.nudges import FAILED as FAILED
from bot.participation.store.nudges import REFUSED as REFUSED
from bot.participation.store.nudges import RETRY as RETRY
from bot.participation.store.nudges import SENT as SENT
from bot.participation.store.nudges import UNKNOWN as UNKNOWN
from bot.storage.database import Database
from bot.storage.id_lists import Ids

log = logging.getLogger(__name__)

READING = "fine"
"""The answer "I'm fine, just reading" (its stored key predates reading as a status)."""
OUTCOMES = (READING, "snooze", "pair", "host")
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
        async with self._database.writing() as connection:
            cutoff = now - timedelta(days=quiet_days)
            if not await store.take_turn(
                connection, community_id, member_id, now, cutoff, cooldown
            ):
                return None
            retried = await store.reclaim_retry(connection, member_id, now)
            if retried is not None:
                return NudgeClaim(retried, again=True)
            return NudgeClaim(await store.insert_claim(connection, community_id, member_id, now))

    async def close(self, nudge_id: int, status: str) -> None:
        """Record how a claimed nudge's send ended: `sent`, `refused`, `retry` or `unknown`.

        `retry` also gives the member back the time of their previous nudge, so the next
        sweep may claim this one again instead of the member waiting out the cooldown.
        """
        values: dict[str, object] = {"status": status}
        if status == SENT:
            values["sent_at"] = self._clock.now()
        async with self._database.writing() as connection:
            member_id = await store.set_status(connection, nudge_id, values)
            if status == RETRY:
                await store.restore_last_nudged(connection, member_id)

    async def expire_stale_claims(self, community_ids: Collection[int]) -> int:
        """Mark claims older than the lease `unknown` (never re-sent); return how many."""
        cutoff = self._clock.now() - CLAIM_LEASE
        async with self._database.writing() as connection:
            ids = await store.expire_claims(connection, community_ids, cutoff)
        if ids:
            log.warning(
                "nudges claimed but never confirmed sent (a crash mid-send), not sent again: "
                "%d: %s",
                len(ids),
                ids[:20],
            )
        return len(ids)

    async def next_stale(self, communities: Collection[int]) -> datetime | None:
        """Return when the oldest claim still open in these communities goes stale (None:
        none open)."""
        async with self._database.reading() as connection:
            oldest = await store.oldest_claim(connection, communities)
        return None if oldest is None else oldest + CLAIM_LEASE

    async def get(self, nudge_id: int, community_id: int) -> NudgeInfo:
        """Return a nudge of the community, or raise NotFoundError."""
        async with self._database.reading() as connection:
            row = await store.nudge_row(connection, nudge_id, community_id)
        if row is None:
            raise NotFoundError(_("This check-in is no longer on record."))
        return NudgeInfo(*row)

    async def answer(self, nudge: NudgeInfo, member_id: int, outcome: str) -> None:
        """Record the member's answer to their nudge (a later answer replaces an earlier one).

        "Just reading" (`fine`) also makes them a reader, in the same transaction: no more
        check-ins until they post again or say otherwise (`/nudges on`).
        """
        if nudge.member_id != member_id:
            raise UserFacingError(_("This check-in was meant for someone else."))
        if outcome not in OUTCOMES:
            raise UserFacingError(_(NOT_OURS))
        now = self._clock.now()
        async with self._database.writing() as connection:
            await store.record_answer(connection, nudge.id, outcome, now)
            if outcome == READING:
                await upsert(connection, nudge.community_id, member_id, reading_since=now)

    async def snooze(self, community_id: int, member_id: int, days: int) -> datetime:
        """Send the member no nudge for `days` days; return until when."""
        until = self._clock.now() + timedelta(days=days)
        async with self._database.writing() as connection:
            await upsert(connection, community_id, member_id, snoozed_until=until)
        return until

    async def outcomes(
        self, community_id: int, since: datetime, members: Ids | None = None
    ) -> dict[str, int]:
        """Return nudges since `since` (to `members`, None: anyone) by status (`sent`,
        `retry`, `refused`, ...) and answer."""
        async with self._database.reading() as connection:
            return await store.outcome_counts(connection, community_id, since, members)
