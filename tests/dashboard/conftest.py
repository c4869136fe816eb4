"""The dashboard's fixtures: the app on both databases, a console community, the served
dashboard and a cookie-keeping client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from adapters.console.session import ConsoleSession
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.settings import Settings
from bot.storage.database import Database
from tests.dashboard.support import Browser, Served, served


@pytest.fixture
async def dash_app(
    settings: Settings, clock: VirtualClock, any_database: Database
) -> AsyncIterator[App]:
    """The whole app on SQLite, then PostgreSQL, started and closed."""
    application = build_app(settings, clock, database=any_database)
    await application.start()
    yield application
    await application.close()


@pytest.fixture
async def dashboard(dash_app: App, clock: VirtualClock) -> AsyncIterator[Served]:
    """The dashboard served on loopback, with hosts and members in a console community."""
    console = ConsoleSession(dash_app, clock)
    await console.refresh_timezone()
    await console.attach()
    for line in (
        "@hana joins",
        "@hana is host",
        "@mo joins",
        "@mo is moderator",
        "@ada joins",
        "@ada is admin",
        "@bob joins",
    ):
        await console.say(line)
    async with served(dash_app, console) as running:
        yield running


@pytest.fixture
async def browser(dashboard: Served) -> AsyncIterator[Browser]:
    """A client of the served dashboard, keeping its cookies."""
    client = Browser(dashboard)
    yield client
    await client.close()
