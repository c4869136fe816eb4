"""The web server's life around the running app: started after it, stopped before it closes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.metrics import Health, Metrics
from bot.settings import Settings
from bot.web.operations import add_operations_routes
from bot.web.server import WebServer

log = logging.getLogger(__name__)


@asynccontextmanager
async def serving(
    settings: Settings, health: Health, metrics: Metrics
) -> AsyncIterator[WebServer | None]:
    """Serve `/healthz` and `/metrics` while inside, if `COHORT_HTTP_PORT` is set (else None)."""
    if settings.http_port is None:
        yield None
        return
    server = WebServer(settings.http_host, settings.http_port)
    add_operations_routes(server, health, metrics)
    await server.start()
    log.info("serving /healthz and /metrics on %s:%d", settings.http_host, server.port)
    try:
        yield server
    finally:
        await server.stop()
