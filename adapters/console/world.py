"""The console community's state: members, channels and every message, with `mN` ids."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.levels import Level
from bot.messages import Button, Field

PLATFORM = "console"
COMMUNITY_ID = "console"
BOT_NAME = "bot"
DEFAULT_CHANNEL = "general"


@dataclass
class ConsoleMember:
    """A person in the console community and what the 'platform' knows of them."""

    name: str
    level: Level = Level.MEMBER
    present: bool = True
    banned: bool = False
    timed_out_until: datetime | None = None
    roles: set[str] = field(default_factory=set)
    """The roles `@name gets &role` gave them (a role exists once someone has held it)."""


@dataclass
class ConsoleMessage:
    """A message in the console, a member's or the bot's."""

    id: str
    channel_id: str
    author: str
    text: str
    buttons: tuple[Button, ...] = ()
    visible_to: frozenset[str] | None = None
    deleted: bool = False
    fields: tuple[Field, ...] = ()

    def visible_for(self, name: str) -> bool:
        """Return whether member `name` can see this message."""
        return not self.deleted and (self.visible_to is None or name in self.visible_to)


@dataclass
class ConsoleWorld:
    """Everything the console 'platform' holds."""

    clock: Clock
    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo("UTC"))
    members: dict[str, ConsoleMember] = field(default_factory=dict)
    messages: dict[str, ConsoleMessage] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)
    next_number: int = 1
    keyed: dict[str, str] = field(default_factory=dict)
    """The bot's posts made with an idempotency key: key -> message id."""
    known_roles: set[str] = field(default_factory=set)
    """Every role named by `gets` or `loses`: a role stays once its last holder loses it."""

    def now(self) -> datetime:
        """Return the virtual time in the community's time zone."""
        return self.clock.now().astimezone(self.zone)

    def member(self, name: str) -> ConsoleMember:
        """Return the member called `name`, creating them on first mention."""
        member = self.members.get(name)
        if member is None:
            member = self.members[name] = ConsoleMember(name)
        return member

    def set_role(self, name: str, role: str, *, holds: bool) -> None:
        """Give member `name` the role, or take it away; the role exists from then on."""
        self.known_roles.add(role)
        roles = self.member(name).roles
        if holds:
            roles.add(role)
        else:
            roles.discard(role)

    def add_message(
        self,
        channel_id: str,
        author: str,
        text: str,
        buttons: tuple[Button, ...] = (),
        visible_to: frozenset[str] | None = None,
        fields: tuple[Field, ...] = (),
    ) -> ConsoleMessage:
        """Store a new message under the next `mN` id."""
        message = ConsoleMessage(
            f"m{self.next_number}", channel_id, author, text, buttons, visible_to, fields=fields
        )
        self.next_number += 1
        self.messages[message.id] = message
        self.order.append(message.id)
        return message

    def audience(self, channel_id: str) -> frozenset[str] | None:
        """Return who alone can see what is written in a channel; None for everyone.

        A direct message is its member's (and the bot's), a group its members', and a thread
        is as private as its root.
        """
        kind, _, rest = channel_id.partition(":")
        if kind == "dm":
            return frozenset({rest})
        if kind == "group":
            return frozenset(rest.split(","))
        root = self.messages.get(rest) if kind == "thread" else None
        return root.visible_to if root is not None else None

    def newest(self, predicate: Callable[[ConsoleMessage], bool]) -> ConsoleMessage | None:
        """Return the newest message matching `predicate`."""
        for message_id in reversed(self.order):
            message = self.messages[message_id]
            if predicate(message):
                return message
        return None


def channel_label(channel_id: str) -> str:
    """Return how a console channel id is shown: `#general`, `thread m7`, `dm @alice`."""
    kind, _, rest = channel_id.partition(":")
    if kind == "thread":
        return f"thread {rest}"
    if kind == "dm":
        return f"@{rest}"
    if kind == "group":
        return " ".join(f"@{name}" for name in rest.split(","))
    return f"#{channel_id}"
