"""The starter prompts: enough of them, distinct, short, complete, and taken in turn."""

from __future__ import annotations

from bot.topics.starters import STARTER_TOPICS, starter_topic

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
