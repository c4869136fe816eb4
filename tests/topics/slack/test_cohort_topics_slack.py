"""Cohort topics through the real bolt app against a fake Slack: a command typed in a cohort's
home channel applies to it, week 0 is refused privately, and a scheduled cohort post says its
week."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from adapters.slack.serve import SlackRuntime
from bot.clock import VirtualClock
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def typed(
    driver: SlackDriver, fake: FakeSlack, text: str, *, command: str, channel: str = "general"
) -> dict[str, Any]:
    """Run `command text` as the workspace's admin in `channel`; return the answer."""
    body = fake.slash_command_body("admin", text, command=command, channel=channel)
    await driver.deliver("command", body)
    return await response_to(fake, body)


async def test_a_cohort_pins_a_week_refuses_week_zero_and_posts_with_its_week(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, clock: VirtualClock
) -> None:
    _runtime, driver = running
    fall = fake.workspace.add_channel("fall")
    await typed(driver, fake, f"create fall <#{fall}|fall>", command="/cohort")
    await typed(driver, fake, "term fall 2026-01-05 4", command="/cohort")
    added = await typed(driver, fake, "add week 1: Welcome week", command="/topic", channel="fall")
    assert added["text"] == "fall cohort: Added topic 1, pinned to week 1: Welcome week"
    refused = await typed(driver, fake, "pin 1 0", command="/topic", channel="fall")
    assert refused["text"] == "fall cohort: There is no week 0: the term has 4 weeks, from 1 to 4."
    assert refused["response_type"] == "ephemeral"
    elsewhere = await typed(driver, fake, "pin 1 2", command="/topic")
    assert elsewhere["text"].startswith("Weeks belong to a cohort's term")
    scheduled = await typed(driver, fake, f"schedule <#{fall}|fall> mon 09:00", command="/topic")
    assert scheduled["text"].startswith(
        f"fall cohort: Topics will be posted in <#{fall}> every Monday at 09:00"
    )
    seen = len(fake.calls)
    await clock.advance_to(datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    posted = await fake.wait_for_call("chat.postMessage", after=seen)
    assert posted.arguments["channel"] == fall
    assert posted.arguments["text"] == "Week 1\n💬 Discussion topic: Welcome week"
    listed = await typed(driver, fake, "list", command="/topic", channel="fall")
    assert listed["text"].splitlines()[1] == "1. Welcome week (week 1)"
