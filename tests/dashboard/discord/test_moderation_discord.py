"""The Moderation page on Discord through the real discord.py: a flag reported with the message
menu is handled on the dashboard, and its card on Discord is edited with its buttons spent."""

from __future__ import annotations

import re

from adapters.discord.client import CohortClient
from bot.app import App
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to
from tests.dashboard.support import LINK, Browser, served
from tests.moderation.discord.test_moderation_discord import cards, case_kinds, with_mod_channels

PAGE = "/dashboard/moderation"


async def test_a_flag_handled_on_the_dashboard_edits_its_card_on_discord(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    mod = await with_mod_channels(app, fake)
    message_id = await fake.member_says("carl", "you are all idiots")
    await answer_to(fake, await fake.report("bob", message_id))
    [card] = cards(fake, mod)
    async with served(app, None) as dashboard:
        answer = await answer_to(fake, await fake.slash_command("owner", "dashboard", []))
        found = LINK.search(str(answer["data"]["content"]))
        assert found is not None
        browser = Browser(dashboard)
        try:
            await browser.sign_in("owner", found.group(1))
            _, body, _ = await browser.get(PAGE)
            csrf = re.search(r'name="csrf" value="([^"]+)"', body)
            flag = re.search(r'name="flag" value="(\d+)"', body)
            assert csrf is not None
            assert flag is not None
            form = {"csrf": csrf.group(1), "flag": flag.group(1), "choice": "timeout"}
            status, _, _ = await browser.post(PAGE, form)
        finally:
            await browser.close()
    assert status == 303
    carl = fake.guild.user_id("carl")
    await fake.wait_for_request("PATCH", rf"/guilds/{fake.guild.id}/members/{carl}")
    await fake.wait_for_request("PATCH", rf"/channels/{mod}/messages/{card.id}")
    closed = fake.guild.messages[card.id]
    assert not closed.components
    assert f"Timed out for 1h by <@{fake.guild.user_id('owner')}>." in closed.content
    assert await case_kinds(app) == ["timeout"]
