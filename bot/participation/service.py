"""Per-member participation settings: nudges on or off, just reading, snoozes, bots."""

from __future__ import annotations

from datetime import datetime

from bot.participation.store.members import upsert
from bot.storage.database import Database


class ParticipationService:
    """Stores members' nudge preferences and marks bots, one upsert each."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def set_nudges(self, community_id: int, member_id: int, *, on: bool) -> None:
        """Turn quiet-member nudges on or off for a member; on also ends "just reading"."""
        if on:
            await self._upsert(community_id, member_id, nudges_off=False, reading_since=None)
        else:
            await self._upsert(community_id, member_id, nudges_off=True)

    async def read_quietly(self, community_id: int, member_id: int, since: datetime) -> None:
        """Mark a member as just reading from `since`: no check-ins until they post again."""
        await self._upsert(community_id, member_id, reading_since=since)

    async def snooze(self, community_id: int, member_id: int, until: datetime) -> None:
        """Send a member no nudge before `until`."""
        await self._upsert(community_id, member_id, snoozed_until=until)

    async def mark_bot(self, community_id: int, member_id: int) -> None:
        """Remember that a member is a bot: bots are never nudged nor counted."""
        await self._upsert(community_id, member_id, is_bot=True)

    async def _upsert(self, community_id: int, member_id: int, **values: object) -> None:
        async with self._database.writing() as connection:
            await upsert(connection, community_id, member_id, **values)
