"""Host requests on the real slack-bolt against the fake Slack: a quiet member's "Talk to a
host" (pressed in the check-in DM) becomes a card; the first host to claim is named on it, the
member is told by DM, a second host is told who claimed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.clock import VirtualClock
from bot.events import Actor
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, UserRef
from bot.settings import Settings
from bot.shared.communities import ChannelPurpose
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.conftest import START
from tests.moderation.slack.test_moderation_slack import buttons


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No intro reminder: after the welcome, the check-in is the only DM the member gets."""
    return settings.model_copy(update={"intro_reminder_days": 0})


async def hosts_and_hugo(app: App, fake: FakeSlack) -> str:
    """Make #hosts the hosts channel and hugo a host; return #hosts' id."""
    workspace = fake.workspace
    hosts = workspace.add_channel("hosts")
    community_id = await app.services.communities.ensure(CommunityRef("slack", workspace.team_id))
    await app.services.communities.assign_channel(
        community_id, ChannelPurpose.HOSTS, ChannelRef("slack", hosts)
    )
    hugo = Actor(UserRef("slack", workspace.user_id("hugo")), "Hugo")
    member = await app.services.members.resolve(community_id, hugo)
    await app.services.members.set_level_override(member.id, Level.HOST)
    return hosts


async def press(driver: SlackDriver, fake: FakeSlack, name: str, message: Any, action: str) -> Any:
    """Press a button on a stored message; return the answer."""
    pressed = payloads.button_press(fake, name, message, action)
    await driver.interactive(pressed)
    return await response_to(fake, pressed)


async def talk_card(
    driver: SlackDriver, fake: FakeSlack, clock: VirtualClock, hosts: str
) -> tuple[Any, dict[str, str]]:
    """Let dana go quiet and press "Talk to a host" in her check-in DM; return the card (stored)
    and its buttons."""
    joined = {**payloads.team_join(fake, "dana"), "event_ts": f"{START.timestamp():.6f}"}
    before_join = len(fake.calls)
    await driver.event(joined)
    await fake.wait_for_call("chat.postMessage", after=before_join)  # the welcome, by DM
    await response_to(fake, await driver.command("dana", "", command="/profile"))
    dana = fake.workspace.user_id("dana")
    seen = len(fake.calls)
    await clock.advance_to(START + timedelta(days=15))
    dm = fake.workspace.conversation_for(frozenset({dana}))  # opened once, for the welcome
    sent = await fake.wait_for_call("chat.postMessage", after=seen)
    while sent.arguments["channel"] != dm:
        sent = await fake.wait_for_call("chat.postMessage", after=fake.calls.index(sent) + 1)
    checkin = fake.workspace.live(dm, sent.answer["ts"])
    assert checkin is not None
    talk = next(
        element["action_id"]
        for block in checkin.blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["text"]["text"] == "Talk to a host"
    )
    seen = len(fake.calls)
    told = await press(driver, fake, "dana", checkin, talk)
    assert told["response_type"] == "ephemeral"
    assert told["text"] == "I've let the hosts know; one of them will reach out to you."
    posted = await fake.wait_for_call("chat.postMessage", after=seen)
    assert posted.arguments["channel"] == hosts
    card = fake.workspace.live(hosts, posted.answer["ts"])
    assert card is not None
    assert posted.arguments["text"].startswith(f"<@{dana}> would like to talk with a host")
    return card, buttons(posted.arguments)


async def test_the_first_host_to_claim_is_named_and_a_second_is_told_who(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App, clock: VirtualClock
) -> None:
    _runtime, driver = running
    hosts = await hosts_and_hugo(app, fake)
    card, card_buttons = await talk_card(driver, fake, clock, hosts)
    assert list(card_buttons) == ["Claim"]
    dana, hugo = fake.workspace.user_id("dana"), fake.workspace.user_id("hugo")
    seen = len(fake.calls)
    claimed = await press(driver, fake, "hugo", card, card_buttons["Claim"])
    assert claimed["response_type"] == "ephemeral"
    assert claimed["text"] == f"Claimed: you are named on the card. Please reach out to <@{dana}>."
    update = await fake.wait_for_call("chat.update", after=seen)
    assert update.arguments["channel"] == hosts
    assert update.arguments["text"].endswith(f"Claimed by <@{hugo}>: they will reach out.")
    assert buttons(update.arguments) == {}
    note = await fake.wait_for_call("chat.postMessage", after=seen)
    assert note.arguments["text"] == (
        f"<@{hugo}> picked up your wish to talk with a host and will reach out to you soon."
    )

    seen = len(fake.calls)
    late = await press(driver, fake, "admin", card, card_buttons["Claim"])
    assert late["response_type"] == "ephemeral"
    assert late["text"] == f"<@{hugo}> already claimed this request; nothing more was done."
    assert [c for c in fake.calls[seen:] if c.method in ("chat.update", "chat.postMessage")] == []


async def test_a_member_pressing_claim_is_refused_and_the_card_stays(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App, clock: VirtualClock
) -> None:
    _runtime, driver = running
    hosts = await hosts_and_hugo(app, fake)
    card, card_buttons = await talk_card(driver, fake, clock, hosts)
    seen = len(fake.calls)
    refused = await press(driver, fake, "bob", card, card_buttons["Claim"])
    assert refused["response_type"] == "ephemeral"
    assert "host" in refused["text"]
    assert [c for c in fake.calls[seen:] if c.method == "chat.update"] == []
