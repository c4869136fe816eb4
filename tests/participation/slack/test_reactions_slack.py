"""Reactions on Slack: the manifest asks for `reactions:read` and `reaction_added`, the real
bolt app counts a fake Slack's `reaction_added` as light participation (once, however often
Slack delivers it; a count, no emoji), and `/stats` shows reactions apart from posts."""

from __future__ import annotations

from sqlalchemy import func, select

from adapters.slack.inbound import reaction_added
from adapters.slack.manifest import build_manifest
from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.clock import VirtualClock
from bot.events import Actor, ReactionAdded
from bot.refs import UserRef
from bot.storage.models import DailyActivity, DailyReactions
from tests.adapters.handled import handled_after_the_core
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.commands.registry_support import real_registry
from tests.conftest import START


def test_the_manifest_asks_for_reactions() -> None:
    manifest = build_manifest(real_registry())
    assert "reactions:read" in manifest["oauth_config"]["scopes"]["bot"]
    assert "reaction_added" in manifest["settings"]["event_subscriptions"]["bot_events"]


def test_only_reactions_to_messages_by_people_count() -> None:
    person = Actor(UserRef("slack", "U1"), "Dana")
    event = {
        "type": "reaction_added",
        "user": "U1",
        "reaction": "thumbsup",
        "item": {"type": "message", "channel": "C1", "ts": "1.2"},
        "event_ts": f"{START.timestamp():.6f}",
    }
    found = reaction_added(event, team_id="T1", actor=person)
    assert found is not None
    assert (found.message.channel_id, found.message.id, found.at) == ("C1", "1.2", START)
    on_a_file = {**event, "item": {"type": "file", "file": "F1"}}
    assert reaction_added(on_a_file, team_id="T1", actor=person) is None
    bot = Actor(UserRef("slack", "B1"), "bot", is_bot=True)
    assert reaction_added(event, team_id="T1", actor=bot) is None


async def test_a_reaction_counts_once_and_shows_apart_in_stats(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App, clock: VirtualClock
) -> None:
    _runtime, driver = running
    reacted = handled_after_the_core(app, ReactionAdded)
    _posted, message = payloads.message_event(fake, "dana", "Here is my week")
    body = await driver.event(payloads.reaction_added(fake, "eli", message, "+1", clock.now()))
    await reacted.get()
    await driver.deliver("event", body, attempt=1)  # Slack retries: acknowledged, not counted
    await driver.event(payloads.reaction_added(fake, "eli", message, "bulb", clock.now()))
    await reacted.get()
    assert reacted.empty()

    await app.services.activity.flush()
    async with app.database.reading() as connection:
        total = await connection.execute(select(func.sum(DailyReactions.reactions)))
        assert total.scalar_one() == 2
        posts = await connection.execute(select(func.count()).select_from(DailyActivity))
        assert posts.scalar_one() == 0, "a reaction is not a post"

    stats = await driver.command("admin", "", command="/stats")
    text = (await response_to(fake, stats))["text"]
    assert "• Reactions (30 days): 2 reactions from 1 member" in text
    assert "• Took part by reacting only (30 days): 1 member" in text
