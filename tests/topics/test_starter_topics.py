"""The starter prompts: enough of them, distinct, short, complete, taken in turn, translated."""

from __future__ import annotations

import asyncio

from bot.clock import VirtualClock
from bot.i18n import use_catalogues
from bot.storage.database import Database
from bot.topics.service import NextTopic, TopicService
from bot.topics.starters import STARTER_TOPICS, starter_topic
from tests.i18n.pseudo import pseudo_catalogues, widen

TWEET = 280


def test_there_are_at_least_forty_distinct_prompts() -> None:
    assert len(STARTER_TOPICS) >= 40
    assert len({topic.casefold() for topic in STARTER_TOPICS}) == len(STARTER_TOPICS)


def test_each_prompt_is_short_trimmed_and_has_no_placeholder() -> None:
    for topic in STARTER_TOPICS:
        assert topic == topic.strip()
        assert 0 < len(topic) < TWEET
        assert "{" not in topic
        assert "}" not in topic
        assert "\n" not in topic


def test_turns_go_through_every_prompt_once_then_start_over() -> None:
    turns = [starter_topic(index) for index in range(len(STARTER_TOPICS))]
    assert sorted(turns) == sorted(STARTER_TOPICS)
    assert starter_topic(len(STARTER_TOPICS)) == STARTER_TOPICS[0]
    assert all(turns[i] != turns[i + 1] for i in range(len(turns) - 1))


async def test_a_starter_prompt_is_shown_in_each_callers_language(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    topics = TopicService(any_database, clock)

    async def in_pseudo_language() -> NextTopic | None:
        with use_catalogues(pseudo_catalogues()):
            return await topics.next_topic(community_id)

    # Both look-ups share one batch, started by the English caller, and take successive
    # turns; each is still in its own caller's language.
    english, pseudo = await asyncio.gather(topics.next_topic(community_id), in_pseudo_language())
    assert english is not None
    assert english.text == STARTER_TOPICS[0]
    assert pseudo is not None
    assert pseudo.text == widen(STARTER_TOPICS[1])


async def test_a_hosts_topic_is_shown_as_written_in_any_language(
    any_database: Database, clock: VirtualClock, community_id: int
) -> None:
    topics = TopicService(any_database, clock)
    await topics.add(community_id, "What surprised you this week?")
    with use_catalogues(pseudo_catalogues()):
        upcoming = await topics.next_topic(community_id)
    assert upcoming is not None
    assert upcoming.text == "What surprised you this week?"
