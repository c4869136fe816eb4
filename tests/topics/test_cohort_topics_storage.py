"""Cohort banks on both databases: a burst of look-ups across banks in one snapshot, pins
taken once by two processes, posts recorded with their cohort and week, every bank listed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.clock import VirtualClock
from bot.cohorts import CohortService
from bot.errors import UserFacingError
from bot.refs import ChannelRef, MessageRef
from bot.shared.breaks import BreakService
from bot.shared.communities import CommunityService
from bot.shared.schedules import ScheduleService
from bot.storage.database import Database
from bot.topics import Source, TopicService, WeekPin
from bot.topics.uses import Post, Use, UseRecorder
from tests.storage.support import other_process

WEEK_ONE = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
WEEK_TWO = datetime(2026, 1, 13, 9, 0, tzinfo=UTC)


async def two_cohorts(database: Database, clock: VirtualClock, community_id: int) -> list[int]:
    """Create fall (a 4-week term from 2026-01-05) and spring (no term); return their ids."""
    cohorts = CohortService(
        database,
        clock,
        CommunityService(database, clock, "UTC"),
        BreakService(database),
        ScheduleService(database, clock),
    )
    fall = await cohorts.create(community_id, "fall", "c-fall")
    spring = await cohorts.create(community_id, "spring", "c-spring")
    await cohorts.set_term(fall, datetime(2026, 1, 5, tzinfo=UTC).date(), 4)
    return [fall.id, spring.id]


async def test_a_burst_across_banks_takes_pins_turns_and_fallbacks_in_one_go(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    fall, spring = await two_cohorts(any_database, clock, community_id)
    topics = TopicService(any_database, clock)
    for text in ("C1", "C2"):
        await topics.add(community_id, text)
    for text in ("F1", "F2"):
        await topics.add(community_id, text, cohort_id=fall)
    await topics.add(community_id, "F pinned", cohort_id=fall, pin=WeekPin(1, 4))
    chosen = await asyncio.gather(
        topics.next_topic(community_id, cohort_id=fall, at=WEEK_ONE),
        topics.next_topic(community_id, cohort_id=fall, at=WEEK_ONE),
        topics.next_topic(community_id, cohort_id=spring, at=WEEK_ONE),
        topics.next_topic(community_id, at=WEEK_ONE),
        topics.next_topic(community_id, cohort_id=fall, at=WEEK_TWO),
    )
    assert [(one.text, one.source, one.week) for one in chosen if one] == [
        ("F pinned", Source.PIN, 1),
        ("F1", Source.BANK, 1),
        ("C1", Source.COMMUNITY, None),  # spring's bank is empty and it has no term
        ("C2", Source.BANK, None),  # the community's next turn: no topic twice at once
        ("F2", Source.BANK, 2),
    ]


async def test_a_week_with_a_post_no_longer_takes_its_pin_and_posts_keep_cohort_and_week(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    fall, _spring = await two_cohorts(any_database, clock, community_id)
    topics = TopicService(any_database, clock)
    await topics.add(community_id, "Loose", cohort_id=fall)
    await topics.add(community_id, "Pinned", cohort_id=fall, pin=WeekPin(1, 4))
    channel = ChannelRef("console", "c-fall")
    post = Post(None, channel, MessageRef("console", "c-fall", "m1"), None, fall, 1)
    await UseRecorder(any_database, clock).record(Use(community_id, "Loose", None, False, post))
    upcoming = await topics.next_topic(community_id, cohort_id=fall, at=WEEK_ONE)
    assert upcoming is not None
    assert (upcoming.text, upcoming.source) == ("Loose", Source.BANK)
    state = await topics.bank_state(community_id, fall)
    assert state.posted == {1: "Loose"}
    assert state.pins == {1: (state.pins[1][0], "Pinned")}
    assert list(state.rotation) == ["Loose"]


async def test_two_processes_pinning_two_topics_to_one_week_pin_one(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    fall, _spring = await two_cohorts(any_database, clock, community_id)
    here = TopicService(any_database, clock)
    first = await here.add(community_id, "First", cohort_id=fall)
    second = await here.add(community_id, "Second", cohort_id=fall)
    async with other_process(any_database) as database:
        there = TopicService(database, clock)
        results = await asyncio.gather(
            here.pin(community_id, fall, first.id, WeekPin(3, 4)),
            there.pin(community_id, fall, second.id, WeekPin(3, 4)),
            return_exceptions=True,
        )
    assert sorted(type(result).__name__ for result in results) == ["TopicInfo", "UserFacingError"]
    weeks = [topic.week for topic in await here.bank(community_id, cohort_id=fall)]
    assert sorted(weeks, key=lambda week: week or 0) == [None, 3]


async def test_every_bank_lists_the_communitys_first_and_banks_check_their_own_duplicates(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    fall, spring = await two_cohorts(any_database, clock, community_id)
    topics = TopicService(any_database, clock)
    await topics.add(community_id, "Same text", cohort_id=spring)
    await topics.add(community_id, "Same text", cohort_id=fall)
    await topics.add(community_id, "Same text")
    with pytest.raises(UserFacingError):
        await topics.add(community_id, "same  TEXT", cohort_id=fall)
    listed = [(cohort, topic.text) for cohort, topic in await topics.every_bank(community_id)]
    assert listed == [(None, "Same text"), (fall, "Same text"), (spring, "Same text")]
