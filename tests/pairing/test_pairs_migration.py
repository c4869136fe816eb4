"""Migration 0013 fills `buddy_pairs` from the groups already held: a database seeded at 0012
with many rounds, upgraded, holds exactly what the old self-join read (SQLite and PostgreSQL)."""

from __future__ import annotations

import random

from sqlalchemy import select

from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import BuddyPair
from tests.pairing.history_support import (
    community_with_members,
    insert_groups,
    random_groups,
    self_join_history,
)

BEFORE_PAIRS = "0012"


async def test_upgrading_fills_the_pairs_table_with_what_the_self_join_read(
    empty_database: Database,
) -> None:
    await migrate.upgrade(empty_database, BEFORE_PAIRS)
    rng = random.Random(13)
    async with empty_database.writing() as connection:
        first, first_ids = await community_with_members(connection, "first", 21)
        second, second_ids = await community_with_members(connection, "second", 8)
        for number in range(1, 31):
            await insert_groups(connection, first, number, random_groups(first_ids, rng))
        for number in range(1, 4):
            await insert_groups(connection, second, number, random_groups(second_ids, rng))
        expected = {
            community: await self_join_history(connection, community)
            for community in (first, second)
        }

    await migrate.upgrade(empty_database)

    async with empty_database.reading() as connection:
        rows = (await connection.execute(select(BuddyPair.__table__))).all()
    filled = {
        community: {
            (row.first_member_id, row.second_member_id): row.last_round
            for row in rows
            if row.community_id == community
        }
        for community in (first, second)
    }
    assert filled == expected
    assert len(rows) == len(expected[first]) + len(expected[second])
    assert max(expected[first].values()) == 30
    assert len(expected[second]) > 0
