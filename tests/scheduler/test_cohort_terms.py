"""A cohort's scheduled work pauses by itself outside its term, as on a break, and stops when the
cohort is archived; the whole community's work is not affected (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.clock import VirtualClock
from bot.cohorts import CohortService
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleInfo, ScheduleService
from bot.storage.database import Database
from scheduler.ledger import PAUSED, Ledger, Outcome
from scheduler.runner import LEASE

MONDAY = 0
TERM_START = date(2026, 1, 12)  # a Monday, a week after the tests' START


class Term:
    """A community with a fall cohort (a three-week term from TERM_START) and two Monday
    schedules in the same channel: the cohort's and the whole community's."""

    def __init__(self, database: Database, clock: VirtualClock, community_id: int) -> None:
        self.schedules = ScheduleService(database, clock)
        self.breaks = BreakService(database)
        self.cohorts = CohortService(
            database,
            clock,
            CommunityService(database, clock, "UTC"),
            self.breaks,
            self.schedules,
        )
        self.ledger = Ledger(database, clock, LEASE)
        self.community_id = community_id

    async def schedule(self, cohort_id: int | None) -> ScheduleInfo:
        return await self.schedules.set_weekly(
            self.community_id, "topic", "C1", MONDAY, time(9), 1, cohort_id=cohort_id
        )


async def test_a_cohort_schedule_runs_only_in_its_terms_numbered_weeks(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    term = Term(any_database, clock, community_id)
    fall = await term.cohorts.create(community_id, "fall", "C1")
    await term.cohorts.set_term(fall, TERM_START, 3)
    await term.breaks.add(community_id, date(2026, 1, 19), date(2026, 1, 25))  # week 2's dates
    cohort_schedule = await term.schedule(fall.id)
    community_schedule = await term.schedule(None)
    assert cohort_schedule.id != community_schedule.id  # one channel, two scopes

    outcomes = {}
    for label, due in (
        ("before", _due(TERM_START - timedelta(weeks=1))),
        ("week 1", _due(TERM_START)),
        ("break", _due(TERM_START + timedelta(weeks=1))),
        ("week 2", _due(TERM_START + timedelta(weeks=2))),
        ("week 3", _due(TERM_START + timedelta(weeks=3))),
        ("after", _due(TERM_START + timedelta(weeks=4))),
    ):
        cohort_start = await term.ledger.begin(cohort_schedule, due)
        community_start = await term.ledger.begin(community_schedule, due)
        outcomes[label] = (cohort_start.outcome, community_start.outcome)

    assert outcomes == {
        "before": (Outcome.PAUSED, Outcome.CLAIMED),
        "week 1": (Outcome.CLAIMED, Outcome.CLAIMED),
        "break": (Outcome.PAUSED, Outcome.PAUSED),  # the community's break pauses both
        "week 2": (Outcome.CLAIMED, Outcome.CLAIMED),
        "week 3": (Outcome.CLAIMED, Outcome.CLAIMED),
        "after": (Outcome.PAUSED, Outcome.CLAIMED),
    }
    before = await term.ledger.entry(cohort_schedule.id, _due(TERM_START - timedelta(weeks=1)))
    assert before is not None
    assert before.status == PAUSED


async def test_a_cohort_without_a_term_runs_every_week(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    term = Term(any_database, clock, community_id)
    spring = await term.cohorts.create(community_id, "spring", "C1")
    schedule = await term.schedule(spring.id)

    start = await term.ledger.begin(schedule, _due(TERM_START + timedelta(weeks=30)))

    assert start.outcome is Outcome.CLAIMED


async def test_archiving_a_cohort_stops_its_schedules_and_keeps_the_communitys(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    term = Term(any_database, clock, community_id)
    fall = await term.cohorts.create(community_id, "fall", "C1")
    cohort_schedule = await term.schedule(fall.id)
    community_schedule = await term.schedule(None)

    stopped = await term.cohorts.archive(fall)

    assert stopped == 1
    left = await term.schedules.for_community(community_id)
    assert [info.id for info in left] == [community_schedule.id]
    late = await term.ledger.begin(cohort_schedule, _due(TERM_START))
    assert late.outcome is Outcome.CHANGED  # armed before the archive: gone, so not done


def _due(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=UTC)
