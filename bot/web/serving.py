"""The web server's life around the running app: started after it, stopped before it closes."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

from bot.metrics import Health, Metrics
from bot.settings import Settings
from bot.web.operations import add_operations_routes
from bot.web.server import WebServer

log = logging.getLogger(__name__)

Mount = Callable[[WebServer], object]
"""Adds more routes (the dashboard's) to the server before it starts."""


def serving_port(settings: Settings) -> int | None:
    """Return the port to serve on: COHORT_HTTP_PORT, else COHORT_WEB_PORT when the dashboard
    is on (COHORT_WEB_URL set); None: no HTTP server."""
    if settings.http_port is not None:
        return settings.http_port
    return settings.web_port if settings.web_url is not None else None


@asynccontextmanager
async def serving(
    settings: Settings, health: Health, metrics: Metrics, dashboard: Mount | None = None
) -> AsyncIterator[WebServer | None]:
    """Serve `/healthz` and `/metrics` while inside, and the dashboard when COHORT_WEB_URL is
    set (`dashboard` mounts it); yield the server, or None when there is nothing to serve."""
    port = serving_port(settings)
    if port is None:
        yield None
        return
    server = WebServer(settings.http_host, port)
    add_operations_routes(server, health, metrics)
    if dashboard is not None and settings.web_url is not None:
        dashboard(server)
    await server.start()
    log.info("serving /healthz and /metrics on %s:%d", settings.http_host, server.port)
    if settings.web_url is not None and dashboard is not None:
        log.info("serving the dashboard at %s/dashboard", settings.web_url)
    try:
        yield server
    finally:
        await server.stop()
