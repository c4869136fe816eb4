"""Fixtures: a fake Discord on loopback, and Cohort connected to it through its own start-up."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from pydantic import SecretStr

from adapters.discord.client import CohortClient
from bot.app import App
from bot.settings import Settings
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.running import running_bot


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    """A fake Discord server with one guild (#general, an owner), on a free port."""
    async with FakeDiscord() as server:
        yield server


@pytest.fixture
def discord_settings(settings: Settings, fake: FakeDiscord) -> Settings:
    """Settings that point Cohort at the fake: token, REST base and gateway."""
    return settings.model_copy(
        update={
            "discord_token": SecretStr(fake.token),
            "discord_api_url": fake.api_url,
            "discord_gateway_url": fake.gateway_url,
        }
    )


@pytest.fixture
async def bot(
    app: App, discord_settings: Settings, fake: FakeDiscord
) -> AsyncIterator[CohortClient]:
    """Cohort's Discord client, connected to the fake and ready."""
    async with running_bot(app, discord_settings, fake) as client:
        yield client
