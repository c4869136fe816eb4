"""Group conversations on Discord: a private thread in the buddies channel.

Bots cannot open group DMs, so a group is a private thread in the community's buddies channel
with its members added, named after them. The same people get the same thread again while the
process runs, and after a restart while the thread is active and still carries their names.
Without a buddies channel, or when Discord refuses the thread, each person gets a DM instead,
in the order the caller named them; a refused DM stops there (those before it have theirs).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Literal

import discord

from adapters.discord.errors import calling_discord
from adapters.discord.render import cut
from bot.errors import PlatformError
from bot.i18n import _
from bot.messages import OutboundMessage
from bot.refs import ChannelRef, CommunityRef, MessageRef, UserRef

log = logging.getLogger(__name__)

PRIVATE_THREAD: Literal[12] = 12
ONE_WEEK_MINUTES: Literal[10080] = 10080
MAX_THREAD_NAME = 100

GroupHome = Callable[[CommunityRef], Awaitable[ChannelRef | None]]
Send = Callable[[str, OutboundMessage, str], Awaitable[MessageRef]]


class GroupConversations:
    """Finds or opens each group's private thread and posts in it."""

    def __init__(self, client: discord.Client, home: GroupHome, send: Send) -> None:
        self._client = client
        self._home = home
        self._send = send
        self._threads: dict[tuple[str, frozenset[str]], str] = {}

    async def send(
        self, community: CommunityRef, users: Sequence[UserRef], message: OutboundMessage
    ) -> MessageRef:
        """Post `message` where exactly `users` (and the bot) can read it."""
        people = frozenset(user.id for user in users)
        home = await self._home(community)
        if home is not None:
            try:
                thread_id = await self._thread_for(community, home, people)
                return await self._send(thread_id, message, _("post in the group thread"))
            except PlatformError:
                log.warning("no private thread in %s; writing to each member", home.id)
        # In the order given, so a caller can name first whoever is likeliest to refuse DMs:
        # when the first is refused, nobody has been sent anything.
        return await self._direct_to_each(list(dict.fromkeys(u.id for u in users)), message)

    async def _thread_for(
        self, community: CommunityRef, home: ChannelRef, people: frozenset[str]
    ) -> str:
        key = (home.id, people)
        name = self._thread_name(community, people)
        known = self._threads.get(key) or self._active_thread_named(home, name)
        if known is not None:
            self._threads[key] = known
            return known
        created: Any = await calling_discord(
            _("open a private thread"),
            self._client.http.start_thread_without_message(
                home.id,
                name=name,
                auto_archive_duration=ONE_WEEK_MINUTES,
                type=PRIVATE_THREAD,
                invitable=False,
            ),
        )
        thread_id = str(created["id"])
        for user_id in sorted(people):
            adding = self._client.http.add_user_to_thread(thread_id, user_id)
            await calling_discord(_("add a member to the thread"), adding)
        self._threads[key] = thread_id
        return thread_id

    def _active_thread_named(self, home: ChannelRef, name: str) -> str | None:
        channel = self._client.get_channel(int(home.id))
        if not isinstance(channel, discord.TextChannel):
            return None
        for thread in channel.threads:
            if thread.name == name and thread.is_private() and not thread.archived:
                return str(thread.id)
        return None

    async def _direct_to_each(self, people: list[str], message: OutboundMessage) -> MessageRef:
        first: MessageRef | None = None
        for user_id in people:
            channel: Any = await calling_discord(
                _("open a direct message"), self._client.http.start_private_message(user_id)
            )
            sent = await self._send(str(channel["id"]), message, _("send a direct message"))
            first = first or sent
        if first is None:
            raise PlatformError("a group message needs at least one member")
        return first

    def _thread_name(self, community: CommunityRef, people: frozenset[str]) -> str:
        guild = self._client.get_guild(int(community.id))
        names = []
        for user_id in sorted(people):
            member = guild.get_member(int(user_id)) if guild is not None else None
            names.append(member.display_name if member is not None else user_id)
        return cut(" & ".join(names), MAX_THREAD_NAME)
