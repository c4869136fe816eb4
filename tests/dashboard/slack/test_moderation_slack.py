"""The Moderation page on Slack through the real bolt app: a reported message's flag offers what
Slack allows, and a warning given on the dashboard updates the card in Slack, buttons spent."""

from __future__ import annotations

import re

from adapters.slack.inbound import REPORT_CALLBACK
from adapters.slack.serve import SlackRuntime
from bot.app import App
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.dashboard.support import LINK, Browser, served
from tests.moderation.slack.test_moderation_slack import buttons, set_up

PAGE = "/dashboard/moderation"


async def test_a_warning_on_the_dashboard_updates_the_card_in_slack(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    mod = await set_up(app, fake)
    _event, rude = payloads.message_event(fake, "carl", "you are all idiots")
    shortcut = payloads.report_shortcut(fake, "bob", rude, REPORT_CALLBACK)
    await driver.interactive(shortcut)
    await response_to(fake, shortcut)
    posted = await fake.wait_for_call("chat.postMessage")
    async with served(app, None) as dashboard:
        asked = await driver.command("admin", "", command="/dashboard")
        found = LINK.search(str((await response_to(fake, asked))["text"]))
        assert found is not None
        browser = Browser(dashboard)
        try:
            await browser.sign_in("admin", found.group(1))
            _, body, _ = await browser.get(PAGE)
            assert re.findall(r'name="choice" value="(\w+)"', body) == ["dismiss", "warn", "kick"]
            csrf = re.search(r'name="csrf" value="([^"]+)"', body)
            flag = re.search(r'name="flag" value="(\d+)"', body)
            assert csrf is not None
            assert flag is not None
            form = {"csrf": csrf.group(1), "flag": flag.group(1), "choice": "warn"}
            status, _, _ = await browser.post(PAGE, form)
        finally:
            await browser.close()
    assert status == 303
    after = fake.calls.index(posted) + 1
    update = await fake.wait_for_call("chat.update", after=after)
    while update.arguments["channel"] != mod:
        update = await fake.wait_for_call("chat.update", after=fake.calls.index(update) + 1)
    assert update.arguments["ts"] == posted.answer["ts"]
    assert "Warned by <@" in update.arguments["text"]
    assert buttons(update.arguments) == {}
