"""Sending Slack's requests to the running app, the way Slack does in each mode.

Socket Mode: an envelope over the fake's websocket, then its ack. HTTP mode: a POST to
`/slack/events`, signed with the signing secret (or deliberately not).
"""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from tests.adapters.slack.fake_slack import FakeSlack

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

    async def event(self, event: dict[str, Any]) -> None:
        """Send an Events API event."""
        body = {
            "token": "verification-token",
            "team_id": self.fake.workspace.team_id,
            "api_app_id": "A1",
            "event": event,
            "type": "event_callback",
            "event_id": f"Ev{time.time_ns()}",
            "event_time": int(time.time()),
        }
        await self.deliver("event", body)

    async def deliver(self, kind: str, payload: dict[str, Any]) -> None:
        """Send one request in the app's mode and make sure Slack's side of it succeeded."""
        if self.http_url is None:
            envelope = await self.fake.push(_KINDS[kind], payload)
            await self.fake.wait_for_ack(envelope)
            return
        status = await self.post(_body(kind, payload), _content_type(kind))
        assert status == 200, status

    async def post(
        self, body: str, content_type: str, *, secret: str | None = None, age: float = 0
    ) -> int:
        """POST a signed body to /slack/events; return the HTTP status."""
        assert self.http_url is not None
        timestamp = str(int(time.time() - age))
        verifier = SignatureVerifier(secret or self.fake.signing_secret)
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": verifier.generate_signature(timestamp=timestamp, body=body),
        }
        async with (
            aiohttp.ClientSession() as session,
            session.post(self.http_url, data=body.encode(), headers=headers) as response,
        ):
            return response.status


def _body(kind: str, payload: dict[str, Any]) -> str:
    if kind == "command":
        return urlencode(payload)
    if kind == "interactive":
        return urlencode({"payload": json.dumps(payload)})
    return json.dumps(payload)


def _content_type(kind: str) -> str:
    return "application/json" if kind == "event" else "application/x-www-form-urlencoded"
