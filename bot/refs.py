"""References to things that live on a chat platform, carrying the platform's own ids."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CommunityRef:
    """A Discord guild, a Slack workspace, or the console's one community."""

    platform: str
    id: str


@dataclass(frozen=True, slots=True)
class UserRef:
    """A person (or bot) on a platform."""

    platform: str
    id: str


@dataclass(frozen=True, slots=True)
class ChannelRef:
    """A channel (or a thread, when the platform models threads as channels)."""

    platform: str
    id: str


@dataclass(frozen=True, slots=True)
class RoleRef:
    """A platform role that groups members (a Discord role, a Slack user group)."""

    platform: str
    id: str


@dataclass(frozen=True, slots=True)
class MessageRef:
    """A message inside a channel."""

    platform: str
    channel_id: str
    id: str

    @property
    def channel(self) -> ChannelRef:
        """Return the channel the message was posted in."""
        return ChannelRef(self.platform, self.channel_id)


@dataclass(frozen=True, slots=True)
class InteractionRef:
    """What a platform needs to answer one command, button press or form submission.

    `token` is opaque to the core: a Discord interaction token, a Slack response URL, or the
    console's own handle.
    """

    platform: str
    id: str
    token: str
    channel: ChannelRef
    user: UserRef
