"""Pairing figures for `/buddy stats` and the digest: rounds, groups, meetings and opt-ins.

The whole community's figures count every round held in it (its own and its cohorts'); a
cohort's count only the cohort's rounds and, of the opt-ins, its members'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, Select, case, exists, func, select, true
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.pairing.checkins import CLOSED, SENT, Answer
from bot.storage.id_lists import id_list
from bot.storage.models import BuddyGroup, BuddyGroupMember, BuddyOptIn, BuddyRound


@dataclass(frozen=True, slots=True)
class PairingStats:
    """A community's (or a cohort's) pairing figures, for `/buddy stats`."""

    rounds: int
    groups: int
    checked_in: int
    met: int
    opted_in: int
    paused: int

    @property
    def meeting_rate(self) -> float | None:
        """Return the share of checked-in groups where someone said they met."""
        return None if not self.checked_in else self.met / self.checked_in


@dataclass(frozen=True, slots=True)
class StatsScope:
    """Whose figures: the community's, or one cohort's with its members' ids."""

    community_id: int
    cohort_id: int | None = None
    members: frozenset[int] | None = None
    """The cohort's member ids (its opt-ins are counted among them); None: everyone."""


async def read_stats(connection: AsyncConnection, scope: StatsScope, now: datetime) -> PairingStats:
    """Return the scope's rounds, groups, check-ins, meetings and opt-ins."""

    async def count(query: Select[int]) -> int:
        return int((await connection.execute(query)).scalar_one())

    rounds_here = _rounds_of(scope)
    groups_here = (BuddyGroup.community_id == scope.community_id) & _groups_of(scope)
    checked = groups_here & BuddyGroup.checkin.in_([SENT, CLOSED])
    opted = BuddyOptIn.community_id == scope.community_id
    if scope.members is not None:
        opted = opted & BuddyOptIn.member_id.in_(id_list(connection, sorted(scope.members)))
    paused = (BuddyOptIn.auto_paused_at.is_not(None)) | (BuddyOptIn.paused_until > now)
    return PairingStats(
        await count(select(func.count()).select_from(BuddyRound).where(rounds_here)),
        await count(select(func.count()).select_from(BuddyGroup).where(groups_here)),
        await count(select(func.count()).select_from(BuddyGroup).where(checked)),
        await count(select(func.count()).select_from(BuddyGroup).where(checked, _met())),
        await count(select(func.count()).select_from(BuddyOptIn).where(opted)),
        await count(select(func.count()).select_from(BuddyOptIn).where(opted, paused)),
    )


def _rounds_of(scope: StatsScope) -> ColumnElement[bool]:
    in_community = BuddyRound.community_id == scope.community_id
    if scope.cohort_id is None:
        return in_community
    return in_community & (BuddyRound.cohort_id == scope.cohort_id)


def _groups_of(scope: StatsScope) -> ColumnElement[bool]:
    if scope.cohort_id is None:
        return true()
    return BuddyGroup.round_id.in_(select(BuddyRound.id).where(_rounds_of(scope)))


async def read_meeting_rate(connection: AsyncConnection, community_id: int) -> float | None:
    """Return the share of the community's checked-in groups where someone said they met
    (None before any check-in), in one read: what `/stats` and the digest show of pairing."""
    query = select(func.count(), func.coalesce(func.sum(case((_met(), 1), else_=0)), 0)).where(
        BuddyGroup.community_id == community_id, BuddyGroup.checkin.in_([SENT, CLOSED])
    )
    checked_in, met_count = (await connection.execute(query)).one()
    return PairingStats(0, 0, int(checked_in), int(met_count), 0, 0).meeting_rate


def _met() -> ColumnElement[bool]:
    """Return the condition "someone in the group said they met" (through the group's index)."""
    return exists().where(
        BuddyGroupMember.group_id == BuddyGroup.id, BuddyGroupMember.answer == Answer.MET.value
    )
