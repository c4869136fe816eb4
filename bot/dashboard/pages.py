"""The page registry: a page declares its path, title, level and handlers; the framework guards.

Every registered handler runs only after the checks a page must never forget: the Host and
same-origin middlewares (`security.py`), a live session, the member's level recomputed for
this request and at least the page's, and on POST the session's CSRF token. A handler gets a
`PageRequest` carrying the verified session, its community, the checked actor, and
`owned()` for every id it reads from the request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web
from multidict import MultiDictProxy

from bot.dashboard.ownership import Owned, belongs_to
from bot.dashboard.standing import SignedIn
from bot.i18n import _
from bot.levels import Level

if TYPE_CHECKING:
    from bot.dashboard.web import DashboardWeb
    from bot.services import Services

PageHandler = Callable[["PageRequest"], Awaitable[web.StreamResponse]]


@dataclass(frozen=True, slots=True)
class Page:
    """One dashboard page: `path` under /dashboard, `title` (an `N_` message) and its level."""

    name: str
    path: str
    title: str
    level: Level
    get: PageHandler
    post: PageHandler | None = None
    in_nav: bool = True


@dataclass(frozen=True, slots=True)
class PageRequest:
    """What a page's handler is given, after every check has passed."""

    request: web.Request
    signed_in: SignedIn
    services: Services
    dashboard: DashboardWeb
    form: MultiDictProxy[str | bytes | Any] | None = None

    @property
    def community_id(self) -> int:
        """Return the session's community: the only one this request may read or change."""
        return self.signed_in.community_id

    async def owned(self, table: Owned, raw_id: str | int | None) -> int:
        """Return `raw_id` as an id of `table` in the session's community, or answer 404."""
        found = await belongs_to(self.dashboard.database, table, raw_id, self.community_id)
        if found is None:
            raise web.HTTPNotFound(text=_("Not found in this community."))
        return found

    def render(
        self, template: str, context: Mapping[str, Any], *, status: int = 200
    ) -> web.Response:
        """Return `template` inside the layout, with the navigation this member may see."""
        return self.dashboard.render_page(self, template, context, status=status)


class PageRegistry:
    """The dashboard's pages, in navigation order; paths and names are unique."""

    def __init__(self) -> None:
        self._pages: dict[str, Page] = {}

    def add(self, page: Page) -> None:
        """Register `page`, or raise ValueError if its name or path is taken."""
        if page.name in self._pages or any(p.path == page.path for p in self._pages.values()):
            raise ValueError(f"a dashboard page named {page.name} or at {page.path} exists")
        if not page.path.startswith("/"):
            raise ValueError(f"a dashboard page's path starts with /: {page.path}")
        self._pages[page.name] = page

    def __iter__(self) -> Any:
        return iter(self._pages.values())

    def visible_to(self, level: Level) -> list[Page]:
        """Return the pages in the navigation that `level` may open."""
        return [page for page in self._pages.values() if page.in_nav and level >= page.level]
