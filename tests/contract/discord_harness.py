"""The Discord adapter under the contract suite: the fake Discord is the server that observes.

The platform under test is the real `DiscordPlatform` on a real discord.py client connected to
the fake over loopback. What the bot did is read back from the REST calls the fake answered
successfully, normalized to `Observation`s.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import discord

from adapters.discord.client import cohort_intents
from adapters.discord.endpoints import discord_endpoints
from adapters.discord.platform import DiscordPlatform
from adapters.discord.responder import Responder
from bot.messages import Field, Form, FormField
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, RoleRef, UserRef
from tests.adapters.discord.fake_payloads import FakeGuild
from tests.adapters.discord.fake_server import FakeDiscord, RecordedRequest
from tests.contract.harness import Kind, Observation

PLATFORM = "discord"
EPHEMERAL = 64
_DM, _PUBLIC_THREAD, _PRIVATE_THREAD = 1, 11, 12


class _HarnessClient(discord.AutoShardedClient):
    """A client that only holds interactions for the platform to answer."""

    def __init__(self, responder: Responder) -> None:
        super().__init__(
            intents=cohort_intents(), chunk_guilds_at_startup=False, guild_ready_timeout=0.05
        )
        self.responder = responder
        self.held: asyncio.Queue[discord.Interaction] = asyncio.Queue()

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        self.responder.hold(interaction)
        await self.held.put(interaction)


class DiscordHarness:
    """A `DiscordPlatform` connected to a fake Discord."""

    def __init__(self, fake: FakeDiscord, client: _HarnessClient, buddies: str) -> None:
        self.fake = fake
        self._client = client
        self._platform = DiscordPlatform(client, client.responder, self._group_home)
        self._buddies = buddies
        self._seen = 0

    @property
    def platform(self) -> DiscordPlatform:
        """Return the Discord platform."""
        return self._platform

    @property
    def community(self) -> CommunityRef:
        """Return the fake guild."""
        return CommunityRef(PLATFORM, self.fake.guild.id)

    @property
    def channel(self) -> ChannelRef:
        """Return #general."""
        return ChannelRef(PLATFORM, self.fake.guild.general)

    def user(self, name: str) -> UserRef:
        """Return the member called `name`, adding them to the guild."""
        return UserRef(PLATFORM, self.fake.guild.add_member(name))

    @property
    def bot_user(self) -> UserRef:
        """Return the bot's own user (its application's id)."""
        return UserRef(PLATFORM, self.fake.guild.application_id)

    async def role(self, name: str, holders: Sequence[UserRef]) -> RoleRef:
        """Add a role to the guild and give it to `holders`, telling the client as Discord would.

        Each holder's GUILD_MEMBER_UPDATE goes first, the role's GUILD_ROLE_CREATE last: the
        gateway's events are handled in order, so once the role is seen the members are too.
        """
        guild = self.fake.guild
        role_id = guild.add_role(name)
        for holder in holders:
            guild.member_roles[holder.id] = [*guild.member_payload(holder.id)["roles"], role_id]
        created = asyncio.ensure_future(
            self._client.wait_for("guild_role_create", check=lambda made: str(made.id) == role_id)
        )
        for holder in holders:
            payload = {**guild.member_payload(holder.id), "guild_id": guild.id}
            await self.fake.dispatch("GUILD_MEMBER_UPDATE", payload)
        await self.fake.dispatch(
            "GUILD_ROLE_CREATE", {"guild_id": guild.id, "role": guild.roles[role_id]}
        )
        await asyncio.wait_for(created, 60)
        return RoleRef(PLATFORM, role_id)

    def unknown_role(self) -> RoleRef:
        """Return a snowflake that no role of the guild has."""
        return RoleRef(PLATFORM, "1000000000000000002")

    async def interaction(self, user: UserRef, channel: ChannelRef) -> InteractionRef:
        """Send a slash command by `user` through the gateway; return it once it is held."""
        name = self.fake.guild.users[user.id]["username"]
        await self.fake.slash_command(name, "help", channel_id=channel.id)
        held = await asyncio.wait_for(self._client.held.get(), 60)
        return InteractionRef(
            PLATFORM, str(held.id), held.token, channel, UserRef(PLATFORM, str(held.user.id))
        )

    async def member_message(self, user: UserRef, channel: ChannelRef, text: str) -> MessageRef:
        """Store a member's message in the fake, as Discord would."""
        stored = self.fake.guild.store(channel.id, user.id, {"content": text})
        return MessageRef(PLATFORM, channel.id, stored.id)

    def unknown_message(self) -> MessageRef:
        """Return a snowflake that no message in #general has."""
        return MessageRef(PLATFORM, self.fake.guild.general, "1000000000000000001")

    async def observed(self) -> list[Observation]:
        """Return what the bot did since the last call, from the fake's answered requests."""
        fresh, self._seen = self.fake.requests[self._seen :], len(self.fake.requests)
        found: list[Observation] = []
        for request in fresh:
            if 200 <= request.status < 300:
                found += self._observe(request)
        return found

    async def _group_home(self, _community: CommunityRef) -> ChannelRef | None:
        return ChannelRef(PLATFORM, self._buddies)

    def _observe(self, request: RecordedRequest) -> list[Observation]:
        parts = request.path.strip("/").split("/")
        method = request.method
        if parts[0] == "channels" and parts[2:3] == ["messages"]:
            return self._message_call(method, parts, request)
        if parts[0] == "interactions" and method == "POST":
            return self._callback(parts[1], request)
        if parts[0] == "webhooks" and method == "POST":
            return [self._answer(self._interaction_by_token(parts[2]), request.json, request)]
        if parts[0] == "guilds" and method != "GET":  # reads change nothing anyone sees
            return _member_action(method, parts, request)
        return []

    def _message_call(
        self, method: str, parts: list[str], request: RecordedRequest
    ) -> list[Observation]:
        channel_id = parts[1]
        if method == "POST" and len(parts) == 3:
            return [self._posted(channel_id, request)]
        if method == "POST" and parts[3:] == ["bulk-delete"]:
            ids = request.json["messages"]
            return [Observation(Kind.DELETE, message=_ref(channel_id, str(i))) for i in ids]
        if method == "PATCH":
            return [
                Observation(Kind.EDIT, message=_ref(channel_id, parts[3]), **_content(request.json))
            ]
        if method == "DELETE":
            return [Observation(Kind.DELETE, message=_ref(channel_id, parts[3]))]
        return []

    def _posted(self, channel_id: str, request: RecordedRequest) -> Observation:
        guild = self.fake.guild
        channel = guild.channels[channel_id]
        message = _ref(channel_id, request.answer["id"])
        content = _content(request.json)
        if channel["type"] == _DM:
            users = frozenset({UserRef(PLATFORM, channel["recipients"][0]["id"])})
            return Observation(Kind.DM, message=message, users=users, **content)
        if channel["type"] == _PUBLIC_THREAD:
            root = _ref(channel["parent_id"], channel_id)
            return Observation(Kind.THREAD, message=message, thread_root=root, **content)
        if channel["type"] == _PRIVATE_THREAD:
            people = guild.thread_members[channel_id] - {guild.application_id}
            users = frozenset(UserRef(PLATFORM, person) for person in people)
            return Observation(Kind.GROUP, message=message, users=users, **content)
        return Observation(
            Kind.POST, message=message, channel=ChannelRef(PLATFORM, channel_id), **content
        )

    def _callback(self, interaction_id: str, request: RecordedRequest) -> list[Observation]:
        interaction = self.fake.guild.interactions[interaction_id]
        body = request.json
        if body["type"] == 9:
            users = frozenset({UserRef(PLATFORM, interaction.user_id)})
            return [Observation(Kind.FORM, users=users, form=_form(body["data"]))]
        if body["type"] != 4:
            return []
        return [
            self._answer(interaction, body["data"], request, request.answer["resource"]["message"])
        ]

    def _answer(
        self, interaction: Any, body: dict[str, Any], request: RecordedRequest, sent: Any = None
    ) -> Observation:
        sent = sent or request.answer
        message = _ref(interaction.channel_id, sent["id"])
        if (body.get("flags") or 0) & EPHEMERAL:
            users = frozenset({UserRef(PLATFORM, interaction.user_id)})
            return Observation(Kind.EPHEMERAL, message=message, users=users, **_content(body))
        channel = ChannelRef(PLATFORM, interaction.channel_id)
        return Observation(Kind.REPLY, message=message, channel=channel, **_content(body))

    def _interaction_by_token(self, token: str) -> Any:
        return next(i for i in self.fake.guild.interactions.values() if i.token == token)


def _member_action(method: str, parts: list[str], request: RecordedRequest) -> list[Observation]:
    user = frozenset({UserRef(PLATFORM, parts[3])})
    if parts[2] == "bans":
        return [Observation(Kind.BAN if method == "PUT" else Kind.UNBAN, users=user)]
    if parts[2] != "members":
        return []
    if method == "DELETE":
        return [Observation(Kind.KICK, users=user)]
    until = (request.json or {}).get("communication_disabled_until")
    if until is None:
        return [Observation(Kind.UNTIMEOUT, users=user)]
    left = datetime.fromisoformat(until) - datetime.now(UTC)
    minutes = round(left.total_seconds() / 60)
    return [Observation(Kind.TIMEOUT, users=user, duration=timedelta(minutes=minutes))]


def _content(body: dict[str, Any]) -> dict[str, Any]:
    embeds = body.get("embeds") or []
    fields = tuple(
        Field(field["name"], field["value"]) for field in (embeds[0]["fields"] if embeds else [])
    )
    buttons = tuple(
        (button["label"], button["custom_id"])
        for row in body.get("components") or []
        for button in row["components"]
    )
    return {"text": body.get("content"), "fields": fields, "buttons": buttons}


def _form(data: dict[str, Any]) -> Form:
    inputs = [row["components"][0] for row in data["components"]]
    return Form(
        data["custom_id"],
        data["title"],
        tuple(
            FormField(
                item["custom_id"],
                item["label"],
                long=item["style"] == 2,
                required=item.get("required", True),
                default=item.get("value"),
                placeholder=item.get("placeholder"),
                max_length=item.get("max_length", 4000),
            )
            for item in inputs
        ),
    )


def _ref(channel_id: str, message_id: str) -> MessageRef:
    return MessageRef(PLATFORM, channel_id, str(message_id))


@asynccontextmanager
async def discord_harness(
    prepare: Callable[[FakeGuild], None] = lambda _guild: None,
) -> AsyncIterator[DiscordHarness]:
    """Start a fake Discord and a connected client; yield the harness; stop both.

    `prepare` shapes the guild before the client connects (members, roles, a large server).
    """
    async with FakeDiscord() as fake:
        buddies = fake.guild.add_channel("buddies")
        prepare(fake.guild)
        client = _HarnessClient(Responder())
        with discord_endpoints(fake.api_url, fake.gateway_url):
            await client.login(fake.token)
            connection = asyncio.create_task(client.connect())
            try:
                await asyncio.wait_for(fake.wait_until_ready(), 60)
                await asyncio.wait_for(client.wait_until_ready(), 60)
                harness = DiscordHarness(fake, client, buddies)
                harness._seen = len(fake.requests)
                yield harness
            finally:
                await client.close()
                connection.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await connection
