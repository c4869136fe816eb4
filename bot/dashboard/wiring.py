"""Wires the dashboard into the core, and mounts its pages on the process's web server.

`wire()` gives the `/dashboard` command its access (the address and the sign-in links) and
ends a member's sessions when they leave. Forgotten members' links and sessions go with their
row (the foreign keys cascade); a demoted member's session ends on their next request, when
their level is recomputed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from bot.dashboard.access import DashboardAccess
from bot.dashboard.limits import AttemptLimiter
from bot.dashboard.links import SignInLinks
from bot.dashboard.members import MEMBERS
from bot.dashboard.moderation import MODERATION, MODERATION_FILTERS
from bot.dashboard.overview import OVERVIEW, OVERVIEW_CHART
from bot.dashboard.pages import Page, PageRegistry
from bot.dashboard.render import Renderer
from bot.dashboard.session_board import SESSIONS
from bot.dashboard.sessions import SessionStore
from bot.dashboard.settings import SETTINGS
from bot.dashboard.site import PREFIX, Site
from bot.dashboard.standing import Standing
from bot.dashboard.topics import TOPICS
from bot.dashboard.web import DashboardWeb
from bot.events import MemberLeft
from bot.platform import Platform
from bot.shared.core import Communities, Events, Kernel

if TYPE_CHECKING:
    from bot.app import App
    from bot.web.server import WebServer

PAGES: tuple[Page, ...] = (
    OVERVIEW,
    OVERVIEW_CHART,
    TOPICS,
    SESSIONS,
    MEMBERS,
    MODERATION,
    MODERATION_FILTERS,
    SETTINGS,
)
"""Every dashboard page, in navigation order: write a new one in its module, list it here."""


class DashboardUses(Kernel, Events, Communities, Protocol):
    """What the dashboard uses of the shared core."""


def wire(core: DashboardUses) -> DashboardAccess:
    """Build the dashboard's access and end a member's sessions when they leave."""
    sessions = SessionStore(core.database)

    async def left(event: MemberLeft, _platform: Platform) -> None:
        if event.channel is not None:  # a channel left, not the community
            return
        community_id = await core.communities.ensure(event.community)
        await sessions.end_member(community_id, event.actor.user.id)

    core.dispatcher.subscribe(MemberLeft, left)
    return DashboardAccess(Site(core.settings.web_url), SignInLinks(core.database))


def mount(server: WebServer, app: App, pages_shown: Sequence[Page] = PAGES) -> DashboardWeb:
    """Serve the dashboard's `pages_shown` at /dashboard on `server`."""
    access = app.services.dashboard
    pages = PageRegistry()
    for page in pages_shown:
        pages.add(page)
    dashboard = DashboardWeb(
        site=access.site,
        links=access.links,
        sessions=SessionStore(app.database),
        standing=Standing(app.database, app.services.members, app.platforms),
        sign_ins=AttemptLimiter(),
        services=app.services,
        database=app.database,
        pages=pages,
        renderer=Renderer(),
    )
    server.add_application(PREFIX, dashboard.application())
    return dashboard
