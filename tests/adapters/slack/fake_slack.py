"""A small fake Slack (Web API, response URLs, Socket Mode) on loopback, for the real bolt.

It holds one workspace with #general, an admin and the bot, answers the Web API methods the bot
calls, and records each call with its answer so a test can wait for one (no sleeps) and read back
what the bot asked Slack to do. Socket Mode: `apps.connections.open` hands out this server's
websocket, which sends `hello` and then whatever envelopes a test pushes, and collects acks.
Files go through Slack's external upload flow (`fake_files.py`); the upload itself is recorded
as the call `upload`.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.adapters.slack.fake_files import UPLOAD_PATH, FakeFiles
from tests.adapters.slack.fake_limits import SlackLimits
from tests.adapters.slack.fake_workspace import Workspace

WAIT_SECONDS = 60  # fail loudly instead of hanging; generous, as parallel workers load the machine


@dataclass
class RecordedCall:
    """One Web API call (or response-URL post) the bot made, with the fake's answer."""

    method: str
    arguments: dict[str, Any]
    token: str | None
    answer: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)
    """When the call was answered (monotonic seconds), for benchmarks."""

    @property
    def ok(self) -> bool:
        """Return whether Slack answered `ok: true`."""
        return bool(self.answer.get("ok"))


class FakeSlack:
    """The fake server: `async with FakeSlack() as fake:`."""

    bot_token = "xoxb-fake-bot-token"
    app_token = "xapp-fake-app-token"
    admin_token = "xoxp-fake-admin-token"
    signing_secret = "fake-signing-secret"
    client_id = "1111.2222"
    client_secret = "fake-client-secret"

    def __init__(self) -> None:
        self.workspace = Workspace()
        self.installed: dict[str, Workspace] = {}
        """Bot tokens handed out by `oauth.v2.access`, each to its workspace."""
        self.installs = Installs(self)
        self.calls: list[RecordedCall] = []
        self.files = FakeFiles()
        self.acks: list[dict[str, Any]] = []
        self.rate_limits: SlackLimits | None = None
        """Slack's documented rate limits (`fake_limits.py`) once set; off by default."""
        self._failures: list[tuple[str, int]] = []
        self._lost: list[tuple[str, int | None]] = []
        self._arrived = asyncio.Condition()
        self._socket: web.WebSocketResponse | None = None
        self._connected = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._envelopes = itertools.count(1)

    async def __aenter__(self) -> FakeSlack:
        app = web.Application()
        app.router.add_post("/api/{method}", self._web_api)
        app.router.add_get("/api/{method}", self._web_api)
        app.router.add_post("/respond/{token}", self._response_url)
        app.router.add_post(UPLOAD_PATH + "/{file_id}", self._upload)
        app.router.add_get("/socket", self._websocket)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._socket is not None:
            await self._socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        """Return the Web API base to give the bot (SLACK_API_URL)."""
        return f"http://127.0.0.1:{self._port}/api/"

    def response_url(self, token: str) -> str:
        """Return a response URL on this server."""
        return f"http://127.0.0.1:{self._port}/respond/{token}"

    async def wait_until_connected(self) -> None:
        """Return once a Socket Mode client has connected and been sent `hello`."""
        await asyncio.wait_for(self._connected.wait(), WAIT_SECONDS)

    async def wait_for_call(self, method: str, *, after: int = 0) -> RecordedCall:
        """Return the first answered call of `method` (index >= after), waiting for it."""

        def found() -> RecordedCall | None:
            return next((c for c in self.calls[after:] if c.method == method), None)

        async with asyncio.timeout(WAIT_SECONDS), self._arrived:
            await self._arrived.wait_for(found)
        result = found()
        assert result is not None
        return result

    async def wait_until(self, check: Callable[[], bool], limit: float) -> None:
        """Return once `check()` holds, looked at as each call is recorded (TimeoutError after
        `limit` seconds)."""
        async with asyncio.timeout(limit), self._arrived:
            await self._arrived.wait_for(check)

    def fail_next(self, method: str, *, status: int) -> None:
        """Answer the next call of `method` with an HTTP error (429 says: retry at once)."""
        self._failures.append((method, status))

    def lose_next_answer(self, method: str, *, status: int | None = None) -> None:
        """Do the next call of `method`, then lose its answer: drop the connection, or (with
        `status`) answer that server error instead, as a fault after Slack accepted it."""
        self._lost.append((method, status))

    async def drop_connection(self) -> None:
        """Close the Socket Mode connection from the server's side, as a network drop does."""
        assert self._socket is not None, "no Socket Mode client is connected"
        self._connected.clear()
        await self._socket.close()

    async def push(
        self,
        kind: str,
        payload: dict[str, Any],
        *,
        envelope_id: str | None = None,
        attempt: int = 0,
    ) -> str:
        """Send a Socket Mode envelope (`slash_commands`, `interactive`, `events_api`).

        With an `envelope_id` sent before and an `attempt`, it is Slack's redelivery of an
        envelope whose ack never arrived.
        """
        assert self._socket is not None, "no Socket Mode client is connected"
        envelope_id = envelope_id or f"envelope-{next(self._envelopes)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind != "events_api",
            "retry_attempt": attempt,
            "retry_reason": "timeout" if attempt else "",
        }
        await self._socket.send_str(json.dumps(envelope))
        return envelope_id

    async def wait_for_ack(self, envelope_id: str, *, after: int = 0) -> dict[str, Any]:
        """Return the client's ack of an envelope (the first among acks[after:])."""

        def found() -> dict[str, Any] | None:
            acks = self.acks[after:]
            return next((a for a in acks if a.get("envelope_id") == envelope_id), None)

        async with asyncio.timeout(WAIT_SECONDS), self._arrived:
            await self._arrived.wait_for(found)
        result = found()
        assert result is not None
        return result

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._socket = socket
        hello = {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}}
        await socket.send_str(json.dumps(hello))
        self._connected.set()
        async for frame in socket:
            async with self._arrived:
                self.acks.append(json.loads(frame.data))
                self._arrived.notify_all()
        return socket

    async def _web_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        arguments = await _arguments(request)
        token = _token(request, arguments)
        failure = self._failure_for(method) or await self._limited(token, method, arguments)
        if failure is not None:
            return failure
        if method == "apps.connections.open":
            answer = self._open_connection(token)
        elif method == "oauth.v2.access":
            answer = self.installs.access(arguments, request.headers.get("Authorization", ""))
        elif token in self.installed:
            answer = self._call(self.installed[token], method, arguments, admin=False)
        elif token not in (self.bot_token, self.admin_token):
            answer = {"ok": False, "error": "invalid_auth"}
        else:
            admin = token == self.admin_token
            answer = self._call(self.workspace, method, arguments, admin=admin)
        await self._record(RecordedCall(method, arguments, token, answer))
        for index, (wanted, status) in enumerate(self._lost):
            if wanted == method:
                del self._lost[index]
                return _lost_answer(request, status)
        return _json(answer)

    def _call(
        self, workspace: Workspace, method: str, arguments: dict[str, Any], *, admin: bool
    ) -> dict[str, Any]:
        if method.startswith("files."):
            base = f"http://127.0.0.1:{self._port}"
            return self.files.call(workspace, method, arguments, base)
        return workspace.call(method, arguments, admin=admin)

    async def _upload(self, request: web.Request) -> web.Response:
        """Take a file's bytes at the URL `files.getUploadURLExternal` handed out."""
        file_id = request.match_info["file_id"]
        content = await request.read()
        failure = self._failure_for("upload")  # `fail_next("upload", ...)`: the bytes refused
        if failure is not None:
            return failure
        status = self.files.receive(file_id, content)
        answer = {"ok": status == 200, "file_id": file_id, "length": len(content)}
        await self._record(RecordedCall("upload", answer, None, answer))
        return web.Response(status=status, text=f"OK - {len(content)}")

    async def _response_url(self, request: web.Request) -> web.Response:
        arguments = await request.json()
        arguments["response_token"] = request.match_info["token"]
        answer = {"ok": True}
        await self._record(RecordedCall("response_url", arguments, None, answer))
        return _json(answer)

    def _open_connection(self, token: str | None) -> dict[str, Any]:
        if token != self.app_token:
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, "url": f"ws://127.0.0.1:{self._port}/socket"}

    def _failure_for(self, method: str) -> web.Response | None:
        for index, (wanted, status) in enumerate(self._failures):
            if wanted == method:
                del self._failures[index]
                headers = {"Retry-After": "0"} if status == 429 else {}
                error = "ratelimited" if status == 429 else "fatal_error"
                body = json.dumps({"ok": False, "error": error})
                self.calls.append(RecordedCall(method, {}, None, {"ok": False, "error": error}))
                return web.Response(
                    status=status, text=body, headers=headers, content_type="application/json"
                )
        return None

    async def _limited(
        self, token: str | None, method: str, arguments: dict[str, Any]
    ) -> web.Response | None:
        """Refuse the call as Slack does beyond its rate limit (429, Retry-After), if set."""
        if self.rate_limits is None:
            return None
        wait = self.rate_limits.retry_after(token, method, arguments)
        if wait is None:
            return None
        answer = {"ok": False, "error": "ratelimited"}
        await self._record(RecordedCall(method, arguments, token, answer))
        return web.Response(
            status=429,
            text=json.dumps(answer),
            headers={"Retry-After": str(wait)},
            content_type="application/json",
        )

    async def _record(self, call: RecordedCall) -> None:
        async with self._arrived:
            self.calls.append(call)
            self._arrived.notify_all()

    def slash_command_body(
        self,
        user: str,
        text: str,
        *,
        command: str,
        channel: str = "general",
        workspace: Workspace | None = None,
    ) -> dict[str, str]:
        """Return a slash command's fields as Slack sends them (in `workspace`, else the first)."""
        workspace = workspace or self.workspace
        token = uuid.uuid4().hex
        return {
            "token": "verification-token",
            "team_id": workspace.team_id,
            "team_domain": "cohort-test",
            "channel_id": workspace.channel_id(channel),
            "channel_name": channel,
            "user_id": workspace.user_id(user),
            "user_name": user,
            "command": command,
            "text": text,
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": self.response_url(token),
            "trigger_id": f"trigger.{token}",
        }

    def now_ts(self) -> str:
        """Return a Slack timestamp for now."""
        return f"{time.time():.6f}"


class Installs:
    """Slack's side of the OAuth flow: more workspaces, codes, and the tokens they buy."""

    def __init__(self, fake: FakeSlack) -> None:
        self._fake = fake
        self.workspaces: dict[str, Workspace] = {}
        self._codes: dict[str, str] = {}

    def add_workspace(self, team_id: str, tag: str) -> Workspace:
        """Add a workspace (ids tagged with `tag`) that may install the app."""
        workspace = Workspace(team_id, tag)
        self.workspaces[team_id] = workspace
        return workspace

    def code_for(self, team_id: str) -> str:
        """Return the code Slack's authorize page gives an admin of `team_id` who approves."""
        code = f"code-{team_id}-{uuid.uuid4().hex[:8]}"
        self._codes[code] = team_id
        return code

    def token_of(self, team_id: str) -> str:
        """Return the bot token `oauth.v2.access` hands out for `team_id`."""
        return f"xoxb-{team_id.lower()}-bot-token"

    def revoke(self, team_id: str) -> None:
        """Make the workspace's bot token invalid (the app was uninstalled there)."""
        self._fake.installed.pop(self.token_of(team_id), None)

    def access(self, arguments: dict[str, Any], authorization: str) -> dict[str, Any]:
        """Answer `oauth.v2.access`: a code (once), the app's credentials -> the bot token."""
        expected = f"{self._fake.client_id}:{self._fake.client_secret}"
        sent = authorization.removeprefix("Basic ")
        if base64.b64decode(sent or "").decode() != expected:
            return {"ok": False, "error": "invalid_client_id"}
        team_id = self._codes.pop(str(arguments.get("code")), None)
        if team_id is None:
            return {"ok": False, "error": "invalid_code"}
        workspace = self.workspaces[team_id]
        token = self.token_of(team_id)
        self._fake.installed[token] = workspace
        return {
            "ok": True,
            "app_id": "A1",
            "authed_user": {"id": workspace.admin},
            "scope": "commands,chat:write",
            "token_type": "bot",
            "access_token": token,
            "bot_user_id": workspace.bot_user_id,
            "team": {"id": team_id, "name": f"Team {team_id}"},
            "enterprise": None,
            "is_enterprise_install": False,
        }


async def _arguments(request: web.Request) -> dict[str, Any]:
    # slack-sdk sends some methods' arguments in the query string, even with POST.
    arguments: dict[str, Any] = dict(request.query)
    if request.method == "GET":
        return arguments
    if request.content_type == "application/json":
        loaded: dict[str, Any] = await request.json()
        return arguments | loaded
    form = await request.post()
    for key, value in form.items():
        text = str(value)
        arguments[key] = json.loads(text) if re.match(r"^\s*[\[{]", text) else text
    return arguments


def _token(request: web.Request, arguments: dict[str, Any]) -> str | None:
    header = request.headers.get("Authorization", "")
    if header.startswith("Bearer "):
        return header.removeprefix("Bearer ")
    token = arguments.pop("token", None)
    return str(token) if token else None


def _lost_answer(request: web.Request, status: int | None) -> web.Response:
    if status is not None:
        body = json.dumps({"ok": False, "error": "internal_error"})
        return web.Response(status=status, text=body, content_type="application/json")
    assert request.transport is not None
    request.transport.abort()  # done, but the app never hears of it
    raise web.HTTPInternalServerError


def _json(answer: dict[str, Any]) -> web.Response:
    return web.Response(text=json.dumps(answer), content_type="application/json")
