"""Quiet-member nudges on Slack: the real bolt app sends the DM with Block Kit buttons to a fake
Slack, and a press there answers privately and records the outcome."""

from __future__ import annotations

from datetime import timedelta

import pytest

from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.clock import VirtualClock
from bot.refs import CommunityRef
from bot.settings import Settings
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.conftest import START


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No intro reminder: after the welcome, the nudge is the only message the member gets."""
    return settings.model_copy(update={"intro_reminder_days": 0})


async def test_a_quiet_member_gets_one_dm_with_buttons_and_a_press_there_works(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App, clock: VirtualClock
) -> None:
    _runtime, driver = running
    joined = {**payloads.team_join(fake, "dana"), "event_ts": f"{START.timestamp():.6f}"}
    before_join = len(fake.calls)
    await driver.event(joined)
    welcome = await fake.wait_for_call("chat.postMessage", after=before_join)
    assert "Welcome" in welcome.arguments["text"]  # by DM: no intros channel is set
    body = await driver.command("dana", "", command="/profile")
    await response_to(fake, body)
    seen = len(fake.calls)

    await clock.advance_to(START + timedelta(days=15))

    dana = fake.workspace.user_id("dana")
    dm_id = fake.workspace.conversation_for(frozenset({dana}))  # opened once, for the welcome
    sent = await fake.wait_for_call("chat.postMessage", after=seen)
    assert sent.arguments["channel"] == dm_id
    assert "lurking is also learning" in sent.arguments["text"]
    posts = [c for c in fake.calls[seen:] if c.method == "chat.postMessage"]
    assert len(posts) == 1, "one nudge, and nothing posted in a channel"
    dm = next(m for m in fake.workspace.messages.values() if m.channel == dm_id)
    actions = [
        element
        for block in sent.arguments["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert [a["text"]["text"] for a in actions] == [
        "I'm fine, just reading",
        "Snooze 2 weeks",
        "Pair me with someone",
        "Talk to a host",
    ]

    press = payloads.button_press(fake, "dana", dm, actions[0]["action_id"])
    await driver.interactive(press)
    answer = await response_to(fake, press)
    assert answer["response_type"] == "ephemeral"
    assert "enjoy reading" in answer["text"]
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    assert await app.services.nudges.outcomes(community_id, START) == {
        "sent": 1,
        "answer:fine": 1,
    }
