"""What the gateway delivers again is acted on once: a resume that replays handled dispatches,
an interaction id seen before. The real discord.py against the fake Discord."""

from __future__ import annotations

from sqlalchemy import func, select

from adapters.discord.client import CohortClient
from bot.app import App
from bot.events import MemberJoined, MessagePosted
from bot.refs import CommunityRef
from bot.storage.models import DailyActivity
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to
from tests.adapters.handled import handled_after_the_core

STRING = 3


async def test_a_resume_replaying_handled_events_acts_on_each_once(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    joined = handled_after_the_core(app, MemberJoined)
    posted = handled_after_the_core(app, MessagePosted)
    await fake.member_joins("dana")
    await fake.member_says("dana", "hello")
    assert (await posted.get()).text == "hello"
    fake.replay_on_resume = 2  # the join and the message, already handled

    await fake.drop_connection()
    await fake.wait_until_ready()
    assert len(fake.resume_payloads) == 1
    await fake.member_says("dana", "bye")

    assert (await posted.get()).text == "bye"
    assert posted.empty()
    await joined.get()
    assert joined.empty()
    await app.services.activity.flush()
    async with app.database.reading() as connection:
        counted = await connection.execute(select(func.sum(DailyActivity.messages)))
    assert counted.scalar_one() == 2


async def test_an_interaction_delivered_twice_runs_once(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    option = [{"type": STRING, "name": "text", "value": "What clicked this week?"}]
    first = await fake.slash_command("owner", "topic add", option)
    assert "Added topic" in (await answer_to(fake, first))["data"]["content"]

    await fake.redeliver()
    marker = await fake.slash_command("owner", "topic list")
    await answer_to(fake, marker)

    callbacks = [r for r in fake.requests if r.path.startswith(f"/interactions/{first}/")]
    assert len(callbacks) == 1
    community_id = await app.services.communities.ensure(CommunityRef("discord", fake.guild.id))
    assert len(await app.services.topics.bank(community_id)) == 1
