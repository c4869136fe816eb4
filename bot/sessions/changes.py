"""Cancelling and moving a session: the card is edited, Going and Maybe are told by DM."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.errors import PlatformError, UserFacingError
from bot.i18n import _, formats
from bot.messages import OutboundMessage
from bot.platform import Platform
from bot.refs import UserRef
from bot.sessions import store
from bot.sessions.cards import when_text
from bot.sessions.languages import written_for_each
from bot.sessions.model import SessionInfo
from bot.sessions.series import SeriesFollower
from bot.sessions.service import SessionService
from bot.sessions.when import local_start
from bot.shared.communities import CommunityService
from bot.shared.languages import LanguageService
from bot.storage.database import Database

log = logging.getLogger(__name__)

SKIP_AHEAD = timedelta(days=366)
"""How far ahead a host may cancel a date of a series."""

Words = Callable[[SessionInfo, str], str]
"""Writes the DM about a change, given the session and its time as text."""


class SessionChanges:
    """Cancels (one date, or a whole series) and moves sessions."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        communities: CommunityService,
        sessions: SessionService,
        series: SeriesFollower,
        languages: LanguageService,
    ) -> None:
        self._database = database
        self._clock = clock
        self._communities = communities
        self._languages = languages
        self._sessions = sessions
        self._series = series

    async def cancel(
        self, platform: Platform, community_id: int, session_id: int, whole_series: bool
    ) -> list[SessionInfo]:
        """Cancel one occurrence (or, with `whole_series`, end its series and cancel every
        occurrence still to come); return what was cancelled."""
        session = await self._sessions.get(community_id, session_id)
        if whole_series and session.series_id is None:
            raise UserFacingError(
                _(
                    "Session {id} does not repeat; cancel it without all. Nothing was changed."
                ).format(id=session_id)
            )
        if session.cancelled and not whole_series:
            raise UserFacingError(
                _("Session {id} is already cancelled. Nothing was changed.").format(id=session_id)
            )
        if session.ends_at <= self._clock.now():
            raise UserFacingError(_("This session is over. Nothing was changed."))
        now = self._clock.now()
        async with self._database.writing() as connection:
            doomed = [session_id] if not session.cancelled else []
            if whole_series and session.series_id is not None:
                doomed = sorted(
                    set(doomed) | set(await store.end_series(connection, session.series_id, now))
                )
            await store.cancel(connection, doomed, now)
        cancelled = [await self._sessions.get(community_id, one) for one in doomed]
        for one in cancelled:
            self._sessions.timers.disarm(one)
            await self._tell(platform, one, _cancelled_text)
            await self._sessions.refresh_card(one.id, platform)
            await self._sessions.events.cancelled(platform, one)
        return cancelled

    async def cancel_date(
        self, platform: Platform, community_id: int, session_id: int, day: date
    ) -> SessionInfo:
        """Cancel the date `day` (community's zone) of session `session_id`'s series: its
        occurrence if it has one already, else a cancelled one made now in its slot, which the
        series passes over; return the cancelled occurrence."""
        session = await self._sessions.get(community_id, session_id)
        if session.series_id is None:
            raise UserFacingError(
                _(
                    "Session {id} does not repeat; cancel it without a date. Nothing was changed."
                ).format(id=session_id)
            )
        if session.series_ended:
            raise UserFacingError(
                _("The series of session {id} has ended. Nothing was changed.").format(
                    id=session_id
                )
            )
        zone = ZoneInfo(await self._communities.timezone(community_id))
        today = self._clock.now().astimezone(zone).date()
        if day < today:
            raise UserFacingError(
                _("{day} has passed. Nothing was changed.").format(day=formats.day(day))
            )
        async with self._database.reading() as connection:
            occurrences = await store.of_series(connection, session.series_id)
        existing = _on_day(occurrences, day, zone)
        if existing is not None:
            (cancelled,) = await self.cancel(platform, community_id, existing.id, False)
            return cancelled
        return await self._skip_ahead(platform, occurrences[-1], day, zone)

    async def _skip_ahead(
        self, platform: Platform, latest: SessionInfo, day: date, zone: ZoneInfo
    ) -> SessionInfo:
        if day > self._clock.now().astimezone(zone).date() + SKIP_AHEAD:
            raise UserFacingError(
                _(
                    "{day} is more than a year ahead; cancel it nearer the time. "
                    "Nothing was changed."
                ).format(day=formats.day(day))
            )
        slots = await self._series.slots_until(latest, day)
        slot = next((one for one in slots if one.astimezone(zone).date() == day), None)
        if slot is None:
            raise UserFacingError(_not_a_date(day, slots or [latest.slot], zone))
        now = self._clock.now()
        async with self._database.writing() as connection:
            skipped_id = await store.add_session(
                connection,
                community_id=latest.community_id,
                cohort_id=latest.cohort_id,
                series_id=latest.series_id,
                title=latest.title,
                slot=slot,
                starts_at=slot,
                minutes=latest.minutes,
                channel_external_id=latest.channel_id,
                created_at=now,
                cancelled_at=now,
                sequence=1,
            )
        if skipped_id is None:  # the series made that date meanwhile: cancel it as it is
            assert latest.series_id is not None
            async with self._database.reading() as connection:
                made = _on_day(await store.of_series(connection, latest.series_id), day, zone)
            assert made is not None
            (cancelled,) = await self.cancel(platform, latest.community_id, made.id, False)
            return cancelled
        skipped = await self._sessions.get(latest.community_id, skipped_id)
        self._sessions.timers.arm(skipped, platform)  # its timer makes the date after it
        return skipped

    async def move(
        self, platform: Platform, community_id: int, session_id: int, when: tuple[date, time]
    ) -> SessionInfo:
        """Give one occurrence a new start; its reminders follow it."""
        session = await self._sessions.get(community_id, session_id)
        if session.cancelled:
            raise UserFacingError(_("This session was cancelled. Nothing was changed."))
        if session.starts_at <= self._clock.now():
            raise UserFacingError(_("This session has started already. Nothing was changed."))
        zone = await self._communities.timezone(community_id)
        starts_at = local_start(*when, zone, self._clock.now())
        async with self._database.writing() as connection:
            await store.move(connection, session_id, starts_at)
        moved = await self._sessions.get(community_id, session_id)
        self._sessions.timers.arm(moved, platform)
        await self._tell(platform, moved, _moved_text)
        await self._sessions.refresh_card(session_id, platform)
        await self._sessions.events.moved(platform, moved)
        return moved

    async def _tell(self, platform: Platform, session: SessionInfo, words: Words) -> None:
        """DM whoever answered Going or Maybe about the change, each in their own language."""
        async with self._database.reading() as connection:
            people = await store.told_on_change(connection, session.id)
        zone = await self._communities.timezone(session.community_id)
        messages = await written_for_each(
            self._languages,
            session.community_id,
            people,
            lambda: OutboundMessage(words(session, when_text(session, platform, zone))),
        )
        for user_id, message in messages.items():
            key = f"cohort:session-change:{session.id}:{session.sequence}:{user_id}"[:64]
            try:
                await platform.direct_message(UserRef(platform.name, user_id), message, key=key)
            except PlatformError as error:
                log.warning("session %s: %s not told: %s", session.id, user_id, error)


def _on_day(occurrences: list[SessionInfo], day: date, zone: ZoneInfo) -> SessionInfo | None:
    """Return the occurrence the series put on `day`, or one moved there."""
    put = (one for one in occurrences if one.slot.astimezone(zone).date() == day)
    moved = (one for one in occurrences if one.starts_at.astimezone(zone).date() == day)
    return next(put, None) or next(moved, None)


def _not_a_date(day: date, near: list[datetime], zone: ZoneInfo) -> str:
    dates = ", ".join(formats.day(one.astimezone(zone).date()) for one in near[-3:])
    return _(
        "{day} is not a date of this series; its dates just before it: {dates}. "
        "Nothing was changed."
    ).format(day=formats.day(day), dates=dates)


def _cancelled_text(session: SessionInfo, when: str) -> str:
    return _("{title} on {when} is cancelled.").format(title=session.title, when=when)


def _moved_text(session: SessionInfo, when: str) -> str:
    return _("{title} has moved: it is now {when}.").format(title=session.title, when=when)
