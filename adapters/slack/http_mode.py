"""HTTP mode's door: `/slack/events`, checked before bolt parses anything.

In order: the timestamp header must be a Unix time (else 400), the signature must verify over
the raw bytes within five minutes (else 401, the body unread), the body must be UTF-8 and
JSON or a form whose `payload` is a JSON object (else 400). Each refusal is one WARNING line,
never a traceback. Then the gate: a replayed signature gets 401, a redelivery or another
workspace's request 200 with nothing done; the rest goes to bolt.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.request.internals import parse_body

from adapters.slack.gate import SlackGate, Verdict

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 5 * 60  # Slack's window for a signed request
_UNIX_TIME = re.compile(r"[0-9]{1,12}")


class MalformedRequest(ValueError):
    """A request Slack would never send: refused with 400."""


class EventsEndpoint:
    """The aiohttp handler for Slack's requests in HTTP mode."""

    def __init__(self, bolt: AsyncApp, gate: SlackGate, signing_secret: str) -> None:
        self._bolt = bolt
        self._gate = gate
        self._secret = signing_secret.encode()

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one request from Slack (or from someone pretending to be Slack)."""
        raw = await request.read()
        timestamp = request.headers.get("X-Slack-Request-Timestamp")
        signature = request.headers.get("X-Slack-Signature", "")
        if timestamp is not None and not _UNIX_TIME.fullmatch(timestamp):
            return _malformed(request, "its timestamp header is not a Unix time")
        if timestamp is None or not self._signed(raw, timestamp, signature):
            return web.Response(status=401)
        try:
            text, body = _parsed(raw, request.content_type)
        except MalformedRequest as error:
            return _malformed(request, str(error))
        verdict = await self._gate.admit(body, f"slack:signature:{signature}")
        if verdict is Verdict.REPLAYED:
            log.warning("refused a replayed Slack request (a signature seen before)")
            return web.Response(status=401)
        if verdict is Verdict.ACKNOWLEDGE:
            return web.Response(status=200)
        headers: dict[str, Any] = dict(request.headers)
        bolt_request = AsyncBoltRequest(body=text, query=request.query_string, headers=headers)
        return await to_aiohttp_response(await self._bolt.async_dispatch(bolt_request))

    def _signed(self, raw: bytes, timestamp: str, signature: str) -> bool:
        if abs(time.time() - int(timestamp)) > MAX_AGE_SECONDS:
            return False
        # Over the bytes as sent: slack-sdk's verifier decodes first, and fails on bad UTF-8.
        message = b"v0:" + timestamp.encode() + b":" + raw
        expected = "v0=" + hmac.new(self._secret, message, hashlib.sha256).hexdigest()
        return hmac.compare_digest(expected, signature)


def _parsed(raw: bytes, content_type: str) -> tuple[str, dict[str, Any]]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MalformedRequest("its body is not UTF-8") from None
    try:
        body = parse_body(text, content_type)
    except ValueError:
        raise MalformedRequest("its body (or its payload) is not JSON") from None
    if not isinstance(body, dict):
        raise MalformedRequest("its body (or its payload) is not a JSON object")
    return text, body


def _malformed(request: web.Request, reason: str) -> web.Response:
    log.warning("refused a malformed Slack request from %s: %s", request.remote, reason)
    return web.Response(status=400)


def events_app(
    endpoint: EventsEndpoint, path: str, installs: OAuthPages | None = None
) -> web.Application:
    """Return the aiohttp application that serves `endpoint` at `path` (and, with `installs`,
    the OAuth flow's install page and redirect)."""
    application = web.Application()
    application.router.add_post(path, endpoint.handle)
    if installs is not None:
        installs.add_routes(application)
    return application


class OAuthPages:
    """`/slack/install` and the OAuth redirect: slack-bolt's flow, served by HTTP mode.

    The install page sets a state (kept in slack-sdk's state store, and in a cookie) and links
    to Slack's authorize page; Slack sends the person back to the redirect with a code, which
    bolt exchanges (`oauth.v2.access`) for the workspace's bot token and saves in the
    installation store. Neither is signed by Slack: the state is what protects the redirect.
    """

    def __init__(self, flow: AsyncOAuthFlow) -> None:
        self._flow = flow

    def add_routes(self, application: web.Application) -> None:
        """Serve the two pages on the flow's own paths."""
        settings = self._flow.settings
        application.router.add_get(settings.install_path, self.install)
        application.router.add_get(settings.redirect_uri_path, self.redirect)

    async def install(self, request: web.Request) -> web.StreamResponse:
        """Begin an installation: the page (or redirect) to Slack's authorize URL."""
        return await to_aiohttp_response(
            await self._flow.handle_installation(await to_bolt_request(request))
        )

    async def redirect(self, request: web.Request) -> web.StreamResponse:
        """Finish an installation: exchange the code, save the workspace's token."""
        response = await self._flow.handle_callback(await to_bolt_request(request))
        if response.status == 200:
            log.info("the Slack OAuth flow finished an installation")
        else:
            log.warning("a Slack OAuth redirect failed (%s)", response.status)
        return await to_aiohttp_response(response)
