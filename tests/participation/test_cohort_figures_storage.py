"""The cohort-scoped queries on both databases: figures, weeks and quiet members count only the
given members (bound as one parameter, however many) and a cohort's own posts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import insert, update

from bot.clock import VirtualClock
from bot.cohorts import CohortService
from bot.events import Actor
from bot.participation.nudges import NudgeLedger
from bot.participation.quiet import QuietService
from bot.participation.stats import CohortAudience, StatsService
from bot.participation.weekly import term_place
from bot.refs import UserRef
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.members import MemberService
from bot.shared.schedules import ScheduleService
from bot.shared.terms import Term
from bot.storage.database import Database
from bot.storage.models import DailyActivity, Member, TopicPost, TopicResponse
from tests.conftest import COMMUNITY, START

NOW = START + timedelta(days=9)  # Wednesday of week 2 of a term starting on START's day
TERM = Term(START.date(), 4)


class World:
    """A community of five members, a cohort `fall` of three of them, posts and activity."""

    def __init__(self, database: Database, clock: VirtualClock) -> None:
        self.database = database
        self.clock = clock
        self.communities = CommunityService(database, clock, "UTC")
        self.cohorts = CohortService(
            database,
            clock,
            self.communities,
            BreakService(database),
            ScheduleService(database, clock),
        )
        self.ids: dict[str, int] = {}
        self.community_id = 0
        self.cohort_id = 0

    async def build(self) -> None:
        self.community_id = await self.communities.ensure(COMMUNITY)
        members = MemberService(self.database, self.clock)
        for name in ("ann", "ben", "cat", "dan", "eve"):
            actor = Actor(UserRef("console", name), name)
            joined = START - timedelta(days=20)
            self.ids[name] = await members.record_joined(self.community_id, actor, joined)
        self.cohort_id = (await self.cohorts.create(self.community_id, "fall", "fall")).id
        week_1 = await self.post("Week one", self.cohort_id, 1, START + timedelta(hours=2))
        week_2 = await self.post("Week two", self.cohort_id, 2, START + timedelta(days=7))
        community = await self.post("For everyone", None, None, START + timedelta(days=8))
        await self.replies(week_1, "ann", "ben", "dan")  # dan is not in fall
        await self.replies(week_2, "ann")
        await self.replies(community, "cat", "eve")
        for name, day, messages in (
            ("ann", START.date(), 2),
            ("ann", START.date() + timedelta(days=8), 1),
            ("ben", START.date() + timedelta(days=1), 1),
            ("dan", START.date() + timedelta(days=1), 5),
            ("cat", START.date() + timedelta(days=8), 1),
        ):
            await self.activity(name, day, messages)

    @property
    def fall(self) -> frozenset[int]:
        return frozenset(self.ids[name] for name in ("ann", "ben", "cat"))

    async def post(self, text: str, cohort_id: int | None, week: int | None, at: datetime) -> int:
        async with self.database.writing() as connection:
            inserted = await connection.execute(
                insert(TopicPost)
                .values(
                    community_id=self.community_id,
                    text=text,
                    channel_external_id="fall",
                    message_external_id=f"m-{text}",
                    posted_at=at,
                    cohort_id=cohort_id,
                    week=week,
                )
                .returning(TopicPost.id)
            )
            return int(inserted.scalar_one())

    async def replies(self, post_id: int, *names: str) -> None:
        async with self.database.writing() as connection:
            for name in names:
                await connection.execute(
                    insert(TopicResponse).values(
                        topic_post_id=post_id,
                        member_id=self.ids[name],
                        message_external_id=f"r-{post_id}-{name}",
                        responded_at=START + timedelta(days=1),
                    )
                )

    async def activity(self, name: str, day: date, messages: int) -> None:
        at = datetime.combine(day, START.timetz())
        async with self.database.writing() as connection:
            await connection.execute(
                insert(DailyActivity).values(
                    member_id=self.ids[name],
                    day=day,
                    community_id=self.community_id,
                    messages=messages,
                    replies=0,
                )
            )
            await connection.execute(  # added in time order: the newest is the last
                update(Member).where(Member.id == self.ids[name]).values(last_active_at=at)
            )


async def world_on(database: Database, clock: VirtualClock) -> World:
    world = World(database, clock)
    await world.build()
    return world


async def test_a_cohorts_figures_count_its_members_and_its_posts(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    stats = StatsService(any_database, NudgeLedger(any_database, clock))
    place = term_place(TERM, [], NOW.date())
    audience = CohortAudience(world.cohort_id, world.fall, place)
    figures = await stats.figures(world.community_id, NOW, audience)
    assert (figures.members, figures.active_30, figures.never_posted) == (3, 3, 0)
    assert sorted(figures.messages_by_member) == [1, 1, 3]  # dan's 5 are not fall's
    assert [(t.text, t.replies, t.responders) for t in figures.threads] == [
        ("Week two", 1, 1),
        ("Week one", 2, 2),  # dan's reply is not counted
    ]
    assert figures.non_responders == ["cat"]  # ann and ben replied to one; dan is not fall
    assert [(w.number, w.topic_posts, w.replies, w.responders) for w in figures.weeks] == [
        (1, 1, 2, 2),
        (2, 1, 1, 1),
    ]
    assert [(w.number, w.active, w.messages) for w in figures.weeks] == [(1, 2, 3), (2, 2, 2)]
    community = await stats.figures(world.community_id, NOW)
    assert community.members == 5
    assert [t.text for t in community.threads] == ["For everyone"]
    assert community.weeks == []


async def test_thousands_of_member_ids_are_one_parameter(
    any_database: Database, clock: VirtualClock
) -> None:
    world = await world_on(any_database, clock)
    many = world.fall | frozenset(range(10_000_000, 10_040_000))  # past SQLite's 32,766
    stats = StatsService(any_database, NudgeLedger(any_database, clock))
    audience = CohortAudience(world.cohort_id, many, term_place(TERM, [], NOW.date()))
    figures = await stats.figures(world.community_id, NOW, audience)
    assert figures.members == 3
    assert sum(w.active for w in figures.weeks) == 4
    quiet = QuietService(any_database)
    later = NOW + timedelta(days=30)
    assert await quiet.count_quiet(world.community_id, later, 14, members=many) == 3
    assert await quiet.count_quiet(world.community_id, later, 14) == 5


async def test_quiet_members_of_a_cohort(any_database: Database, clock: VirtualClock) -> None:
    world = await world_on(any_database, clock)
    quiet = QuietService(any_database)
    fall = world.fall
    quiet_fall = await quiet.quiet(world.community_id, NOW, 3, members=fall)
    assert [member.display_name for member in quiet_fall] == ["ben"]  # ann, cat posted since
    assert await quiet.count_quiet(world.community_id, NOW, 3, members=frozenset()) == 0
