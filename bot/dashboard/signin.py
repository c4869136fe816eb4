"""Signing in with a one-time link, and signing out.

Opening the link (GET) changes nothing: it shows one "Continue" button, so a link-preview
crawler that fetches it cannot use it up. The button's POST uses the token up, opens a session
with a fresh id and redirects (303) to the overview. Sign-ins are limited per address.

A link's pages are in its community's language; the signed-out page in the language of the
member who signed out (the redirect names it); what is answered before either is known, in
English.
"""

from __future__ import annotations

from urllib.parse import urlencode

from aiohttp import web

from bot.dashboard.links import LinkCheck, LinkState
from bot.dashboard.pages import Page, PageRequest
from bot.dashboard.site import PREFIX
from bot.dashboard.web import DashboardWeb
from bot.i18n import DEFAULT_LANGUAGE, N_, _, catalogue_language, current_language, speaking
from bot.levels import Level
from bot.shared.languages import available_languages

SIGNED_OUT = "/signed-out"


def add_signin_routes(app: web.Application, dashboard: DashboardWeb) -> None:
    """Add `/signin/{token}` (GET shows Continue, POST signs in), `/signout` and `/signed-out`."""

    async def open_link(request: web.Request) -> web.StreamResponse:
        if not dashboard.sign_ins.allow(request.remote or "?"):
            return _too_many(dashboard)
        checked = await dashboard.links.check(request.match_info["token"])
        if checked.state is not LinkState.USABLE:
            return await _unusable(dashboard, checked)
        with await dashboard.in_community(checked.community_id):
            return dashboard.renderer.page("signin.html", {"title": _("Sign in")})

    async def use_link(request: web.Request) -> web.StreamResponse:
        if not dashboard.sign_ins.allow(request.remote or "?"):
            return _too_many(dashboard)
        token = request.match_info["token"]
        redeemed = await dashboard.links.redeem(token)
        if redeemed is None:
            return await _unusable(dashboard, await dashboard.links.check(token))
        session_id = await dashboard.sessions.open(redeemed.community_id, redeemed.member_id)
        response = _see_other(f"{PREFIX}/")
        dashboard.set_session_cookie(response, session_id)
        return response

    async def sign_out(page: PageRequest) -> web.StreamResponse:
        await dashboard.sessions.end(page.signed_in.session.id_hash)
        response = _see_other(f"{PREFIX}{SIGNED_OUT}?{urlencode({'lang': current_language()})}")
        response.del_cookie(dashboard.cookie_name, path="/")
        return response

    async def signed_out(request: web.Request) -> web.StreamResponse:
        asked = catalogue_language(request.query.get("lang"), available_languages())
        with speaking(asked or DEFAULT_LANGUAGE):
            return dashboard.renderer.notice(
                _("Signed out"),
                _("You are signed out. Type /dashboard to sign in again."),
                status=200,
            )

    signing_out = Page("signout", "/signout", N_("Sign out"), Level.HOST, sign_out, in_nav=False)
    app.router.add_get("/signin/{token}", open_link, name="signin")
    app.router.add_post("/signin/{token}", use_link)
    app.router.add_post("/signout", dashboard.guard(signing_out, sign_out, post=True))
    app.router.add_get(SIGNED_OUT, signed_out, name="signed-out")


def _see_other(path: str) -> web.Response:
    """Return a 303 to `path` (a path on this origin, never a link built from the request)."""
    return web.Response(status=303, headers={"Location": path})


async def _unusable(dashboard: DashboardWeb, checked: LinkCheck) -> web.Response:
    """Say why the link does not work, in its community's language (English for no link)."""
    with await dashboard.in_community(checked.community_id):
        return _link_not_valid(dashboard, checked.state)


def _link_not_valid(dashboard: DashboardWeb, state: LinkState) -> web.Response:
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
