"""Running Cohort's Discord client the way `serve` does, for as long as a test needs it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from adapters.discord.client import CohortClient
from adapters.discord.serve import connected_client
from adapters.discord.settings import DiscordSettings
from bot.app import App
from tests.adapters.discord.fake_server import FakeDiscord


@asynccontextmanager
async def running_bot(
    app: App, settings: DiscordSettings, fake: FakeDiscord, **options: Any
) -> AsyncIterator[CohortClient]:
    """Run Cohort's Discord client (as `serve` does) until the block ends; yield it when ready."""
    options.setdefault("guild_ready_timeout", 0.05)
    async with connected_client(app, settings, **options) as client:
        connection = asyncio.create_task(client.connect())
        try:
            await asyncio.wait_for(fake.wait_until_ready(), 60)
            await asyncio.wait_for(client.wait_until_ready(), 60)
            yield client
        finally:
            await client.close()
            connection.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await connection
