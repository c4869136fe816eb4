"""The one check that an id read from a request belongs to the session's community."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.storage.database import Database

Owned = Any
"""A mapped table with an integer `id` and a `community_id` (Topic, ModFlag, Cohort, ...)."""


async def belongs_to(
    database: Database, table: Owned, raw_id: str | int | None, community_id: int
) -> int | None:
    """Return `raw_id` as an int if `table` has that row in `community_id`; None otherwise.

    Anything that is not a plain decimal id is None too, so a handler never queries with it.
    """
    text = str(raw_id).strip() if raw_id is not None else ""
    if not text.isascii() or not text.isdecimal() or len(text) > 18:
        return None
    wanted = int(text)
    async with database.reading() as connection:
        found = await connection.execute(
            select(table.id).where(table.id == wanted, table.community_id == community_id)
        )
        return wanted if found.first() is not None else None
