"""One Slack app installed in two workspaces through the OAuth flow, against the fake Slack.

Each workspace installs through `/slack/install` and the redirect (the fake's `oauth.v2.access`
hands out a bot token per workspace); each one's commands and scheduled topics go out with its
own token; an uninstall stops one workspace's work while the other goes on; `forget_community`
then deletes the uninstalled community's data.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

import aiohttp
import pytest
from pydantic import SecretStr

from adapters.slack.installations import InstalledWorkspaces
from adapters.slack.serve import SlackRuntime, connected_slack
from bot.app import App
from bot.clock import VirtualClock
from bot.refs import CommunityRef
from bot.settings import Settings
from bot.storage.forget import forget_community
from tests.adapters.slack.conftest import response_to, slack_settings
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import WAIT_SECONDS, FakeSlack
from tests.adapters.slack.fake_workspace import Workspace

TEAM_A, TEAM_B = "TALPHA", "TBRAVO"


@pytest.fixture
async def installed(
    app: App, fake: FakeSlack, settings: Settings
) -> AsyncIterator[tuple[SlackRuntime, SlackDriver]]:
    """The app in HTTP mode with SLACK_CLIENT_ID (no bot token), on the app's own database."""
    oauth = slack_settings(
        fake,
        "http",
        slack_bot_token=None,
        slack_client_id=fake.client_id,
        slack_client_secret=SecretStr(fake.client_secret),
    )
    async with connected_slack(app, oauth, database_url=settings.database_url) as runtime:
        yield runtime, SlackDriver(fake, runtime.http_url)


async def install(runtime: SlackRuntime, fake: FakeSlack, team_id: str) -> aiohttp.ClientResponse:
    """Go through /slack/install and the redirect as a workspace admin who approves."""
    assert runtime.http_url is not None
    base = runtime.http_url.removesuffix("/slack/events")
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{base}/slack/install", allow_redirects=False) as page:
            assert page.status in (200, 302), page.status
            body = await page.text()
            state = SimpleCookie(page.headers["Set-Cookie"])["slack-app-oauth-state"].value
        link = re.search(r'href="(https://slack\.com/oauth/v2/authorize\?[^"]+)"', body)
        assert link is not None
        assert f"state={state}" in link.group(1)
        code = fake.installs.code_for(team_id)
        cookie = {"Cookie": f"slack-app-oauth-state={state}"}
        redirect = f"{base}/slack/oauth_redirect?code={code}&state={state}"
        async with session.get(redirect, headers=cookie, allow_redirects=False) as finished:
            await finished.read()
            return finished


def workspaces(fake: FakeSlack) -> tuple[Workspace, Workspace]:
    """Two workspaces that may install the app."""
    return fake.installs.add_workspace(TEAM_A, "A"), fake.installs.add_workspace(TEAM_B, "B")


async def command(
    driver: SlackDriver, workspace: Workspace, text: str, *, name: str = "/topic"
) -> dict[str, str]:
    """Send a slash command typed by the admin of `workspace`; return its body."""
    body = driver.fake.slash_command_body("admin", text, command=name, workspace=workspace)
    await driver.deliver("command", body)
    return body


def watch_forgetting(monkeypatch: pytest.MonkeyPatch) -> asyncio.Event:
    """Return an event set once a workspace is forgotten (the uninstall listener runs after
    Slack's ack, so the test waits for it rather than for the HTTP answer)."""
    forgotten = asyncio.Event()
    original = InstalledWorkspaces.forget

    def forget(self: InstalledWorkspaces, team_id: str) -> None:
        original(self, team_id)
        forgotten.set()

    monkeypatch.setattr(InstalledWorkspaces, "forget", forget)
    return forgotten


async def test_a_workspace_installs_and_its_token_is_saved(
    installed: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    runtime, _driver = installed
    alpha, _bravo = workspaces(fake)

    finished = await install(runtime, fake, TEAM_A)

    assert finished.status == 200
    assert fake.installed == {fake.installs.token_of(TEAM_A): alpha}
    exchange = next(call for call in fake.calls if call.method == "oauth.v2.access")
    assert exchange.ok


async def test_a_redirect_without_the_install_pages_state_installs_nothing(
    installed: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    runtime, _driver = installed
    workspaces(fake)
    assert runtime.http_url is not None
    base = runtime.http_url.removesuffix("/slack/events")
    code = fake.installs.code_for(TEAM_A)

    async with (
        aiohttp.ClientSession() as session,
        session.get(f"{base}/slack/oauth_redirect?code={code}&state=forged") as answer,
    ):
        assert answer.status >= 400

    assert fake.installed == {}
    assert not [call for call in fake.calls if call.method == "oauth.v2.access"]


async def test_each_workspace_uses_its_own_token_and_an_uninstall_stops_only_its_work(
    installed: tuple[SlackRuntime, SlackDriver],
    fake: FakeSlack,
    app: App,
    clock: VirtualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    runtime, driver = installed
    alpha, bravo = workspaces(fake)
    for team in (TEAM_A, TEAM_B):
        assert (await install(runtime, fake, team)).status == 200
    topics = {}
    for workspace in (alpha, bravo):
        topics[workspace.team_id] = workspace.add_channel("topics")
        added = await command(driver, workspace, f"add Week one in {workspace.team_id}?")
        assert "Added topic" in (await response_to(fake, added))["text"]
        where = f"<#{topics[workspace.team_id]}|topics>"
        scheduled = await command(driver, workspace, f"schedule {where} wed 18:00")
        assert "every Wednesday" in (await response_to(fake, scheduled))["text"]
    token_a, token_b = fake.installs.token_of(TEAM_A), fake.installs.token_of(TEAM_B)
    looked_up = {
        (call.token, call.arguments["user"]) for call in fake.calls if call.method == "users.info"
    }
    assert (token_a, alpha.admin) in looked_up
    assert (token_b, bravo.admin) in looked_up
    assert (token_a, bravo.admin) not in looked_up
    assert (token_b, alpha.admin) not in looked_up

    # Week one: both workspaces get their topic, each posted with its own token.
    seen = len(fake.calls)
    await clock.advance_to(datetime(2026, 1, 7, 18, 0, tzinfo=UTC))
    await fake.wait_for_call("chat.postMessage", after=seen)
    posts = [call for call in fake.calls[seen:] if call.method == "chat.postMessage"]
    while len(posts) < 2:
        await fake.wait_for_call("chat.postMessage", after=fake.calls.index(posts[-1]) + 1)
        posts = [call for call in fake.calls[seen:] if call.method == "chat.postMessage"]
    assert {(call.token, call.arguments["channel"]) for call in posts} == {
        (token_a, topics[TEAM_A]),
        (token_b, topics[TEAM_B]),
    }

    # Bravo uninstalls: its installation goes, and nothing more is done there.
    fake.installs.revoke(TEAM_B)
    forgotten = watch_forgetting(monkeypatch)
    uninstalled = {"type": "app_uninstalled"}
    await driver.deliver("event", driver.event_body(uninstalled, team_id=TEAM_B))
    async with asyncio.timeout(WAIT_SECONDS):
        await forgotten.wait()
    assert runtime.platform.serving(CommunityRef("slack", TEAM_B)) is None
    assert app.platforms.for_community(CommunityRef("slack", TEAM_B)) is None
    assert app.platforms.for_community(CommunityRef("slack", TEAM_A)) is not None

    seen = len(fake.calls)
    await clock.advance_to(datetime(2026, 1, 14, 18, 0, tzinfo=UTC))
    posted = await fake.wait_for_call("chat.postMessage", after=seen)
    assert (posted.token, posted.arguments["channel"]) == (token_a, topics[TEAM_A])
    assert not [call for call in fake.calls[seen:] if call.token == token_b]

    # Its data stays until forgotten; forgetting it leaves Alpha's alone.
    communities = app.services.communities
    bravo_id = await communities.ensure(CommunityRef("slack", TEAM_B))
    alpha_id = await communities.ensure(CommunityRef("slack", TEAM_A))
    assert await app.services.schedules.for_community(bravo_id)
    forgotten = await forget_community(app.database, "slack", TEAM_B)
    assert forgotten is not None
    assert forgotten.community_id == bravo_id
    assert forgotten.rows["schedules"] == 1
    assert forgotten.rows["topics"] == 1
    assert await app.services.schedules.for_community(bravo_id) == []
    assert len(await app.services.schedules.for_community(alpha_id)) == 1
    assert await forget_community(app.database, "slack", TEAM_B) is None


def test_the_install_link_asks_for_the_manifests_scopes() -> None:
    from adapters.slack.manifest import BOT_SCOPES
    from adapters.slack.oauth import oauth_settings

    class _Stores:
        installations = None
        states = None

    settings = slack_settings(
        FakeSlack(), "http", slack_client_id="1.2", slack_client_secret=SecretStr("s")
    )
    built = oauth_settings(settings, _Stores())  # type: ignore[arg-type]
    assert list(built.scopes) == list(BOT_SCOPES)
    assert urlsplit(built.authorization_url).netloc == "slack.com"
