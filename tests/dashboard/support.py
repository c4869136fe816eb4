"""A served dashboard for tests: the whole app with a console community, the dashboard on a
real loopback port (0: a free one), and a browser-like HTTP client that keeps cookies."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

import aiohttp

from adapters.console.session import ConsoleSession
from bot.app import App
from bot.dashboard.pages import Page
from bot.dashboard.web import DashboardWeb
from bot.dashboard.wiring import PAGES, mount
from bot.web.server import WebServer

LINK = re.compile(r"(http://\S+/dashboard/signin/[A-Za-z0-9_-]+)")
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@dataclass
class Served:
    """The app, its console, the dashboard's routes and the address they are served at."""

    app: App
    console: ConsoleSession | None
    web: DashboardWeb
    url: str

    async def link(self, member: str) -> str:
        """Have `member` type /dashboard in the console; return the link from the answer."""
        assert self.console is not None, "on Discord and Slack, the test types /dashboard"
        records = await self.console.say(f"@{member}: /dashboard")
        texts = [record.text or "" for record in records if record.kind == "ephemeral"]
        found = LINK.search(texts[-1]) if texts else None
        assert found is not None, texts
        return found.group(1)


@asynccontextmanager
async def served(
    app: App, console: ConsoleSession | None, pages: Sequence[Page] = PAGES
) -> AsyncIterator[Served]:
    """Serve the dashboard (`pages`) on 127.0.0.1, a free port, while inside."""
    server = WebServer("127.0.0.1", 0)
    dashboard = mount(server, app, pages)
    await server.start()
    url = f"http://127.0.0.1:{server.port}"
    app.services.dashboard.site.serve_at(url)
    try:
        yield Served(app, console, dashboard, url)
    finally:
        await server.stop()


class Browser:
    """An HTTP client that keeps cookies and sends the Origin a browser would."""

    def __init__(self, served: Served) -> None:
        self.served = served
        self.session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))

    async def close(self) -> None:
        """Close the client."""
        await self.session.close()

    async def get(self, path: str, **headers: str) -> tuple[int, str, dict[str, str]]:
        """GET `path` (or an absolute link); return status, body and headers."""
        url = path if path.startswith("http") else self.served.url + path
        async with self.session.get(url, headers=headers, allow_redirects=False) as response:
            return response.status, await response.text(), dict(response.headers)

    async def post(
        self, path: str, data: dict[str, str] | None = None, **headers: str
    ) -> tuple[int, str, dict[str, str]]:
        """POST a form to `path` from the dashboard's own origin unless `headers` say otherwise."""
        url = path if path.startswith("http") else self.served.url + path
        sent = {"Origin": self.served.url, **headers}
        sent = {name: value for name, value in sent.items() if value}
        async with self.session.post(
            url, data=data or {}, headers=sent, allow_redirects=False
        ) as response:
            return response.status, await response.text(), dict(response.headers)

    async def sign_in(self, member: str, link: str | None = None) -> str:
        """Sign `member` in through `link` (default: a fresh one); return the overview's HTML."""
        link = link or await self.served.link(member)
        status, _, _ = await self.get(link)
        assert status == 200
        status, _, headers = await self.post(link)
        assert status == 303, status
        assert headers["Location"] == "/dashboard/"
        status, body, _ = await self.get("/dashboard/")
        assert status == 200, body
        return body

    async def csrf(self) -> str:
        """Return the CSRF token the overview's forms carry."""
        _, body, _ = await self.get("/dashboard/")
        found = CSRF.search(body)
        assert found is not None, body
        return found.group(1)
