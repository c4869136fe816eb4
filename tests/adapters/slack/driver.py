"""Sending Slack's requests to the running app, the way Slack does in each mode.

Socket Mode: an envelope over the fake's websocket, then its ack. HTTP mode: a POST to
`/slack/events`, signed with the signing secret (or deliberately not). A delivery can be sent
again as Slack redelivers it: the same envelope with a retry attempt, or the same body with
`X-Slack-Retry-Num`.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.adapters.slack.fake_slack import FakeSlack

_EVENT_IDS = itertools.count(1)
_KINDS = {"command": "slash_commands", "interactive": "interactive", "event": "events_api"}


class SlackDriver:
    """Delivers payloads to the app under test and reports Slack's side of the exchange."""

    def __init__(self, fake: FakeSlack, http_url: str | None) -> None:
        self.fake = fake
        self.http_url = http_url

    async def command(self, user: str, text: str, *, command: str = "/help") -> dict[str, str]:
        """Send a slash command typed by `user`; return its body."""
        body = self.fake.slash_command_body(user, text, command=command)
        await self.deliver("command", body)
        return body

    async def interactive(self, payload: dict[str, Any]) -> None:
        """Send a button press, form submission or shortcut."""
        await self.deliver("interactive", payload)

    async def event(self, event: dict[str, Any]) -> dict[str, Any]:
        """Send an Events API event; return the whole body (to send it again)."""
        body = self.event_body(event)
        await self.deliver("event", body)
        return body

    def event_body(self, event: dict[str, Any], *, team_id: str | None = None) -> dict[str, Any]:
        """Return the Events API body around `event`, with a new event id."""
        return {
            "token": "verification-token",
            "team_id": team_id or self.fake.workspace.team_id,
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{time.time_ns()}x{next(_EVENT_IDS)}",
            "event_time": int(time.time()),
        }

    async def deliver(
        self, kind: str, payload: dict[str, Any], *, attempt: int = 0, envelope: str | None = None
    ) -> str | None:
        """Send one request in the app's mode and make sure Slack's side of it succeeded.

        Return the Socket Mode envelope id (None in HTTP mode). `attempt` > 0 redelivers: the
        same `envelope` with `retry_attempt`, or the body with `X-Slack-Retry-Num`.
        """
        if self.http_url is None:
            acked = len(self.fake.acks)
            sent = await self.fake.push(
                _KINDS[kind], payload, envelope_id=envelope, attempt=attempt
            )
            await self.fake.wait_for_ack(sent, after=acked)
            return sent
        retry = {"X-Slack-Retry-Num": str(attempt), "X-Slack-Retry-Reason": "http_timeout"}
        headers = retry if attempt else {}
        # Slack retries after a second, a minute, five minutes: each retry is signed anew.
        signed_at = str(int(time.time()) + attempt)
        body = _body(kind, payload)
        status = await self.post(body, _content_type(kind), headers=headers, timestamp=signed_at)
        assert status == 200, status
        return None

    async def post(
        self,
        body: str | bytes,
        content_type: str,
        *,
        secret: str | None = None,
        age: float = 0,
        timestamp: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> int:
        """POST a signed body to /slack/events; return the HTTP status."""
        assert self.http_url is not None
        timestamp = timestamp or str(int(time.time() - age))
        raw = body.encode() if isinstance(body, str) else body
        signed = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": signature(secret or self.fake.signing_secret, timestamp, raw),
        }
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.http_url, data=raw, headers=signed | (headers or {})) as response,
        ):
            return response.status


def signature(secret: str, timestamp: str, raw: bytes) -> str:
    """Return Slack's signature of `raw` (slack-sdk's, over bytes that need not be UTF-8)."""
    if _is_utf8(raw):
        verifier = SignatureVerifier(secret)
        signed = verifier.generate_signature(timestamp=timestamp, body=raw)
        assert signed is not None
        return signed
    message = b"v0:" + timestamp.encode() + b":" + raw
    return "v0=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _body(kind: str, payload: dict[str, Any]) -> str:
    if kind == "command":
        return urlencode(payload)
    if kind == "interactive":
        return urlencode({"payload": json.dumps(payload)})
    return json.dumps(payload)


def _content_type(kind: str) -> str:
    return "application/json" if kind == "event" else "application/x-www-form-urlencoded"
