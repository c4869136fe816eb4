"""Activity: coalesced in memory, written in one batch, never lost to a failed flush or shutdown."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from bot.clock import VirtualClock
from bot.events import Actor
from bot.refs import UserRef
from bot.services.activity import ActivityService
from bot.services.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Member
from tests.conftest import START
from tests.storage.support import count_rows, other_process, statements, writes

ALICE = Actor(UserRef("console", "u-alice"), "Alice")
BOB = Actor(UserRef("console", "u-bob"), "Bob")


def at(minutes: int) -> datetime:
    return START + timedelta(minutes=minutes)


@pytest.fixture
def activity(any_database: Database, members: MemberService) -> ActivityService:
    """The activity service on the test's database."""
    return ActivityService(any_database, members)


async def last_active(database: Database, community_id: int, user_id: str) -> datetime | None:
    """Return what the database holds as the member's last activity."""
    async with database.session() as session:
        query = select(Member.last_active_at).where(
            Member.community_id == community_id, Member.external_id == user_id
        )
        return (await session.execute(query)).scalar_one()


@asynccontextmanager
async def members_table_away(database: Database) -> AsyncIterator[None]:
    """Rename the members table for the block, so every write to it fails, then put it back."""
    async with database.engine.begin() as connection:
        await connection.exec_driver_sql("ALTER TABLE members RENAME TO members_away")
    try:
        yield
    finally:
        async with database.engine.begin() as connection:
            await connection.exec_driver_sql("ALTER TABLE members_away RENAME TO members")


async def test_records_for_one_member_coalesce_to_the_newest_time(
    activity: ActivityService, community_id: int, any_database: Database
) -> None:
    for minutes in (3, 9, 1, 7, 9, 2):
        await activity.record(community_id, ALICE, at(minutes))

    assert activity.pending() == 1
    assert await activity.flush() == 1
    assert await last_active(any_database, community_id, "u-alice") == at(9)


async def test_an_older_time_never_replaces_a_newer_one_in_memory(
    activity: ActivityService, community_id: int, any_database: Database
) -> None:
    await activity.record(community_id, ALICE, at(10))
    await activity.record(community_id, ALICE, at(5))
    await activity.flush()
    assert await last_active(any_database, community_id, "u-alice") == at(10)


async def test_an_older_time_never_replaces_a_newer_one_in_the_database(
    activity: ActivityService,
    members: MemberService,
    community_id: int,
    any_database: Database,
    clock: VirtualClock,
) -> None:
    await activity.record(community_id, ALICE, at(10))
    await activity.flush()

    # A late, older record (out-of-order delivery, or another process that lagged behind).
    await activity.record(community_id, ALICE, at(4))
    assert await activity.flush() == 1
    assert await last_active(any_database, community_id, "u-alice") == at(10)

    async with other_process(any_database) as second_database:
        elsewhere = ActivityService(second_database, MemberService(second_database, clock))
        await elsewhere.record(community_id, ALICE, at(6))
        await elsewhere.flush()
    assert await last_active(any_database, community_id, "u-alice") == at(10)

    await activity.record(community_id, ALICE, at(11))
    await activity.flush()
    assert await last_active(any_database, community_id, "u-alice") == at(11)


async def test_nothing_is_written_before_flush(
    activity: ActivityService, community_id: int, any_database: Database
) -> None:
    # First sight creates each member's row; after that, recording is memory only.
    await activity.record(community_id, ALICE, at(0))
    await activity.record(community_id, BOB, at(0))
    with statements(any_database) as seen:
        for minutes in range(1, 50):
            await activity.record(community_id, ALICE, at(minutes))
            await activity.record(community_id, BOB, at(minutes))

    assert seen == []
    assert await last_active(any_database, community_id, "u-alice") is None
    assert await last_active(any_database, community_id, "u-bob") is None
    assert activity.pending() == 2


async def test_flush_writes_every_member_in_one_statement(
    activity: ActivityService, members: MemberService, community_id: int, any_database: Database
) -> None:
    actors = [Actor(UserRef("console", f"u-{number}"), f"User {number}") for number in range(25)]
    for number, actor in enumerate(actors):
        await activity.record(community_id, actor, at(number))

    with statements(any_database) as seen:
        assert await activity.flush() == len(actors)

    assert len(writes(seen)) == 1
    assert activity.pending() == 0
    for number, actor in enumerate(actors):
        assert await last_active(any_database, community_id, actor.user.id) == at(number)


async def test_flush_with_nothing_pending_touches_nothing(
    activity: ActivityService, any_database: Database
) -> None:
    with statements(any_database) as seen:
        assert await activity.flush() == 0
    assert seen == []


async def test_close_flushes_what_is_left(
    any_database: Database, members: MemberService, community_id: int
) -> None:
    activity = ActivityService(any_database, members)
    activity.start()
    await activity.record(community_id, ALICE, at(1))
    await activity.record(community_id, BOB, at(2))

    await activity.close()

    assert activity.pending() == 0
    assert await last_active(any_database, community_id, "u-alice") == at(1)
    assert await last_active(any_database, community_id, "u-bob") == at(2)


async def test_close_without_start_still_flushes(
    activity: ActivityService, community_id: int, any_database: Database
) -> None:
    await activity.record(community_id, ALICE, at(1))
    await activity.close()
    assert await last_active(any_database, community_id, "u-alice") == at(1)


async def test_a_failed_flush_keeps_the_batch_for_the_next_one(
    activity: ActivityService, community_id: int, any_database: Database
) -> None:
    await activity.record(community_id, ALICE, at(5))
    await activity.record(community_id, BOB, at(5))

    async with members_table_away(any_database):
        with pytest.raises(DBAPIError):
            await activity.flush()
        assert activity.pending() == 2
        # Records arriving while the database is away merge with the kept batch as usual.
        await activity.record(community_id, ALICE, at(8))
        await activity.record(community_id, BOB, at(2))
        with pytest.raises(DBAPIError):
            await activity.flush()
        assert activity.pending() == 2

    assert await activity.flush() == 2
    assert activity.pending() == 0
    assert await last_active(any_database, community_id, "u-alice") == at(8)
    assert await last_active(any_database, community_id, "u-bob") == at(5)


async def test_close_during_a_background_flush_loses_nothing(
    any_database: Database, members: MemberService, community_id: int
) -> None:
    # The background flush takes the batch out of memory and then waits for a connection;
    # close() cancels it right there. The batch must survive for close()'s own flush.
    async with other_process(any_database, pool_size=1, max_overflow=0) as narrow:
        activity = ActivityService(narrow, members, flush_seconds=0)
        await activity.record(community_id, ALICE, at(3))

        async with narrow.engine.connect() as only_connection:
            await only_connection.exec_driver_sql("SELECT 1")
            activity.start()
            for _ in range(1000):
                if activity.pending() == 0:
                    break
                await asyncio.sleep(0)  # a bare yield: let the background flush take the batch
            assert activity.pending() == 0, "the background flush never took the batch"
            closing = asyncio.create_task(activity.close())
            await asyncio.sleep(0)  # a bare yield: close() cancels the waiting flush
        await asyncio.wait_for(closing, timeout=30)

    assert await last_active(any_database, community_id, "u-alice") == at(3)


async def test_the_background_loop_flushes_and_survives_a_failure(
    any_database: Database,
    members: MemberService,
    community_id: int,
    caplog: pytest.LogCaptureFixture,
) -> None:
    failed, flushed = asyncio.Event(), asyncio.Event()

    class Watch(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if "flush failed" in record.getMessage():
                failed.set()
            if record.getMessage().startswith("flushed activity"):
                flushed.set()

    logger = logging.getLogger("bot.services.activity")
    watch = Watch()
    logger.addHandler(watch)
    caplog.set_level(logging.DEBUG, logger="bot.services.activity")
    activity = ActivityService(any_database, members, flush_seconds=0)
    try:
        await activity.record(community_id, ALICE, at(7))
        async with members_table_away(any_database):
            activity.start()
            await asyncio.wait_for(failed.wait(), timeout=30)
        await asyncio.wait_for(flushed.wait(), timeout=30)
        assert await last_active(any_database, community_id, "u-alice") == at(7)
    finally:
        await activity.close()
        logger.removeHandler(watch)


async def test_a_member_forgotten_while_pending_is_not_resurrected(
    activity: ActivityService, members: MemberService, community_id: int, any_database: Database
) -> None:
    await activity.record(community_id, ALICE, at(1))
    await activity.record(community_id, BOB, at(1))
    alice_id = await members.find_id(community_id, "u-alice")

    await members.forget(alice_id)

    assert activity.pending() == 1
    assert await activity.flush() == 1
    assert await count_rows(any_database, Member.__table__) == 1
    assert await last_active(any_database, community_id, "u-bob") == at(1)


async def test_a_member_forgotten_by_another_process_is_not_resurrected(
    activity: ActivityService, community_id: int, any_database: Database, clock: VirtualClock
) -> None:
    await activity.record(community_id, ALICE, at(1))
    async with other_process(any_database) as second_database:
        elsewhere = MemberService(second_database, clock)
        await elsewhere.forget(await elsewhere.find_id(community_id, "u-alice"))

    await activity.flush()

    assert await count_rows(any_database, Member.__table__) == 0


async def test_a_forgotten_member_who_speaks_again_starts_afresh(
    activity: ActivityService, members: MemberService, community_id: int, any_database: Database
) -> None:
    await activity.record(community_id, ALICE, at(1))
    await members.forget(await members.find_id(community_id, "u-alice"))

    await activity.record(community_id, ALICE, at(2))
    await activity.flush()

    assert await count_rows(any_database, Member.__table__) == 1
    assert await last_active(any_database, community_id, "u-alice") == at(2)


async def test_a_member_forgotten_elsewhere_who_speaks_again_is_tracked_after_a_flush(
    activity: ActivityService, community_id: int, any_database: Database, clock: VirtualClock
) -> None:
    await activity.record(community_id, ALICE, at(1))
    await activity.flush()
    async with other_process(any_database) as second_database:
        elsewhere = MemberService(second_database, clock)
        await elsewhere.forget(await elsewhere.find_id(community_id, "u-alice"))

    # After a flush this process no longer trusts the member id it remembered.
    await activity.record(community_id, ALICE, at(5))
    await activity.flush()

    assert await count_rows(any_database, Member.__table__) == 1
    assert await last_active(any_database, community_id, "u-alice") == at(5)
