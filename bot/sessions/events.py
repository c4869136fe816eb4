"""A session mirrored as the platform's own event (Discord's scheduled events), kept in step.

Where the platform has events (`PlatformEvents`) and the bot may make them, an occurrence gets
one when its card is posted; a move updates it and a cancellation cancels it. The card stays
the truth: a platform fault here is logged and never fails the host's command.
"""

from __future__ import annotations

import logging

from bot.errors import PlatformError
from bot.i18n import _
from bot.platform import EventDetails, Platform, PlatformEvents
from bot.refs import MessageRef
from bot.sessions import store
from bot.sessions.model import SessionInfo
from bot.shared.languages import LanguageService
from bot.storage.database import Database

log = logging.getLogger(__name__)


class EventMirror:
    """Makes, moves and cancels a session's platform event (public: in the community's
    language)."""

    def __init__(self, database: Database, languages: LanguageService) -> None:
        self._database = database
        self._languages = languages

    async def created(self, platform: Platform, session: SessionInfo) -> None:
        """Make the event of an occurrence whose card was just posted (where possible)."""
        if not isinstance(platform, PlatformEvents) or session.event_id:
            return
        details = await self._details(platform, session)
        if details is None:
            return
        try:
            event_id = await platform.schedule_event(details)
        except PlatformError as error:
            log.warning("session %s: no platform event: %s", session.id, error)
            return
        if event_id is not None:
            async with self._database.writing() as connection:
                await store.keep_event(connection, session.id, event_id)

    async def moved(self, platform: Platform, session: SessionInfo) -> None:
        """Give the event the occurrence's new time."""
        if not isinstance(platform, PlatformEvents) or not session.event_id:
            return
        details = await self._details(platform, session)
        if details is None:
            return
        try:
            await platform.update_event(session.event_id, details)
        except PlatformError as error:
            log.warning("session %s: platform event not moved: %s", session.id, error)

    async def cancelled(self, platform: Platform, session: SessionInfo) -> None:
        """Cancel the event of a cancelled occurrence."""
        if not isinstance(platform, PlatformEvents) or not session.event_id:
            return
        details = await self._details(platform, session)
        if details is None:
            return
        try:
            await platform.cancel_event(session.event_id, details.card)
        except PlatformError as error:
            log.warning("session %s: platform event not cancelled: %s", session.id, error)

    async def _details(self, platform: Platform, session: SessionInfo) -> EventDetails | None:
        """Return the event as the community reads it (None: the card is not posted)."""
        if session.card_channel_id is None or session.card_message_id is None:
            return None
        card = MessageRef(platform.name, session.card_channel_id, session.card_message_id)
        async with self._languages.in_community(session.community_id):
            text = _("Session {id}: answer Going, Maybe or Can't go on its card.").format(
                id=session.id
            )
        return EventDetails(session.title, session.starts_at, session.ends_at, text, card)
