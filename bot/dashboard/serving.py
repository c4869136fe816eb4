"""The console's dashboard: served at its prompt (not for `--script` runs), on COHORT_WEB_PORT
or, when that is taken, a free port."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from bot.dashboard.site import PREFIX
from bot.dashboard.wiring import mount
from bot.errors import StartupError
from bot.web.server import WebServer

if TYPE_CHECKING:
    from bot.app import App


@asynccontextmanager
async def console_dashboard(app: App) -> AsyncIterator[str]:
    """Serve the dashboard while inside; yield its address (`.../dashboard`).

    The address is COHORT_WEB_URL when set, else http://127.0.0.1:<the port it got>.
    """
    settings = app.settings
    # A free port only when no address was given: COHORT_WEB_URL names the port it links to.
    fallback = settings.web_url is None
    server = await _listening(app, settings.http_host, settings.web_port, fallback=fallback)
    url = settings.web_url or f"http://127.0.0.1:{server.port}"
    app.services.dashboard.site.serve_at(url)
    try:
        yield f"{url}{PREFIX}/"
    finally:
        await server.stop()


async def _listening(app: App, host: str, port: int, *, fallback: bool) -> WebServer:
    """Start a server with the dashboard on `port`, or on a free one if that is taken (and
    `fallback` allows it)."""
    for wanted in (port, 0) if fallback else (port,):
        server = WebServer(host, wanted)
        mount(server, app)
        try:
            await server.start()
        except StartupError:
            if wanted == 0 or not fallback:
                raise
            continue
        return server
    raise AssertionError("unreachable")
