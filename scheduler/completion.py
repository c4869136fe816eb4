"""An occurrence's work: its post made once, and "done" recorded with the work itself."""

from __future__ import annotations

import logging

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.messages import OutboundMessage
from bot.platform import Platform
from bot.refs import ChannelRef, MessageRef
from scheduler.ledger import DONE, Ledger

log = logging.getLogger(__name__)


class Completion:
    """Posts an occurrence's message once, and closes it inside the transaction recording it.

    The post's id is kept in the ledger as soon as the platform returns it. `again` (a retry,
    or a claim taken over from a process that died) reads it first, then asks the platform
    for a post made with the occurrence's key whose response was lost, and posts only when
    neither exists.
    """

    def __init__(self, ledger: Ledger, occurrence_id: int, *, again: bool) -> None:
        self._ledger = ledger
        self._occurrence_id = occurrence_id
        self._again = again
        self.recorded = False

    async def __call__(self, connection: AsyncConnection, note: str) -> None:
        await self._ledger.finish_on(connection, self._occurrence_id, DONE, f"posted {note}")
        self.recorded = True

    async def post(
        self, platform: Platform, channel: ChannelRef, message: OutboundMessage
    ) -> MessageRef:
        key = f"cohort:occurrence:{self._occurrence_id}"
        if self._again:
            kept = await self._ledger.message_of(self._occurrence_id)
            found = (
                MessageRef(platform.name, channel.id, kept)
                if kept is not None
                else await platform.find_sent(channel, key)
            )
            if found is not None:
                log.info("occurrence %d was posted before (%s)", self._occurrence_id, found.id)
                if kept is None:
                    await self._ledger.keep_message(self._occurrence_id, found.id)
                return found
        posted = await platform.post(channel, message, key=key)
        await self._ledger.keep_message(self._occurrence_id, posted.id)
        return posted
