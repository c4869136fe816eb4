"""/dashboard on Slack through the real bolt app: the link comes privately with unfurling off,
a member is refused, and the link signs the admin in (their level read through Slack's view)."""

from __future__ import annotations

from adapters.slack.serve import SlackRuntime
from bot.app import App
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.dashboard.support import LINK, Browser, served


async def test_the_link_is_private_unfurled_nowhere_and_signs_in(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    async with served(app, None) as dashboard:
        body = await driver.command("admin", "", command="/dashboard")
        answer = await response_to(fake, body)
        assert answer["response_type"] == "ephemeral"
        assert answer["unfurl_links"] is False
        assert answer["unfurl_media"] is False
        found = LINK.search(str(answer["text"]))
        assert found is not None
        browser = Browser(dashboard)
        try:
            overview = await browser.sign_in("admin", found.group(1))
        finally:
            await browser.close()
        assert "Sign out" in overview


async def test_a_member_is_refused_privately(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    body = await driver.command("alice", "", command="/dashboard")
    answer = await response_to(fake, body)
    assert answer["response_type"] == "ephemeral"
    assert "/signin/" not in str(answer["text"])
