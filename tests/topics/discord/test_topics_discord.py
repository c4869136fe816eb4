"""Weekly topics on Discord: slash commands fill the bank and set the schedule; the virtual
clock brings the moment; the real discord.py posts the topic and opens its thread."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from adapters.discord.client import CohortClient
from bot.app import App
from bot.clock import VirtualClock
from bot.refs import CommunityRef
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to

STRING, CHANNEL = 3, 7


async def run(fake: FakeDiscord, path: str, **options: tuple[int, str]) -> str:
    values = [
        {"type": kind, "name": name, "value": value} for name, (kind, value) in options.items()
    ]
    interaction = await fake.slash_command("owner", path, values)
    return str((await answer_to(fake, interaction))["data"]["content"])


async def test_a_scheduled_topic_is_posted_with_its_thread_and_replies_count(
    bot: CohortClient, fake: FakeDiscord, app: App, clock: VirtualClock
) -> None:
    topics = fake.guild.add_channel("topics")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[topics])
    assert "Added topic" in await run(fake, "topic add", text=(STRING, "What clicked this week?"))
    answer = await run(
        fake,
        "topic schedule",
        channel=(CHANNEL, topics),
        weekday=(STRING, "wed"),
        at=(STRING, "18:00"),
    )
    assert "every Wednesday at 18:00" in answer
    seen = len(fake.requests)
    await clock.advance_to(datetime(2026, 1, 7, 18, 0, tzinfo=UTC))
    posted = await fake.wait_for_request("POST", rf"/channels/{topics}/messages", after=seen)
    assert posted.json["content"] == "💬 Discussion topic: What clicked this week?"
    message_id = str(posted.answer["id"])
    thread = await fake.wait_for_request(
        "POST", rf"/channels/{topics}/messages/{message_id}/threads", after=seen
    )
    assert thread.json["name"] == "What clicked this week?"
    await fake.dispatch("THREAD_CREATE", {**fake.guild.channels[message_id], "newly_created": True})
    await fake.member_says("alice", "Recursion, finally", channel_id=message_id)
    await fake.member_says("owner", "Nice!", channel_id=message_id)
    community_id = await app.services.communities.ensure(CommunityRef("discord", fake.guild.id))
    for _ in range(200):  # the events are handled in the background
        await app.services.activity.flush()  # replies are recorded with the activity batch
        if len(await app.services.topics.responses(community_id, message_id)) == 2:
            break
        await asyncio.sleep(0.01)
    assert len(await app.services.topics.responses(community_id, message_id)) == 2


async def test_topic_numbers_autocomplete_from_the_bank_and_a_suggestion_is_approved(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    hosts = fake.guild.add_channel("hosts")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[hosts])
    await run(fake, "setup channel", purpose=(STRING, "hosts"), channel=(CHANNEL, hosts))
    for text in ("Tabs or spaces?", "Best debugging story"):
        await run(fake, "topic add", text=(STRING, text))
    focused = [{"type": 4, "name": "topic", "value": "debug", "focused": True}]
    body = await answer_to(fake, await fake.autocomplete("owner", "topic remove", focused))
    assert body["data"]["choices"] == [{"name": "2. Best debugging story", "value": 2}]
    seen = len(fake.requests)
    suggest = await fake.slash_command(
        "alice", "topic suggest", [{"type": STRING, "name": "text", "value": "Pair on katas?"}]
    )
    assert "went to the hosts" in (await answer_to(fake, suggest))["data"]["content"]
    card = await fake.wait_for_request("POST", rf"/channels/{hosts}/messages", after=seen)
    buttons = card.json["components"][0]["components"]
    assert [button["label"] for button in buttons] == ["Approve", "Reject", "Claim"]
    pressed = await fake.press_button("owner", str(card.answer["id"]), buttons[0]["custom_id"])
    assert "Suggestion approved" in str(await answer_to(fake, pressed))
