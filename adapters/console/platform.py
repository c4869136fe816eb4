"""The console's implementation of the `Platform` port: every capability, printed as records."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from adapters.console.records import Record
from adapters.console.world import BOT_NAME, PLATFORM, ConsoleMessage, ConsoleWorld, channel_label
from bot.durations import format_duration
from bot.errors import NotFoundError, PlatformError, PlatformRefused
from bot.events import Actor
from bot.i18n import _
from bot.messages import Form, OutboundFile, OutboundMessage
from bot.moments import in_zone
from bot.platform import Capability, require
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, RoleRef, UserRef

RecordSink = Callable[[Record], None]


_CAPABILITIES = frozenset(Capability) - {Capability.FORMS, Capability.CHANNEL_MEMBERSHIP}
"""Read on every message (screening asks for message content): built once."""


class ConsolePlatform:
    """A platform that lives in memory and reports everything the bot does to a sink."""

    def __init__(self, world: ConsoleWorld, sink: RecordSink) -> None:
        self.world = world
        self._sink = sink

    @property
    def name(self) -> str:
        """Return `console`."""
        return PLATFORM

    @property
    def capabilities(self) -> frozenset[Capability]:
        """Return every capability but forms (a terminal has no form to fill in) and following
        a channel's members (the console's script has no channel joins)."""
        return _CAPABILITIES

    def mention(self, ref: UserRef | ChannelRef | RoleRef) -> str:
        """Return `@name`, `#channel` or `&role`."""
        if isinstance(ref, UserRef):
            return f"@{ref.id}"
        if isinstance(ref, RoleRef):
            return f"&{ref.id}"
        return channel_label(ref.id)

    async def post(
        self, channel: ChannelRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        """Post in a channel."""
        return self._keep(key, self._emit("post", channel.id, message))

    async def find_sent(self, where: ChannelRef | UserRef, key: str) -> MessageRef | None:
        """Return the bot's message posted with `key` in the channel (or DM), if it is there."""
        channel_id = f"dm:{where.id}" if isinstance(where, UserRef) else where.id
        message_id = self.world.keyed.get(key)
        stored = None if message_id is None else self.world.messages.get(message_id)
        if stored is None or stored.deleted or stored.channel_id != channel_id:
            return None
        return MessageRef(PLATFORM, channel_id, stored.id)

    async def open_thread(self, root: MessageRef, title: str) -> None:
        """Threads need no opening in the console: replying to a message makes one."""
        self._existing(root.id)

    async def post_in_thread(self, root: MessageRef, message: OutboundMessage) -> MessageRef:
        """Post in the thread under `root`."""
        self._existing(root.id)
        return self._emit("thread", f"thread:{root.id}", message)

    async def respond(
        self, interaction: InteractionRef, message: OutboundMessage, *, private: bool
    ) -> MessageRef | None:
        """Answer an interaction: privately as `ephemeral`, publicly as a `reply`."""
        if private:
            user = interaction.user.id
            return self._emit(
                "ephemeral", f"dm:{user}", message, visible_to=frozenset({user}), to=f"@{user}"
            )
        return self._emit("reply", interaction.channel.id, message)

    async def open_form(self, interaction: InteractionRef, form: Form) -> None:
        """Refuse: commands that open a form on Discord or Slack take their text typed here."""
        require(self, Capability.FORMS)

    async def direct_message(
        self, user: UserRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        """Write to one member privately."""
        return self._keep(key, self._emit("dm", f"dm:{user.id}", message))

    async def group_message(
        self, community: CommunityRef, users: Sequence[UserRef], message: OutboundMessage
    ) -> MessageRef:
        """Write to several members in a private group."""
        names = sorted({user.id for user in users})
        return self._emit(
            "group", "group:" + ",".join(names), message, to=[f"@{name}" for name in names]
        )

    async def send_file(self, user: UserRef, file: OutboundFile) -> None:
        """Hand a member a file privately: a `file` record with its name and size."""
        self._file(f"@{user.id}", file)

    async def post_file(self, channel: ChannelRef, file: OutboundFile) -> None:
        """Post a file in a channel: a `file` record to the channel with its name and size."""
        self._file(channel_label(channel.id), file)

    async def respond_file(self, interaction: InteractionRef, file: OutboundFile) -> None:
        """Answer privately with a file: a `file` record to the member who asked."""
        self._file(f"@{interaction.user.id}", file)

    def _file(self, to: str, file: OutboundFile) -> None:
        self._record("file", to=to, text=file.text, extra={"name": file.name, "size": file.size})

    def show_time(self, moment: datetime, zone: str) -> str:
        """Return the moment in the community's zone, named (a terminal has no reader's zone)."""
        return in_zone(moment, zone)

    async def edit(self, message_ref: MessageRef, message: OutboundMessage) -> None:
        """Replace a bot message's text and buttons."""
        stored = self._existing(message_ref.id)
        if stored.author != BOT_NAME:
            raise PlatformError(_("the bot can only edit its own messages"))
        stored.text, stored.buttons, stored.fields = message.text, message.buttons, message.fields
        self._record(
            "edit",
            text=message.text,
            fields=_fields(message),
            buttons=_labels(message),
            target=stored.id,
        )

    async def delete(self, message_ref: MessageRef) -> None:
        """Delete any message."""
        stored = self._existing(message_ref.id)
        stored.deleted = True
        self._record("delete", target=stored.id)

    async def purge(
        self, channel: ChannelRef, count: int, author: UserRef | None = None
    ) -> list[MessageRef]:
        """Delete the newest `count` messages in a channel, only `author`'s if given."""
        doomed = [
            stored
            for stored in reversed(self.world.messages.values())
            if stored.channel_id == channel.id
            and not stored.deleted
            and (author is None or stored.author == author.id)
        ][:count]
        for stored in doomed:
            stored.deleted = True
            self._record("delete", target=stored.id)
        return [MessageRef(PLATFORM, stored.channel_id, stored.id) for stored in doomed]

    async def timeout(
        self, community: CommunityRef, user: UserRef, duration: timedelta, reason: str | None
    ) -> None:
        """Mute a member until the virtual clock passes the duration."""
        self.world.member(user.id).timed_out_until = self.world.clock.now() + duration
        self._record("timeout", target=f"@{user.id}", duration=format_duration(duration))

    async def untimeout(self, community: CommunityRef, user: UserRef) -> None:
        """Lift a timeout; refuse, as a platform would, when there is none."""
        member = self.world.member(user.id)
        if member.timed_out_until is None or member.timed_out_until <= self.world.clock.now():
            raise PlatformRefused(
                _("{member} is not timed out. Nothing was done.").format(member=f"@{user.id}")
            )
        member.timed_out_until = None
        self._record("untimeout", target=f"@{user.id}")

    async def kick(self, community: CommunityRef, user: UserRef, reason: str | None) -> None:
        """Remove a member; `@name joins` brings them back."""
        self.world.member(user.id).present = False
        self._record("kick", target=f"@{user.id}")

    async def ban(self, community: CommunityRef, user: UserRef, reason: str | None) -> None:
        """Remove a member and keep them out until unbanned."""
        member = self.world.member(user.id)
        if member.banned:
            raise PlatformRefused(
                _("{member} is already banned. Nothing was done.").format(member=f"@{user.id}")
            )
        member.present, member.banned = False, True
        self._record("ban", target=f"@{user.id}")

    async def unban(self, community: CommunityRef, user: UserRef) -> None:
        """Let a banned member join again; refuse when they are not banned."""
        member = self.world.member(user.id)
        if not member.banned:
            raise PlatformRefused(
                _("{member} is not banned. Nothing was done.").format(member=f"@{user.id}")
            )
        member.banned = False
        self._record("unban", target=f"@{user.id}")

    async def member(self, community: CommunityRef, user: UserRef) -> Actor | None:
        """Return a console member with the level `@name is <level>` gave them."""
        member = self.world.members.get(user.id)
        if member is None:
            return None
        return Actor(
            user=user,
            display_name=member.name,
            platform_level=member.level,
            role_ids=frozenset(member.roles),
        )

    async def role_members(self, community: CommunityRef, role: RoleRef) -> list[UserRef]:
        """Return the present members `@name gets &role` gave the role (never the bot)."""
        if role.id not in self.world.known_roles:
            raise NotFoundError(
                _("There is no role {role} in the console.").format(role=f"&{role.id}")
            )
        return [
            UserRef(PLATFORM, member.name)
            for member in self.world.members.values()
            if role.id in member.roles and member.present and member.name != BOT_NAME
        ]

    def _existing(self, message_id: str) -> ConsoleMessage:
        stored = self.world.messages.get(message_id)
        if stored is None or stored.deleted:
            raise PlatformError(_("message {message} does not exist").format(message=message_id))
        return stored

    def _emit(
        self,
        kind: str,
        channel_id: str,
        message: OutboundMessage,
        *,
        visible_to: frozenset[str] | None = None,
        to: str | list[str] | None = None,
    ) -> MessageRef:
        if visible_to is None:  # a public answer in a direct message is still private
            visible_to = self.world.audience(channel_id)
        stored = self.world.add_message(
            channel_id, BOT_NAME, message.text, message.buttons, visible_to, fields=message.fields
        )
        self._record(
            kind,
            id=stored.id,
            to=to if to is not None else channel_label(channel_id),
            text=message.text,
            fields=_fields(message),
            buttons=_labels(message),
            error=message.is_error,
            # Shown in --json only: a terminal has no link previews to suppress.
            extra={"previews": False} if message.suppress_previews else {},
        )
        return MessageRef(PLATFORM, channel_id, stored.id)

    def _keep(self, key: str | None, sent: MessageRef) -> MessageRef:
        if key is not None:
            self.world.keyed[key] = sent.id
        return sent

    def _record(self, kind: str, **fields: object) -> None:
        self._sink(Record(kind=kind, at=self.world.now(), **fields))  # type: ignore[arg-type]


def _labels(message: OutboundMessage) -> tuple[str, ...]:
    return tuple(button.label for button in message.buttons)


def _fields(message: OutboundMessage) -> tuple[tuple[str, str], ...]:
    return tuple((field.name, field.value) for field in message.fields)
