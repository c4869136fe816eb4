"""A community for the command benchmark: the app on a SQLite file of its own, on a virtual
clock, with the console adapter; a host, five guidelines, `members` joined, and an
announcement whose "Got it" the members press."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from adapters.console.session import ConsoleSession
from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.settings import Settings

RULES = (
    "Be kind and assume good intent",
    "Share what you learn, and credit others",
    "Keep questions in the help channels",
    "No spam or self-promotion",
    "Respect people's time zones",
)
HOST = "host"


@dataclass(frozen=True, slots=True)
class Community:
    """The running app, its console, and the message that carries the announcement's button."""

    app: App
    console: ConsoleSession
    announcement: str


@asynccontextmanager
async def community(path: Path, members: int) -> AsyncIterator[Community]:
    """Start a fresh app on the SQLite file `path`, fill the community, yield it, close it."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{path}",
    )
    clock = VirtualClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC))
    app = build_app(settings, clock)
    await app.start()
    try:
        console = ConsoleSession(app, clock)
        await console.attach()
        await console.say(f"@{HOST} is host")
        for rule in RULES:
            await console.say(f"@{HOST}: /guidelines add {rule}")
        for number in range(members):
            await console.say(f"@member{number} joins")
        posted = await console.say(f"@{HOST}: /announce The study room opens at 18:00 today")
        card = next(record for record in posted if record.kind == "post" and record.buttons)
        assert card.id is not None
        yield Community(app, console, card.id)
    finally:
        await app.close()
