"""What the `Platform` contract suite needs from each adapter's test set-up.

Each adapter provides one `PlatformHarness`: its platform under test, wired to whatever plays the
chat server (the console's own world; fake Discord and Slack servers on loopback), and a way to
read back, normalized, what that server observed. The contract tests speak only in these terms,
so the same tests run against every adapter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Protocol

from bot.messages import Field, Form
from bot.platform import Platform
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, RoleRef, UserRef


class Kind(StrEnum):
    """What the platform was asked to do, as the chat server saw it."""

    POST = "post"
    THREAD = "thread"
    REPLY = "reply"
    EPHEMERAL = "ephemeral"
    DM = "dm"
    GROUP = "group"
    EDIT = "edit"
    DELETE = "delete"
    FORM = "form"
    TIMEOUT = "timeout"
    UNTIMEOUT = "untimeout"
    KICK = "kick"
    BAN = "ban"
    UNBAN = "unban"


@dataclass(frozen=True, slots=True)
class Observation:
    """One thing the chat server saw the bot do, in platform-neutral terms.

    - `message`: the message created (post, thread, reply, ephemeral, dm, group) or acted on
      (edit, delete);
    - `channel`: where a post or a public reply went;
    - `thread_root`: the message whose thread a thread reply went into;
    - `users`: who alone can see an ephemeral, dm or group message, or the member a moderation
      action (timeout, untimeout, kick, ban, unban) was aimed at;
    - `buttons`: (label, action id) pairs, in order;
    - `duration`: how long a timeout lasts;
    - `form`: the form opened (kind `form`), as the platform understood it.
    """

    kind: Kind
    message: MessageRef | None = None
    channel: ChannelRef | None = None
    thread_root: MessageRef | None = None
    users: frozenset[UserRef] = frozenset()
    text: str | None = None
    fields: tuple[Field, ...] = ()
    buttons: tuple[tuple[str, str], ...] = ()
    duration: timedelta | None = None
    form: Form | None = None


class PlatformHarness(Protocol):
    """One adapter's platform, connected to a stand-in for its chat server."""

    @property
    def platform(self) -> Platform:
        """Return the platform under test."""
        ...

    @property
    def community(self) -> CommunityRef:
        """Return the community the bot is in."""
        ...

    @property
    def channel(self) -> ChannelRef:
        """Return a public channel the bot may post in."""
        ...

    def user(self, name: str) -> UserRef:
        """Return a member of the community, the same ref for the same name."""
        ...

    @property
    def bot_user(self) -> UserRef:
        """Return the bot's own account in the community."""
        ...

    async def role(self, name: str, holders: Sequence[UserRef]) -> RoleRef:
        """Make a new role (a Discord role, a Slack user group) held by exactly `holders`."""
        ...

    def unknown_role(self) -> RoleRef:
        """Return a well-formed reference to a role that does not exist in the community."""
        ...

    async def interaction(self, user: UserRef, channel: ChannelRef) -> InteractionRef:
        """Return a fresh interaction (a command typed by `user` in `channel`) to answer."""
        ...

    async def member_message(self, user: UserRef, channel: ChannelRef, text: str) -> MessageRef:
        """Have `user` post `text` in `channel` (as the server would), and return its ref."""
        ...

    def unknown_message(self) -> MessageRef:
        """Return a well-formed reference to a message that never existed in `channel`."""
        ...

    async def observed(self) -> list[Observation]:
        """Return what the server saw the bot do since the last call, in order."""
        ...
