"""A recurring session's next occurrence, made when the current one starts.

Its slot keeps the series' wall time in the community's zone (a weekly session at 18:00 stays at
18:00 across daylight-saving changes). A slot on a community break, outside the cohort's term or
of an archived cohort is skipped: breaks and terms pause recurring sessions. The occurrence is
one row per (series, slot), so of several processes exactly one inserts it and posts its card.
A date a host skipped ahead of time is a cancelled row in its slot (`changes.py`): the
occurrence before it makes nothing, and the skipped row's own timer makes the one after.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.cohorts import CohortInfo, CohortService
from bot.platform import Platform
from bot.sessions import store
from bot.sessions.model import SessionInfo
from bot.sessions.service import SessionService
from bot.shared.breaks import BreakDates, BreakService
from bot.shared.communities import CommunityService
from bot.shared.terms import week_of
from bot.storage.database import Database

MAX_SKIPPED = 60
"""Slots looked at past a long pause before the series waits (a year of weekly breaks)."""


class SeriesFollower:
    """Makes each series' next occurrence, with its card and timers."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        sessions: SessionService,
        calendar: tuple[CommunityService, BreakService],
        cohorts: CohortService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._sessions = sessions
        self._communities, self._breaks = calendar
        self._cohorts = cohorts

    async def next_occurrence(self, current: SessionInfo, platform: Platform) -> None:
        """Insert the occurrence after `current` (if nobody has) and post its card."""
        assert current.series_id is not None
        async with self._database.reading() as connection:
            latest = await store.latest_of_series(connection, current.series_id)
        if latest is None or latest.series_ended:
            return
        pattern = await self._pattern(current)
        slot = None if pattern is None else pattern.after(current.slot)
        if slot is None:
            return
        async with self._database.writing() as connection:
            if await store.followed(connection, current.series_id, current.slot, slot):
                return  # made already, or skipped ahead of time (a cancelled row in its slot)
            session_id = await store.add_session(
                connection,
                community_id=current.community_id,
                cohort_id=current.cohort_id,
                series_id=current.series_id,
                title=current.title,
                slot=slot,
                starts_at=slot,
                minutes=current.minutes,
                channel_external_id=current.channel_id,
                created_at=self._clock.now(),
            )
        if session_id is None:
            return  # another process made it
        made = await self._sessions.get(current.community_id, session_id)
        await self._sessions.post_card(platform, made)
        self._sessions.timers.arm(made, platform)

    async def slots_until(self, latest: SessionInfo, last_day: date) -> list[datetime]:
        """Return the series' slots after its `latest` occurrence, up to `last_day` (local)."""
        pattern = await self._pattern(latest)
        found: list[datetime] = []
        slot: datetime | None = latest.slot
        while pattern is not None and slot is not None:
            slot = pattern.after(slot)
            if slot is None or slot.astimezone(pattern.zone).date() > last_day:
                break
            found.append(slot)
        return found

    async def _pattern(self, session: SessionInfo) -> _Pattern | None:
        cohort = None if session.cohort_id is None else await self._cohorts.get(session.cohort_id)
        if cohort is not None and cohort.archived:
            return None
        return _Pattern(
            ZoneInfo(await self._communities.timezone(session.community_id)),
            session.every_weeks or 1,
            await self._breaks.list(session.community_id),
            cohort,
        )


@dataclass(frozen=True, slots=True)
class _Pattern:
    """Where a series' occurrences fall: every `every` weeks at one wall time, paused dates
    passed over."""

    zone: ZoneInfo
    every: int
    breaks: Sequence[BreakDates]
    cohort: CohortInfo | None

    def after(self, slot: datetime) -> datetime | None:
        """Return the slot after `slot`, or None past a long pause."""
        wall = slot.astimezone(self.zone).replace(tzinfo=None)
        for step in range(1, MAX_SKIPPED + 1):
            candidate = wall + timedelta(weeks=self.every * step)
            if not _paused(candidate.date(), self.breaks, self.cohort):
                return candidate.replace(tzinfo=self.zone).astimezone(UTC)
        return None


def _paused(day: date, breaks: Sequence[BreakDates], cohort: CohortInfo | None) -> bool:
    if any(one.covers(day) for one in breaks):
        return True
    if cohort is None or cohort.term is None:
        return False
    return not week_of(cohort.term, breaks, day).active
