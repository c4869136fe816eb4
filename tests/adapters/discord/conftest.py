"""Fixtures: a fake Discord on loopback, and Cohort connected to it through its own start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.discord.client import CohortClient
from adapters.discord.settings import DiscordSettings
from bot.app import App
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.running import running_bot


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord server with one guild (#general, an owner), on a free port."""
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def discord_settings(fake: FakeDiscord) -> DiscordSettings:
    """Discord settings that point Cohort at the fake: token, REST base and gateway."""
    return DiscordSettings(
        _env_file=None,  # type: ignore[call-arg]
        DISCORD_TOKEN=fake.token,
        DISCORD_API_URL=fake.api_url,
        DISCORD_GATEWAY_URL=fake.gateway_url,
    )


@pytest.fixture
async def bot(
    app: App, discord_settings: DiscordSettings, fake: FakeDiscord
) -> AsyncIterator[CohortClient]:
    """Cohort's Discord client, connected to the fake and ready."""
    async with running_bot(app, discord_settings, fake) as client:
        yield client
