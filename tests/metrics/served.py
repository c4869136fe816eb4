"""The app's /healthz and /metrics served as `cohort run` serves them, on a free port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.app import App
from bot.web.serving import serving


@asynccontextmanager
async def served(app: App, *platforms: str) -> AsyncIterator[int]:
    """Expect `platforms` (each connecting until it reports) and serve; yield the port."""
    app.health.expect(platforms)
    settings = app.settings.model_copy(update={"http_port": 0})
    async with serving(settings, app.health, app.metrics) as server:
        assert server is not None
        yield server.port
