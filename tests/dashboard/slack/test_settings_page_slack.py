"""The Settings page on Slack: an admin (by Slack's own view) changes the guidelines and a
channel on the page, and `/guidelines` and `/setup show` through the real bolt app say the
same, with the channel as Slack mentions it."""

from __future__ import annotations

from adapters.slack.serve import SlackRuntime
from bot.app import App
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.dashboard.settings_support import post, said
from tests.dashboard.support import LINK, Browser, served


async def test_changes_on_the_page_are_what_slack_commands_see(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    async with served(app, None) as dashboard:
        answer = await response_to(fake, await driver.command("admin", "", command="/dashboard"))
        found = LINK.search(str(answer["text"]))
        assert found is not None
        browser = Browser(dashboard)
        try:
            await browser.sign_in("admin", found.group(1))
            csrf = await browser.csrf()
            _, body = await post(browser, csrf, action="channel", purpose="modlog", channel="<#C9>")
            replaced, _ = await post(browser, csrf, action="guidelines", rules="Be kind.\nAsk.")
            refused, _ = await post(browser, csrf, action="timezone", zone="Mars/Olympus")
        finally:
            await browser.close()
    assert said(body) == "The modlog channel is now <#C9>."
    assert (replaced, refused) == (303, 400)
    shown = await response_to(fake, await driver.command("admin", "show", command="/setup"))
    assert "modlog channel: <#C9>" in str(shown["text"])
    assert "Time zone: UTC" in str(shown["text"])
    rules = await response_to(fake, await driver.command("alice", "", command="/guidelines"))
    assert "1. Be kind.\n2. Ask." in str(rules["text"])
