"""`/stats` on Slack through the real bolt app and the fake: the text answers privately, and
the chart, which an ephemeral message cannot carry, is uploaded into the host's DM."""

from __future__ import annotations

from adapters.slack.serve import SlackRuntime
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


async def test_stats_sends_the_chart_by_dm(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    stats = await driver.command("admin", "", command="/stats")
    answer = await response_to(fake, stats)
    assert answer["text"].startswith("📊 Community health")
    assert answer["response_type"] == "ephemeral"
    completed = await fake.wait_for_call("files.completeUploadExternal")
    assert completed.ok
    opened = next(c for c in fake.calls if c.method == "conversations.open")
    assert opened.arguments["users"] == fake.workspace.user_id("admin")
    dm = opened.answer["channel"]["id"]
    (shared,) = fake.files.shared_in(dm)
    assert shared.name == "participation.png"
    assert shared.content is not None
    assert shared.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert (shared.initial_comment or "").startswith("📈 The chart in words:")
    assert fake.files.shared_in(fake.workspace.general) == []
