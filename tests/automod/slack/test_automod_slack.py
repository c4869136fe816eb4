"""Automatic filters on the real slack-bolt against the fake Slack, in both modes."""

from __future__ import annotations

from asyncio import Queue
from collections.abc import AsyncIterator

import pytest

from adapters.slack.serve import SlackRuntime
from bot.app import App, build_app
from bot.automod import FilterHit, FilterName
from bot.clock import VirtualClock
from bot.events import MessagePosted
from bot.platform import Platform
from bot.refs import ChannelRef, CommunityRef, MessageRef, UserRef
from bot.settings import Settings
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack

Hits = Queue[tuple[FilterHit, MessagePosted, str]]


@pytest.fixture
def hits() -> Hits:
    """Filter hits as the app hands them on: the hit, the event, the platform's name."""
    return Queue()


@pytest.fixture
async def app(settings: Settings, clock: VirtualClock, hits: Hits) -> AsyncIterator[App]:
    """The whole app with a recording callback for filter hits."""

    async def record(hit: FilterHit, event: MessagePosted, platform: Platform) -> None:
        await hits.put((hit, event, platform.name))

    application = build_app(settings, clock, on_filter_hit=record)
    await application.start()
    yield application
    await application.close()


async def automod(driver: SlackDriver, fake: FakeSlack, text: str) -> str:
    """Run `/automod <text>` as the workspace admin; return the answer's text."""
    body = await driver.command("admin", text, command="/automod")
    return str((await response_to(fake, body))["text"])


async def test_a_blocked_term_in_a_members_message_is_handed_on(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, hits: Hits
) -> None:
    _runtime, driver = running
    assert 'Blocked "buy followers"' in await automod(driver, fake, "block buy followers")
    clean, _ = payloads.message_event(fake, "carl", "I follow the course")
    await driver.event(clean)
    event, stored = payloads.message_event(fake, "carl", "B U Y   F O L L O W E R S cheap")
    await driver.event(event)
    hit, posted, platform = await hits.get()
    assert hits.empty()
    workspace = fake.workspace
    assert platform == "slack"
    assert (hit.filter, hit.rule) == (FilterName.TERMS, 'blocked term "buy followers"')
    assert hit.community == CommunityRef("slack", workspace.team_id)
    assert hit.author == UserRef("slack", workspace.user_id("carl"))
    assert hit.channel == ChannelRef("slack", workspace.general)
    assert hit.message == posted.message == MessageRef("slack", workspace.general, stored.ts)
    assert hit.excerpt == "B U Y F O L L O W E R S cheap"


async def test_invites_and_mention_spam_from_slack_text(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, hits: Hits
) -> None:
    _runtime, driver = running
    await automod(driver, fake, "invites on")
    await automod(driver, fake, "mentions on 2")
    invite, _ = payloads.message_event(fake, "carl", "join <https://discord.gg/abc|discord.gg/abc>")
    await driver.event(invite)
    hit, _posted, _platform = await hits.get()
    assert (hit.filter, hit.rule) == (FilterName.INVITES, "invite link discord.gg/abc")
    ids = [fake.workspace.add_user(name) for name in ("d1", "d2", "d3")]
    mentions, _ = payloads.message_event(fake, "carl", " ".join(f"<@{i}>" for i in ids))
    await driver.event(mentions)
    hit, _posted, _platform = await hits.get()
    assert (hit.filter, hit.rule) == (FilterName.MENTIONS, "3 mentions (more than 2)")


async def test_actions_slack_cannot_take_are_explained(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    timeout = await automod(driver, fake, "action terms timeout 1h")
    assert "This platform cannot time members out, so those messages are deleted and " in timeout
    delete = await automod(driver, fake, "action links delete")
    assert "an admin user token is needed" in delete
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    rules = await app.services.automod.rules(community_id)
    assert rules.config(FilterName.TERMS).action.value == "timeout"  # kept for when it can
