"""The write count the router uses to tell a person whether a failed command changed anything."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from bot.errors import UserFacingError
from bot.shared.guidelines import GuidelinesService
from bot.storage.database import Database
from bot.storage.writes import counting_writes


async def test_reads_count_nothing_and_committed_writes_count_once_each(
    any_database: Database, community_id: int
) -> None:
    guidelines = GuidelinesService(any_database)
    with counting_writes() as writes:
        assert await guidelines.rules(community_id) == []
        assert writes.committed == 0, "a read-only transaction changed nothing"
        await guidelines.add(community_id, "Be kind")
        assert writes.committed == 1
        await asyncio.create_task(guidelines.add(community_id, "Ask for help"))
        assert writes.committed == 2, "a task started while counting is counted too"
    await guidelines.add(community_id, "Stay on topic")
    assert writes.committed == 2, "nothing counts once the count is over"


async def test_a_write_rolled_back_counts_nothing(
    any_database: Database, community_id: int
) -> None:
    guidelines = GuidelinesService(any_database)
    await guidelines.add(community_id, "Be kind")
    with counting_writes() as writes:
        with pytest.raises(UserFacingError):
            await guidelines.remove(community_id, 5)
        with pytest.raises(RuntimeError):
            await _delete_all_then_fail(any_database)
    assert writes.committed == 0
    assert await guidelines.rules(community_id) == ["Be kind"]


async def _delete_all_then_fail(database: Database) -> None:
    async with database.writing() as connection:
        await connection.execute(text("DELETE FROM guidelines"))
        raise RuntimeError("the work failed half-way")
