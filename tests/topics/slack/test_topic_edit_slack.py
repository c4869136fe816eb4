"""`/topic edit` on Slack through the real bolt app: the answer, escaped, and a refusal."""

from __future__ import annotations

from adapters.slack.serve import SlackRuntime
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def test_a_host_edits_a_topic_and_a_member_is_refused(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    added = await driver.command("admin", "add Tabs or spaces?", command="/topic")
    assert "Added topic 1" in (await response_to(fake, added))["text"]

    edited = await driver.command("admin", "edit 1 Tabs or <!channel>?", command="/topic")
    refused = await driver.command("alice", "edit 1 Mine now", command="/topic")
    missing = await driver.command("admin", "edit 9 Anything", command="/topic")

    text = (await response_to(fake, edited))["text"]
    assert text.startswith("Topic 1 now reads: Tabs or ")
    assert "<!channel>" not in text, "a member's <!channel> never pings"
    assert "needs the host level" in (await response_to(fake, refused))["text"]
    assert "There is no topic 9" in (await response_to(fake, missing))["text"]
