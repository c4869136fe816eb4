"""Command syncs: the digest last registered per scope, recorded and replaced."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.clock import VirtualClock
from bot.shared.command_syncs import CommandSyncService
from bot.storage.database import Database
from bot.storage.models import CommandSync
from tests.storage.support import count_rows, other_process


@pytest.fixture
def syncs(any_database: Database, clock: VirtualClock) -> CommandSyncService:
    """The command sync service on the test's database."""
    return CommandSyncService(any_database, clock)


async def _synced_at(database: Database, scope: str) -> datetime:
    async with database.session() as session:
        return (await session.get_one(CommandSync, scope)).synced_at


async def test_a_scope_never_synced_has_no_digest(syncs: CommandSyncService) -> None:
    assert await syncs.digest("discord:global") is None


async def test_a_recorded_digest_is_read_back_with_the_time(
    syncs: CommandSyncService, any_database: Database, clock: VirtualClock
) -> None:
    await syncs.record("discord:global", "a" * 64)

    assert await syncs.digest("discord:global") == "a" * 64
    assert await _synced_at(any_database, "discord:global") == clock.now()


async def test_recording_again_replaces_the_digest_and_time(
    syncs: CommandSyncService, any_database: Database, clock: VirtualClock
) -> None:
    await syncs.record("discord:global", "old")
    await clock.advance_to(clock.now() + timedelta(hours=1))

    await syncs.record("discord:global", "new")

    assert await syncs.digest("discord:global") == "new"
    assert await _synced_at(any_database, "discord:global") == clock.now()
    assert await count_rows(any_database, CommandSync.__table__) == 1


async def test_scopes_are_kept_apart(syncs: CommandSyncService) -> None:
    await syncs.record("discord:global", "global")
    await syncs.record("discord:guild:123", "guild")

    assert await syncs.digest("discord:global") == "global"
    assert await syncs.digest("discord:guild:123") == "guild"
    assert await syncs.digest("discord:guild:456") is None


async def test_another_process_sees_the_record_and_may_replace_it(
    syncs: CommandSyncService, any_database: Database, clock: VirtualClock
) -> None:
    await syncs.record("discord:global", "first")

    async with other_process(any_database) as other:
        theirs = CommandSyncService(other, clock)
        assert await theirs.digest("discord:global") == "first"
        await theirs.record("discord:global", "second")

    assert await syncs.digest("discord:global") == "second"
