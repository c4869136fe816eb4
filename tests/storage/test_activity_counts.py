"""Activity beyond last-active: per-day counts, first posts, questions and their answers."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.events import Actor
from bot.refs import MessageRef, UserRef
from bot.shared.activity import ActivityService
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import DailyActivity, Participation, Question
from tests.conftest import START

ALICE = Actor(UserRef("console", "u-alice"), "Alice")
BOB = Actor(UserRef("console", "u-bob"), "Bob")


def message(number: int) -> MessageRef:
    return MessageRef("console", "general", f"m{number}")


async def test_counts_per_day_replies_and_first_posts_accumulate_across_flushes(
    any_database: Database, members: MemberService, community_id: int
) -> None:
    activity = ActivityService(any_database, members)
    await activity.record(community_id, ALICE, START)
    await activity.record(community_id, ALICE, START + timedelta(hours=1), reply_to=message(1))
    await activity.flush()
    await activity.record(community_id, ALICE, START + timedelta(hours=2))
    await activity.record(community_id, ALICE, START + timedelta(days=1))
    await activity.close()

    async with any_database.session() as session:
        rows = await session.execute(
            select(DailyActivity.day, DailyActivity.messages, DailyActivity.replies).order_by(
                DailyActivity.day
            )
        )
        assert [tuple(row) for row in rows] == [
            (START.date(), 3, 1),
            (START.date() + timedelta(days=1), 1, 0),
        ]
        first = await session.scalar(select(Participation.first_post_at))
    assert first == START


async def test_a_question_is_answered_by_someone_elses_reply_in_its_thread(
    any_database: Database, members: MemberService, community_id: int
) -> None:
    activity = ActivityService(any_database, members)
    await activity.record(community_id, ALICE, START, message=message(1), question=True)
    await activity.record(community_id, BOB, START, message=message(2), question=True)
    await activity.flush()
    # The asker's own follow-up does not answer; Bob's reply does.
    await activity.record(community_id, ALICE, START + timedelta(hours=1), reply_to=message(1))
    await activity.record(community_id, BOB, START + timedelta(hours=3), reply_to=message(1))
    await activity.flush()

    async with any_database.session() as session:
        rows = await session.execute(
            select(Question.message_external_id, Question.answered_at).order_by(
                Question.message_external_id
            )
        )
        assert [tuple(row) for row in rows] == [
            ("m1", START + timedelta(hours=3)),
            ("m2", None),
        ]


async def test_a_member_forgotten_while_pending_leaves_no_counts_behind(
    any_database: Database, members: MemberService, community_id: int
) -> None:
    activity = ActivityService(any_database, members)
    await activity.record(community_id, ALICE, START, message=message(1), question=True)
    await activity.record(community_id, BOB, START)
    await members.forget(await members.find_id(community_id, "u-alice"))

    await activity.flush()

    async with any_database.session() as session:
        counted = await session.execute(select(DailyActivity.member_id))
        assert list(counted.scalars()) == [await members.find_id(community_id, "u-bob")]
        assert await session.scalar(select(Question.id)) is None
