"""The dashboard's middlewares: response headers, the Host check and the same-origin check.

They wrap every dashboard route (its own aiohttp sub-application), refusals included, so no
page can forget them. CSRF tokens are checked by the page framework (`pages.py`), which knows
the session.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.typedefs import Middleware

from bot.dashboard.site import Site
from bot.i18n import _

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000"
ALWAYS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def middlewares(site: Site) -> list[Middleware]:
    """Return the dashboard's middlewares, outermost first."""

    @web.middleware
    async def headers(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as refusal:
            _add_headers(refusal, site)
            raise
        _add_headers(response, site)
        return response

    @web.middleware
    async def host(request: web.Request, handler: Handler) -> web.StreamResponse:
        # DNS rebinding: a page on another name that resolves here must not read ours.
        if (request.headers.get("Host") or "").lower() != site.host:
            raise web.HTTPMisdirectedRequest(text=_("This address does not serve the dashboard."))
        return await handler(request)

    @web.middleware
    async def same_origin(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.method in UNSAFE_METHODS and not from_origin(request, site.origin):
            raise web.HTTPForbidden(text=_("Refused: the form was not sent from this dashboard."))
        return await handler(request)

    return [headers, host, same_origin]


def from_origin(request: web.Request, origin: str) -> bool:
    """Return whether a request was sent from `origin`.

    Origin decides when the browser sent one; else Referer's origin. Under
    `Referrer-Policy: no-referrer` browsers send `Origin: null` and no Referer even for a form
    of the same page, so then the browser's own `Sec-Fetch-Site: same-origin` (a header no page
    can set) is the evidence. A request with none of them is refused.
    """
    sender = sender_origin(request)
    if sender is not None:
        return sender == origin
    return request.headers.get("Sec-Fetch-Site") == "same-origin"


def sender_origin(request: web.Request) -> str | None:
    """Return the origin a request says it came from: Origin, else Referer's; None if neither."""
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin.lower().rstrip("/")
    referer = request.headers.get("Referer")
    if not referer:
        return None
    parsed = urlsplit(referer)
    return f"{parsed.scheme}://{parsed.netloc}".lower() if parsed.netloc else None


def _add_headers(response: web.StreamResponse, site: Site) -> None:
    response.headers.update(ALWAYS)
    if site.served and site.secure:
        response.headers["Strict-Transport-Security"] = HSTS
