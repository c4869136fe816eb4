"""A cohort without roles is counted through the query of its member rows (a subquery in each
figure), and gives the same figures as its members bound as a list of ids, on both databases."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import delete, func, select, update

from bot.clock import VirtualClock
from bot.events import Actor
from bot.participation.nudges import NudgeLedger
from bot.participation.stats import NAMES_SHOWN, CohortAudience, StatsService
from bot.participation.weekly import term_place
from bot.platform import Platform
from bot.refs import UserRef
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.id_lists import IdQuery
from bot.storage.models import Member, TopicPost
from tests.conftest import COMMUNITY, START
from tests.participation.test_cohort_figures_storage import NOW, TERM, world_on

NO_PLATFORM: Platform = None  # type: ignore[assignment]  # a cohort without roles asks none


async def test_the_query_of_a_cohorts_rows_counts_as_its_listed_ids(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    cohort = await world.cohorts.get(world.cohort_id)
    assert cohort is not None
    for member_id in world.fall:
        await world.cohorts.set_listed(cohort, member_id, True)
    members = await world.cohorts.members(cohort, NO_PLATFORM, COMMUNITY)
    assert isinstance(members, IdQuery)
    stats = StatsService(any_database, NudgeLedger(any_database, clock))
    place = term_place(TERM, [], NOW.date())
    by_query = await stats.figures(
        world.community_id, NOW, CohortAudience(world.cohort_id, members, place)
    )
    by_list = await stats.figures(
        world.community_id, NOW, CohortAudience(world.cohort_id, world.fall, place)
    )
    in_order = replace(by_query, messages_by_member=sorted(by_query.messages_by_member))
    assert in_order == replace(by_list, messages_by_member=sorted(by_list.messages_by_member))
    assert (by_query.members, by_query.non_responders) == (3, ["cat"])


async def test_the_first_names_of_many_non_responders_and_how_many(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    members = MemberService(any_database, clock)
    for number in range(NAMES_SHOWN + 5):
        name = f"z{number:02}"
        actor = Actor(UserRef("console", name), name)
        await members.record_joined(world.community_id, actor, START - timedelta(days=20))
    async with any_database.writing() as connection:
        await connection.execute(
            update(Member)
            .where(Member.community_id == world.community_id)
            .values(last_active_at=NOW - timedelta(days=1))
        )
    stats = StatsService(any_database, NudgeLedger(any_database, clock))
    place = term_place(TERM, [], NOW.date())
    async with any_database.reading() as connection:
        found = await connection.execute(
            select(Member.id).where(Member.community_id == world.community_id)
        )
        everyone = frozenset(found.scalars().all())
    figures = await stats.figures(
        world.community_id, NOW, CohortAudience(world.cohort_id, everyone, place)
    )
    # Active, in neither of the cohort's two posts' threads: cat, eve and the fifteen (dan
    # replied to week one); the first NAMES_SHOWN by name, and how many in all.
    assert figures.non_responder_count == 2 + NAMES_SHOWN + 5
    assert figures.non_responders == ["cat", "eve", *(f"z{n:02}" for n in range(NAMES_SHOWN - 2))]


async def test_nobody_is_missing_from_the_last_two_threads_before_a_second_post(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    async with any_database.writing() as connection:
        newest = select(func.max(TopicPost.id)).where(TopicPost.cohort_id == world.cohort_id)
        await connection.execute(delete(TopicPost).where(TopicPost.id == newest.scalar_subquery()))
    stats = StatsService(any_database, NudgeLedger(any_database, clock))
    place = term_place(TERM, [], NOW.date())
    figures = await stats.figures(
        world.community_id, NOW, CohortAudience(world.cohort_id, world.fall, place)
    )
    assert figures.active_30 > 0
    assert (figures.non_responders, figures.non_responder_count) == ([], 0)
