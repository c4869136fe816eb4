"""The chart's figures read from real rows on both databases: weeks grouped in the database,
a cohort's members and posts only, its term's weeks, the balance and replies per topic."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import insert

from bot.clock import VirtualClock
from bot.participation.chart_data import CHART_WEEKS, chart_weeks, read_chart_data
from bot.participation.figures import balance
from bot.participation.stats import CohortAudience
from bot.participation.weekly import term_place
from bot.storage.database import Database
from bot.storage.models import DailyActivity
from tests.conftest import COMMUNITY, START
from tests.participation.test_cohort_figures_storage import NOW, TERM, World, world_on


async def with_replies(world: World) -> World:
    """Add eve's day in week 2 of six messages, three of them thread replies, and a day of
    ann's long before the chart's weeks (never counted)."""
    async with world.database.writing() as connection:
        for name, day, messages, replies in (
            ("eve", START.date() + timedelta(days=9), 6, 3),
            ("ann", START.date() - timedelta(weeks=20), 9, 9),
        ):
            await connection.execute(
                insert(DailyActivity).values(
                    member_id=world.ids[name],
                    day=day,
                    community_id=world.community_id,
                    messages=messages,
                    replies=replies,
                )
            )
    return world


async def test_the_communitys_weeks_balance_and_topics(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await with_replies(await world_on(any_database, clock))
    data = await read_chart_data(any_database, world.community_id, NOW)
    assert len(data.weeks) == CHART_WEEKS
    assert data.weeks[-2:] == ("01-05", "01-12")  # Mondays, the current week last
    assert data.active[-2:] == (3, 3)  # ann, ben, dan; then ann, cat, eve
    assert data.posts[-2:] == (8, 5)
    assert data.replies[-2:] == (0, 3)
    assert sum(data.active[:-2]) == sum(data.posts[:-2]) == 0  # ann's old day is not shown
    # Over 30 days: ann 3, ben 1, dan 5, cat 1, eve 6 messages.
    expected = balance([3, 1, 5, 1, 6])
    assert data.balance.posters == 5
    assert data.balance.gini == expected.gini
    assert data.balance.top_share == expected.top_share
    assert data.balance.points[-1] == (1.0, 1.0)
    # The community's own topic posts (a cohort's are its own chart's), oldest first.
    assert [(t.title, t.replies) for t in data.topics] == [("For everyone", 2)]


async def test_a_cohorts_chart_counts_its_members_and_posts_by_term_week(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await with_replies(await world_on(any_database, clock))
    place = term_place(TERM, [], NOW.date())
    audience = CohortAudience(world.cohort_id, world.fall, place)
    data = await read_chart_data(any_database, world.community_id, NOW, audience)
    assert data.weeks == ("W1", "W2")
    assert data.active == (2, 2)  # ann, ben; then ann, cat (dan and eve are not in fall)
    assert data.posts == (3, 2)
    assert data.replies == (0, 0)
    assert data.balance.posters == 3
    # Replies by fall's members only: dan's reply to week one is not counted.
    assert [(t.title, t.replies) for t in data.topics] == [("Week one", 2), ("Week two", 1)]


async def test_a_cohort_without_a_term_shows_the_last_weeks(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    audience = CohortAudience(world.cohort_id, world.fall)
    data = await read_chart_data(any_database, world.community_id, NOW, audience)
    assert len(data.weeks) == CHART_WEEKS
    assert data.active[-2:] == (2, 2)


async def test_an_empty_community_reads_empty_weeks(
    any_database: Database, clock: VirtualClock
) -> None:
    world = World(any_database, clock)
    community_id = await world.communities.ensure(COMMUNITY)
    data = await read_chart_data(any_database, community_id, NOW)
    assert data.empty
    assert data.active == (0,) * CHART_WEEKS
    assert data.balance.points == ()
    assert data.topics == ()


def test_weeks_begin_on_monday() -> None:
    sunday = START.date() + timedelta(days=6)
    weeks = chart_weeks(sunday)
    assert weeks[-1].first == START.date()
    assert weeks[-1].last == sunday
    assert weeks[0].first == START.date() - timedelta(weeks=CHART_WEEKS - 1)
