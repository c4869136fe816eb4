"""A scheduled topic is posted once on Discord even when its response is lost: the post carries
a nonce derived from the occurrence with `enforce_nonce`, so a resend returns the same message.
The fake Discord accepts the post, then drops the connection (or answers 502)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from adapters.discord.client import CohortClient
from bot.clock import VirtualClock
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_topics_discord import CHANNEL, STRING, run

WEDNESDAY_18 = datetime(2026, 1, 7, 18, 0, tzinfo=UTC)


@pytest.mark.parametrize("lost_with", [None, 502], ids=["dropped", "502"])
async def test_a_topic_whose_response_was_lost_is_posted_once(
    bot: CohortClient, fake: FakeDiscord, clock: VirtualClock, lost_with: int | None
) -> None:
    topics = fake.guild.add_channel("topics")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[topics])
    await run(fake, "topic add", text=(STRING, "What clicked this week?"))
    await run(
        fake,
        "topic schedule",
        channel=(CHANNEL, topics),
        weekday=(STRING, "wed"),
        at=(STRING, "18:00"),
    )
    fake.lose_next_response("POST", rf"/channels/{topics}/messages", status=lost_with)
    seen = len(fake.requests)
    await clock.advance_to(WEDNESDAY_18)
    await fake.wait_for_request("POST", rf"/channels/{topics}/messages/\d+/threads", after=seen)
    posts = [
        r
        for r in fake.requests[seen:]
        if r.method == "POST" and r.path == f"/channels/{topics}/messages"
    ]
    stored = [m for m in fake.guild.messages.values() if m.channel_id == topics and not m.deleted]
    expected = ["💬 Discussion topic: What clicked this week?"]
    assert [m.content for m in stored] == expected  # once, although sent twice:
    assert len(posts) == 2  # the first one's answer was lost, so it was sent again
    assert posts[0].json["nonce"] == posts[1].json["nonce"]
    assert posts[0].json["enforce_nonce"] is True
