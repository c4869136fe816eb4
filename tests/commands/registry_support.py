"""The real registry, for tests that read the commands (names, options, help) and run none."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.app import App, build_app
from bot.clock import VirtualClock
from bot.settings import Settings
from commands.registry import Registry


def unopened_app() -> App:
    """Return the real app on a database it never opens, for its registry and services."""
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        COHORT_DATABASE_URL="sqlite+aiosqlite:///:memory:",
        COHORT_TIMEZONE="UTC",
    )
    return build_app(settings, VirtualClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC)))


def real_registry() -> Registry:
    """Return a fresh registry of every enabled feature, bound to services as the app binds them."""
    return unopened_app().registry
