"""The dashboard's aiohttp sub-application: sessions from cookies, the guard, the layout.

Mounted at /dashboard on the process's one web server; its middlewares (`security.py`) wrap
only its own routes, so `/healthz` and `/metrics` answer any Host as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.dashboard.limits import AttemptLimiter
from bot.dashboard.links import SignInLinks
from bot.dashboard.pages import Page, PageHandler, PageRegistry, PageRequest
from bot.dashboard.render import Renderer
from bot.dashboard.security import middlewares
from bot.dashboard.sessions import ABSOLUTE_LIFETIME, SessionStore
from bot.dashboard.site import PREFIX, Site
from bot.dashboard.standing import NotServedHere, SignedIn, Standing
from bot.dashboard.tokens import same
from bot.i18n import _
from bot.levels import Level
from bot.storage.database import Database

if TYPE_CHECKING:
    from bot.services import Services

STATIC = Path(__file__).parent / "static"
COOKIE = "cohort_session"


@dataclass
class DashboardWeb:
    """Everything the dashboard's routes use; `application()` builds its sub-application."""

    site: Site
    links: SignInLinks
    sessions: SessionStore
    standing: Standing
    sign_ins: AttemptLimiter
    services: Services
    database: Database
    pages: PageRegistry
    renderer: Renderer

    @property
    def cookie_name(self) -> str:
        """Return the session cookie's name: `__Host-` bound to this origin under https."""
        return f"__Host-{COOKIE}" if self.site.secure else COOKIE

    def application(self) -> web.Application:
        """Return the sub-application with the sign-in routes, static files and every page."""
        from bot.dashboard.signin import add_signin_routes

        app = web.Application(middlewares=middlewares(self.site))
        add_signin_routes(app, self)
        app.router.add_static("/static/", STATIC, name="static", append_version=False)
        for page in self.pages:
            app.router.add_get(page.path, self.guard(page, page.get), name=page.name)
            if page.post is not None:
                app.router.add_post(page.path, self.guard(page, page.post, post=True))
        return app

    def guard(self, page: Page, handler: PageHandler, *, post: bool = False) -> Any:
        """Return `handler` behind the session, level and (for POST) CSRF checks."""

        async def guarded(request: web.Request) -> web.StreamResponse:
            verified = await self.verified(request)
            if isinstance(verified, web.Response):
                return verified
            if verified.level < page.level:
                return self.refused(
                    _("This page is for {level} and above.").format(level=page.level.shown)
                )
            form = None
            if post:
                form = await request.post()
                if not same(_text(form.get("csrf")), verified.session.csrf_token):
                    return self.refused(_("This form has expired. Reload the page and try again."))
            return await handler(PageRequest(request, verified, self.services, self, form))

        return guarded

    async def verified(self, request: web.Request) -> SignedIn | web.Response:
        """Return the request's live session with its member's standing now, or a refusal."""
        session_id = request.cookies.get(self.cookie_name)
        session = await self.sessions.find(session_id) if session_id else None
        if session is None:
            return self.renderer.notice(
                _("Not signed in"),
                _("Type /dashboard in your community as a host for a sign-in link."),
                status=401,
            )
        try:
            signed_in = await self.standing.of(session)
        except NotServedHere:
            return self.renderer.notice(
                _("Not available"), _("This community is not served right now."), status=503
            )
        if signed_in is None or signed_in.level < Level.HOST:
            await self.sessions.end(session.id_hash)
            return self.renderer.notice(
                _("Signed out"),
                _("Your session has ended: the dashboard is for hosts and above in the community."),
                status=403,
            )
        return signed_in

    def refused(self, text: str) -> web.Response:
        """Return a 403 page saying why."""
        return self.renderer.notice(_("Not allowed"), text, status=403)

    def set_session_cookie(self, response: web.StreamResponse, session_id: str) -> None:
        """Give the browser the session's id: HttpOnly, SameSite=Lax, Secure under https."""
        response.set_cookie(
            self.cookie_name,
            session_id,
            max_age=int(ABSOLUTE_LIFETIME.total_seconds()),
            path="/",
            httponly=True,
            samesite="Lax",
            secure=self.site.secure,
        )

    def render_page(
        self, request: PageRequest, template: str, context: Mapping[str, Any], *, status: int
    ) -> web.Response:
        """Render `template` inside the layout for the signed-in member."""
        signed_in = request.signed_in
        current = request.request.match_info.route.name
        layout = {
            "nav": [
                {
                    "title": _(page.title),
                    "href": PREFIX + page.path,
                    "current": page.name == current,
                }
                for page in self.pages.visible_to(signed_in.level)
            ],
            "community_name": f"{signed_in.community.id} ({signed_in.community.platform})",
            "member_name": signed_in.member.display_name,
            "csrf": signed_in.session.csrf_token,
            "prefix": PREFIX,
        }
        return self.renderer.page(template, {**layout, **context}, status=status)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
