"""Intros and welcomes in storage, on SQLite and PostgreSQL: the newest intro per member, the
intro texts pairing reads in one query, who has not introduced themselves, the welcome and
reminder claims under races, and forgetting."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from sqlalchemy import func, select

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.errors import PlatformError
from bot.events import Actor
from bot.intros.service import IntroService
from bot.intros.welcome import WelcomeService
from bot.messages import OutboundMessage
from bot.refs import ChannelRef, CommunityRef, MessageRef, UserRef
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.guidelines import GuidelinesService
from bot.shared.languages import LanguageService
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Intro, Newcomer
from tests.conftest import START
from tests.serving import every_community
from tests.storage.support import count_rows, other_process, statements


def person(name: str) -> Actor:
    return Actor(UserRef("console", name), name)


def platform_for(clock: VirtualClock, records: list[Record]) -> ConsolePlatform:
    return ConsolePlatform(ConsoleWorld(clock), records.append)


def intros_on(database: Database, clock: VirtualClock) -> IntroService:
    communities = CommunityService(database, clock, "UTC")
    return IntroService(
        database,
        clock,
        communities=communities,
        reminder_days=3,
        languages=LanguageService(database),
    )


def welcomes_on(database: Database, clock: VirtualClock) -> WelcomeService:
    return WelcomeService(
        database,
        clock,
        communities=CommunityService(database, clock, "UTC"),
        members=MemberService(database, clock),
        guidelines=GuidelinesService(database),
        languages=LanguageService(database),
    )


async def test_an_intro_is_stored_once_per_member_and_texts_reads_them_in_one_query(
    any_database: Database, clock: VirtualClock, members: MemberService, community_id: int
) -> None:
    intros = intros_on(any_database, clock)
    records: list[Record] = []
    platform = platform_for(clock, records)
    here = ChannelRef("console", "general")
    ids = [(await members.resolve(community_id, person(n))).id for n in ("ann", "ben", "cy")]
    await intros.publish(community_id, ids[0], platform, UserRef("console", "ann"), here, "Hi")
    await intros.publish(community_id, ids[0], platform, UserRef("console", "ann"), here, "Hey!")
    await intros.publish(community_id, ids[1], platform, UserRef("console", "ben"), here, "Yo")
    assert await count_rows(any_database, Intro.__table__) == 2
    with statements(any_database) as seen:
        texts = await intros.texts([*ids, 999])
    assert texts == {ids[0]: "Hey!", ids[1]: "Yo"}
    assert len(seen) == 1
    assert [r.kind for r in records] == ["post", "edit", "post"]


async def test_pending_lists_present_joiners_without_an_intro_oldest_first(
    any_database: Database, clock: VirtualClock, members: MemberService, community_id: int
) -> None:
    intros = intros_on(any_database, clock)
    joined = {}
    for offset, name in enumerate(("dan", "eve", "fay", "gus")):
        moment = START + timedelta(hours=offset)
        joined[name] = await members.record_joined(community_id, person(name), moment)
    await members.record_left(community_id, person("fay"), START + timedelta(days=1))
    await members.resolve(community_id, person("lurker"))  # known, but never seen joining
    records: list[Record] = []
    await intros.publish(
        community_id,
        joined["eve"],
        platform_for(clock, records),
        UserRef("console", "eve"),
        ChannelRef("console", "general"),
        "Hello",
    )
    listed, total = await intros.pending(community_id, limit=1)
    assert ([m.external_id for m in listed], total) == (["dan"], 2)
    listed, total = await intros.pending(community_id, limit=5, offset=1)
    assert [m.external_id for m in listed] == ["gus"]


async def test_two_processes_seeing_one_join_welcome_once(
    any_database: Database, clock: VirtualClock, members: MemberService, community_id: int
) -> None:
    await members.record_joined(community_id, person("hal"), START)
    records: list[Record] = []
    platform = platform_for(clock, records)
    async with other_process(any_database) as second:
        first_welcomes, second_welcomes = (
            welcomes_on(any_database, clock),
            welcomes_on(second, clock),
        )
        outcomes = await asyncio.gather(
            first_welcomes.member_joined(community_id, person("hal"), platform, START),
            second_welcomes.member_joined(community_id, person("hal"), platform, START),
        )
    assert sorted(outcomes, key=str) == [None, "dm"]
    assert [r.kind for r in records] == ["dm"]


async def test_two_processes_sweeping_at_once_remind_each_member_once(
    any_database: Database, clock: VirtualClock, members: MemberService, community_id: int
) -> None:
    welcomes = welcomes_on(any_database, clock)
    records: list[Record] = []
    platform = platform_for(clock, records)
    for name in ("ivy", "jo", "kit"):
        await members.record_joined(community_id, person(name), START)
        await welcomes.member_joined(community_id, person(name), platform, START)
    records.clear()
    due = START + timedelta(days=3)
    served = await every_community(any_database, platform)
    async with other_process(any_database) as second:
        sent = await asyncio.gather(
            intros_on(any_database, clock).remind_due(served, due),
            intros_on(second, clock).remind_due(served, due),
        )
    assert sum(sent) == 3
    assert sorted(str(r.to) for r in records if r.kind == "dm") == ["@ivy", "@jo", "@kit"]
    async with any_database.session() as session:
        reminded = select(func.count()).where(Newcomer.reminded_at == due)
        assert (await session.execute(reminded)).scalar_one() == 3


async def test_forgetting_a_member_deletes_their_intro_and_welcome_record(
    any_database: Database, clock: VirtualClock, members: MemberService, community_id: int
) -> None:
    records: list[Record] = []
    platform = platform_for(clock, records)
    member_id = await members.record_joined(community_id, person("lea"), START)
    await welcomes_on(any_database, clock).member_joined(
        community_id, person("lea"), platform, START
    )
    await intros_on(any_database, clock).publish(
        community_id,
        member_id,
        platform,
        UserRef("console", "lea"),
        ChannelRef("console", "general"),
        "Hi, I'm Lea",
    )
    await members.forget(member_id)
    assert await count_rows(any_database, Intro.__table__) == 0
    assert await count_rows(any_database, Newcomer.__table__) == 0


class RefusingDMs(ConsolePlatform):
    """A console platform whose DMs fail, retryably or for good, as a platform's would."""

    def __init__(self, clock: VirtualClock, records: list[Record], *, retryable: bool) -> None:
        super().__init__(ConsoleWorld(clock), records.append)
        self.retryable = retryable
        self.attempts = 0

    async def direct_message(
        self, user: UserRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        self.attempts += 1
        raise PlatformError("DMs are closed", retryable=self.retryable)


async def test_a_failed_reminder_is_retried_and_a_refused_one_is_not(
    any_database: Database, clock: VirtualClock, members: MemberService, community_id: int
) -> None:
    records: list[Record] = []
    welcomes = welcomes_on(any_database, clock)
    for name in ("max", "ned"):
        await members.record_joined(community_id, person(name), START)
        await welcomes.member_joined(community_id, person(name), platform_for(clock, []), START)
    intros = intros_on(any_database, clock)
    due = START + timedelta(days=3)
    flaky = RefusingDMs(clock, records, retryable=True)
    assert await intros.remind_due(await every_community(any_database, flaky), due) == 0
    assert flaky.attempts == 2  # one each
    assert (
        await intros.remind_due(
            await every_community(any_database, flaky), due + timedelta(minutes=5)
        )
        == 0
    )
    assert flaky.attempts == 2  # their leases still hold
    closed = RefusingDMs(clock, records, retryable=False)
    assert (
        await intros.remind_due(
            await every_community(any_database, closed), due + timedelta(hours=1)
        )
        == 2
    )  # settled: not sent
    assert (
        await intros.remind_due(
            await every_community(any_database, closed), due + timedelta(hours=2)
        )
        == 0
    )
    assert closed.attempts == 2


async def test_a_community_on_a_break_does_not_hold_back_another(
    any_database: Database, clock: VirtualClock, members: MemberService, community_id: int
) -> None:
    communities = CommunityService(any_database, clock, "UTC")
    other = await communities.ensure(CommunityRef("console", "elsewhere"))
    await BreakService(any_database).add(community_id, START.date(), START.date() + timedelta(9))
    records: list[Record] = []
    platform = platform_for(clock, records)
    welcomes = welcomes_on(any_database, clock)
    for place, name in ((community_id, "on-break"), (other, "at-work")):
        await members.record_joined(place, person(name), START)
        await welcomes.member_joined(place, person(name), platform, START)
    records.clear()
    intros = intros_on(any_database, clock)
    assert (
        await intros.remind_due(
            await every_community(any_database, platform), START + timedelta(days=3)
        )
        == 1
    )
    assert [r.to for r in records] == ["@at-work"]
    assert (
        await intros.remind_due(
            await every_community(any_database, platform), START + timedelta(days=10)
        )
        == 1
    )
    assert [r.to for r in records] == ["@at-work", "@on-break"]
