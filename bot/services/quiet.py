"""Quiet members: who has not posted for a while, and who of them may be nudged now.

A member is quiet after `days` without a message, once they have been around that long: joined
at least `days` ago, or (joined before Cohort knew them) last active at least `days` ago. Members
who left and bots are never quiet. Nudging adds: not opted out, not snoozed, not nudged in this
quiet spell (one kind check-in until they post again) nor in the last cooldown. The sweep
selects for a whole platform in one query; the claim checks it again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select
from sqlalchemy.orm import aliased

from bot.storage.database import Database
from bot.storage.models import Community, Member, Participation


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


def quiet_since(cutoff: datetime) -> ColumnElement[bool]:
    """Return the condition "no message since `cutoff`, and around since before it"."""
    return or_(
        and_(
            Member.last_active_at <= cutoff,
            or_(Member.joined_at.is_(None), Member.joined_at <= cutoff),
        ),
        and_(Member.last_active_at.is_(None), Member.joined_at <= cutoff),
    )


def nudgeable(now: datetime, cooldown: timedelta) -> ColumnElement[bool]:
    """Return the condition "may be nudged now" (on `participation`, correlated to `member`).

    Not opted out, not snoozed; and either not nudged in this quiet spell (one kind check-in:
    nudged before their last post, if at all) nor within the cooldown, or a snooze just ended
    ("Snooze 2 weeks" means: ask me again in two weeks, even within the cooldown).
    """
    snoozed, nudged = Participation.snoozed_until, Participation.last_nudged_at
    snooze_ended = and_(snoozed <= now, or_(nudged.is_(None), nudged < snoozed))
    # An alias, so that the condition reads the member's row both where `member` is joined (the
    # sweep's candidates) and in the claim's UPDATE of `participation` alone.
    spell = aliased(Member)
    posted_since = (
        select(spell.id)
        .where(spell.id == Participation.member_id, spell.last_active_at > nudged)
        .exists()
    )
    new_spell = or_(nudged.is_(None), and_(nudged <= now - cooldown, posted_since))
    return and_(
        func.coalesce(Participation.nudges_off, false()).is_(false()),
        or_(snoozed.is_(None), snoozed <= now),
        or_(new_spell, snooze_ended),
    )


JoinPairing = Callable[[int, int], Awaitable[str]]
"""Adds a member (community id, member id) to buddy pairing; returns what to tell them."""


async def pairing_not_available(_community_id: int, _member_id: int) -> str:
    """Answer "Pair me with someone" until buddy pairing is wired in."""
    return (
        'Buddy pairing isn\'t switched on in this community yet. Tap "Talk to a host" and a '
        "host can introduce you to someone."
    )


class QuietService:
    """Finds quiet members for hosts (`/quiet list`) and for the nudge sweep.

    `join_pairing` is how "Pair me with someone" joins buddy pairing (the composition root
    passes the pairing feature's; the default says pairing is not available yet).
    """

    def __init__(
        self,
        database: Database,
        *,
        default_days: int = 14,
        join_pairing: JoinPairing = pairing_not_available,
    ) -> None:
        self._database = database
        self.default_days = default_days
        self.join_pairing = join_pairing

    async def quiet(
        self, community_id: int, now: datetime, days: int, *, limit: int | None = None
    ) -> list[QuietMember]:
        """Return the members quiet for `days` days, longest quiet first."""
        return await self._select(community_id, quiet_since(now - timedelta(days=days)), limit)

    async def count_quiet(self, community_id: int, now: datetime, days: int) -> int:
        """Return how many members are quiet for `days` days."""
        query = (
            select(func.count())
            .select_from(Member)
            .outerjoin(Participation, Participation.member_id == Member.id)
            .where(*_present(community_id), quiet_since(now - timedelta(days=days)))
        )
        async with self._database.reading() as connection:
            return int((await connection.execute(query)).scalar_one())

    async def candidates(
        self, platform: str, now: datetime, days: int, cooldown: timedelta
    ) -> list[Candidate]:
        """Return the quiet members who may be nudged now in every community of `platform`.

        One query for the whole platform, so an hourly sweep with nothing to do costs one read.
        """
        query = (
            select(Community.id, Community.external_id, Community.timezone, *_MEMBER_COLUMNS)
            .join(Member, Member.community_id == Community.id)
            .outerjoin(Participation, Participation.member_id == Member.id)
            .where(
                Community.platform == platform,
                Member.left_at.is_(None),
                func.coalesce(Participation.is_bot, false()).is_(false()),
                quiet_since(now - timedelta(days=days)),
                nudgeable(now, cooldown),
            )
            .order_by(Community.id, Member.last_active_at.is_not(None), Member.last_active_at)
        )
        async with self._database.reading() as connection:
            rows = (await connection.execute(query)).all()
        values = [tuple(row) for row in rows]
        return [Candidate(v[0], v[1], v[2], QuietMember(*v[3:])) for v in values]

    async def next_candidate(
        self, platform: str, now: datetime, days: int, cooldown: timedelta
    ) -> datetime | None:
        """Return the earliest moment someone of `platform` may be nudged (None: nobody).

        A lower bound, from three minimums in one read: members free to be nudged once quiet
        long enough, snoozes ending, and cooldowns ending for those who posted since their
        nudge. Nobody else becomes nudgeable without a write (a post, a snooze, an opt-in).
        """
        snoozed, nudged = Participation.snoozed_until, Participation.last_nudged_at
        active, joined = Member.last_active_at, Member.joined_at
        quiet_from = case(
            (active.is_(None), joined), (or_(joined.is_(None), active >= joined), active)
        )
        not_snoozed = or_(snoozed.is_(None), snoozed <= now)
        cooling = and_(not_snoozed, active > nudged, nudged > now - cooldown)
        query = (
            select(
                func.min(case((nudgeable(now, cooldown), quiet_from))),
                func.min(case((snoozed > now, snoozed))),
                func.min(case((cooling, nudged))),
            )
            .select_from(Community)
            .join(Member, Member.community_id == Community.id)
            .outerjoin(Participation, Participation.member_id == Member.id)
            .where(
                Community.platform == platform,
                Member.left_at.is_(None),
                func.coalesce(Participation.is_bot, false()).is_(false()),
                func.coalesce(Participation.nudges_off, false()).is_(false()),
            )
        )
        async with self._database.reading() as connection:
            quiet, snooze_ends, nudged_first = (await connection.execute(query)).one()
        moments = [
            None if quiet is None else quiet + timedelta(days=days),
            snooze_ends,
            None if nudged_first is None else nudged_first + cooldown,
        ]
        return min((moment for moment in moments if moment is not None), default=None)

    async def _select(
        self, community_id: int, condition: ColumnElement[bool], limit: int | None
    ) -> list[QuietMember]:
        query = (
            select(*_MEMBER_COLUMNS)
            .outerjoin(Participation, Participation.member_id == Member.id)
            .where(*_present(community_id), condition)
            .order_by(Member.last_active_at.is_not(None), Member.last_active_at, Member.id)
            .limit(limit)
        )
        async with self._database.reading() as connection:
            rows = (await connection.execute(query)).all()
        return [QuietMember(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A member the sweep may nudge, with their community's platform id and time zone."""

    community_id: int
    community_external_id: str
    community_timezone: str
    member: QuietMember


_MEMBER_COLUMNS = (
    Member.id,
    Member.external_id,
    Member.display_name,
    Member.timezone,
    Member.last_active_at,
    func.coalesce(Participation.nudges_off, false()),
    Participation.last_nudged_at,
)


def _present(community_id: int) -> tuple[ColumnElement[bool], ...]:
    return (
        Member.community_id == community_id,
        Member.left_at.is_(None),
        func.coalesce(Participation.is_bot, false()).is_(false()),
    )
