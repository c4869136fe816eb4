"""A member's topic suggestion is decided once, also when two hosts press at the same moment."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select

from bot.clock import VirtualClock
from bot.errors import NotFoundError, UserFacingError
from bot.events import Actor
from bot.refs import UserRef
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.storage.models import Topic
from bot.topics.service import APPROVED, PENDING, REJECTED, Decision, TopicService
from tests.storage.support import other_process

RACES = 12


async def _suggestions(
    database: Database, members: MemberService, service: TopicService, community_id: int
) -> list[int]:
    author = await members.resolve(community_id, Actor(UserRef("console", "ana"), "Ana"))
    return [
        (await service.suggest(community_id, author.id, f"Suggestion {number}")).id
        for number in range(RACES)
    ]


async def _statuses(database: Database) -> dict[int, str]:
    async with database.reading() as connection:
        return dict((await connection.execute(select(Topic.id, Topic.status))).all())


async def test_approve_and_reject_at_the_same_moment_decide_once(
    any_database: Database, members: MemberService, community_id: int, clock: VirtualClock
) -> None:
    here = TopicService(any_database, clock)
    ids = await _suggestions(any_database, members, here, community_id)
    async with other_process(any_database) as elsewhere_database:
        there = TopicService(elsewhere_database, clock)
        await _statuses(elsewhere_database)  # both "processes" have a connection ready
        outcomes = [
            await asyncio.gather(
                here.decide(community_id, topic_id, approve=True),
                there.decide(community_id, topic_id, approve=False),
                return_exceptions=True,
            )
            for topic_id in ids
        ]

    statuses = await _statuses(any_database)
    for topic_id, (approved, rejected) in zip(ids, outcomes, strict=True):
        winners = [o for o in (approved, rejected) if isinstance(o, Decision)]
        losers = [o for o in (approved, rejected) if isinstance(o, BaseException)]
        assert len(winners) == 1, (topic_id, approved, rejected)
        assert len(losers) == 1
        assert type(losers[0]) is UserFacingError, losers
        decided = winners[0].topic.status
        assert statuses[topic_id] == decided
        assert str(losers[0]) == f"That suggestion was already {decided}."


async def test_a_decided_suggestion_answers_what_was_decided_and_changes_nothing(
    any_database: Database, members: MemberService, community_id: int, clock: VirtualClock
) -> None:
    service = TopicService(any_database, clock)
    first, second = (await _suggestions(any_database, members, service, community_id))[:2]

    approved = await service.decide(community_id, first, approve=True)
    rejected = await service.decide(community_id, second, approve=False)

    assert (approved.topic.status, approved.suggested_by) == (APPROVED, "ana")
    assert (rejected.topic.status, rejected.suggested_by) == (REJECTED, "ana")
    with pytest.raises(UserFacingError, match="already approved"):
        await service.decide(community_id, first, approve=False)
    with pytest.raises(UserFacingError, match="already rejected"):
        await service.decide(community_id, second, approve=True)
    statuses = await _statuses(any_database)
    assert (statuses[first], statuses[second]) == (APPROVED, REJECTED)
    assert set(statuses.values()) - {APPROVED, REJECTED} == {PENDING}


async def test_a_suggestion_of_another_community_or_none_at_all_is_not_found(
    any_database: Database, members: MemberService, community_id: int, clock: VirtualClock
) -> None:
    service = TopicService(any_database, clock)
    topic_id = (await _suggestions(any_database, members, service, community_id))[0]

    with pytest.raises(NotFoundError, match="no longer exists"):
        await service.decide(community_id + 1, topic_id, approve=True)
    with pytest.raises(NotFoundError, match="no longer exists"):
        await service.decide(community_id, 10_000, approve=True)
    assert (await _statuses(any_database))[topic_id] == PENDING
