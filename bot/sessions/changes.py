"""Cancelling and moving a session: the card is edited, Going and Maybe are told by DM."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, time

from bot.clock import Clock
from bot.errors import PlatformError, UserFacingError
from bot.i18n import _
from bot.messages import OutboundMessage
from bot.platform import Platform
from bot.refs import UserRef
from bot.sessions import store
from bot.sessions.cards import when_text
from bot.sessions.model import SessionInfo
from bot.sessions.service import SessionService
from bot.sessions.when import local_start
from bot.shared.communities import CommunityService
from bot.storage.database import Database

log = logging.getLogger(__name__)

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
    ) -> None:
        self._database = database
        self._clock = clock
        self._communities = communities
        self._sessions = sessions

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
        async with self._database.reading() as connection:
            people = await store.told_on_change(connection, session.id)
        zone = await self._communities.timezone(session.community_id)
        message = OutboundMessage(words(session, when_text(session, platform, zone)))
        for user_id in people:
            key = f"cohort:session-change:{session.id}:{session.sequence}:{user_id}"[:64]
            try:
                await platform.direct_message(UserRef(platform.name, user_id), message, key=key)
            except PlatformError as error:
                log.warning("session %s: %s not told: %s", session.id, user_id, error)


def _cancelled_text(session: SessionInfo, when: str) -> str:
    return _("{title} on {when} is cancelled.").format(title=session.title, when=when)


def _moved_text(session: SessionInfo, when: str) -> str:
    return _("{title} has moved: it is now {when}.").format(title=session.title, when=when)
