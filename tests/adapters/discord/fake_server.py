"""A small fake Discord (gateway websocket + REST) on loopback, for the real discord.py.

It holds one guild with #general, an owner and the bot, stores what the bot sends, and lets a
test push gateway events. Every REST request is recorded with its status and the address it
came from, so a test can wait for one (no sleeps) and read back exactly what the bot asked
Discord to do, and which connection asked.

Sharding: `add_guild(shard=, of=)` adds a server (the same bot) whose id falls on that shard.
Each gateway connection identifies with its `shard`, and gets READY and GUILD_CREATE for the
servers on its shard only, as Discord does; a dispatch goes to the connection serving its server.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.adapters.discord import fake_events as events
from tests.adapters.discord import fake_routes
from tests.adapters.discord.fake_http import GlobalLimit, json_answer, read_body
from tests.adapters.discord.fake_payloads import FakeGuild, snowflake_on_shard

API = "/api/v10"
_SESSION_EVENTS = frozenset({"READY", "RESUMED", "GUILD_CREATE", "GUILD_MEMBERS_CHUNK"})
EPHEMERAL = 64
_ABOUT = re.compile(r"/(guilds|channels)/([0-9]+)")
WAIT_SECONDS = 60  # fail loudly instead of hanging; generous, as parallel workers load the machine


@dataclass
class RecordedRequest:
    """One REST call the bot made, with the fake's answer."""

    method: str
    path: str
    json: Any
    status: int = 0
    answer: Any = None
    query: dict[str, str] = field(default_factory=dict)
    source: str = ""
    """The address the request came from (a test may start each process on its own)."""
    files: dict[str, bytes] = field(default_factory=dict)
    """A multipart request's files (an attachment): file name -> bytes."""
    at: float = field(default_factory=time.monotonic)
    """When it arrived (`time.monotonic`), for the benchmarks."""


@dataclass
class Identified:
    """One IDENTIFY: the address it came from and the shard it named, `[id, count]`."""

    source: str
    shard: list[int]


@dataclass
class _Connection:
    """One gateway websocket (one shard of one process)."""

    socket: web.WebSocketResponse
    source: str
    sequence: int = 0
    shard: tuple[int, int] = (0, 1)


@dataclass
class _Gateway:
    connections: list[_Connection] = field(default_factory=list)  # the newest last
    sessions: dict[str, tuple[int, int]] = field(default_factory=dict)  # session id -> shard
    ready: asyncio.Event = field(default_factory=asyncio.Event)
    identified: list[dict[str, Any]] = field(default_factory=list)
    identified_by: list[Identified] = field(default_factory=list)
    resumed: list[dict[str, Any]] = field(default_factory=list)
    sent: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # dispatches, in order

    @property
    def socket(self) -> web.WebSocketResponse | None:
        """Return the newest connection's socket (the only one, unless sharded)."""
        return self.connections[-1].socket if self.connections else None


class FakeDiscord:
    """The fake server: `async with FakeDiscord() as fake:`."""

    token = "fake-bot-token"

    def __init__(self, *, app_flags: int = (1 << 15) | (1 << 19)) -> None:
        self.guild = FakeGuild(app_flags=app_flags)
        self.guilds = [self.guild]
        self.requests: list[RecordedRequest] = []
        self.close_on_identify: int | None = None
        self.replay_on_resume = 0  # dispatches sent again after RESUMED, as a faulty resume does
        self._failures: list[tuple[str, re.Pattern[str], int]] = []
        self._lost_answers: list[tuple[str, re.Pattern[str]]] = []
        self._lost: list[tuple[str, re.Pattern[str], int | None]] = []
        self._gateway = _Gateway()
        self._arrived = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._port = 0
        self._ids = itertools.count(1)
        self.global_limit = GlobalLimit()
        """Discord's global rate limit (off unless a benchmark sets `per_second`)."""

    async def __aenter__(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._websocket)
        app.router.add_route("*", API + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        self.guild.gateway_url = self.gateway_url
        return self

    async def __aexit__(self, *_exc: object) -> None:
        for connection in self._gateway.connections:
            await connection.socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        """Return the REST base to give discord.py."""
        return f"http://127.0.0.1:{self._port}{API}"

    @property
    def gateway_url(self) -> str:
        """Return the gateway URL to give discord.py."""
        return f"ws://127.0.0.1:{self._port}/gateway"

    @property
    def identify_payloads(self) -> list[dict[str, Any]]:
        """Return every IDENTIFY the bot sent."""
        return self._gateway.identified

    @property
    def identified_by(self) -> list[Identified]:
        """Return who sent each IDENTIFY (its address) and for which shard."""
        return self._gateway.identified_by

    def add_guild(self, *, shard: int, of: int) -> FakeGuild:
        """Add a server of the same bot whose id falls on `shard` of `of`; return it."""
        guild = FakeGuild(
            app_flags=self.guild.app_flags,
            application_id=self.guild.application_id,
            guild_id=snowflake_on_shard(shard, of),
        )
        guild.gateway_url = self.gateway_url
        self.guilds.append(guild)
        return guild

    @property
    def resume_payloads(self) -> list[dict[str, Any]]:
        """Return every RESUME the bot sent."""
        return self._gateway.resumed

    async def wait_until_ready(self) -> None:
        """Return once the bot has identified and been sent READY and GUILD_CREATE."""
        await self._gateway.ready.wait()

    async def wait_for_request(
        self, method: str, path_regex: str, *, after: int = 0
    ) -> RecordedRequest:
        """Return the first answered request (index >= after) matching `method path_regex`."""
        pattern = re.compile(path_regex)

        def found() -> RecordedRequest | None:
            return next(
                (
                    request
                    for request in self.requests[after:]
                    if request.method == method and pattern.fullmatch(request.path)
                ),
                None,
            )

        async with asyncio.timeout(WAIT_SECONDS), self._arrived:
            await self._arrived.wait_for(found)
        result = found()
        assert result is not None
        return result

    async def wait_until(self, check: Callable[[], bool], seconds: float = WAIT_SECONDS) -> None:
        """Return once `check()` holds, looking again as each request is answered."""
        async with asyncio.timeout(seconds), self._arrived:
            await self._arrived.wait_for(check)

    def fail_next(self, method: str, path_regex: str, *, status: int) -> None:
        """Answer the next matching request with `status` (a 429 says to retry at once)."""
        self._failures.append((method, re.compile(path_regex), status))

    def lose_next_answer(self, method: str, path_regex: str) -> None:
        """Carry out the next matching request, but answer it with a 503 as if it failed."""
        self._lost_answers.append((method, re.compile(path_regex)))

    def lose_next_response(
        self, method: str, path_regex: str, *, status: int | None = None
    ) -> None:
        """Do the next matching request, then lose its answer: drop the connection, or (with
        `status`) answer that server error instead, as a fault after Discord accepted it."""
        self._lost.append((method, re.compile(path_regex), status))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send a gateway dispatch to the connected bot (the connection serving its server)."""
        await self._send(self._connection_for(event, data), event, data)

    async def _send(self, connection: _Connection, event: str, data: dict[str, Any]) -> None:
        if event not in _SESSION_EVENTS:
            self._gateway.sent.append((event, data))
        connection.sequence += 1
        await connection.socket.send_str(
            json.dumps({"op": 0, "t": event, "s": connection.sequence, "d": data})
        )

    def _connection_for(self, event: str, data: dict[str, Any]) -> _Connection:
        """Return the live connection whose shard carries the server (else the newest)."""
        connections = [c for c in self._gateway.connections if not c.socket.closed]
        assert connections, "the bot is not connected"
        guild_id = data.get("id") if event == "GUILD_CREATE" else data.get("guild_id")
        if guild_id is not None:
            for connection in reversed(connections):
                shard, count = connection.shard
                if (int(guild_id) >> 22) % count == shard:
                    return connection
        return connections[-1]

    async def redeliver(self, count: int = 1) -> None:
        """Send the last `count` dispatches again, each with a new sequence number."""
        for event, data in self._gateway.sent[-count:]:
            await self.dispatch(event, data)

    async def drop_connection(self) -> None:
        """Close the gateway abnormally, as a network fault would; the bot should resume."""
        socket = self._gateway.socket
        assert socket is not None
        self._gateway.ready.clear()
        await socket.close(code=4000, message=b"unknown error")

    @property
    def content_intent(self) -> bool:
        """Return whether the bot's last IDENTIFY asked for message content (1 << 15)."""
        identified = self._gateway.identified
        return bool(identified and identified[-1]["intents"] & (1 << 15))

    async def member_joins(self, name: str) -> str:
        """Dispatch GUILD_MEMBER_ADD for `name`; return their user id."""
        payload = events.member_add(self.guild, name)
        await self.dispatch("GUILD_MEMBER_ADD", payload)
        return str(payload["user"]["id"])

    async def member_leaves(self, name: str) -> None:
        """Dispatch GUILD_MEMBER_REMOVE for `name`."""
        await self.dispatch("GUILD_MEMBER_REMOVE", events.member_remove(self.guild, name))

    async def member_says(self, name: str, content: str, channel_id: str | None = None) -> str:
        """Store and dispatch a member's message (in #general by default); return its id."""
        channel = channel_id or self.guild.general
        payload = events.message_create(
            self.guild, name, channel, content, content_intent=self.content_intent
        )
        await self.dispatch("MESSAGE_CREATE", payload)
        return str(payload["id"])

    async def member_reacts(self, name: str, message_id: str, emoji: str = "👍") -> None:
        """Dispatch MESSAGE_REACTION_ADD: the member `name` reacts to a stored message."""
        payload = events.reaction_add(self.guild, name, message_id, emoji)
        await self.dispatch("MESSAGE_REACTION_ADD", payload)

    async def slash_command(
        self,
        name: str,
        path: str,
        options: list[dict[str, Any]] | None = None,
        *,
        resolved: dict[str, Any] | None = None,
        **extra: Any,
    ) -> str:
        """Dispatch a slash command typed by `name`; return the interaction id."""
        data = events.slash_data(self.guild, path, options or [])
        if resolved is not None:
            data["resolved"] = resolved
        return await self._interact(2, name, data, **extra)

    async def autocomplete(self, name: str, path: str, options: list[dict[str, Any]]) -> str:
        """Dispatch an autocomplete request (one option has `focused: true`)."""
        return await self._interact(4, name, events.slash_data(self.guild, path, options))

    async def press_button(self, name: str, message_id: str, custom_id: str, **extra: Any) -> str:
        """Dispatch a button press on a stored message."""
        stored = self.guild.messages[message_id]
        data = {"custom_id": custom_id, "component_type": 2}
        return await self._interact(3, name, data, message=stored, **extra)

    async def submit_modal(
        self, name: str, custom_id: str, values: dict[str, str], **extra: Any
    ) -> str:
        """Dispatch a modal submission with text input values."""
        rows = [
            {"type": 1, "components": [{"type": 4, "custom_id": key, "value": value}]}
            for key, value in values.items()
        ]
        return await self._interact(5, name, {"custom_id": custom_id, "components": rows}, **extra)

    async def report(self, name: str, message_id: str) -> str:
        """Dispatch the "Report to moderators" message command on a stored message."""
        return await self.message_command(name, message_id, "Report to moderators")

    async def message_command(self, name: str, message_id: str, command: str) -> str:
        """Dispatch the message command `command` (a message's menu) on a stored message."""
        stored = self.guild.messages[message_id]
        data = {
            "id": "0",
            "name": command,
            "type": 3,
            "target_id": message_id,
            "resolved": {"messages": {message_id: self.guild.message_payload(stored)}},
        }
        return await self._interact(2, name, data)

    async def automod_hit(self, name: str, content: str, keyword: str, *, blocked: bool) -> None:
        """Dispatch an AutoMod action for a keyword hit in #general."""
        payload = events.automod_execution(
            self.guild, name, self.guild.general, content, keyword, blocked=blocked
        )
        await self.dispatch("AUTO_MODERATION_ACTION_EXECUTION", payload)

    async def _interact(self, kind: int, name: str, data: dict[str, Any], **extra: Any) -> str:
        channel = extra.pop("channel_id", None) or self.guild.general
        payload = events.interaction(self.guild, kind, name, channel, data, **extra)
        await self.dispatch("INTERACTION_CREATE", payload)
        return str(payload["id"])

    async def _websocket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        connection = _Connection(socket, request.remote or "")
        self._gateway.connections.append(connection)
        await socket.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45000}}))
        async for frame in socket:
            await self._on_frame(connection, json.loads(frame.data))
        return socket

    async def _on_frame(self, connection: _Connection, message: dict[str, Any]) -> None:
        op, gateway, socket = message.get("op"), self._gateway, connection.socket
        if op == 1:
            await socket.send_str(json.dumps({"op": 11}))
        elif op == 2:
            await self._identify(connection, message["d"])
        elif op == 6:
            gateway.resumed.append(message["d"])
            connection.shard = gateway.sessions.get(message["d"].get("session_id"), (0, 1))
            await self._send(connection, "RESUMED", {})
            if self.replay_on_resume:
                await self.redeliver(self.replay_on_resume)
            gateway.ready.set()
        elif op == 8:
            guild = self._guild_by_id(str(message["d"].get("guild_id")))
            await self._send(connection, "GUILD_MEMBERS_CHUNK", guild.members_chunk(message["d"]))

    async def _identify(self, connection: _Connection, identify: dict[str, Any]) -> None:
        """Answer IDENTIFY: READY, then GUILD_CREATE for each server on the shard it names."""
        gateway = self._gateway
        gateway.identified.append(identify)
        shard, count = identify.get("shard", [0, 1])
        gateway.identified_by.append(Identified(connection.source, [shard, count]))
        if self.close_on_identify is not None:
            await connection.socket.close(code=self.close_on_identify)
            return
        connection.sequence, connection.shard = 0, (shard, count)
        on_shard = [g for g in self.guilds if (int(g.id) >> 22) % count == shard]
        ready = self.guild.ready(identify)
        ready["guilds"] = [{"id": g.id, "unavailable": True} for g in on_shard]
        gateway.sessions[ready["session_id"]] = (shard, count)
        await self._send(connection, "READY", ready)
        for guild in on_shard:
            await self._send(connection, "GUILD_CREATE", guild.guild_create())
        gateway.ready.set()

    def _guild_by_id(self, guild_id: str) -> FakeGuild:
        return next((g for g in self.guilds if g.id == guild_id), self.guild)

    def _guild_for(self, path: str) -> FakeGuild:
        """Return the server a REST path is about (the first one when it names none)."""
        match = _ABOUT.match(path)
        if match is None:
            return self.guild
        kind, about = match.groups()
        if kind == "guilds":
            return self._guild_by_id(about)
        return next((g for g in self.guilds if about in g.channels), self.guild)

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        if (wait := self.global_limit.refused(path)) is not None:
            return json_answer(429, {"message": "You are being rate limited.", "global": True,
                                     "retry_after": wait})  # fmt: skip
        body, files = await read_body(request)
        recorded = RecordedRequest(
            request.method, path, body, query=dict(request.query), source=request.remote or ""
        )
        recorded.files = files
        if files and isinstance(body, dict):  # the attachments, as Discord stores them
            # An interaction's callback carries its message under "data".
            message = body["data"] if isinstance(body.get("data"), dict) else body
            message["attachments"] = [
                {"id": str(index), "filename": name, "size": len(content)}
                for index, (name, content) in enumerate(files.items())
            ]
        status, answer = self._failure_for(request.method, path) or fake_routes.handle(
            self._guild_for(path), request.method, path, body, dict(request.query)
        )
        if self._answer_lost(request.method, path):
            status, answer = 503, {"message": "answer lost by the test", "code": 0}
        recorded.status, recorded.answer = status, answer
        async with self._arrived:
            self.requests.append(recorded)
            self._arrived.notify_all()
        for index, (wanted, pattern, lost_status) in enumerate(self._lost):
            if wanted == request.method and pattern.fullmatch(path):
                del self._lost[index]
                if lost_status is not None:
                    return json_answer(lost_status, {"message": "fault injected by the test"})
                assert request.transport is not None
                request.transport.abort()  # done, but the bot never hears of it
                raise web.HTTPInternalServerError
        return json_answer(status, answer)

    def _failure_for(self, method: str, path: str) -> tuple[int, Any] | None:
        for index, (wanted, pattern, status) in enumerate(self._failures):
            if wanted == method and pattern.fullmatch(path):
                del self._failures[index]
                if status == 429:
                    return 429, {"message": "You are being rate limited.", "retry_after": 0.01}
                return status, {"message": "fault injected by the test", "code": 0}
        return None

    def _answer_lost(self, method: str, path: str) -> bool:
        for index, (wanted, pattern) in enumerate(self._lost_answers):
            if wanted == method and pattern.fullmatch(path):
                del self._lost_answers[index]
                return True
        return False
