"""Slack's rate limits on the fake Slack, and the adapter under them: slack-sdk waits out each
429 (`Retry-After`) and retries, nothing is sent twice, and a member's DM is opened once
(`conversations.open` is Tier 3, about 50 a minute)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.slack.opened import OpenedConversations
from adapters.slack.platform import SlackPlatform
from adapters.slack.serve import web_client
from adapters.slack.settings import SlackSettings
from bot.messages import OutboundMessage
from bot.refs import UserRef
from tests.adapters.slack.fake_limits import SlackLimits
from tests.contract.slack_harness import SlackHarness, slack_harness


class Ticking:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
async def harness() -> AsyncIterator[SlackHarness]:
    """The Slack platform on a fake Slack."""
    async with slack_harness() as started:
        yield started


def dm_texts(harness: SlackHarness, user: UserRef) -> list[str]:
    """Return the texts of the app's messages in its DM with `user`, oldest first."""
    workspace = harness.fake.workspace
    dm = workspace.conversation_for(frozenset({user.id}))
    return [m.text for m in workspace.messages.values() if m.channel == dm and m.by_bot]


def test_each_method_has_its_tier_per_workspace_and_bursts_are_tolerated() -> None:
    clock = Ticking()
    limits = SlackLimits(clock=clock)
    opened = [limits.retry_after("xoxb-a", "conversations.open", {}) for _ in range(51)]
    assert opened[:50] == [None] * 50, "Tier 3: a minute's worth at once"
    assert opened[50] == 2, "then one every 1.2 s, said in whole seconds"
    assert limits.retry_after("xoxb-b", "conversations.open", {}) is None, "another workspace"
    assert limits.retry_after("xoxb-a", "users.info", {}) is None, "another method"
    clock.now += 1.2
    assert limits.retry_after("xoxb-a", "conversations.open", {}) is None
    assert limits.refused == {"conversations.open": 1}


def test_posts_are_about_one_a_second_per_channel() -> None:
    clock = Ticking()
    limits = SlackLimits(clock=clock)
    here = {"channel": "C1"}
    posts = [limits.retry_after("xoxb-a", "chat.postMessage", here) for _ in range(4)]
    assert posts == [None, None, None, 1], "a short burst, then one a second"
    assert limits.retry_after("xoxb-a", "chat.postMessage", {"channel": "D2"}) is None
    clock.now += 1
    assert limits.retry_after("xoxb-a", "chat.postMessage", here) is None


def test_a_workspace_wide_post_limit_when_asked_for_spends_no_channel_share() -> None:
    clock = Ticking()
    limits = SlackLimits(clock=clock, post_per_minute=2)
    for channel in ("D1", "D2"):
        assert limits.retry_after("xoxb-a", "chat.postMessage", {"channel": channel}) is None
    assert limits.retry_after("xoxb-a", "chat.postMessage", {"channel": "D3"}) == 30
    clock.now += 30
    assert limits.retry_after("xoxb-a", "chat.postMessage", {"channel": "D3"}) is None


async def test_dms_refused_with_429_are_waited_out_and_each_arrives_once(
    harness: SlackHarness,
) -> None:
    fake = harness.fake
    fake.rate_limits = SlackLimits(tiers={"conversations.open": 60}, burst_minutes=1 / 60)
    people = [harness.user(name) for name in ("ana", "ben", "cy")]
    for number, person in enumerate(people):
        await harness.platform.direct_message(
            person, OutboundMessage(f"hello {number}"), key=f"k{number}"
        )
    for number, person in enumerate(people):
        assert dm_texts(harness, person) == [f"hello {number}"]
    assert fake.rate_limits.refused["conversations.open"] >= 2, "one a second: the others waited"
    refused = [c for c in fake.calls if c.answer.get("error") == "ratelimited"]
    assert {c.method for c in refused} == {"conversations.open"}


async def test_posts_to_one_channel_beyond_its_rate_are_retried_not_doubled(
    harness: SlackHarness,
) -> None:
    fake = harness.fake
    fake.rate_limits = SlackLimits(post_burst=1)
    ana = harness.user("ana")
    for text in ("one", "two", "three"):
        await harness.platform.direct_message(ana, OutboundMessage(text), key=text)
    assert dm_texts(harness, ana) == ["one", "two", "three"]
    assert fake.rate_limits.refused["chat.postMessage"] >= 2


async def test_a_members_dm_is_opened_once_and_a_keyed_dm_is_found_after_a_restart(
    harness: SlackHarness,
) -> None:
    ana = harness.user("ana")
    platform = harness.platform
    sent = await platform.direct_message(ana, OutboundMessage("first"), key="cohort:first")
    await platform.direct_message(ana, OutboundMessage("second"))
    opens = [c for c in harness.fake.calls if c.method == "conversations.open"]
    assert len(opens) == 1
    settings = SlackSettings(_env_file=None, SLACK_API_URL=harness.fake.api_url)  # type: ignore[call-arg]
    restarted = SlackPlatform(web_client(settings, harness.fake.bot_token))  # nothing remembered
    assert await restarted.find_sent(ana, "cohort:first") == sent
    opens = [c for c in harness.fake.calls if c.method == "conversations.open"]
    assert len(opens) == 2, "opened again once, to look in it"
    assert dm_texts(harness, ana) == ["first", "second"]


def test_the_conversations_remembered_are_bounded() -> None:
    opened = OpenedConversations(most=2)
    opened.remember("T1", "U1", "D1")
    opened.remember("T1", "U2", "D2")
    assert opened.get("T1", "U1") == "D1"  # now the most recently used
    opened.remember("T1", "U3", "D3")
    assert (opened.get("T1", "U2"), opened.get("T1", "U1"), opened.get("T1", "U3")) == (
        None,
        "D1",
        "D3",
    )
    assert opened.get("T2", "U1") is None, "per workspace"
    assert len(opened) == 2
