"""The process's web server: /healthz and /metrics over real HTTP, on a port the system picks."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.errors import StartupError
from bot.metrics import Health, Metrics
from bot.settings import Settings
from bot.web import WebServer, add_operations_routes
from bot.web.serving import serving
from tests.web.support import get, sample


@pytest.fixture
async def served() -> AsyncIterator[tuple[WebServer, Health, Metrics]]:
    health, metrics = Health(), Metrics()
    server = WebServer("127.0.0.1", 0)
    add_operations_routes(server, health, metrics)
    await server.start()
    yield server, health, metrics
    await server.stop()


async def test_healthz_is_503_until_up_and_every_platform_connected(
    served: tuple[WebServer, Health, Metrics],
) -> None:
    server, health, _ = served
    health.expect(["discord", "slack"])
    status, _, body = await get(server.port, "/healthz")
    assert status == 503
    assert body == "process: starting or stopping\ndiscord: connecting\nslack: connecting\n"

    health.up()
    health.connected("discord")
    status, _, body = await get(server.port, "/healthz")
    assert status == 503
    assert "discord: connected\nslack: connecting" in body

    health.connected("slack")
    status, _, body = await get(server.port, "/healthz")
    assert (status, body) == (200, "process: up\ndiscord: connected\nslack: connected\n")

    health.disconnected("slack")
    status, _, body = await get(server.port, "/healthz")
    assert status == 503
    assert "slack: disconnected" in body

    health.connected("slack")
    health.stopping()
    assert (await get(server.port, "/healthz"))[0] == 503


async def test_healthz_without_any_platform_is_not_healthy(
    served: tuple[WebServer, Health, Metrics],
) -> None:
    server, health, _ = served
    health.up()
    assert (await get(server.port, "/healthz"))[0] == 503


async def test_metrics_is_prometheus_text_of_the_apps_own_registry(
    served: tuple[WebServer, Health, Metrics],
) -> None:
    server, _, metrics = served
    metrics.platform_retry("slack")
    status, content_type, body = await get(server.port, "/metrics")
    assert status == 200
    assert content_type.startswith("text/plain; version=")
    assert sample(body, "cohort_platform_retries_total", platform="slack") == 1
    assert "python_gc_objects_collected_total" not in body  # not the library's global registry


async def test_routes_are_named_so_later_pages_can_share_the_server(
    served: tuple[WebServer, Health, Metrics],
) -> None:
    server, _, _ = served
    assert (server.url_for("healthz"), server.url_for("metrics")) == ("/healthz", "/metrics")
    assert (await get(server.port, "/nothing-here"))[0] == 404


async def test_a_port_in_use_is_a_startup_error_naming_the_address(
    served: tuple[WebServer, Health, Metrics],
) -> None:
    taken = served[0].port
    with pytest.raises(StartupError, match=rf"cannot listen on 127\.0\.0\.1:{taken}"):
        await WebServer("127.0.0.1", taken).start()


async def test_no_port_set_serves_nothing(tmp_path) -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    async with serving(settings, Health(), Metrics()) as server:
        assert server is None
