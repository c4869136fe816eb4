"""Moderation on the real slack-bolt against the fake Slack: the report shortcut, cards, limits."""

from __future__ import annotations

from typing import Any

from adapters.slack.inbound import REPORT_CALLBACK
from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.events import Actor
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, UserRef
from bot.shared.communities import ChannelPurpose
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def set_up(app: App, fake: FakeSlack) -> str:
    """Make #mod the mod queue and mod log and mia a moderator; return #mod's id."""
    workspace = fake.workspace
    mod = workspace.add_channel("mod")
    community_id = await app.services.communities.ensure(CommunityRef("slack", workspace.team_id))
    for purpose in (ChannelPurpose.MODQUEUE, ChannelPurpose.MODLOG):
        await app.services.communities.assign_channel(
            community_id, purpose, ChannelRef("slack", mod)
        )
    mia = Actor(UserRef("slack", workspace.user_id("mia")), "Mia")
    member = await app.services.members.resolve(community_id, mia)
    await app.services.members.set_level_override(member.id, Level.MODERATOR)
    return mod


def buttons(arguments: dict[str, Any]) -> dict[str, str]:
    """Return a Block Kit message's buttons, label to action id."""
    return {
        element["text"]["text"]: element["action_id"]
        for block in arguments.get("blocks") or []
        if block["type"] == "actions"
        for element in block["elements"]
    }


async def test_the_report_shortcut_makes_a_card_with_what_slack_allows(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    mod = await set_up(app, fake)
    _event, rude = payloads.message_event(fake, "carl", "you are all idiots")
    shortcut = payloads.report_shortcut(fake, "bob", rude, REPORT_CALLBACK)
    await driver.interactive(shortcut)
    thanks = await response_to(fake, shortcut)
    assert thanks["response_type"] == "ephemeral"
    assert "The member will not learn who reported it." in thanks["text"]
    card = await fake.wait_for_call("chat.postMessage")
    assert card.arguments["channel"] == mod
    # No admin user token: no Delete; Slack has no timeouts or bans for apps.
    assert list(buttons(card.arguments)) == ["Dismiss", "Warn", "Kick"]


async def test_a_kick_press_on_a_card_removes_the_member_from_channels(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    mod = await set_up(app, fake)
    _event, rude = payloads.message_event(fake, "carl", "spam spam")
    shortcut = payloads.report_shortcut(fake, "bob", rude, REPORT_CALLBACK)
    await driver.interactive(shortcut)
    await response_to(fake, shortcut)
    posted = await fake.wait_for_call("chat.postMessage")
    card = fake.workspace.live(mod, posted.answer["ts"])
    assert card is not None
    press = payloads.button_press(fake, "mia", card, buttons(posted.arguments)["Kick"])
    await driver.interactive(press)
    answer = await response_to(fake, press)
    assert answer["text"].startswith("Kicked: case 1.")
    kicks = [c for c in fake.calls if c.method == "conversations.kick"]
    assert {c.arguments["user"] for c in kicks} == {fake.workspace.user_id("carl")}
    update = await fake.wait_for_call("chat.update")
    while update.arguments["channel"] != mod:  # the kicked member's notice is updated too
        update = await fake.wait_for_call("chat.update", after=fake.calls.index(update) + 1)
    assert "Kicked by <@" in update.arguments["text"]
    assert buttons(update.arguments) == {}


async def test_timeouts_and_bans_are_explained_on_slack(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    await set_up(app, fake)
    carl = fake.workspace.user_id("carl")
    for text in (f"timeout <@{carl}> 1h spam", f"ban <@{carl}> spam"):
        body = await driver.command("mia", text, command="/mod")
        answer = await response_to(fake, body)
        assert answer["response_type"] == "ephemeral"
        assert answer["text"].startswith("Slack does not support")
        assert "/mod kick still works here" in answer["text"]
    warned = await driver.command("mia", f"warn <@{carl}> be kind", command="/mod")
    assert (await response_to(fake, warned))["text"].startswith(f"Warned <@{carl}> (case 1).")


async def test_a_blocked_term_makes_a_card_that_a_warn_press_handles(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    mod = await set_up(app, fake)
    blocked = await driver.command("mia", "block spam", command="/automod")
    assert "spam" in (await response_to(fake, blocked))["text"]
    event, _stored = payloads.message_event(fake, "carl", "cheap s.p.a.m for everyone")
    await driver.event(event)
    posted = await fake.wait_for_call("chat.postMessage")
    assert posted.arguments["channel"] == mod
    assert 'blocked term "spam"' in str(posted.arguments)
    # Without the admin user token the app cannot delete a member's message: the card says so.
    assert "Delete" not in buttons(posted.arguments)
    card = fake.workspace.live(mod, posted.answer["ts"])
    assert card is not None
    press = payloads.button_press(fake, "mia", card, buttons(posted.arguments)["Warn"])
    await driver.interactive(press)
    assert (await response_to(fake, press))["text"].startswith("Warned")
    update = await fake.wait_for_call("chat.update")
    while update.arguments["channel"] != mod:
        update = await fake.wait_for_call("chat.update", after=fake.calls.index(update) + 1)
    assert "Warned by <@" in update.arguments["text"]
