"""Migration 0019 adds announcements, their reads and host requests to a database seeded at 0017
(SQLite and PostgreSQL): the existing rows stay, the new tables keep their rules (one card per
suggestion, reads and cards go with their member, an author's announcement stays), and a
downgrade removes only the new tables."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, insert, inspect, select
from sqlalchemy.exc import IntegrityError

from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import (
    Announcement,
    AnnouncementRead,
    Cohort,
    HostRequest,
    Member,
    Topic,
)
from tests.pairing.history_support import START, community_with_members

BEFORE = "0018"  # the revision before 0019
NEW_TABLES = {"announcements", "announcement_reads", "host_requests"}


async def table_names(database: Database) -> set[str]:
    """Return the database's table names."""
    async with database.engine.connect() as connection:
        return set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))


async def seeded(database: Database) -> tuple[int, list[int], int, int]:
    """Seed a community, four members, a cohort and a suggested topic; return their ids."""
    async with database.writing() as connection:
        community, members = await community_with_members(connection, "seeded", 4)
        cohort = (
            await connection.execute(
                insert(Cohort)
                .values(
                    community_id=community,
                    name="fall",
                    name_key="fall",
                    home_channel_external_id="c-fall",
                    created_at=START,
                )
                .returning(Cohort.id)
            )
        ).scalar_one()
        topic = (
            await connection.execute(
                insert(Topic)
                .values(
                    community_id=community,
                    text="Favourite tools?",
                    status="pending",
                    suggested_by=members[0],
                    created_at=START,
                )
                .returning(Topic.id)
            )
        ).scalar_one()
    return community, members, cohort, topic


async def counts(database: Database) -> list[int]:
    """Return how many members, cohorts and topics there are."""
    found = []
    async with database.reading() as connection:
        for model in (Member, Cohort, Topic):
            query = select(func.count()).select_from(model)
            found.append((await connection.execute(query)).scalar_one())
    return found


async def test_upgrading_keeps_the_rows_and_the_new_tables_keep_their_rules(
    empty_database: Database,
) -> None:
    await migrate.upgrade(empty_database, BEFORE)
    assert not NEW_TABLES & await table_names(empty_database)
    community, (alice, bob, hana, hugo), cohort, topic = await seeded(empty_database)

    await migrate.upgrade(empty_database)

    assert await counts(empty_database) == [4, 1, 1]
    async with empty_database.writing() as connection:
        announcement = (
            await connection.execute(
                insert(Announcement)
                .values(
                    community_id=community,
                    cohort_id=cohort,
                    author_id=hana,
                    text="Week 2 starts",
                    channel_external_id="c-fall",
                    message_external_id="m1",
                    posted_at=START,
                )
                .returning(Announcement.id)
            )
        ).scalar_one()
        await connection.execute(
            insert(AnnouncementRead),
            [
                {"announcement_id": announcement, "member_id": m, "read_at": START}
                for m in (alice, bob)
            ],
        )
        card = {
            "community_id": community,
            "member_id": alice,
            "kind": "suggestion",
            "topic_id": topic,
            "created_at": START,
        }
        await connection.execute(insert(HostRequest).values(claimed_by=hugo, **card))
    with pytest.raises(IntegrityError):  # one card per suggestion
        async with empty_database.writing() as connection:
            await connection.execute(insert(HostRequest).values(**card))

    async with empty_database.writing() as connection:
        await connection.execute(delete(Member).where(Member.id.in_([alice, hana])))
    async with empty_database.reading() as connection:
        readers = (await connection.execute(select(AnnouncementRead.member_id))).scalars().all()
        author = (await connection.execute(select(Announcement.author_id))).scalar_one()
        cards = (await connection.execute(select(func.count()).select_from(HostRequest))).scalar()
    assert readers == [bob]  # alice's read went with her
    assert author is None  # the announcement stays the community's
    assert cards == 0  # alice's card went with her

    async with empty_database.writing() as connection:
        await connection.execute(delete(Cohort).where(Cohort.id == cohort))
    async with empty_database.reading() as connection:
        left = (await connection.execute(select(func.count()).select_from(Announcement))).scalar()
    assert left == 0  # a cohort's announcements go with it


async def test_downgrading_removes_only_the_new_tables_and_upgrading_again_works(
    empty_database: Database,
) -> None:
    await migrate.upgrade(empty_database, BEFORE)
    community, (alice, *_others), _cohort, _topic = await seeded(empty_database)
    await migrate.upgrade(empty_database)
    async with empty_database.writing() as connection:
        await connection.execute(
            insert(HostRequest).values(
                community_id=community, member_id=alice, kind="talk", created_at=START
            )
        )

    await migrate.downgrade(empty_database, BEFORE)

    assert not NEW_TABLES & await table_names(empty_database)
    assert (await migrate.current_and_head(empty_database))[0] == BEFORE
    assert await counts(empty_database) == [4, 1, 1]
    await migrate.upgrade(empty_database)
    assert await table_names(empty_database) >= NEW_TABLES
    async with empty_database.reading() as connection:
        cards = (await connection.execute(select(func.count()).select_from(HostRequest))).scalar()
    assert cards == 0
