"""The cohort registry on both databases: names, homes, membership, following, forgetting."""

from __future__ import annotations

import asyncio

import pytest

from bot.clock import VirtualClock
from bot.cohorts import CohortService
from bot.errors import NotFoundError, UserFacingError
from bot.events import Actor
from bot.refs import UserRef
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService
from bot.shared.schedules import ScheduleService
from bot.storage.database import Database
from tests.storage.support import other_process


def _service(database: Database, clock: VirtualClock) -> CohortService:
    return CohortService(
        database,
        clock,
        CommunityService(database, clock, "UTC"),
        BreakService(database),
        ScheduleService(database, clock),
    )


async def _member(members: MemberService, community_id: int, name: str) -> int:
    return (await members.resolve(community_id, Actor(UserRef("console", name), name))).id


async def test_two_processes_creating_one_name_keep_one(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    async with other_process(any_database) as second:
        here, there = _service(any_database, clock), _service(second, clock)
        results = await asyncio.gather(
            here.create(community_id, "spring", "c1"),
            there.create(community_id, "SPRING", "c2"),
            return_exceptions=True,
        )
    kinds = sorted(type(result).__name__ for result in results)
    assert kinds == ["CohortInfo", "UserFacingError"]
    assert [cohort.name.lower() for cohort in await here.all(community_id)] == ["spring"]


async def test_names_are_found_in_any_case_and_homes_select_the_active_cohort(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    cohorts = _service(any_database, clock)
    created = await cohorts.create(community_id, "Spring-2027", "c1")
    assert (await cohorts.find(community_id, "spring-2027")).id == created.id
    assert await cohorts.for_channel(community_id, "c1") == created
    assert await cohorts.for_channel(community_id, "elsewhere") is None
    await cohorts.archive(created)
    assert await cohorts.for_channel(community_id, "c1") is None
    again = await cohorts.create(community_id, "autumn", "c1")  # an archived home is free again
    assert await cohorts.for_channel(community_id, "c1") == again
    with pytest.raises(NotFoundError):
        await cohorts.find(community_id, "winter")


async def test_listing_and_channel_membership_add_up_and_forgetting_leaves(
    any_database: Database, clock: VirtualClock, community_id: int, members: MemberService
) -> None:
    cohorts = _service(any_database, clock)
    cohort = await cohorts.create(community_id, "spring", "c1")
    await cohorts.follow(cohort)
    mia, leo = (
        await _member(members, community_id, "mia"),
        await _member(members, community_id, "leo"),
    )
    assert await cohorts.set_listed(cohort, mia, True)
    assert not await cohorts.set_listed(cohort, mia, True)
    assert await cohorts.channel_membership(community_id, "c1", mia, True) == 1
    assert await cohorts.channel_membership(community_id, "c1", leo, True) == 1
    assert await cohorts.channel_membership(community_id, "other", leo, True) == 0
    assert await cohorts.channel_membership(community_id, "c1", mia, False) == 1
    assert [c.name for c in await cohorts.of_member(community_id, mia, frozenset())] == ["spring"]
    assert await cohorts.set_listed(cohort, mia, False)
    assert await cohorts.of_member(community_id, mia, frozenset()) == []
    assert [c.name for c in await cohorts.of_member(community_id, leo, frozenset())] == ["spring"]
    await members.forget(leo)
    assert await cohorts.of_member(community_id, leo, frozenset()) == []


async def test_a_role_makes_its_holders_members_without_a_look_up(
    any_database: Database, clock: VirtualClock, community_id: int, members: MemberService
) -> None:
    cohorts = _service(any_database, clock)
    cohort = await cohorts.create(community_id, "spring", "c1")
    mia = await _member(members, community_id, "mia")
    assert await cohorts.set_role(cohort, "R1", True)
    assert not await cohorts.set_role(cohort, "R1", True)
    assert [c.name for c in await cohorts.of_member(community_id, mia, frozenset({"R1"}))] == [
        "spring"
    ]
    assert await cohorts.of_member(community_id, mia, frozenset({"R2"})) == []
    assert await cohorts.set_role(cohort, "R1", False)
    assert not await cohorts.set_role(cohort, "R1", False)


async def test_a_term_is_stored_and_a_bad_one_is_refused(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    cohorts = _service(any_database, clock)
    cohort = await cohorts.create(community_id, "spring", "c1")
    for weeks in (0, 53, 500):
        with pytest.raises(UserFacingError, match="from 1 to 52 weeks"):
            await cohorts.set_term(cohort, clock.now().date(), weeks)
    with pytest.raises(UserFacingError, match="has passed"):
        await cohorts.set_term(cohort, clock.now().date().replace(year=2025), 4)
    assert (await cohorts.find(community_id, "spring")).term is None
    term = await cohorts.set_term(cohort, clock.now().date(), 12)
    stored = await cohorts.find(community_id, "spring")
    assert stored.term == term
    week = await cohorts.current_week(stored)
    assert week is not None
    assert week.number == 1
