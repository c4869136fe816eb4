"""Channels on Slack: a channel leave is reported, and is not leaving the workspace; a command
or button in a thread belongs to the thread's channel (Slack sends no other).

Unit tests on bolt-python's payloads (samples/), then the real bolt against the fake Slack.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import select

from adapters.slack import inbound
from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.events import Actor, ButtonPressed, CommandInvoked, MemberJoined, MemberLeft
from bot.refs import ChannelRef, UserRef
from bot.storage.models import Member
from tests.adapters.handled import handled_after_the_core
from tests.adapters.slack import payloads
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack

SAMPLES = Path(__file__).parent / "samples"
ALICE = Actor(UserRef("slack", "W111"), "alice")


def sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SAMPLES / name).read_text())
    return loaded


def test_a_channel_leave_is_a_member_leaving_that_channel() -> None:
    body = sample("event_callback__member_left_channel__bolt_tests.json")
    left = inbound.member_left(body["event"], team_id="T111", actor=ALICE)
    assert left is not None
    assert left.actor == ALICE
    assert left.community.id == "T111"
    assert left.channel == ChannelRef("slack", "C111")  # never None: not the workspace


def test_a_bot_leaving_a_join_and_a_leave_naming_no_channel_are_no_leaves() -> None:
    event = sample("event_callback__member_left_channel__bolt_tests.json")["event"]
    bot = Actor(UserRef("slack", "B1"), "helper", is_bot=True)
    assert inbound.member_left(event, team_id="T111", actor=bot) is None
    joined = sample("event_callback__member_joined_channel__bolt_tests.json")["event"]
    assert inbound.member_left(joined, team_id="T111", actor=ALICE) is None
    nowhere = {key: value for key, value in event.items() if key != "channel"}
    assert inbound.member_left(nowhere, team_id="T111", actor=ALICE) is None


def channel_leave(fake: FakeSlack, name: str) -> dict[str, Any]:
    """Return member_left_channel: `name` left #general."""
    workspace = fake.workspace
    return {
        "type": "member_left_channel",
        "user": workspace.user_id(name),
        "channel": workspace.general,
        "channel_type": "C",
        "team": workspace.team_id,
        "event_ts": fake.now_ts(),
    }


async def member_row(app: App, user_id: str) -> Member | None:
    async with app.database.session() as session:
        found = await session.execute(select(Member).where(Member.external_id == user_id))
        return found.scalar_one_or_none()


async def test_leaving_a_channel_is_not_leaving_the_workspace_and_counts_once(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    joined = handled_after_the_core(app, MemberJoined)
    await driver.event(payloads.team_join(fake, "gil"))
    await joined.get()
    left = handled_after_the_core(app, MemberLeft)

    body = driver.event_body(channel_leave(fake, "gil"))
    envelope = await driver.deliver("event", body)
    await driver.deliver("event", body, attempt=1, envelope=envelope)  # Slack's redelivery
    await driver.event(channel_leave(fake, "hana"))

    # Acked before they are handled: the two leaves may finish in either order.
    leaves = {event.actor.user.id: event for event in [await left.get(), await left.get()]}
    assert left.empty(), "the redelivered leave is acknowledged, not acted on"
    gil, hana = fake.workspace.user_id("gil"), fake.workspace.user_id("hana")
    assert set(leaves) == {gil, hana}
    assert leaves[gil].channel == ChannelRef("slack", fake.workspace.general)
    row = await member_row(app, gil)
    assert row is not None
    assert row.left_at is None, "still in the workspace"
    assert row.joined_at is not None


async def test_a_command_and_a_button_in_a_thread_belong_to_its_channel(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    general = ChannelRef("slack", fake.workspace.general)
    commands = handled_after_the_core(app, CommandInvoked)
    presses = handled_after_the_core(app, ButtonPressed)
    # Slack sends a command typed in a thread as one typed in its channel: no thread_ts.
    await driver.command("alice", "", command="/help")
    topic = fake.workspace.store(fake.workspace.general, "UBOT", "What clicked?", by_bot=True)
    reply = fake.workspace.store(fake.workspace.general, "UBOT", "Check-in", by_bot=True)
    press = payloads.button_press(fake, "alice", reply, "nothing:here")
    press["container"] |= {"thread_ts": topic.ts}
    await driver.interactive(press)

    command, pressed = await commands.get(), await presses.get()
    assert (command.interaction.channel, command.parent_channel) == (general, None)
    assert (pressed.interaction.channel, pressed.parent_channel) == (general, None)
