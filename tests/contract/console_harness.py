"""The console adapter under the contract suite: its world is the 'server' that observes."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime

from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.world import BOT_NAME, COMMUNITY_ID, DEFAULT_CHANNEL, PLATFORM, ConsoleWorld
from bot.clock import VirtualClock
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, RoleRef, UserRef
from commands.arguments import read_duration
from tests.contract.harness import Kind, Observation

_MESSAGE_KINDS = frozenset({"post", "reply", "thread", "ephemeral", "dm", "group"})
_MEMBER_ACTIONS = frozenset({"timeout", "untimeout", "kick", "ban", "unban"})


class ConsoleHarness:
    """A `ConsolePlatform` on its own world; records are read back as they are emitted."""

    def __init__(self) -> None:
        self.world = ConsoleWorld(VirtualClock(datetime(2026, 1, 5, 8, 0, tzinfo=UTC)))
        self._platform = ConsolePlatform(self.world, self._observe)
        self._observations: list[Observation] = []
        self._interactions = itertools.count(1)

    @property
    def platform(self) -> ConsolePlatform:
        """Return the console platform."""
        return self._platform

    @property
    def community(self) -> CommunityRef:
        """Return the console's one community."""
        return CommunityRef(PLATFORM, COMMUNITY_ID)

    @property
    def channel(self) -> ChannelRef:
        """Return #general."""
        return ChannelRef(PLATFORM, DEFAULT_CHANNEL)

    def user(self, name: str) -> UserRef:
        """Return the member called `name`, creating them in the world."""
        self.world.member(name)
        return UserRef(PLATFORM, name)

    @property
    def bot_user(self) -> UserRef:
        """Return `@bot`."""
        return UserRef(PLATFORM, BOT_NAME)

    async def role(self, name: str, holders: Sequence[UserRef]) -> RoleRef:
        """Give each holder the role, as `@name gets &role` does."""
        self.world.known_roles.add(name)
        for holder in holders:
            self.world.set_role(holder.id, name, holds=True)
        return RoleRef(PLATFORM, name)

    def unknown_role(self) -> RoleRef:
        """Return `&nobody-holds-this`, a role nobody was given."""
        return RoleRef(PLATFORM, "nobody-holds-this")

    async def interaction(self, user: UserRef, channel: ChannelRef) -> InteractionRef:
        """Return a fresh console interaction handle."""
        handle = f"i{next(self._interactions)}"
        return InteractionRef(PLATFORM, handle, handle, channel, user)

    async def member_message(self, user: UserRef, channel: ChannelRef, text: str) -> MessageRef:
        """Store a member's message as the session does for `@name: text`."""
        stored = self.world.add_message(channel.id, user.id, text)
        return MessageRef(PLATFORM, channel.id, stored.id)

    def unknown_message(self) -> MessageRef:
        """Return `m999999` in #general, which no test gets near."""
        return MessageRef(PLATFORM, DEFAULT_CHANNEL, "m999999")

    async def observed(self) -> list[Observation]:
        """Return the observations since the last call."""
        taken, self._observations = self._observations, []
        return taken

    def _observe(self, record: Record) -> None:
        # Called as each record is emitted, so edits are read before a later edit changes them.
        self._observations.append(self._normalize(record))

    def _normalize(self, record: Record) -> Observation:
        kind = Kind(record.kind)
        if record.kind in _MEMBER_ACTIONS:
            assert record.target is not None, record
            assert record.target.startswith("@"), record
            return Observation(
                kind,
                users=frozenset({UserRef(PLATFORM, record.target.removeprefix("@"))}),
                duration=read_duration(record.duration) if record.duration else None,
            )
        message_id = record.id if record.kind in _MESSAGE_KINDS else record.target
        assert message_id is not None, record
        stored = self.world.messages[message_id]
        ref = MessageRef(PLATFORM, stored.channel_id, stored.id)
        if record.kind == "delete":
            return Observation(kind, message=ref)
        place, _, rest = stored.channel_id.partition(":")
        root = self.world.messages[rest] if place == "thread" else None
        return Observation(
            kind,
            message=ref,
            channel=ChannelRef(PLATFORM, stored.channel_id)
            if kind in (Kind.POST, Kind.REPLY)
            else None,
            thread_root=MessageRef(PLATFORM, root.channel_id, root.id) if root else None,
            users=frozenset(UserRef(PLATFORM, name) for name in stored.visible_to or ()),
            text=record.text,
            fields=stored.fields,
            buttons=tuple((button.label, button.action_id) for button in stored.buttons),
        )


@asynccontextmanager
async def console_harness() -> AsyncIterator[ConsoleHarness]:
    """Yield a console harness (nothing to start or stop)."""
    yield ConsoleHarness()
