"""The Discord implementation of the `Platform` port, over discord.py's HTTP client."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import aiohttp
import discord

from adapters.discord import events, moderation
from adapters.discord.errors import calling_discord
from adapters.discord.groups import GroupConversations, GroupHome
from adapters.discord.levels import member_actor
from adapters.discord.purge import purge_messages
from adapters.discord.render import cut, message_payload
from adapters.discord.responder import PLATFORM, Responder
from adapters.discord.roles import role_members
from adapters.mentions import own, unmarked
from bot.errors import PlatformError
from bot.events import Actor
from bot.i18n import _
from bot.messages import Form, OutboundFile, OutboundMessage
from bot.platform import Capability, EventDetails
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, RoleRef, UserRef

MAX_THREAD_NAME = 100
NONCE_LENGTH = 25
_UNKNOWN_CHANNEL = 10003


_ALWAYS = frozenset(
    {
        Capability.THREADS,
        Capability.EPHEMERAL,
        Capability.DIRECT_MESSAGES,
        Capability.GROUP_CONVERSATIONS,
        Capability.BUTTONS,
        Capability.EDIT,
        Capability.DELETE_MEMBER_MESSAGES,
        Capability.TIMEOUT,
        Capability.KICK,
        Capability.BAN,
        Capability.FORMS,
        Capability.FILES,
        Capability.PRIVATE_FILES,
    }
)
_WITH_CONTENT = _ALWAYS | {Capability.MESSAGE_CONTENT}


class DiscordPlatform:
    """Posts, answers, threads and moderation on Discord."""

    def __init__(
        self,
        client: discord.Client,
        responder: Responder,
        group_home: GroupHome,
        *,
        content_readable: bool = True,
    ) -> None:
        self._client = client
        self._responder = responder
        self._groups = GroupConversations(client, group_home, self._send)
        self.content_readable = content_readable
        """Whether Discord lets the bot read message text (the Message Content intent)."""

    @property
    def name(self) -> str:
        """Return `discord`."""
        return PLATFORM

    @property
    def capabilities(self) -> frozenset[Capability]:
        """Return what the bot can do; reading message text needs the Message Content intent."""
        if self.content_readable:
            return _WITH_CONTENT
        return _ALWAYS

    def mention(self, ref: UserRef | ChannelRef | RoleRef) -> str:
        """Return Discord's mention syntax: `<@id>`, `<#id>`, `<@&id>`."""
        if isinstance(ref, UserRef):
            return own(f"<@{ref.id}>")  # marked: only the members the bot names are pinged
        if isinstance(ref, RoleRef):
            return f"<@&{ref.id}>"
        return f"<#{ref.id}>"

    async def post(
        self, channel: ChannelRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        """Post a message in a channel; with `key`, a resend returns the same message."""
        return await self._send(channel.id, message, _("post in that channel"), key)

    async def find_sent(self, where: ChannelRef | UserRef, key: str) -> MessageRef | None:
        """Return None: Discord does not keep a message's nonce; resending with it is safe for
        a few minutes (enforce_nonce), which is how a lost response is resolved here."""
        return None

    async def open_thread(self, root: MessageRef, title: str) -> None:
        """Start a public thread from `root` (its id becomes the thread's channel id)."""
        await calling_discord(
            _("open a thread"),
            self._client.http.start_thread_with_message(
                root.channel_id,
                root.id,
                name=cut(unmarked(title), MAX_THREAD_NAME) or _("Discussion"),
                auto_archive_duration=10080,
                rate_limit_per_user=None,
            ),
        )

    async def post_in_thread(self, root: MessageRef, message: OutboundMessage) -> MessageRef:
        """Post in the thread started from `root`, opening it first if nobody has yet."""
        try:
            return await self._send(root.id, message, _("post in the thread"))
        except PlatformError as error:
            if _code(error) != _UNKNOWN_CHANNEL:
                raise
        await self.open_thread(root, message.text.splitlines()[0] if message.text else _("Thread"))
        return await self._send(root.id, message, _("post in the thread"))

    async def respond(
        self, interaction: InteractionRef, message: OutboundMessage, *, private: bool
    ) -> MessageRef | None:
        """Answer a command, button or form; private answers are ephemeral."""
        return await self._responder.respond(interaction, message, private=private)

    async def open_form(self, interaction: InteractionRef, form: Form) -> None:
        """Answer by opening a modal."""
        await self._responder.open_form(interaction, form)

    async def direct_message(
        self, user: UserRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        """Send a DM (Discord keeps one DM channel per person); `key` as for `post`."""
        channel = await calling_discord(
            _("open a direct message"), self._client.http.start_private_message(user.id)
        )
        return await self._send(str(channel["id"]), message, _("send a direct message"), key)

    async def send_file(self, user: UserRef, file: OutboundFile) -> None:
        """Send the file as an attachment of a DM (the invite asks for `attach_files`)."""
        channel = await calling_discord(
            _("open a direct message"), self._client.http.start_private_message(user.id)
        )
        await self._send_file(str(channel["id"]), file)

    async def post_file(self, channel: ChannelRef, file: OutboundFile) -> None:
        """Post the file as an attachment of a message in the channel."""
        await self._send_file(channel.id, file)

    async def respond_file(self, interaction: InteractionRef, file: OutboundFile) -> None:
        """Answer privately with the file attached (an ephemeral follow-up)."""
        await self._responder.respond_file(interaction, file)

    async def _send_file(self, channel_id: str, file: OutboundFile) -> None:
        attachment = discord.File(io.BytesIO(file.content), filename=file.name)
        with discord.http.handle_message_parameters(
            content=cut(unmarked(file.text), 2000),
            file=attachment,
            allowed_mentions=discord.AllowedMentions.none(),
        ) as params:
            await calling_discord(
                _("send a file"), self._client.http.send_message(channel_id, params=params)
            )

    def show_time(self, moment: datetime, zone: str) -> str:
        """Return Discord's timestamp markup: each reader sees the moment in their own zone."""
        return f"<t:{int(moment.timestamp())}:F>"

    async def schedule_event(self, details: EventDetails) -> str | None:
        """Create a scheduled event for a session, with Manage Events (`events.py`)."""
        return await events.schedule(self._client, details)

    async def update_event(self, event_id: str, details: EventDetails) -> None:
        """Bring a session's scheduled event in step (`events.py`)."""
        await events.update(self._client, event_id, details)

    async def cancel_event(self, event_id: str, card: MessageRef) -> None:
        """Mark a session's scheduled event cancelled (`events.py`)."""
        await events.cancel(self._client, event_id, card)

    async def group_message(
        self, community: CommunityRef, users: Sequence[UserRef], message: OutboundMessage
    ) -> MessageRef:
        """Post in the people's private thread in the buddies channel (or DM each of them)."""
        return await self._groups.send(community, users, message)

    async def edit(self, message_ref: MessageRef, message: OutboundMessage) -> None:
        """Replace the content, fields and buttons of one of the bot's messages."""
        params = discord.http.MultipartParameters(
            payload=message_payload(message), multipart=None, files=None
        )
        await calling_discord(
            _("edit the message"),
            self._client.http.edit_message(message_ref.channel_id, message_ref.id, params=params),
        )

    async def delete(self, message_ref: MessageRef) -> None:
        """Delete a message (the bot's or, with Manage Messages, a member's)."""
        await calling_discord(
            _("delete the message"),
            self._client.http.delete_message(message_ref.channel_id, message_ref.id),
        )

    async def purge(
        self, channel: ChannelRef, count: int, author: UserRef | None = None
    ) -> list[MessageRef]:
        """Delete recent messages: in bulk while Discord allows it, one by one beyond."""
        return await purge_messages(self._client.http, channel, count, author)

    async def timeout(
        self, community: CommunityRef, user: UserRef, duration: timedelta, reason: str | None
    ) -> None:
        """Time a member out (at most 28 days, Discord's limit)."""
        await moderation.timeout(self._client, community, user, duration, reason)

    async def untimeout(self, community: CommunityRef, user: UserRef) -> None:
        """Lift a timeout."""
        await moderation.untimeout(self._client, community, user)

    async def kick(self, community: CommunityRef, user: UserRef, reason: str | None) -> None:
        """Remove a member from the server."""
        await moderation.kick(self._client, community, user, reason)

    async def ban(self, community: CommunityRef, user: UserRef, reason: str | None) -> None:
        """Ban a member (their messages stay)."""
        await moderation.ban(self._client, community, user, reason)

    async def unban(self, community: CommunityRef, user: UserRef) -> None:
        """Lift a ban."""
        await moderation.unban(self._client, community, user)

    async def member(self, community: CommunityRef, user: UserRef) -> Actor | None:
        """Return the member as the server sees them (cache first), None if not in it."""
        guild = self._client.get_guild(int(community.id))
        if guild is None:
            return None
        found = guild.get_member(int(user.id))
        if found is None:
            try:
                found = await guild.fetch_member(int(user.id))
            except discord.HTTPException:
                return None
        return member_actor(found)

    async def role_members(self, community: CommunityRef, role: RoleRef) -> list[UserRef]:
        """Return the members holding a role: cached when complete, else listed by REST."""
        return await role_members(self._client, community, role)

    async def _send(
        self, channel_id: str, message: OutboundMessage, what: str, key: str | None = None
    ) -> MessageRef:
        payload = message_payload(message)
        if key is not None:
            # Discord returns the message already made with this nonce instead of a second
            # one, so discord.py's own resends after a 5xx and ours below cannot duplicate it.
            payload |= {"nonce": nonce_for(key), "enforce_nonce": True}
        params = discord.http.MultipartParameters(payload=payload, multipart=None, files=None)
        try:
            data: Any = await calling_discord(
                what, self._client.http.send_message(channel_id, params=params)
            )
        except PlatformError as error:
            if key is None or not _answer_lost(error):
                raise
            # The connection dropped: Discord may have made it. Resend at once, inside the
            # nonce's few minutes, to learn which message it is (or make it).
            data = await calling_discord(
                what, self._client.http.send_message(channel_id, params=params)
            )
        return MessageRef(PLATFORM, str(data["channel_id"]), str(data["id"]))


def nonce_for(key: str) -> str:
    """Return Discord's nonce for an idempotency key (at most 25 characters)."""
    return hashlib.sha256(key.encode()).hexdigest()[:NONCE_LENGTH]


def _answer_lost(error: PlatformError) -> bool:
    return isinstance(error.__cause__, (TimeoutError, aiohttp.ClientError))


def _code(error: PlatformError) -> int | None:
    cause = error.__cause__
    return cause.code if isinstance(cause, discord.HTTPException) else None
