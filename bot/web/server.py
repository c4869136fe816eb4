"""One aiohttp application per process, on `COHORT_HTTP_HOST:COHORT_HTTP_PORT`.

Routes are added by name before it starts, so later pages (a dashboard) share the server
with `/healthz` and `/metrics`. Port 0 binds a free port; `port` says which.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from bot.errors import StartupError

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class WebServer:
    """An aiohttp `web.Application` with named routes, started and stopped by the CLI."""

    def __init__(self, host: str, port: int) -> None:
        self._host = host
        self._requested_port = port
        self.application = web.Application()
        self._runner: web.AppRunner | None = None
        self._bound_port: int | None = None

    def add_get(self, name: str, path: str, handler: Handler) -> None:
        """Answer GET (and HEAD) requests for `path` with `handler`, under the route `name`."""
        self.application.router.add_get(path, handler, name=name)

    def add_application(self, prefix: str, application: web.Application) -> None:
        """Serve `application`'s routes under `prefix`, with its own middlewares (the dashboard)."""
        self.application.add_subapp(prefix, application)

    def url_for(self, name: str) -> str:
        """Return the path of the route `name`."""
        return str(self.application.router[name].url_for())

    @property
    def port(self) -> int:
        """The port it listens on (the one chosen by the system when asked for port 0)."""
        if self._bound_port is None:
            raise RuntimeError("the web server is not listening")
        return self._bound_port

    async def start(self) -> None:
        """Listen, or raise StartupError naming the address that could not be bound."""
        runner = web.AppRunner(self.application, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self._host, self._requested_port)
        try:
            await site.start()
        except OSError as error:
            await runner.cleanup()
            where = f"{self._host}:{self._requested_port}"
            raise StartupError(
                f"cannot listen on {where} (COHORT_HTTP_HOST/COHORT_HTTP_PORT): {error}"
            ) from None
        self._runner = runner
        self._bound_port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop listening and finish the requests under way."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
            self._bound_port = None
