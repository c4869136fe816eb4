"""Forgetting a whole community: its row and everything that cascades from it.

`cohort community forget <platform> <id>` (for a Slack workspace that uninstalled the app, a
Discord server the bot left) deletes the community row; the database's `ON DELETE CASCADE`
foreign keys take the rest. What will go is counted first, from the same foreign keys, so the
operator reads what was deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from bot.storage.database import Database
from bot.storage.models import Base, Community


@dataclass(frozen=True, slots=True)
class Forgotten:
    """A community deleted: its row id, and how many rows of each table went with it."""

    community_id: int
    rows: dict[str, int]


async def forget_community(database: Database, platform: str, external_id: str) -> Forgotten | None:
    """Delete the community `platform`/`external_id` and all its data; None if there is none."""
    communities = Base.metadata.tables[Community.__tablename__]
    async with database.writing() as connection:
        found = await connection.execute(
            sa.select(communities.c.id).where(
                communities.c.platform == platform, communities.c.external_id == external_id
            )
        )
        community_id = found.scalar()
        if community_id is None:
            return None
        going = _going_with(communities, communities.c.id == community_id)
        rows: dict[str, int] = {}
        for table, condition in going.items():
            if table is communities:
                continue
            count = sa.select(sa.func.count()).select_from(table).where(condition)
            deleted = int((await connection.execute(count)).scalar() or 0)
            if deleted:
                rows[table.name] = deleted
        await connection.execute(communities.delete().where(communities.c.id == community_id))
    return Forgotten(community_id, rows)


def _going_with(root: sa.Table, condition: sa.ColumnElement[bool]) -> dict[sa.Table, Any]:
    """Return, for each table a delete of `root`'s rows matching `condition` cascades to, the
    condition its deleted rows meet (every ON DELETE CASCADE path, so each row counts once)."""
    conditions: dict[sa.Table, list[Any]] = {root: [condition]}
    for table in Base.metadata.sorted_tables:  # parents before children
        for key in table.foreign_keys:
            parent = key.column.table
            if (key.ondelete or "").upper() != "CASCADE" or parent is table:
                continue
            if parent in conditions:
                parents = sa.select(key.column).where(sa.or_(*conditions[parent]))
                conditions.setdefault(table, []).append(key.parent.in_(parents))
    return {table: sa.or_(*each) for table, each in conditions.items()}
