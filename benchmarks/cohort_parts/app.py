"""An app on a SQLite file in a scratch directory, attached to the console, for one part."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from adapters.console.session import COMMUNITY, ConsoleSession
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.memory import keep_startup_objects
from bot.settings import Settings


@asynccontextmanager
async def console_app(
    path: Path, clock: VirtualClock
) -> AsyncIterator[tuple[App, ConsoleSession, int]]:
    """Start an app on the SQLite file `path`, attach the console; yield them and the console
    community's id; close the app afterwards."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{path}",
    )
    app = build_app(settings, clock)
    await app.start()
    keep_startup_objects()  # as `cohort run` does once its app has started
    try:
        console = ConsoleSession(app, clock)
        await console.attach()
        yield app, console, await app.services.communities.ensure(COMMUNITY)
    finally:
        await app.close()
