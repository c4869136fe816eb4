"""Thanks and greetings in storage, on SQLite and PostgreSQL, with two processes racing: the
daily limit and the one-a-minute repeat hold across them, a pair's hello is claimed once, and
migration 0022 goes up and down keeping what was there."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.events import Actor
from bot.peers import PeerService
from bot.refs import UserRef
from bot.shared.communities import CommunityService
from bot.shared.languages import LanguageService
from bot.shared.members import MemberInfo, MemberService
from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import Community, Member, Thanks
from bot.thanks import DAILY_LIMIT, Thanking, ThanksService
from tests.conftest import COMMUNITY, START
from tests.storage.support import count_rows, other_process


def platform_for(clock: VirtualClock, names: list[str]) -> ConsolePlatform:
    world = ConsoleWorld(clock)
    for name in names:
        world.member(name)
    records: list[Record] = []
    return ConsolePlatform(world, records.append)


async def people(members: MemberService, community_id: int, *names: str) -> list[MemberInfo]:
    return [await members.resolve(community_id, Actor(UserRef("console", n), n)) for n in names]


def thanking(community_id: int, giver: MemberInfo, receiver: str) -> Thanking:
    return Thanking(COMMUNITY, community_id, giver, UserRef("console", receiver), None, None)


async def test_two_processes_give_at_most_the_daily_limit_and_a_repeat_once(
    any_database: Database, clock: VirtualClock, members: MemberService, community_id: int
) -> None:
    names = [f"m{number}" for number in range(15)]
    giver, *_ = await people(members, community_id, "giver", *names)
    platform = platform_for(clock, ["giver", *names])
    async with other_process(any_database) as second:
        services = [
            ThanksService(any_database, clock, members, languages=LanguageService(any_database)),
            ThanksService(
                second, clock, MemberService(second, clock), languages=LanguageService(second)
            ),
        ]
        outcomes = await asyncio.gather(
            *(
                services[number % 2].give(thanking(community_id, giver, name), platform)
                for number, name in enumerate(names)
            ),
            return_exceptions=True,
        )
        refused = [o for o in outcomes if isinstance(o, Exception)]
        assert len(refused) == len(names) - DAILY_LIMIT
        assert all("the most a day allows" in str(error) for error in refused)
        assert await count_rows(any_database, Thanks.__table__) == DAILY_LIMIT

        await clock.advance_to(START + timedelta(days=2))
        repeats = await asyncio.gather(
            *(service.give(thanking(community_id, giver, "m0"), platform) for service in services)
        )
    assert sorted(given.repeated for given in repeats) == [False, True]
    assert await count_rows(any_database, Thanks.__table__) == DAILY_LIMIT + 1


async def test_two_processes_saying_hello_open_one_conversation(
    any_database: Database, clock: VirtualClock, members: MemberService, community_id: int
) -> None:
    ann, ben = await people(members, community_id, "ann", "ben")
    await members.set_interests(ann.id, ["python"])
    await members.set_interests(ben.id, ["python"])
    sent: list[Record] = []
    platform = ConsolePlatform(ConsoleWorld(clock), sent.append)
    async with other_process(any_database) as second:
        services = [
            PeerService(database, clock, CommunityService(database, clock, "UTC"))
            for database in (any_database, second)
        ]
        await services[0].set_findable(community_id, ann.id, True)
        await services[1].set_findable(community_id, ben.id, True)
        outcomes = await asyncio.gather(
            services[0].say_hello(COMMUNITY, community_id, ann, ben.id, platform),
            services[1].say_hello(COMMUNITY, community_id, ben, ann.id, platform),
            return_exceptions=True,
        )
    assert sorted(type(outcome).__name__ for outcome in outcomes) == ["UserFacingError", "str"]
    assert [record.kind for record in sent] == ["group"]


async def test_migration_0022_goes_down_and_up_keeping_members(empty_database: Database) -> None:
    await migrate.upgrade(empty_database)
    async with empty_database.writing() as connection:
        community = await _community(connection)
        ann, ben = [await _member(connection, community, name) for name in ("ann", "ben")]
        await connection.execute(
            insert(Thanks).values(
                community_id=community, giver_id=ann, receiver_id=ben, created_at=START
            )
        )
    await migrate.downgrade(empty_database, "0021")  # the revision before 0022
    await migrate.upgrade(empty_database)
    async with empty_database.writing() as connection:
        names = list((await connection.execute(select(Member.display_name))).scalars())
    assert sorted(names) == ["ann", "ben"]
    assert await count_rows(empty_database, Thanks.__table__) == 0


async def _community(connection: AsyncConnection) -> int:
    statement = (
        insert(Community)
        .values(platform="console", external_id="lab", timezone="UTC", created_at=START)
        .returning(Community.id)
    )
    return int((await connection.execute(statement)).scalar_one())


async def _member(connection: AsyncConnection, community_id: int, name: str) -> int:
    statement = (
        insert(Member)
        .values(community_id=community_id, external_id=name, display_name=name)
        .returning(Member.id)
    )
    return int((await connection.execute(statement)).scalar_one())
