"""Pairing storage on SQLite and PostgreSQL: rounds and history, check-in claims shared by two
processes, intros in the welcome, the auto-pause counter, and forgetting a member."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.session import COMMUNITY
from adapters.console.world import ConsoleWorld
from bot.clock import VirtualClock
from bot.events import Actor
from bot.pairing import store
from bot.pairing.checkins import Answer
from bot.pairing.rounds import IntroTexts, no_intros
from bot.pairing.service import PairingService
from bot.refs import UserRef
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.languages import LanguageService
from bot.shared.members import MemberService
from bot.shared.schedules import ScheduleService
from bot.storage.database import Database
from bot.storage.models import BuddyGroup, BuddyGroupMember, BuddyOptIn, BuddyRound
from bot.topics.service import TopicService
from tests.serving import every_community
from tests.storage.support import count_rows, other_process

NAMES = ("alice", "bob", "carl", "dana")


def pairing_on(
    database: Database, clock: VirtualClock, intro_texts: IntroTexts = no_intros
) -> PairingService:
    communities = CommunityService(database, clock, "UTC")
    return PairingService(
        database,
        clock,
        communities=communities,
        schedules=ScheduleService(database, clock),
        breaks=BreakService(database),
        topics=TopicService(database, clock),
        intro_texts=intro_texts,
        languages=LanguageService(database),
    )


async def joined(database: Database, clock: VirtualClock, pairing: PairingService) -> list[int]:
    """Create the console community and NAMES as members who joined pairing; return their ids."""
    community_id = await CommunityService(database, clock, "UTC").ensure(COMMUNITY)
    members = MemberService(database, clock)
    ids = []
    for name in NAMES:
        member = await members.resolve(community_id, Actor(UserRef("console", name), name))
        assert await pairing.join(community_id, member.id) == "joined"
        ids.append(member.id)
    return ids


def console_platform(clock: VirtualClock) -> tuple[ConsolePlatform, list[Record]]:
    records: list[Record] = []
    return ConsolePlatform(ConsoleWorld(clock), records.append), records


@pytest.fixture
def platform(clock: VirtualClock) -> tuple[ConsolePlatform, list[Record]]:
    return console_platform(clock)


async def test_rounds_are_recorded_and_read_back_as_history(
    any_database: Database, clock: VirtualClock, platform: tuple[ConsolePlatform, list[Record]]
) -> None:
    pairing = pairing_on(any_database, clock)
    ids = await joined(any_database, clock, pairing)
    console, records = platform
    first = await pairing.run_round(1, console, COMMUNITY, seed=5)
    second = await pairing.run_round(1, console, COMMUNITY, seed=5)
    assert (first.number, second.number, first.groups, second.repeats) == (1, 2, 2, 0)
    async with any_database.reading() as connection:
        history = await store.history(connection, 1, ids)
    assert sorted(history.values()) == [1, 1, 2, 2]
    assert {member for pair in history for member in pair} == set(ids)
    assert len([r for r in records if r.kind == "group"]) == 4


async def test_a_welcome_carries_the_intros_the_injected_source_gives(
    any_database: Database, clock: VirtualClock, platform: tuple[ConsolePlatform, list[Record]]
) -> None:
    asked: list[list[int]] = []

    async def intros(member_ids: list[int]) -> dict[int, str]:
        asked.append(member_ids)
        return {member_ids[0]: "Hi, I'm Alice and I love graphs."}

    pairing = pairing_on(any_database, clock, intros)
    ids = await joined(any_database, clock, pairing)
    console, records = platform
    await pairing.run_round(1, console, COMMUNITY, seed=1)
    assert asked == [sorted(ids)]
    (welcome,) = [r for r in records if r.kind == "group" and "@alice" in r.to]
    assert welcome.fields == (("alice", "Hi, I'm Alice and I love graphs."),)


async def test_two_processes_send_each_check_in_once(
    any_database: Database, clock: VirtualClock
) -> None:
    pairing = pairing_on(any_database, clock)
    await joined(any_database, clock, pairing)
    here, sent_here = console_platform(clock)
    await pairing.run_round(1, here, COMMUNITY, seed=2)
    sent_here.clear()
    due = clock.now() + timedelta(days=4)
    async with other_process(any_database) as database:
        there, sent_there = console_platform(clock)
        other = pairing_on(database, clock)
        served_here = await every_community(any_database, here)
        served_there = await every_community(database, there)
        for _ in range(2):
            await asyncio.gather(
                pairing.checkins.sweep(served_here, due), other.checkins.sweep(served_there, due)
            )
    sent = [r for r in sent_here + sent_there if r.kind == "group"]
    assert len(sent) == 2
    assert all(r.buttons == ("We met", "Not yet", "Skip") for r in sent)


async def test_ignored_check_ins_count_up_and_an_answer_resets_them(
    any_database: Database, clock: VirtualClock, platform: tuple[ConsolePlatform, list[Record]]
) -> None:
    pairing = pairing_on(any_database, clock)
    ids = await joined(any_database, clock, pairing)
    console, records = platform
    for week in range(3):
        await pairing.run_round(1, console, COMMUNITY, interval=timedelta(weeks=1), seed=week)
        if week == 2:
            (group_id,) = await _group_of(any_database, ids[1], round_number=3)
            await pairing.answer(1, group_id, ids[1], Answer.NOT_YET)
        served = await every_community(any_database, console)
        await pairing.checkins.sweep(served, clock.now() + timedelta(days=7))
        await clock.advance_to(clock.now() + timedelta(days=7))
    async with any_database.reading() as connection:
        counts = dict(
            (
                await connection.execute(select(BuddyOptIn.member_id, BuddyOptIn.ignored_checkins))
            ).all()
        )
    assert counts[ids[0]] == 3
    assert counts[ids[1]] == 0
    told = [r for r in records if r.kind == "dm"]
    assert sorted(r.to for r in told) == ["@alice", "@carl", "@dana"]
    with pytest.raises(Exception, match="at least two"):
        await pairing.run_round(1, console, COMMUNITY)  # only bob is left unpaused


async def _group_of(database: Database, member_id: int, round_number: int) -> list[int]:
    query = (
        select(BuddyGroupMember.group_id)
        .join(BuddyGroup, BuddyGroup.id == BuddyGroupMember.group_id)
        .join(BuddyRound, BuddyRound.id == BuddyGroup.round_id)
        .where(BuddyGroupMember.member_id == member_id, BuddyRound.number == round_number)
    )
    async with database.reading() as connection:
        return list((await connection.execute(query)).scalars())


async def test_forgetting_a_member_deletes_their_opt_in_and_group_places(
    any_database: Database, clock: VirtualClock, platform: tuple[ConsolePlatform, list[Record]]
) -> None:
    pairing = pairing_on(any_database, clock)
    ids = await joined(any_database, clock, pairing)
    await pairing.run_round(1, platform[0], COMMUNITY, seed=3)
    await MemberService(any_database, clock).forget(ids[0])
    assert await count_rows(any_database, BuddyOptIn.__table__) == 3
    async with any_database.reading() as connection:
        left = (
            await connection.execute(
                select(func.count()).where(BuddyGroupMember.member_id == ids[0])
            )
        ).scalar_one()
    assert left == 0
    assert await count_rows(any_database, BuddyGroupMember.__table__) == 3
    status = await pairing.status(1, ids[1])
    assert all(buddy.external_id != "alice" for buddy in status.current + status.past)


async def test_only_the_opted_in_present_and_unpaused_are_eligible(
    any_database: Database, clock: VirtualClock
) -> None:
    pairing = pairing_on(any_database, clock)
    ids = dict(zip(NAMES, await joined(any_database, clock, pairing), strict=True))
    members = MemberService(any_database, clock)
    await pairing.pause(ids["bob"], 1)  # paused for a week
    await members.record_left(1, Actor(UserRef("console", "carl"), "carl"), clock.now())
    async with any_database.writing() as connection:
        await connection.execute(
            update(BuddyOptIn)
            .where(BuddyOptIn.member_id == ids["dana"])
            .values(auto_paused_at=clock.now())
        )
    erin = await members.resolve(1, Actor(UserRef("console", "erin"), "erin"))  # never joined
    async with any_database.reading() as connection:
        now = await store.eligible(connection, 1, "UTC", clock.now())
        later = await store.eligible(connection, 1, "UTC", clock.now() + timedelta(weeks=1))
    assert [person.external_id for person in now] == ["alice"]
    assert [person.external_id for person in later] == ["alice", "bob"]
    assert erin.id not in {person.candidate.id for person in later}


async def test_a_failing_intro_source_still_opens_every_group(
    any_database: Database, clock: VirtualClock, platform: tuple[ConsolePlatform, list[Record]]
) -> None:
    async def broken(_member_ids: list[int]) -> dict[int, str]:
        raise RuntimeError("the intros table is locked")

    pairing = pairing_on(any_database, clock, broken)
    await joined(any_database, clock, pairing)
    console, records = platform
    result = await pairing.run_round(1, console, COMMUNITY, seed=4)
    welcomes = [r for r in records if r.kind == "group"]
    assert (result.groups, result.unopened, len(welcomes)) == (2, 0, 2)
    assert all(r.fields == () for r in welcomes)
