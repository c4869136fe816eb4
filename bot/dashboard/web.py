"""The dashboard's aiohttp sub-application: sessions from cookies, the guard, the layout.

Mounted at /dashboard on the process's one web server; its middlewares (`security.py`) wrap
only its own routes, so `/healthz` and `/metrics` answer any Host as before.

Every page is handled and rendered in the signed-in member's language (their own choice, their
app's locale, the community's, English), with the community's language current for what a page
posts publicly; a page shown before sign-in is in the community's language when it is known.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aiohttp import web

from bot.dashboard.limits import AttemptLimiter
from bot.dashboard.links import SignInLinks
from bot.dashboard.pages import Page, PageHandler, PageRegistry, PageRequest
from bot.dashboard.render import Renderer
from bot.dashboard.security import Handler, middlewares
from bot.dashboard.sessions import ABSOLUTE_LIFETIME, SessionStore
from bot.dashboard.site import PREFIX, Site
from bot.dashboard.standing import NotServedHere, SignedIn, Standing
from bot.dashboard.tokens import same
from bot.i18n import DEFAULT_LANGUAGE, _, speaking
from bot.levels import Level
from bot.shared.languages import Preferences
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

        app = web.Application(middlewares=[in_english, *middlewares(self.site)])
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
            with await self.speaking_to(verified):  # the handler's work and its rendering
                if verified.level < page.level:
                    return self.refused(
                        _("This page is for {level} and above.").format(level=page.level.shown)
                    )
                form = None
                if post:
                    form = await request.post()
                    if not same(_text(form.get("csrf")), verified.session.csrf_token):
                        return self.refused(
                            _("This form has expired. Reload the page and try again.")
                        )
                return await handler(PageRequest(request, verified, self.services, self, form))

        return guarded

    async def speaking_to(self, signed_in: SignedIn) -> AbstractContextManager[None]:
        """Return the block that writes in the member's language, the community's made public.

        The member's choice and locale come with their standing (no query of their own); the
        community's choice is cached by the language service.
        """
        chosen = await self.services.languages.community_choice(signed_in.community_id)
        member = signed_in.member
        language = Preferences(member.language, member.locale, chosen).language()
        return speaking(language, public=Preferences(None, None, chosen).language())

    async def in_community(self, community_id: int | None) -> AbstractContextManager[None]:
        """Return the block that writes in the community's language (before sign-in); English
        when the community is not known."""
        if community_id is None:
            return speaking(DEFAULT_LANGUAGE)
        return speaking(await self.services.languages.community(community_id))

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
            with await self.in_community(session.community_id):
                return self.renderer.notice(
                    _("Not available"), _("This community is not served right now."), status=503
                )
        if signed_in is None or signed_in.level < Level.HOST:
            await self.sessions.end(session.id_hash)
            with await self.in_community(session.community_id):
                return self.renderer.notice(
                    _("Signed out"),
                    _(
                        "Your session has ended: the dashboard is for hosts and above in the "
                        "community."
                    ),
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


@web.middleware
async def in_english(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Answer in English what is answered before anyone or any community is known."""
    with speaking(DEFAULT_LANGUAGE):
        return await handler(request)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None
