"""The Topics page on Discord: approving a suggestion on the dashboard edits its card in the
hosts channel and tells the suggester by DM, through the real discord.py, as the button does."""

from __future__ import annotations

from sqlalchemy import select

from adapters.discord.client import CohortClient
from bot.app import App
from bot.storage.models import Topic
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to
from tests.dashboard.support import LINK, Browser, served

STRING, CHANNEL = 3, 7


async def _run(fake: FakeDiscord, who: str, path: str, **options: tuple[int, str]) -> str:
    values = [
        {"type": kind, "name": name, "value": value} for name, (kind, value) in options.items()
    ]
    interaction = await fake.slash_command(who, path, values)
    return str((await answer_to(fake, interaction))["data"]["content"])


async def test_approving_on_the_dashboard_reaches_discord(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    hosts = fake.guild.add_channel("hosts")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[hosts])
    await _run(fake, "owner", "setup channel", purpose=(STRING, "hosts"), channel=(CHANNEL, hosts))
    seen = len(fake.requests)
    await _run(fake, "alice", "topic suggest", text=(STRING, "Pair on katas @everyone?"))
    card = await fake.wait_for_request("POST", rf"/channels/{hosts}/messages", after=seen)
    async with served(app, None) as dashboard:
        found = LINK.search(await _run(fake, "owner", "dashboard"))
        assert found is not None
        browser = Browser(dashboard)
        try:
            await browser.sign_in("owner", found.group(1))
            async with app.database.reading() as connection:
                topic_id = (await connection.execute(select(Topic.id))).scalar_one()
            seen = len(fake.requests)
            status, _, _ = await browser.post(
                "/dashboard/topics",
                {"csrf": await browser.csrf(), "action": "approve", "topic": str(topic_id)},
            )
        finally:
            await browser.close()
    assert status == 303
    edited = await fake.wait_for_request(
        "PATCH", rf"/channels/{hosts}/messages/{card.answer['id']}", after=seen
    )
    assert "approved by" in str(edited.json["content"])
    assert edited.json["components"] == []
    dm = await fake.wait_for_request("POST", r"/channels/[0-9]+/messages", after=seen + 1)
    assert "approved and joins the topic bank" in str(dm.json["content"])
    assert dm.json["allowed_mentions"]["parse"] == []  # the member's words ping nobody
