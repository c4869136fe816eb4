"""The app on a SQLite file with its Slack app connected (Socket Mode) to the fake Slack
(loopback), and a session card posted by the workspace's admin through `/session create`."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from adapters.slack.serve import connected_slack
from bot.app import App, build_app
from bot.clock import Clock
from bot.settings import Settings
from tests.adapters.slack.conftest import response_to, slack_settings
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack


@asynccontextmanager
async def slack_app(path: Path, clock: Clock) -> AsyncIterator[tuple[App, FakeSlack, SlackDriver]]:
    """Start the app on `path`, connect its Slack app to a new fake Slack (no rate limit until
    `fake.rate_limits` is set); yield them; stop them afterwards."""
    logging.getLogger("slack_sdk").setLevel(logging.ERROR)  # one line per 429 otherwise
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL=f"sqlite+aiosqlite:///{path}",
        COHORT_TIMEZONE="UTC",
    )
    async with FakeSlack() as fake:
        app = build_app(settings, clock)
        await app.start()
        try:
            async with connected_slack(app, slack_settings(fake, "socket")):
                await fake.wait_until_connected()
                yield app, fake, SlackDriver(fake, None)
        finally:
            await app.close()


async def create_session(driver: SlackDriver, fake: FakeSlack, day: str, at: str) -> None:
    """Have the admin create a one-hour office hour on `day` at `at` (session 1)."""
    body = await driver.command("admin", f'create "Office hour" {day} {at} 60m', command="/session")
    answer = await response_to(fake, body)
    assert str(answer["text"]).startswith("Session 1 is posted"), answer


async def until(fake: FakeSlack, check: Callable[[], bool], limit: float, what: str) -> float:
    """Wait until `check()` holds (looked at as each call reaches the fake); return when
    (monotonic)."""
    try:
        await fake.wait_until(check, limit)
    except TimeoutError:
        raise TimeoutError(f"{what}: not within {limit:.0f} s") from None
    return time.monotonic()
