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
    server = await _listening(app, settings.http_host, settings.web_port)
    url = settings.web_url or f"http://127.0.0.1:{server.port}"
    app.services.dashboard.site.serve_at(url)
    try:
        yield f"{url}{PREFIX}/"
    finally:
        await server.stop()


async def _listening(app: App, host: str, port: int) -> WebServer:
    """Start a server with the dashboard on `port`, or on a free one if that is taken."""
    for wanted in (port, 0):
        server = WebServer(host, wanted)
        mount(server, app)
        try:
            await server.start()
        except StartupError:
            if wanted == 0:
                raise
            continue
        return server
    raise AssertionError("unreachable")
