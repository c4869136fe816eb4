"""Discord through the real discord.py against the fake: /healthz follows the gateway, and
failed and retried REST calls are counted."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from adapters.discord.client import CohortClient
from adapters.discord.settings import DiscordSettings
from bot.app import App
from bot.errors import PlatformError
from bot.events import MessagePosted
from bot.messages import OutboundMessage
from bot.refs import ChannelRef
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.running import running_bot
from tests.adapters.handled import handled_after_the_core
from tests.metrics.served import served
from tests.web.support import get, scraped


async def _round_trip(fake: FakeDiscord, app: App, text: str) -> None:
    """Send a message through the gateway and wait until the core handled it: every gateway
    event before it (READY, RESUMED) has been handled too."""
    posted = handled_after_the_core(app, MessagePosted)
    await fake.member_says("owner", text)
    assert (await posted.get()).text == text


async def test_healthz_is_503_until_the_gateway_is_ready_and_while_it_is_down(
    app: App, discord_settings: DiscordSettings, fake: FakeDiscord, monkeypatch
) -> None:
    resume_arrived, let_resume = asyncio.Event(), asyncio.Event()
    answer_frame = fake._on_frame

    async def holding_resume(socket: Any, message: dict[str, Any]) -> None:
        if message.get("op") == 6:  # RESUME: held until the test has looked
            resume_arrived.set()
            await let_resume.wait()
        await answer_frame(socket, message)

    monkeypatch.setattr(fake, "_on_frame", holding_resume)
    async with served(app, "discord") as port:
        assert await get(port, "/healthz") == (
            503,
            "text/plain; charset=utf-8",
            "process: up\ndiscord: connecting\n",
        )
        async with running_bot(app, discord_settings, fake):
            await _round_trip(fake, app, "first")
            assert (await get(port, "/healthz"))[0] == 200

            await fake.drop_connection()
            await resume_arrived.wait()  # discord.py reported the disconnect before resuming
            status, _, body = await get(port, "/healthz")
            assert (status, body) == (503, "process: up\ndiscord: disconnected\n")

            let_resume.set()
            await _round_trip(fake, app, "after the resume")
            assert (await get(port, "/healthz"))[0] == 200


async def test_a_failed_call_is_counted_by_kind_and_a_rate_limit_as_a_retry(
    app: App, bot: CohortClient, fake: FakeDiscord
) -> None:
    general = ChannelRef("discord", str(fake.guild.general))
    async with served(app, "discord") as port:
        fake.fail_next("POST", rf"/channels/{fake.guild.general}/messages", status=404)
        with pytest.raises(PlatformError):
            await bot.platform.post(general, OutboundMessage("lost"))
        assert (
            await scraped(
                port, "cohort_platform_errors_total", platform="discord", kind="not_found"
            )
            == 1
        )

        fake.fail_next("POST", rf"/channels/{fake.guild.general}/messages", status=429)
        await bot.platform.post(general, OutboundMessage("after a wait"))  # discord.py retries
        assert await scraped(port, "cohort_platform_retries_total", platform="discord") == 1
        assert (
            await scraped(
                port, "cohort_platform_errors_total", platform="discord", kind="rate_limited"
            )
            is None
        )
