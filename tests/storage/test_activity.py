"""Activity: coalesced in memory, written in one batch, never lost to a failed flush or shutdown."""

from __future__ import annotations

import asyncio
import logging
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select
from sqlalchemy.exc import DBAPIError, OperationalError

from bot.clock import VirtualClock
from bot.events import Actor
from bot.refs import CommunityRef, UserRef
from bot.shared.activity import FLUSH_AT_PENDING, ActivityService
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Member
from tests.conftest import START
from tests.storage.support import on_statements, other_process, statements, writes

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


async def yield_until(condition: Callable[[], bool]) -> None:
    """Let other tasks run (bare yields, no timed sleep) until `condition` holds."""
    for _ in range(1000):
        if condition():
            return
        await asyncio.sleep(0)
    raise AssertionError("the condition never held")


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

    # One statement per table: last-active times, daily counts, first posts.
    assert len(writes(seen)) == 3
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
            await yield_until(lambda: activity.pending() == 0)  # the background flush took it
            closing = asyncio.create_task(activity.close())
            await asyncio.sleep(0)  # a bare yield: close() cancels the waiting flush
        await asyncio.wait_for(closing, timeout=30)

    assert await last_active(any_database, community_id, "u-alice") == at(3)


async def test_a_newer_record_during_an_interrupted_flush_is_kept(
    any_database: Database, members: MemberService, community_id: int
) -> None:
    # The hot path keeps recording while a flush waits on the database. When that flush fails
    # (here: cancelled before it gets a connection), putting its batch back must not overwrite
    # the newer time recorded meanwhile.
    async with other_process(any_database, pool_size=1, max_overflow=0) as narrow:
        activity = ActivityService(narrow, members)
        await activity.record(community_id, ALICE, at(3))

        async with narrow.engine.connect() as only_connection:
            await only_connection.exec_driver_sql("SELECT 1")
            flushing = asyncio.create_task(activity.flush())
            await yield_until(lambda: activity.pending() == 0)  # it took the batch, now waits
            await activity.record(community_id, ALICE, at(9))
            flushing.cancel()
            with pytest.raises(asyncio.CancelledError):
                await flushing
            assert activity.pending() == 1

        assert await activity.flush() == 1
    assert await last_active(any_database, community_id, "u-alice") == at(9)


async def test_a_full_buffer_starts_a_flush_without_waiting_for_the_timer(
    activity: ActivityService, community_id: int, any_database: Database
) -> None:
    actors = [
        Actor(UserRef("console", f"u-{number}"), f"User {number}")
        for number in range(FLUSH_AT_PENDING)
    ]
    async with any_database.engine.begin() as connection:
        await connection.execute(
            insert(Member),
            [
                {
                    "community_id": community_id,
                    "external_id": a.user.id,
                    "display_name": a.display_name,
                }
                for a in actors
            ],
        )

    *first, last = actors
    with statements(any_database) as seen:
        for actor in first:
            await activity.record(community_id, actor, at(1))
    assert writes(seen) == [], "one member short of the limit, nothing is written yet"
    assert activity.pending() == FLUSH_AT_PENDING - 1

    # No timer is running (start() was never called) and nobody calls flush().
    with on_statements([any_database], "UPDATE", 1) as flushing:
        await activity.record(community_id, last, at(2))
        await asyncio.wait_for(flushing.wait(), timeout=30)

    await activity.close()  # waits for that background flush to finish
    async with any_database.session() as session:
        written = await session.execute(
            select(Member.last_active_at.is_not(None)).where(Member.community_id == community_id)
        )
        assert all(written.scalars())
    assert await last_active(any_database, community_id, last.user.id) == at(2)


async def test_the_same_user_in_two_communities_is_tracked_separately(
    activity: ActivityService,
    communities: CommunityService,
    community_id: int,
    any_database: Database,
) -> None:
    elsewhere = await communities.ensure(CommunityRef("console", "elsewhere"))
    await activity.record(community_id, ALICE, at(1))
    await activity.record(elsewhere, ALICE, at(2))

    assert activity.pending() == 2
    assert await activity.flush() == 2
    assert await last_active(any_database, community_id, "u-alice") == at(1)
    assert await last_active(any_database, elsewhere, "u-alice") == at(2)


async def test_a_flush_after_the_database_file_vanished_keeps_the_batch(
    sqlite_database: Database, clock: VirtualClock, tmp_path
) -> None:
    communities = CommunityService(sqlite_database, clock, "UTC")
    community_id = await communities.ensure(CommunityRef("console", "learning-lab"))
    activity = ActivityService(sqlite_database, MemberService(sqlite_database, clock))
    await activity.record(community_id, ALICE, at(4))

    # The file goes away under the bot; the next connection opens a new, empty file there.
    away = tmp_path / "away"
    away.mkdir()
    await sqlite_database.close()
    for path in tmp_path.glob("cohort.db*"):
        shutil.move(path, away / path.name)

    with pytest.raises(OperationalError, match="no such table"):
        await activity.flush()
    assert activity.pending() == 1

    await sqlite_database.close()
    for path in tmp_path.glob("cohort.db*"):
        path.unlink()
    for path in away.iterdir():
        shutil.move(path, tmp_path / path.name)

    assert await activity.flush() == 1
    assert await last_active(sqlite_database, community_id, "u-alice") == at(4)


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

    logger = logging.getLogger("bot.shared.activity")
    watch = Watch()
    logger.addHandler(watch)
    caplog.set_level(logging.DEBUG, logger="bot.shared.activity")
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
