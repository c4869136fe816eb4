"""A recurring session's next occurrence, made when the current one starts.

Its slot keeps the series' wall time in the community's zone (a weekly session at 18:00 stays at
18:00 across daylight-saving changes). A slot on a community break, outside the cohort's term or
of an archived cohort is skipped: breaks and terms pause recurring sessions. The occurrence is
one row per (series, slot), so of several processes exactly one inserts it and posts its card.
"""

from __future__ import annotations

from collections.abc import Sequence
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
        if latest is None or latest.series_ended or latest.slot > current.slot:
            return  # ended, or the next one exists already
        slot = await self._next_slot(current)
        if slot is None:
            return
        async with self._database.writing() as connection:
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

    async def _next_slot(self, current: SessionInfo) -> datetime | None:
        zone = ZoneInfo(await self._communities.timezone(current.community_id))
        wall = current.slot.astimezone(zone).replace(tzinfo=None)
        breaks = await self._breaks.list(current.community_id)
        cohort = None if current.cohort_id is None else await self._cohorts.get(current.cohort_id)
        if cohort is not None and cohort.archived:
            return None
        for step in range(1, MAX_SKIPPED + 1):
            candidate = wall + timedelta(weeks=(current.every_weeks or 1) * step)
            if not _paused(candidate.date(), breaks, cohort):
                return candidate.replace(tzinfo=zone).astimezone(UTC)
        return None


def _paused(day: date, breaks: Sequence[BreakDates], cohort: CohortInfo | None) -> bool:
    if any(one.covers(day) for one in breaks):
        return True
    if cohort is None or cohort.term is None:
        return False
    return not week_of(cohort.term, breaks, day).active
