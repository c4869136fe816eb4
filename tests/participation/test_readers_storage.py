"""Readers and reactions in the store, on both databases: who is quiet, who is a reader, who
may be nudged, the reactions' figures (a cohort's too), and the batched reaction counts."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.clock import VirtualClock
from bot.events import Actor
from bot.participation.nudges import NudgeLedger
from bot.participation.quiet import QuietService, QuietTally
from bot.participation.service import ParticipationService
from bot.participation.store.stats import ReactionCounts, reaction_counts
from bot.refs import UserRef
from bot.shared.activity import ActivityService
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import DailyReactions, Member
from tests.conftest import START

COOLDOWN = timedelta(days=30)


def actor(name: str) -> Actor:
    return Actor(UserRef("console", f"u-{name}"), name)


async def joined(members: MemberService, community_id: int, *names: str) -> list[int]:
    at = START - timedelta(days=60)
    return [await members.record_joined(community_id, actor(name), at) for name in names]


async def test_reactions_are_counted_per_day_in_batches_and_the_latest_kept(
    any_database: Database, members: MemberService, community_id: int
) -> None:
    (alice,) = await joined(members, community_id, "alice")
    activity = ActivityService(any_database, members)
    await activity.record_reaction(community_id, actor("alice"), START)
    await activity.record_reaction(community_id, actor("alice"), START + timedelta(hours=2))
    assert activity.pending() == 1
    await activity.flush()
    await activity.record_reaction(community_id, actor("alice"), START + timedelta(hours=1))
    await activity.record_reaction(community_id, actor("alice"), START + timedelta(days=1))
    await activity.close()
    async with any_database.reading() as connection:
        days = await connection.execute(
            select(DailyReactions.day, DailyReactions.reactions).order_by(DailyReactions.day)
        )
        assert days.tuples().all() == [
            (START.date(), 3),
            (START.date() + timedelta(days=1), 1),
        ]
        latest = await connection.execute(select(Member.last_reacted_at, Member.last_active_at))
        assert latest.tuples().one() == (START + timedelta(days=1), None)
        owners = await connection.execute(select(DailyReactions.member_id).distinct())
        assert owners.scalars().all() == [alice]


async def test_reactors_are_not_quiet_and_readers_are_counted_apart(
    any_database: Database, members: MemberService, community_id: int, clock: VirtualClock
) -> None:
    alice, bob, carl = await joined(members, community_id, "alice", "bob", "carl")
    activity = ActivityService(any_database, members)
    await activity.record_reaction(community_id, actor("bob"), START - timedelta(days=2))
    await activity.flush()
    await ParticipationService(any_database).read_quietly(community_id, carl, START)
    quiet = QuietService(any_database)

    listed = await quiet.quiet(community_id, START, 14)
    assert [member.id for member in listed] == [alice]
    assert await quiet.tally(community_id, START, 14) == QuietTally(quiet=1, reading=1)
    assert await quiet.tally(community_id, START, 14, members=[bob]) == QuietTally(0, 0)
    candidates = await quiet.candidates([community_id], START, 14, COOLDOWN)
    assert [c.member.id for c in candidates] == [alice]
    ledger = NudgeLedger(any_database, clock)
    assert await ledger.claim(community_id, carl, 14, COOLDOWN) is None, "readers: no claim"

    # Carl posts: no longer a reader; quiet again two weeks later, he may be checked on.
    await activity.record(community_id, actor("carl"), START + timedelta(hours=1))
    await activity.flush()
    later = START + timedelta(days=15)
    assert await quiet.tally(community_id, later, 14) == QuietTally(quiet=3, reading=0)
    await clock.advance_to(later)
    assert await ledger.claim(community_id, carl, 14, COOLDOWN) is not None


async def test_nudges_on_ends_reading_and_off(
    any_database: Database, members: MemberService, community_id: int
) -> None:
    (alice,) = await joined(members, community_id, "alice")
    participation = ParticipationService(any_database)
    await participation.set_nudges(community_id, alice, on=False)
    await participation.read_quietly(community_id, alice, START)
    quiet = QuietService(any_database)
    assert await quiet.candidates([community_id], START, 14, COOLDOWN) == []
    await participation.set_nudges(community_id, alice, on=True)
    (candidate,) = await quiet.candidates([community_id], START, 14, COOLDOWN)
    assert candidate.member.id == alice
    assert await quiet.tally(community_id, START, 14) == QuietTally(quiet=1, reading=0)


async def test_the_reactions_figures_count_the_window_and_the_given_members(
    any_database: Database, members: MemberService, community_id: int
) -> None:
    alice, bob, carl = await joined(members, community_id, "alice", "bob", "carl")
    activity = ActivityService(any_database, members)
    for name, days_ago in (("alice", 1), ("alice", 2), ("bob", 3), ("carl", 45)):
        await activity.record_reaction(community_id, actor(name), START - timedelta(days=days_ago))
    await activity.record(community_id, actor("alice"), START - timedelta(days=5))
    await activity.flush()
    since = START - timedelta(days=30)
    async with any_database.reading() as connection:
        everyone = await reaction_counts(connection, community_id, since)
        assert everyone == ReactionCounts(reactions=3, reactors=2, only_reacted=1)
        cohort = await reaction_counts(connection, community_id, since, frozenset({alice, carl}))
        assert cohort == ReactionCounts(reactions=2, reactors=1, only_reacted=0)
        nobody = await reaction_counts(connection, community_id, since, frozenset())
        assert nobody == ReactionCounts(0, 0, 0)
    assert bob
