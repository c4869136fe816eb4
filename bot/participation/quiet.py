"""Quiet members: who has not posted for a while, and who of them may be nudged now.

A member is quiet after `days` without a message or a reaction, once they have been around that
long: joined at least `days` ago, or (joined before Cohort knew them) last active at least `days`
ago. Members who left and bots are never quiet, nor readers: members who said they are just
reading and have not posted since (shown apart, never as a problem). Nudging adds: not opted
out, not snoozed, not nudged in this quiet spell (one kind check-in until they post again) nor
in the last cooldown. The sweep
selects for a whole platform in one query; the claim checks it again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.i18n import _
from bot.participation.store import members as store
from bot.storage.database import Database


@dataclass(frozen=True, slots=True)
class QuietMember:
    """A quiet member, with what a host or the nudge needs to know."""

    id: int
    external_id: str
    display_name: str
    timezone: str | None
    last_active_at: datetime | None
    nudges_off: bool
    last_nudged_at: datetime | None


@dataclass(frozen=True, slots=True)
class QuietTally:
    """How many members are quiet, and how many are readers (apart: never a problem)."""

    quiet: int
    reading: int


DEFAULT_QUIET_DAYS = 14
"""How many days without a message make a member quiet, unless the settings say otherwise."""

JoinPairing = Callable[[int, int], Awaitable[str]]
"""Adds a member (community id, member id) to buddy pairing; returns what to tell them."""


async def pairing_not_available(_community_id: int, _member_id: int) -> str:
    """Answer "Pair me with someone" until buddy pairing is wired in."""
    return _(
        'Buddy pairing isn\'t switched on in this community yet. Tap "Talk to a host" and a '
        "host can introduce you to someone."
    )


class QuietService:
    """Finds quiet members for hosts (`/quiet list`) and for the nudge sweep.

    It owns the quiet-days policy: `default_days` (unset: `DEFAULT_QUIET_DAYS`) is what
    `/quiet list` shows without a number and what the nudge sweep nudges after.
    `join_pairing` is how "Pair me with someone" joins buddy pairing (the composition root
    passes the pairing feature's; the default says pairing is not available yet).
    """

    def __init__(
        self,
        database: Database,
        *,
        default_days: int | None = None,
        join_pairing: JoinPairing = pairing_not_available,
    ) -> None:
        self._database = database
        self.default_days = DEFAULT_QUIET_DAYS if default_days is None else default_days
        self.join_pairing = join_pairing

    async def quiet(
        self,
        community_id: int,
        now: datetime,
        days: int,
        *,
        limit: int | None = None,
        members: Collection[int] | None = None,
    ) -> list[QuietMember]:
        """Return the members (of `members`, None: all) quiet for `days` days, longest quiet
        first."""
        cutoff = now - timedelta(days=days)
        async with self._database.reading() as connection:
            rows = await store.quiet_members(connection, community_id, cutoff, limit, members)
        return [QuietMember(*row) for row in rows]

    async def count_quiet(
        self,
        community_id: int,
        now: datetime,
        days: int,
        *,
        members: Collection[int] | None = None,
    ) -> int:
        """Return how many members (of `members`, None: all) are quiet for `days` days."""
        return (await self.tally(community_id, now, days, members=members)).quiet

    async def tally(
        self,
        community_id: int,
        now: datetime,
        days: int,
        *,
        members: Collection[int] | None = None,
    ) -> QuietTally:
        """Return how many members (of `members`, None: all) are quiet for `days` days, and
        how many are readers (never counted as quiet), in one read."""
        cutoff = now - timedelta(days=days)
        async with self._database.reading() as connection:
            quiet, reading = await store.count_quiet(connection, community_id, cutoff, members)
        return QuietTally(quiet, reading)

    async def candidates(
        self, communities: Collection[int], now: datetime, days: int, cooldown: timedelta
    ) -> list[Candidate]:
        """Return the quiet members who may be nudged now in these communities.

        One query for them all, so an hourly sweep with nothing to do costs one read.
        """
        async with self._database.reading() as connection:
            rows = await store.nudge_candidates(connection, communities, now, days, cooldown)
        values = [tuple(row) for row in rows]
        return [Candidate(v[0], v[1], v[2], QuietMember(*v[3:])) for v in values]

    async def next_candidate(
        self, communities: Collection[int], now: datetime, days: int, cooldown: timedelta
    ) -> datetime | None:
        """Return the earliest moment someone of these communities may be nudged (None: nobody).

        A lower bound, from three minimums in one read: members free to be nudged once quiet
        long enough, snoozes ending, and cooldowns ending for those who posted since their
        nudge. Nobody else becomes nudgeable without a write (a post, a snooze, an opt-in).
        """
        async with self._database.reading() as connection:
            quiet, snooze_ends, nudged_first = await store.nudge_moments(
                connection, communities, now, cooldown
            )
        moments = [
            None if quiet is None else quiet + timedelta(days=days),
            snooze_ends,
            None if nudged_first is None else nudged_first + cooldown,
        ]
        return min((moment for moment in moments if moment is not None), default=None)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A member the sweep may nudge, with their community's platform id and time zone."""

    community_id: int
    community_external_id: str
    community_timezone: str
    member: QuietMember
