"""A cohort's settled weeks (last day before yesterday, UTC) and settled days of messages are
read once per membership, on both databases: the current week, yesterday and today stay live,
a member added or forgotten reads them again, and one cohort is never served another's."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import false, insert

from bot.clock import VirtualClock
from bot.participation.nudges import NudgeLedger
from bot.participation.settled_messages import SettledMessages
from bot.participation.settled_weeks import KEPT_FOR
from bot.participation.stats import CohortAudience, StatsService
from bot.participation.store.weekly import membership
from bot.participation.weekly import term_place
from bot.platform import Platform
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.id_lists import IdQuery, Ids
from bot.storage.models import DailyActivity
from tests.conftest import COMMUNITY, START
from tests.participation.test_cohort_figures_storage import NOW, TERM, World, world_on

NO_PLATFORM: Platform = None  # type: ignore[assignment]  # a cohort without roles asks none
PLACE = term_place(TERM, [], NOW.date())  # week 1 is settled at NOW, week 2 is the current one


async def listed(world: World, cohort_name: str, *names: str) -> tuple[int, IdQuery]:
    """List `names` in the cohort (`fall` or a new one); return its id and its members' query."""
    if cohort_name == "fall":
        cohort = await world.cohorts.find(world.community_id, cohort_name)
    else:
        cohort = await world.cohorts.create(world.community_id, cohort_name, cohort_name)
    for name in names:
        await world.cohorts.set_listed(cohort, world.ids[name], True)
    members = await world.cohorts.members(cohort, NO_PLATFORM, COMMUNITY)
    assert isinstance(members, IdQuery)
    return cohort.id, members


async def active_by_week(
    stats: StatsService, world: World, cohort_id: int, members: Ids, now: datetime = NOW
) -> list[tuple[int, int, int]]:
    """Return (week, members who posted, messages) of each week so far."""
    audience = CohortAudience(cohort_id, members, PLACE)
    figures = await stats.figures(world.community_id, now, audience)
    return [(week.number, week.active, week.messages) for week in figures.weeks]


async def posted(world: World, name: str, days_after_start: int, messages: int) -> None:
    """Add a day of activity as no flush would (into a settled week too), to see what is read."""
    async with world.database.writing() as connection:
        await connection.execute(
            insert(DailyActivity).values(
                member_id=world.ids[name],
                day=START.date() + timedelta(days=days_after_start),
                community_id=world.community_id,
                messages=messages,
                replies=0,
            )
        )


async def test_a_settled_week_is_kept_until_the_membership_changes(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    fall, members = await listed(world, "fall", "ann", "ben", "cat")
    stats = StatsService(any_database, NudgeLedger(any_database, clock))
    assert await active_by_week(stats, world, fall, members) == [(1, 2, 3), (2, 2, 2)]

    await posted(world, "ann", 2, 4)  # week 1: settled, kept
    await posted(world, "ben", 9, 1)  # week 2, today: live
    assert await active_by_week(stats, world, fall, members) == [(1, 2, 3), (2, 3, 3)]

    await listed(world, "fall", "dan")  # dan posted 5 in week 1: the weeks are read again
    assert await active_by_week(stats, world, fall, members) == [(1, 3, 12), (2, 3, 3)]

    await MemberService(any_database, clock).forget(world.ids["dan"])
    assert await active_by_week(stats, world, fall, members) == [(1, 2, 7), (2, 3, 3)]


async def test_settled_weeks_are_read_again_after_a_while(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    fall, members = await listed(world, "fall", "ann", "ben", "cat")
    stats = StatsService(any_database, NudgeLedger(any_database, clock))
    assert await active_by_week(stats, world, fall, members) == [(1, 2, 3), (2, 2, 2)]
    await posted(world, "ann", 2, 4)
    later = NOW + KEPT_FOR
    assert await active_by_week(stats, world, fall, members, later) == [(1, 2, 7), (2, 2, 2)]


async def test_one_cohort_is_never_served_anothers_weeks(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    fall, fall_members = await listed(world, "fall", "ann", "ben", "cat")
    spring, spring_members = await listed(world, "spring", "dan", "eve")
    stats = StatsService(any_database, NudgeLedger(any_database, clock))
    for _ in range(2):  # the second time from memory
        assert await active_by_week(stats, world, fall, fall_members) == [(1, 2, 3), (2, 2, 2)]
        assert await active_by_week(stats, world, spring, spring_members) == [(1, 1, 5), (2, 0, 0)]
    # Listed ids (a cohort with roles) are signed as its rows are: the same members, the same
    # weeks; one more id, read again.
    ids = frozenset(world.ids[name] for name in ("ann", "ben", "cat"))
    assert await active_by_week(stats, world, fall, ids) == [(1, 2, 3), (2, 2, 2)]
    with_dan = ids | {world.ids["dan"]}
    assert await active_by_week(stats, world, fall, with_dan) == [(1, 3, 8), (2, 2, 2)]


async def test_the_membership_signature_of_rows_and_of_ids_agree(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    _, members = await listed(world, "fall", "ann", "ben", "cat")
    ids = frozenset(world.ids[name] for name in ("ann", "ben", "cat"))
    async with any_database.reading() as connection:
        assert await membership(connection, members) == await membership(connection, ids)
        # Same count and sum, or sum of squares too, other members: told apart.
        assert await membership(connection, {3, 7}) != await membership(connection, {4, 6})
        assert await membership(connection, {1, 5, 6}) != await membership(connection, {2, 3, 7})
        empty = await membership(connection, IdQuery(members.select.where(false())))
        assert empty == await membership(connection, frozenset())


async def messages_by_member(
    stats: StatsService, world: World, cohort_id: int, members: Ids
) -> list[int]:
    """Return the cohort's messages by member over the window, as `/stats` reads them."""
    audience = CohortAudience(cohort_id, members, PLACE)
    return (await stats.figures(world.community_id, NOW, audience)).messages_by_member


async def test_settled_days_of_messages_are_kept_until_the_membership_changes(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    fall, members = await listed(world, "fall", "ann", "ben", "cat")
    spring, spring_members = await listed(world, "spring", "dan", "eve")
    stats = StatsService(any_database, NudgeLedger(any_database, clock))
    assert await messages_by_member(stats, world, fall, members) == [3, 1, 1]
    assert await messages_by_member(stats, world, spring, spring_members) == [5]

    await posted(world, "ann", 2, 4)  # a settled day: kept
    await posted(world, "ben", 9, 2)  # today: live, added to ben's kept 1
    await posted(world, "eve", 8, 1)  # yesterday: live, eve had none
    assert await messages_by_member(stats, world, fall, members) == [3, 3, 1]
    assert await messages_by_member(stats, world, spring, spring_members) == [5, 1]

    await listed(world, "fall", "dan")
    assert await messages_by_member(stats, world, fall, members) == [7, 5, 3, 1]
    await MemberService(any_database, clock).forget(world.ids["dan"])
    assert await messages_by_member(stats, world, fall, members) == [7, 3, 1]


async def test_settled_messages_keep_a_bounded_number_of_totals(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    fall, members = await listed(world, "fall", "ann", "ben", "cat")  # 2 settled totals
    spring, spring_members = await listed(world, "spring", "dan", "eve")  # 1
    kept = SettledMessages(limit=2)
    since = NOW.date() - timedelta(days=30)

    async def by_member(cohort_id: int, ids: IdQuery) -> list[int]:
        async with any_database.reading() as connection:
            signed = membership(connection, ids)
            community = world.community_id
            return await kept.by_member(connection, community, cohort_id, ids, since, NOW, signed)

    assert await by_member(fall, members) == [3, 1, 1]
    await posted(world, "ann", 2, 4)
    assert await by_member(fall, members) == [3, 1, 1]  # kept
    assert await by_member(spring, spring_members) == [5]  # 3 totals: fall's go
    assert await by_member(fall, members) == [7, 1, 1]
