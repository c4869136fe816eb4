"""The topic bank on both databases: one topic per text, also when two processes add it."""

from __future__ import annotations

import asyncio

import pytest

from bot.clock import VirtualClock
from bot.errors import UserFacingError
from bot.events import Actor
from bot.refs import UserRef
from bot.shared.members import MemberService
from bot.storage.database import Database
from bot.topics.service import TopicService
from tests.storage.support import other_process


async def test_two_processes_adding_one_topic_keep_one(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    async with other_process(any_database) as second:
        here, there = TopicService(any_database, clock), TopicService(second, clock)
        results = await asyncio.gather(
            here.add(community_id, "What did you learn?"),
            there.add(community_id, "what did  you LEARN?"),
            return_exceptions=True,
        )
    assert sorted(type(result).__name__ for result in results) == ["TopicInfo", "UserFacingError"]
    assert [topic.text for topic in await here.bank(community_id)] in (
        ["What did you learn?"],
        ["what did you LEARN?"],
    )


async def test_a_rejected_suggestion_may_be_made_again(
    any_database: Database, clock: VirtualClock, community_id: int, members: MemberService
) -> None:
    member_id = (await members.resolve(community_id, Actor(UserRef("console", "mia"), "Mia"))).id
    topics = TopicService(any_database, clock)
    first = await topics.suggest(community_id, member_id, "Tabs or spaces?")
    with pytest.raises(UserFacingError):
        await topics.suggest(community_id, member_id, "tabs or spaces?")
    await topics.decide(community_id, first.id, approve=False)
    again = await topics.suggest(community_id, member_id, "tabs or spaces?")
    assert again.status == "pending"
