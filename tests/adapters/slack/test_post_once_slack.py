"""A scheduled topic is posted once on Slack even when its answer is lost: slack-sdk does not
resend chat.postMessage blindly, the post carries its occurrence's key in its metadata, and
after a lost answer the channel's recent history is searched for it before anything is resent.
The fake Slack accepts the post, then drops the connection (or answers 500)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.clock import VirtualClock
from bot.refs import CommunityRef
from bot.settings import Settings
from tests.adapters.slack import payloads
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.conftest import START
from tests.topics.slack.test_topics_slack import schedule_a_topic


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No intro reminder: after the welcome, the nudge is the only message the member gets."""
    return settings.model_copy(update={"intro_reminder_days": 0})


@pytest.mark.parametrize("lost_with", [None, 500], ids=["dropped", "500"])
async def test_a_topic_whose_answer_was_lost_is_posted_once(
    running: tuple[SlackRuntime, SlackDriver],
    fake: FakeSlack,
    clock: VirtualClock,
    lost_with: int | None,
) -> None:
    _runtime, driver = running
    topics = await schedule_a_topic(driver, fake)
    fake.lose_next_answer("chat.postMessage", status=lost_with)
    seen = len(fake.calls)
    await clock.advance_to(datetime(2026, 1, 7, 18, 0, tzinfo=UTC))
    await fake.wait_for_call("conversations.history", after=seen)
    await clock.advance_to(datetime(2026, 1, 7, 19, 0, tzinfo=UTC))  # any retries are due
    posted = [m for m in fake.workspace.messages.values() if m.channel == topics and m.by_bot]
    assert [m.text for m in posted] == ["💬 Discussion topic: What clicked this week?"]
    assert posted[0].metadata is not None


@pytest.mark.parametrize("lost_with", [None, 500], ids=["dropped", "500"])
async def test_a_nudge_whose_answer_was_lost_is_sent_once(
    running: tuple[SlackRuntime, SlackDriver],
    fake: FakeSlack,
    app: App,
    clock: VirtualClock,
    lost_with: int | None,
) -> None:
    _runtime, driver = running
    before_join = len(fake.calls)
    await driver.event({**payloads.team_join(fake, "dana"), "event_ts": f"{START.timestamp():.6f}"})
    await fake.wait_for_call("chat.postMessage", after=before_join)  # the welcome
    fake.lose_next_answer("chat.postMessage", status=lost_with)  # the nudge's
    seen = len(fake.calls)
    await clock.advance_to(START + timedelta(days=15))
    looked = await fake.wait_for_call("conversations.history", after=seen)
    assert looked.arguments["include_all_metadata"] in (True, "true", "1")
    await clock.advance_to(START + timedelta(days=16))  # the next sweeps: nothing to retry
    dm = fake.workspace.conversation_for(frozenset({fake.workspace.user_id("dana")}))
    nudges = [
        m for m in fake.workspace.messages.values() if m.channel == dm and "lurking" in m.text
    ]
    assert len(nudges) == 1
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    assert await app.services.nudges.outcomes(community_id, START) == {"sent": 1}
