"""Weekly topics on Slack: slash commands fill the bank and set the schedule; the virtual clock
brings the moment; the real bolt app posts the topic, and thread replies count as responses."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.clock import VirtualClock
from bot.refs import CommunityRef
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def schedule_a_topic(driver: SlackDriver, fake: FakeSlack) -> str:
    """Add a topic and schedule #topics for Wednesdays at 18:00; return the channel id."""
    topics = fake.workspace.add_channel("topics")
    added = await driver.command("admin", "add What clicked this week?", command="/topic")
    assert "Added topic" in (await response_to(fake, added))["text"]
    scheduled = await driver.command(
        "admin", f"schedule <#{topics}|topics> wed 18:00", command="/topic"
    )
    assert "every Wednesday at 18:00" in (await response_to(fake, scheduled))["text"]
    return topics


async def test_a_scheduled_topic_is_posted_and_thread_replies_count(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App, clock: VirtualClock
) -> None:
    _runtime, driver = running
    topics = await schedule_a_topic(driver, fake)
    seen = len(fake.calls)
    await clock.advance_to(datetime(2026, 1, 7, 18, 0, tzinfo=UTC))
    posted = await fake.wait_for_call("chat.postMessage", after=seen)
    assert posted.arguments["channel"] == topics
    assert posted.arguments["text"] == "💬 Discussion topic: What clicked this week?"
    root = next(
        m for m in fake.workspace.messages.values() if m.channel == topics and m.user == "UBOT"
    )
    for user, text in (("alice", "Recursion, finally"), ("bob", "Same here")):
        reply = fake.workspace.store(topics, fake.workspace.user_id(user), text)
        await driver.event(
            {
                "type": "message",
                "channel": topics,
                "user": reply.user,
                "text": text,
                "ts": reply.ts,
                "thread_ts": root.ts,
                "event_ts": reply.ts,
                "channel_type": "channel",
                "team": fake.workspace.team_id,
            }
        )
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    for _ in range(200):  # events are acknowledged first and handled after
        await app.services.activity.flush()  # replies are recorded with the activity batch
        if len(await app.services.topics.responses(community_id, root.ts)) == 2:
            break
        await asyncio.sleep(0.01)
    assert len(await app.services.topics.responses(community_id, root.ts)) == 2
