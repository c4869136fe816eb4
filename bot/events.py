"""The small vocabulary of things that happen on a platform, as the core sees them.

Adapters translate platform payloads into these. Each carries platform-qualified references and
the raw payload (`raw`), which the core never reads: it is there for logs and debugging.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, UserRef


@dataclass(frozen=True, slots=True)
class Actor:
    """The person behind an event, with what their platform says about their standing."""

    user: UserRef
    display_name: str
    platform_level: Level = Level.MEMBER
    role_ids: frozenset[str] = frozenset()
    is_bot: bool = False
    timezone: str | None = None
    """The person's time zone as the platform knows it (Slack); used until they set their own."""
    locale: str | None = None
    """The language their app is set to, as the platform reports it with an interaction
    (Discord's interaction `locale`, Slack's users.info `locale`): `es-ES`, `de`."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """Common to every event: where and when it happened."""

    community: CommunityRef
    at: datetime
    raw: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberJoined(Event):
    """A member joined the community (or, where `channel` is set, one of its channels)."""

    actor: Actor
    channel: ChannelRef | None = None
    """The channel joined, when the platform reports channel joins too (Slack); None for
    joining the community itself, which is what a welcome answers."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MemberLeft(Event):
    """A member left (or was removed from) the community (or, where `channel` is set, one of
    its channels)."""

    actor: Actor
    channel: ChannelRef | None = None
    """The channel left, when the platform reports channel leaves too (Slack); None for leaving
    the community itself, which is all the core's membership records."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MessagePosted(Event):
    """A member posted a message; `thread_root` is set for a reply in a thread."""

    actor: Actor
    message: MessageRef
    text: str | None
    thread_root: MessageRef | None = None
    mention_count: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class ReactionAdded(Event):
    """A member reacted to a message: light participation. Which emoji is not carried: the
    core counts reactions and never keeps what they were."""

    actor: Actor
    message: MessageRef


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageEdited(Event):
    """A member edited a message."""

    actor: Actor
    message: MessageRef
    text: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class CommandInvoked(Event):
    """A slash command, typed as text (`/topic add Hello`) or built natively by the platform.

    `text` is the whole command line without the leading slash. Platforms with native typed
    options (Discord) give them in `options` already split; the parser then skips tokenizing.
    It was typed in `interaction.channel`; `parent_channel` is set when that is a thread.
    """

    actor: Actor
    interaction: InteractionRef
    text: str
    options: dict[str, Any] | None = None
    parent_channel: ChannelRef | None = None
    """The channel a thread belongs to, when typed in a thread that is a channel of its own
    (Discord, the console's `thread:mN`). None outside a thread, and on Slack, whose threads
    live in their channel: there `interaction.channel` is already the thread's channel."""


@dataclass(frozen=True, slots=True, kw_only=True)
class ButtonPressed(Event):
    """A member pressed a button whose action id the core chose when it sent the message."""

    actor: Actor
    interaction: InteractionRef
    action_id: str
    message: MessageRef
    parent_channel: ChannelRef | None = None
    """The channel a thread belongs to, when pressed in one: as `CommandInvoked.parent_channel`."""
    in_direct_message: bool = False
    """Pressed in a direct message, which the adapter placed in `community` by the action id
    (or the one server the person shares with the bot): the core checks that the person and
    the bot are both in it before anything else."""


@dataclass(frozen=True, slots=True, kw_only=True)
class FormSubmitted(Event):
    """A member submitted a form (a Discord modal, a Slack view)."""

    actor: Actor
    interaction: InteractionRef
    form_id: str
    values: dict[str, str]
    parent_channel: ChannelRef | None = None
    """The channel a thread belongs to, when sent from one: as `CommandInvoked.parent_channel`."""
    in_direct_message: bool = False
    """Submitted from a direct message: placed and checked like a `ButtonPressed` there."""


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageReported(Event):
    """A member reported a message to the moderators."""

    actor: Actor
    interaction: InteractionRef
    message: MessageRef
    author: UserRef | None
    reason: str | None
    excerpt: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MessageFlagged(Event):
    """The platform's own filter (Discord AutoMod) acted on a member's message.

    `message` is None when the filter blocked the message before it was posted; `removed` says
    whether the platform kept it from the channel. `rule` names what matched, for moderators.
    """

    author: UserRef
    channel: ChannelRef | None
    message: MessageRef | None
    excerpt: str | None
    rule: str
    removed: bool


InteractiveEvent = CommandInvoked | ButtonPressed | FormSubmitted | MessageReported
"""Events a person is waiting on an answer to: each gets exactly one reply."""
