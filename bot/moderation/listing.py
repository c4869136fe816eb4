"""The open flag queue as a list: for the dashboard's moderation page and commands alike.

The cards in the mod-queue channel are the queue on the platform; this reads the same rows,
oldest first, with what each card shows. Acting on one is `FlagQueue.press`, as the card's
buttons do.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from bot.storage.database import Database
from bot.storage.models import Member, ModFlag


@dataclass(frozen=True, slots=True)
class OpenFlag:
    """An unhandled flag: where it came from, about whom, why, and its card's place."""

    id: int
    source: str
    rule: str | None
    reason: str | None
    excerpt: str | None
    author_external_id: str | None
    author_name: str | None
    created_at: datetime
    card_channel_external_id: str | None
    card_message_external_id: str | None


async def open_flags(
    database: Database, community_id: int, *, limit: int = 50, offset: int = 0
) -> tuple[int, list[OpenFlag]]:
    """Return how many flags are unhandled and a page of them, oldest first.

    For the dashboard and /commands alike; `limit` and `offset` page through the queue.
    """
    author = aliased(Member)
    waiting = (ModFlag.community_id == community_id, ModFlag.handled_at.is_(None))
    query = (
        select(
            ModFlag.id,
            ModFlag.source,
            ModFlag.rule,
            ModFlag.reason,
            ModFlag.excerpt,
            author.external_id,
            author.display_name,
            ModFlag.created_at,
            ModFlag.card_channel_external_id,
            ModFlag.card_message_external_id,
        )
        .outerjoin(author, author.id == ModFlag.author_id)
        .where(*waiting)
        .order_by(ModFlag.id)
        .limit(limit)
        .offset(offset)
    )
    async with database.reading() as connection:
        count = (await connection.execute(select(func.count()).where(*waiting))).scalar_one()
        rows = (await connection.execute(query)).all()
    return int(count), [OpenFlag(*tuple(row)) for row in rows]
