"""Each member's stored first-post wait follows the two times it is made of: set when the first
post is written, cleared when a later join puts the first post before the joining, and filled
by the migration for existing rows; on both databases."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert, select, update

from adapters.console.session import ConsoleSession
from bot.app import App
from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.first_post_waits import refresh_first_post_waits
from bot.storage.models import Community, Member, Participation
from tests.conftest import START


async def stored_waits(database: Database) -> dict[str, int | None]:
    query = (
        select(Member.external_id, Participation.first_post_wait_us)
        .join(Participation, Participation.member_id == Member.id)
        .order_by(Member.external_id)
    )
    async with database.reading() as connection:
        return {name: wait for name, wait in (await connection.execute(query)).all()}


async def test_a_first_post_stores_the_wait_and_a_later_join_clears_it(
    app: App, console: ConsoleSession
) -> None:
    await console.say("@alice joins")
    await console.say("time +90m")
    await console.say("@alice: hello everyone")
    await console.say("@bob: I was here before joining was noticed")
    await app.services.activity.flush()
    assert await stored_waits(app.database) == {"alice": 90 * 60 * 1_000_000, "bob": None}
    await console.say("@alice leaves")
    await console.say("time +1d")
    await console.say("@alice joins")  # after her first post: she no longer waited
    assert (await stored_waits(app.database))["alice"] is None


async def test_the_migration_fills_the_waits_of_existing_members(
    empty_database: Database,
) -> None:
    await migrate.upgrade(empty_database, "0023")
    joined = START.replace(microsecond=999_999)
    async with empty_database.writing() as connection:
        community = await connection.execute(
            insert(Community)
            .values(platform="console", external_id="lab", timezone="UTC", created_at=START)
            .returning(Community.id)
        )
        community_id = community.scalar_one()
        for name, first_post in (
            ("ann", joined + timedelta(hours=2, microseconds=1)),
            ("ben", joined - timedelta(days=1)),
            ("cat", None),
        ):
            member = await connection.execute(
                insert(Member)
                .values(
                    community_id=community_id, external_id=name, display_name=name,
                    joined_at=joined,
                )
                .returning(Member.id)
            )  # fmt: skip
            values = {"member_id": member.scalar_one(), "community_id": community_id}
            await connection.execute(
                insert(Participation.__table__).values(**values, first_post_at=first_post)
            )
    await migrate.upgrade(empty_database)
    expected = {"ann": (2 * 3600) * 1_000_000 + 1, "ben": None, "cat": None}
    assert await stored_waits(empty_database) == expected
    async with empty_database.writing() as connection:  # the same rule, kept by the writes
        await connection.execute(update(Participation).values(first_post_wait_us=None))
        ids = (await connection.execute(select(Participation.member_id))).scalars().all()
        await refresh_first_post_waits(connection, ids)
    assert await stored_waits(empty_database) == expected
