"""Signing in with a one-time link, and signing out.

Opening the link (GET) changes nothing: it shows one "Continue" button, so a link-preview
crawler that fetches it cannot use it up. The button's POST uses the token up, opens a session
with a fresh id and redirects (303) to the overview. Sign-ins are limited per address.
"""

from __future__ import annotations

from aiohttp import web

from bot.dashboard.links import LinkState
from bot.dashboard.pages import Page, PageRequest
from bot.dashboard.site import PREFIX
from bot.dashboard.web import DashboardWeb
from bot.i18n import N_, _
from bot.levels import Level

SIGNED_OUT = "/signed-out"


def add_signin_routes(app: web.Application, dashboard: DashboardWeb) -> None:
    """Add `/signin/{token}` (GET shows Continue, POST signs in), `/signout` and `/signed-out`."""

    async def open_link(request: web.Request) -> web.StreamResponse:
        if not dashboard.sign_ins.allow(request.remote or "?"):
            return _too_many(dashboard)
        state = await dashboard.links.state(request.match_info["token"])
        if state is not LinkState.USABLE:
            return _unusable(dashboard, state)
        return dashboard.renderer.page("signin.html", {"title": _("Sign in")})

    async def use_link(request: web.Request) -> web.StreamResponse:
        if not dashboard.sign_ins.allow(request.remote or "?"):
            return _too_many(dashboard)
        token = request.match_info["token"]
        redeemed = await dashboard.links.redeem(token)
        if redeemed is None:
            return _unusable(dashboard, await dashboard.links.state(token))
        session_id = await dashboard.sessions.open(redeemed.community_id, redeemed.member_id)
        response = _see_other(f"{PREFIX}/")
        dashboard.set_session_cookie(response, session_id)
        return response

    async def sign_out(page: PageRequest) -> web.StreamResponse:
        await dashboard.sessions.end(page.signed_in.session.id_hash)
        response = _see_other(PREFIX + SIGNED_OUT)
        response.del_cookie(dashboard.cookie_name, path="/")
        return response

    async def signed_out(_request: web.Request) -> web.StreamResponse:
        return dashboard.renderer.notice(
            _("Signed out"), _("You are signed out. Type /dashboard to sign in again."), status=200
        )

    signing_out = Page("signout", "/signout", N_("Sign out"), Level.HOST, sign_out, in_nav=False)
    app.router.add_get("/signin/{token}", open_link, name="signin")
    app.router.add_post("/signin/{token}", use_link)
    app.router.add_post("/signout", dashboard.guard(signing_out, sign_out, post=True))
    app.router.add_get(SIGNED_OUT, signed_out, name="signed-out")


def _see_other(path: str) -> web.Response:
    """Return a 303 to `path` (a path on this origin, never a link built from the request)."""
    return web.Response(status=303, headers={"Location": path})


def _unusable(dashboard: DashboardWeb, state: LinkState) -> web.Response:
    texts = {
        LinkState.EXPIRED: _("This sign-in link has expired (links last 10 minutes)."),
        LinkState.USED: _("This sign-in link has already been used."),
        LinkState.SUPERSEDED: _("A newer sign-in link was issued; this one no longer works."),
    }
    text = texts.get(state, _("This sign-in link is not valid."))
    again = _("Type /dashboard in your community for a new link.")
    return dashboard.renderer.notice(_("Link not valid"), f"{text} {again}", status=410)


def _too_many(dashboard: DashboardWeb) -> web.Response:
    return dashboard.renderer.notice(
        _("Too many sign-ins"),
        _("Too many sign-in attempts from your address. Try again in a few minutes."),
        status=429,
    )
