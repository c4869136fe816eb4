"""The app on a SQLite file with its Discord client connected to the fake Discord (loopback),
and a session card posted by the server's owner through `/session create`."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from adapters.discord.settings import DiscordSettings
from bot.app import App, build_app
from bot.clock import Clock
from bot.settings import Settings
from tests.adapters.discord.fake_server import FakeDiscord, RecordedRequest
from tests.adapters.discord.running import running_bot

DISCORD_GLOBAL_LIMIT = 50
"""Requests a second Discord allows every bot (its documented global rate limit)."""


@asynccontextmanager
async def discord_app(path: Path, clock: Clock) -> AsyncIterator[tuple[App, FakeDiscord]]:
    """Start the app on `path` and connect its Discord client to a new fake Discord whose
    global limit is Discord's; yield both; stop them afterwards."""
    logging.getLogger("discord").setLevel(logging.ERROR)  # one warning per 429 otherwise
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{path}",
        COHORT_TIMEZONE="UTC",
    )
    async with FakeDiscord() as fake:
        fake.global_limit.per_second = DISCORD_GLOBAL_LIMIT
        app = build_app(settings, clock)
        await app.start()
        try:
            client_settings = DiscordSettings(
                _env_file=None,  # type: ignore[call-arg]
                DISCORD_TOKEN=fake.token,
                DISCORD_API_URL=fake.api_url,
                DISCORD_GATEWAY_URL=fake.gateway_url,
            )
            async with running_bot(app, client_settings, fake):
                yield app, fake
        finally:
            await app.close()


async def post_card(fake: FakeDiscord, day: str, at: str) -> RecordedRequest:
    """Have the owner create a one-hour session on `day` at `at`; return the card's post."""
    seen = len(fake.requests)
    options = [
        {"type": 3, "name": "title", "value": "Office hour"},
        {"type": 3, "name": "day", "value": day},
        {"type": 3, "name": "at", "value": at},
    ]
    await fake.slash_command("owner", "session create", options)
    return await fake.wait_for_request(
        "POST", rf"/channels/{fake.guild.general}/messages", after=seen
    )


async def until(fake: FakeDiscord, check: Callable[[], bool], limit: float, what: str) -> float:
    """Wait until `check()` holds (looked at as each request reaches the fake); return when
    (monotonic). The figures are the moments things arrived."""
    try:
        await fake.wait_until(check, limit)
    except TimeoutError:
        raise TimeoutError(f"{what}: not within {limit:.0f} s") from None
    return time.monotonic()
