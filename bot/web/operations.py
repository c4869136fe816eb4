"""The operator's routes: `/healthz` (200 or 503, a line per platform) and `/metrics`."""

from __future__ import annotations

from aiohttp import web

from bot.metrics import Health, Metrics
from bot.metrics.counts import EXPOSITION_CONTENT_TYPE
from bot.web.server import WebServer

HEALTH_ROUTE, METRICS_ROUTE = "healthz", "metrics"


def add_operations_routes(server: WebServer, health: Health, metrics: Metrics) -> None:
    """Serve `/healthz` from `health` and `/metrics` from `metrics` on `server`."""

    async def healthz(_request: web.Request) -> web.Response:
        status = 200 if health.healthy() else 503
        return web.Response(status=status, text=health.describe())

    async def prometheus(_request: web.Request) -> web.Response:
        response = web.Response(body=metrics.exposition())
        response.headers["Content-Type"] = EXPOSITION_CONTENT_TYPE
        return response

    server.add_get(HEALTH_ROUTE, "/healthz", healthz)
    server.add_get(METRICS_ROUTE, "/metrics", prometheus)
