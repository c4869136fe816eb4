"""A scheduled topic is posted once on Discord even when its response is lost: the post carries
a nonce derived from the occurrence with `enforce_nonce`, so a resend returns the same message.
The fake Discord accepts the post, then drops the connection (or answers 502)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.discord.client import CohortClient
from bot.app import App
from bot.clock import VirtualClock
from bot.settings import Settings
from tests.adapters.discord.fake_server import FakeDiscord
from tests.conftest import START
from tests.participation.discord.test_nudges_discord import member_known
from tests.topics.discord.test_topics_discord import CHANNEL, STRING, run


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No intro reminder: after the welcome, the nudge is the only message the member gets."""
    return settings.model_copy(update={"intro_reminder_days": 0})


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


async def test_a_nudge_whose_answer_was_lost_is_sent_once(
    bot: CohortClient, fake: FakeDiscord, app: App, clock: VirtualClock
) -> None:
    before_join = len(fake.requests)
    alice = await fake.member_joins("alice")
    community_id = await member_known(app, fake, alice)
    await fake.wait_for_request("POST", r"/channels/[0-9]+/messages", after=before_join)
    fake.lose_next_response("POST", r"/channels/[0-9]+/messages")  # the nudge's
    seen = len(fake.requests)
    await clock.advance_to(START + timedelta(days=15))
    first = await fake.wait_for_request("POST", r"/channels/[0-9]+/messages", after=seen)
    dm = first.path.split("/")[2]
    again = await fake.wait_for_request(
        "POST", rf"/channels/{dm}/messages", after=fake.requests.index(first) + 1
    )
    assert again.json["nonce"] == first.json["nonce"]
    await clock.advance_to(START + timedelta(days=16))  # the next sweeps: nothing to retry
    nudges = [
        m for m in fake.guild.messages.values() if m.channel_id == dm and "lurking" in m.content
    ]
    assert len(nudges) == 1
    since = START - timedelta(days=1)
    assert await app.services.nudges.outcomes(community_id, since) == {"sent": 1}
