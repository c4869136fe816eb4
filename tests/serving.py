"""What a sweep is given in a test of one process: every community of a platform, served."""

from __future__ import annotations

from sqlalchemy import select

from bot.platform import Platform
from bot.serving import Served
from bot.storage.database import Database
from bot.storage.models import Community


async def every_community(database: Database, platform: Platform) -> Served:
    """Return every community of `platform` on the database, each served through `platform`."""
    query = select(Community.id).where(Community.platform == platform.name)
    async with database.reading() as connection:
        ids = list((await connection.execute(query)).scalars())
    return Served(platform, dict.fromkeys(ids, platform))
