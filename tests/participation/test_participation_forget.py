"""`/profile forget` takes the member's participation data with it (ON DELETE CASCADE):
counts, questions, nudges, settings, reading status and reactions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.clock import VirtualClock
from bot.events import Actor
from bot.participation.nudges import NudgeLedger
from bot.participation.service import ParticipationService
from bot.refs import MessageRef, UserRef
from bot.shared.activity import ActivityService
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import DailyActivity, DailyReactions, Nudge, Participation, Question
from tests.conftest import START

ALICE = Actor(UserRef("console", "u-alice"), "Alice")


async def test_forgetting_a_member_deletes_their_counts_questions_nudges_and_settings(
    any_database: Database, members: MemberService, community_id: int, clock: VirtualClock
) -> None:
    member_id = await members.record_joined(community_id, ALICE, START - timedelta(days=30))
    activity = ActivityService(any_database, members)
    await activity.record(
        community_id,
        ALICE,
        START - timedelta(days=20),
        message=MessageRef("console", "c", "m1"),
        question=True,
    )
    await activity.record_reaction(community_id, ALICE, START - timedelta(days=19))
    await activity.flush()
    await ParticipationService(any_database).set_nudges(community_id, member_id, on=True)
    ledger = NudgeLedger(any_database, clock)
    assert await ledger.claim(community_id, member_id, 14, timedelta(days=30)) is not None
    await ParticipationService(any_database).read_quietly(community_id, member_id, START)
    await activity.record_reaction(community_id, ALICE, START)  # pending when forgotten

    await members.forget(member_id)
    await activity.flush()  # the pending reaction is dropped, not written for a gone member

    async with any_database.session() as session:
        for model in (DailyActivity, DailyReactions, Participation, Question, Nudge):
            table = model.__table__
            count = await session.scalar(select(func.count()).select_from(table))
            assert count == 0, table
