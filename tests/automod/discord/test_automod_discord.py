"""Automatic filters on the real discord.py against the fake Discord."""

from __future__ import annotations

from asyncio import Queue
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.discord.client import CohortClient
from adapters.discord.settings import DiscordSettings
from bot.app import App, build_app
from bot.automod import FilterHit, FilterName
from bot.clock import VirtualClock
from bot.events import MessagePosted
from bot.platform import Platform
from bot.refs import ChannelRef, CommunityRef, MessageRef, UserRef
from bot.settings import Settings
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.running import running_bot

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


async def answer_text(fake: FakeDiscord, interaction_id: str) -> str:
    """Return the text of the bot's answer to an interaction."""
    request = await fake.wait_for_request("POST", rf"/interactions/{interaction_id}/[^/]+/callback")
    return str(request.json["data"]["content"])


async def command(fake: FakeDiscord, path: str, **options: Any) -> str:
    """Run a slash command as the server owner; return the answer's text."""
    typed = [
        {"type": 4 if isinstance(value, int) else 3, "name": name, "value": value}
        for name, value in options.items()
    ]
    return await answer_text(fake, await fake.slash_command("owner", path, typed))


async def test_a_blocked_term_in_a_members_message_is_handed_on(
    bot: CohortClient, fake: FakeDiscord, hits: Hits
) -> None:
    assert 'Blocked "spam"' in await command(fake, "automod block", term="spam")
    await fake.member_says("dana", "hello everyone")
    message_id = await fake.member_says("dana", "cheap $p4m here")
    hit, event, platform = await hits.get()
    assert hits.empty()  # the clean message was not a hit
    dana = fake.guild.user_id("dana")
    assert platform == "discord"
    assert (hit.filter, hit.rule, hit.excerpt) == (
        FilterName.TERMS,
        'blocked term "spam"',
        "cheap $p4m here",
    )
    assert hit.community == CommunityRef("discord", fake.guild.id)
    assert hit.author == UserRef("discord", dana)
    assert hit.channel == ChannelRef("discord", fake.guild.general)
    assert hit.message == event.message == MessageRef("discord", fake.guild.general, message_id)


async def test_the_owner_is_not_screened(
    bot: CohortClient, fake: FakeDiscord, hits: Hits, app: App
) -> None:
    await command(fake, "automod block", term="spam")
    await command(fake, "automod mentions", switch="on", limit=1)
    await fake.member_says("owner", "spam spam spam")
    await fake.member_says("dana", "ok")  # screened after the owner's message
    await fake.member_says("dana", "spam")
    hit, _event, _platform = await hits.get()
    assert hit.author == UserRef("discord", fake.guild.user_id("dana"))
    assert hits.empty()


async def test_without_the_content_intent_the_list_says_so_and_flooding_still_works(
    app: App, discord_settings: DiscordSettings, hits: Hits
) -> None:
    async with FakeDiscord(app_flags=1 << 15) as fake:  # members intent only
        settings = discord_settings.model_copy(
            update={"discord_api_url": fake.api_url, "discord_gateway_url": fake.gateway_url}
        )
        async with running_bot(app, settings, fake):
            await command(fake, "automod block", term="spam")
            answer = await command(fake, "automod flood", switch="on", messages=2, seconds=10)
            assert "More than 2 messages within 10 seconds" in answer
            listed = await command(fake, "automod list")
            for n in range(3):
                await fake.member_says("dana", f"spam {n}")
            hit, event, _platform = await hits.get()
    assert "Message text is not readable here, so blocked terms" in listed
    assert "mention spam and flooding still work" in listed
    assert event.text is None
    assert (hit.filter, hit.excerpt) == (FilterName.FLOOD, None)
    assert hit.rule == "3 messages in 10 seconds (more than 2)"
