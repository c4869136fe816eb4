"""The Settings page on Discord: a channel chosen on the page is shown as Discord mentions it,
`/setup show` says the same, and the bot then posts there, through the real discord.py.

Neither `/setup` nor `/guidelines` announces a change anywhere but in its answer, so the page
announces nothing either: what reaches Discord is the change's effect."""

from __future__ import annotations

from adapters.discord.client import CohortClient
from bot.app import App
from tests.adapters.discord.fake_server import FakeDiscord
from tests.dashboard.discord.test_topics_page_discord import STRING, _run
from tests.dashboard.settings_support import PAGE, post, said
from tests.dashboard.support import LINK, Browser, served


async def test_a_channel_set_on_the_page_is_used_on_discord(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    hosts = fake.guild.add_channel("hosts")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[hosts])
    async with served(app, None) as dashboard:
        found = LINK.search(await _run(fake, "owner", "dashboard"))
        assert found is not None
        browser = Browser(dashboard)
        try:
            await browser.sign_in("owner", found.group(1))
            csrf = await browser.csrf()
            status, body = await post(
                browser, csrf, action="channel", purpose="hosts", channel=f"<#{hosts}>"
            )
            _, page, _ = await browser.get(PAGE)
        finally:
            await browser.close()
    assert status == 303
    assert said(body) == f"The hosts channel is now <#{hosts}>."
    assert f"hosts channel: &lt;#{hosts}&gt;" in page
    assert f"hosts channel: <#{hosts}>" in await _run(fake, "owner", "setup show")
    seen = len(fake.requests)
    await _run(fake, "alice", "topic suggest", text=(STRING, "Pair on katas?"))
    card = await fake.wait_for_request("POST", rf"/channels/{hosts}/messages", after=seen)
    assert "Pair on katas?" in str(card.json)
