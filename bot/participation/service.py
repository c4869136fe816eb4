"""Per-member participation settings: nudges on or off, snoozes, bots."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.storage.database import Database, insert_for
from bot.storage.models import Participation


class ParticipationService:
    """Stores members' nudge preferences and marks bots, one upsert each."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def set_nudges(self, community_id: int, member_id: int, *, on: bool) -> None:
        """Turn quiet-member nudges on or off for a member."""
        await self._upsert(community_id, member_id, nudges_off=not on)

    async def snooze(self, community_id: int, member_id: int, until: datetime) -> None:
        """Send a member no nudge before `until`."""
        await self._upsert(community_id, member_id, snoozed_until=until)

    async def mark_bot(self, community_id: int, member_id: int) -> None:
        """Remember that a member is a bot: bots are never nudged nor counted."""
        await self._upsert(community_id, member_id, is_bot=True)

    async def _upsert(self, community_id: int, member_id: int, **values: object) -> None:
        async with self._database.writing() as connection:
            await upsert(connection, community_id, member_id, **values)


async def upsert(
    connection: AsyncConnection, community_id: int, member_id: int, **values: object
) -> None:
    """Create the member's participation row with `values`, or set them on the existing one."""
    insert = insert_for(connection)(Participation).values(
        member_id=member_id, community_id=community_id, **values
    )
    await connection.execute(
        insert.on_conflict_do_update(index_elements=["member_id"], set_=values)
    )
