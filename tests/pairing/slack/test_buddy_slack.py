"""Buddy pairing on Slack: a round opens a multi-person DM (`conversations.open` with several
users) for the trio, and its check-in buttons answer through the real bolt app."""

from __future__ import annotations

from datetime import timedelta

from adapters.slack.serve import SlackRuntime
from bot.clock import VirtualClock
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def test_a_round_opens_a_group_dm_for_the_trio_and_checks_in(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, clock: VirtualClock
) -> None:
    _runtime, driver = running
    people = {name: fake.workspace.user_id(name) for name in ("alice", "bob", "carl")}
    for name in people:
        joined = await driver.command(name, "join", command="/buddy")
        assert "You're in!" in (await response_to(fake, joined))["text"]
    seen = len(fake.calls)
    ran = await driver.command("admin", "round", command="/buddy")
    assert "Buddy round 1: 3 members in 1 group" in (await response_to(fake, ran))["text"]

    opened = await fake.wait_for_call("conversations.open", after=seen)
    assert sorted(opened.arguments["users"].split(",")) == sorted(people.values())
    welcome = await fake.wait_for_call("chat.postMessage", after=seen)
    group = welcome.arguments["channel"]
    assert "Meet your buddies for this round" in welcome.arguments["text"]

    seen = len(fake.calls)
    await clock.advance_to(clock.now() + timedelta(days=4))
    checkin = await fake.wait_for_call("chat.postMessage", after=seen)
    assert checkin.arguments["channel"] == group
    (actions,) = [block for block in checkin.arguments["blocks"] if block["type"] == "actions"]
    labels = [element["text"]["text"] for element in actions["elements"]]
    assert labels == ["We met", "Not yet", "Skip"]
    shown = next(m for m in reversed(list(fake.workspace.messages.values())) if m.channel == group)
    met = actions["elements"][0]["action_id"]
    for name in ("bob", "bob"):  # a double press records once
        press = payloads.button_press(fake, name, shown, met)
        await driver.interactive(press)
        answer = (await response_to(fake, press))["text"]
    assert "already answered “We met”" in answer
    stats = await driver.command("admin", "stats", command="/buddy")
    assert "1 of 1 checked-in group met" in (await response_to(fake, stats))["text"]
