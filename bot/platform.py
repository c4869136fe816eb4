"""The `Platform` port: everything the core asks of a chat platform.

Each adapter (console, Discord, Slack) implements it. What a platform cannot do is declared in
`capabilities`; the core checks with `require` and answers the person with a clear message
instead of pretending.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol, runtime_checkable

from bot.errors import UnsupportedOnPlatform
from bot.events import Actor
from bot.i18n import N_, _
from bot.messages import Form, OutboundFile, OutboundMessage
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, RoleRef, UserRef


class Capability(StrEnum):
    """Things a platform may or may not be able to do."""

    THREADS = "threads"
    EPHEMERAL = "ephemeral replies"
    DIRECT_MESSAGES = "direct messages"
    GROUP_CONVERSATIONS = "group conversations"
    BUTTONS = "buttons"
    EDIT = "editing messages"
    DELETE_MEMBER_MESSAGES = "deleting members' messages"
    TIMEOUT = "timeouts"
    KICK = "removing members"
    BAN = "bans"
    FORMS = "forms"
    MESSAGE_CONTENT = "reading message text"
    CHANNEL_MEMBERSHIP = "following who joins and leaves a channel"
    """Channel joins and leaves arrive as events (Slack), so a cohort can follow a channel."""
    FILES = "sending files"
    """Files in channels and direct messages (`post_file`, `send_file`): a digest's chart."""
    PRIVATE_FILES = "files in private answers"
    """A private answer may carry a file (`respond_file`); Slack's ephemeral messages cannot."""


# One whole sentence per capability, so a translation can agree with what is missing.
_REFUSALS: dict[Capability, str] = {
    Capability.THREADS: N_("{platform} does not support threads for bots."),
    Capability.EPHEMERAL: N_("{platform} does not support ephemeral replies for bots."),
    Capability.DIRECT_MESSAGES: N_("{platform} does not support direct messages for bots."),
    Capability.GROUP_CONVERSATIONS: N_("{platform} does not support group conversations for bots."),
    Capability.BUTTONS: N_("{platform} does not support buttons for bots."),
    Capability.EDIT: N_("{platform} does not support editing messages for bots."),
    Capability.DELETE_MEMBER_MESSAGES: N_(
        "{platform} does not support deleting members' messages for bots."
    ),
    Capability.TIMEOUT: N_("{platform} does not support timeouts for bots."),
    Capability.KICK: N_("{platform} does not support removing members for bots."),
    Capability.BAN: N_("{platform} does not support bans for bots."),
    Capability.FORMS: N_("{platform} does not support forms for bots."),
    Capability.MESSAGE_CONTENT: N_("{platform} does not support reading message text for bots."),
    Capability.CHANNEL_MEMBERSHIP: N_(
        "{platform} does not support following who joins and leaves a channel for bots."
    ),
    Capability.FILES: N_("{platform} does not support sending files for bots."),
    Capability.PRIVATE_FILES: N_("{platform} does not support files in private answers for bots."),
}


@runtime_checkable
class Platform(Protocol):
    """Outbound calls into one chat platform."""

    @property
    def name(self) -> str:
        """Return the platform's name as it appears in references (`discord`, `console`)."""
        ...

    @property
    def capabilities(self) -> frozenset[Capability]:
        """Return what this platform can do."""
        ...

    def mention(self, ref: UserRef | ChannelRef | RoleRef) -> str:
        """Return how to write a member, channel or role in message text on this platform."""
        ...

    async def post(
        self, channel: ChannelRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        """Post a message in a channel.

        `key` (at most 64 characters) names the post for `find_sent` and makes a resend after
        a lost response safe where the platform can (a Discord nonce, Slack metadata). A post
        with a key is never resent blindly by the HTTP client.
        """
        ...

    async def find_sent(self, where: ChannelRef | UserRef, key: str) -> MessageRef | None:
        """Return the recent message posted with `key` in a channel (or a DM), if it is there.

        A retry whose earlier attempt lost its response asks first, so it does not post twice.
        None where the platform cannot say (Discord: its nonce covers resends within minutes).
        """
        ...

    async def open_thread(self, root: MessageRef, title: str) -> None:
        """Open a discussion thread under a message (a no-op where threads need no opening)."""
        ...

    async def post_in_thread(self, root: MessageRef, message: OutboundMessage) -> MessageRef:
        """Post a message in the thread under `root`."""
        ...

    async def respond(
        self, interaction: InteractionRef, message: OutboundMessage, *, private: bool
    ) -> MessageRef | None:
        """Answer a command, button press or form; private answers only the caller sees."""
        ...

    async def open_form(self, interaction: InteractionRef, form: Form) -> None:
        """Answer a command or button by opening a form for the caller to fill in."""
        ...

    async def direct_message(
        self, user: UserRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        """Send a message to one person privately (`key` as for `post`)."""
        ...

    async def group_message(
        self, community: CommunityRef, users: Sequence[UserRef], message: OutboundMessage
    ) -> MessageRef:
        """Open (or reuse) a private conversation with several people and post in it."""
        ...

    async def send_file(self, user: UserRef, file: OutboundFile) -> None:
        """Send one person a file privately, in their direct messages with the bot.

        Discord: an attachment (`attach_files`); Slack: the external upload flow
        (`files:write`); the console: a `file` record with its name and size.
        """
        ...

    async def post_file(self, channel: ChannelRef, file: OutboundFile) -> None:
        """Post a file in a channel, with its text beside it (`Capability.FILES`).

        Discord: a message with an attachment; Slack: the external upload flow shared to the
        channel; the console: a `file` record to the channel.
        """
        ...

    async def respond_file(self, interaction: InteractionRef, file: OutboundFile) -> None:
        """Answer a command privately with a file (`Capability.PRIVATE_FILES`; where the
        platform lacks it, raise `UnsupportedOnPlatform`: the core sends it by DM instead)."""
        ...

    def show_time(self, moment: datetime, zone: str) -> str:
        """Return `moment` written so each reader sees it in their own time zone where the
        platform can (Discord's `<t:...>`, Slack's `<!date^...>`), else in `zone`, named."""
        ...

    async def edit(self, message_ref: MessageRef, message: OutboundMessage) -> None:
        """Replace the content of a message the bot sent."""
        ...

    async def delete(self, message_ref: MessageRef) -> None:
        """Delete a message."""
        ...

    async def purge(
        self, channel: ChannelRef, count: int, author: UserRef | None = None
    ) -> list[MessageRef]:
        """Delete the newest `count` messages in `channel` (only `author`'s, if given).

        Returns what was deleted, newest first. Messages the platform no longer lets the bot
        delete are skipped, not failed on.
        """
        ...

    async def timeout(
        self, community: CommunityRef, user: UserRef, duration: timedelta, reason: str | None
    ) -> None:
        """Stop a member from talking for a while."""
        ...

    async def untimeout(self, community: CommunityRef, user: UserRef) -> None:
        """Lift a timeout early."""
        ...

    async def kick(self, community: CommunityRef, user: UserRef, reason: str | None) -> None:
        """Remove a member from the community."""
        ...

    async def ban(self, community: CommunityRef, user: UserRef, reason: str | None) -> None:
        """Remove a member and keep them out."""
        ...

    async def unban(self, community: CommunityRef, user: UserRef) -> None:
        """Let a banned person back in."""
        ...

    async def member(self, community: CommunityRef, user: UserRef) -> Actor | None:
        """Return a person as the platform sees them now (level, roles), None if unknown.

        Moderation uses it to judge the level of the member a moderator acts on.
        """
        ...

    async def role_members(self, community: CommunityRef, role: RoleRef) -> list[UserRef]:
        """Return the members who hold `role` now (a Discord role, a Slack user group).

        Members only: bots (the bot itself included) and people who left are not listed. A
        role that does not exist is a `NotFoundError`; a platform that will not say (a missing
        scope or intent) is a `PlatformRefused` naming what to fix.
        """
        ...


def require(platform: Platform, capability: Capability) -> None:
    """Raise a user-facing error when `platform` cannot do `capability`."""
    if capability not in platform.capabilities:
        refusal = _(_REFUSALS[capability]).format(platform=platform.name.capitalize())
        raise UnsupportedOnPlatform(refusal)


@dataclass(frozen=True, slots=True)
class EventDetails:
    """What a platform's own event for a session shows: its card is where to answer."""

    title: str
    starts_at: datetime
    ends_at: datetime
    description: str
    card: MessageRef


@runtime_checkable
class PlatformEvents(Protocol):
    """A platform with a calendar of its own (Discord's scheduled events), where the bot may
    mirror a session; others have the card alone. A failure is a `PlatformError`."""

    async def schedule_event(self, details: EventDetails) -> str | None:
        """Create the event; return its id, or None where the bot may not (Discord: without
        Manage Events)."""
        ...

    async def update_event(self, event_id: str, details: EventDetails) -> None:
        """Bring the event's time and text in step (a no-op once the bot may not)."""
        ...

    async def cancel_event(self, event_id: str, card: MessageRef) -> None:
        """Mark the event cancelled (a no-op once the bot may not, or when it is gone)."""
        ...


class CommunityShare(Protocol):
    """Which of a platform's communities this process serves (all, or its Discord shards')."""

    def serves(self, community_id: str) -> bool:
        """Return whether this process serves the community `community_id` (the platform's id)."""
        ...

    def describe(self) -> str:
        """Return the share in a few words for the operator (`cohort check`, the log)."""
        ...


class EveryCommunity:
    """The share of a process that serves every community of its platform (the default)."""

    def serves(self, community_id: str) -> bool:
        """Return True: every community is served here."""
        return True

    def describe(self) -> str:
        """Return "every community"."""
        return "every community"


EVERY_COMMUNITY = EveryCommunity()


@runtime_checkable
class ServesCommunities(Protocol):
    """A platform whose communities each need their own credentials (Slack installed in many
    workspaces): it hands out itself bound to one community, or None when it no longer serves
    that community (the app was uninstalled there)."""

    def serving(self, community: CommunityRef) -> Platform | None:
        """Return the platform to use for `community`, or None."""
        ...


class Platforms:
    """The platforms this process runs, and the one place that says which serves a community.

    Attaching, every job and every sweep ask here. A process serves the communities of each
    platform it runs that its share of that platform covers: all of them, unless the platform
    splits them between processes (Discord's shards: `adapters/discord/shards.py`).
    """

    def __init__(self) -> None:
        self._by_name: dict[str, Platform] = {}
        self._shares: dict[str, CommunityShare] = {}

    def add(self, platform: Platform, share: CommunityShare = EVERY_COMMUNITY) -> None:
        """Register a running platform, serving the communities `share` covers."""
        self._by_name[platform.name] = platform
        self._shares[platform.name] = share

    def for_community(self, community: CommunityRef | str) -> Platform | None:
        """Return the platform serving `community` here (a platform name: some of its communities).

        None when no platform of this process serves it: not one this process runs, or a
        community another process owns (on another Discord shard).
        """
        if isinstance(community, str):
            return self._by_name.get(community)
        platform = self._by_name.get(community.platform)
        if platform is None or not self._shares[community.platform].serves(community.id):
            return None
        if isinstance(platform, ServesCommunities):
            return platform.serving(community)
        return platform

    def owns(self, community: CommunityRef) -> bool:
        """Return whether this process serves `community`."""
        return self.for_community(community) is not None

    def share(self, name: str) -> CommunityShare | None:
        """Return which communities of platform `name` this process serves (None: not run here)."""
        return self._shares.get(name)

    def names(self) -> list[str]:
        """Return the names of the running platforms."""
        return sorted(self._by_name)
