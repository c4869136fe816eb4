"""Inbound translation: what discord.py hands the client, as the core's events.

Pure functions (no I/O, nothing awaited): each returns a core event, or None for what Cohort
ignores (DMs, bots, webhooks, system messages, other interactions) and for partial payloads;
none raises on a payload it does not understand. Slash commands are read in `app_commands.py`.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import discord

# Re-exported: the client reads everything inbound from this module.
from adapters.discord.levels import PLATFORM as PLATFORM
from adapters.discord.levels import interaction_actor as interaction_actor
from adapters.discord.levels import level_from_permissions as level_from_permissions
from adapters.discord.levels import member_actor as member_actor
from bot.events import (
    Actor,
    ButtonPressed,
    FormSubmitted,
    MemberJoined,
    MemberLeft,
    MessageEdited,
    MessageFlagged,
    MessagePosted,
    MessageReported,
)
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, UserRef
from commands.arguments import shortened

REPORT_COMMAND = "Report to moderators"
EXCERPT_LIMIT = 300

# Discord's component and command types, by their documented numbers.
ACTION_ROW, BUTTON, TEXT_INPUT, LABEL = 1, 2, 4, 18
MESSAGE_COMMAND = 3

# What members write. Every other type is Discord's own (joins, pins, boosts, and the thread
# starter that repeats a message already counted) or an application's answer to a command.
_MEMBER_MESSAGES = frozenset({discord.MessageType.default, discord.MessageType.reply})

# Threads that can grow from a message. Discord never starts a private thread from one, so a
# private thread has no root message to point at.
_ROOTED_THREADS = frozenset({discord.ChannelType.public_thread, discord.ChannelType.news_thread})

_FLAGGING_ACTIONS = frozenset(
    {discord.AutoModRuleActionType.block_message, discord.AutoModRuleActionType.send_alert_message}
)


def community_ref(guild_id: int) -> CommunityRef:
    """Return the community for a guild."""
    return CommunityRef(PLATFORM, str(guild_id))


def interaction_ref(interaction: discord.Interaction) -> InteractionRef:
    """Return what the core needs to answer an interaction.

    discord.py reads the channel only from the `channel` object Discord sends with every
    interaction; without one the id is empty here, and the event functions return None.
    """
    return InteractionRef(
        PLATFORM,
        str(interaction.id),
        interaction.token,
        ChannelRef(PLATFORM, _channel_id(interaction) or ""),
        UserRef(PLATFORM, str(interaction.user.id)),
    )


def thread_parent(interaction: discord.Interaction) -> ChannelRef | None:
    """Return the channel that holds the thread an interaction came from; None outside one.

    Discord sends the interaction's channel (for a thread: type 10, 11 or 12, with its
    `parent_id`), which discord.py reads into a `Thread`, or takes from its cache. A forum
    post's parent is the forum.
    """
    channel = interaction.channel
    if not isinstance(channel, discord.Thread) or not channel.parent_id:
        return None
    return ChannelRef(PLATFORM, str(channel.parent_id))


def message_posted(
    message: discord.Message, *, bot_user_id: int, content_readable: bool
) -> MessagePosted | None:
    """Return a member's message in a guild; None for DMs, bots, webhooks and system messages.

    Without the Message Content intent `text` is None: activity still counts.
    """
    if message.guild is None or not _written_by_member(message, bot_user_id):
        return None
    return MessagePosted(
        community=community_ref(message.guild.id),
        at=message.created_at,
        raw=message,
        actor=member_actor(message.author),
        message=_message_ref(message),
        text=message.content if content_readable else None,
        thread_root=_thread_root(message),
        # Role mentions are the roles discord.py finds in its cache (all of them, with the guilds
        # intent). Not the `raw_` ids: those are parsed from the content, which may be hidden.
        mention_count=len(message.mentions)
        + len(message.role_mentions)
        + int(message.mention_everyone),
    )


def message_edited(
    payload: discord.RawMessageUpdateEvent, *, bot_user_id: int, content_readable: bool
) -> MessageEdited | None:
    """Return a member's edit of their message in a guild; None for anything else.

    Discord also sends updates nobody typed (a link preview arriving, a pin): those carry no
    `edited_timestamp` and are not edits.
    """
    message = payload.message  # built by discord.py from `payload.data`, the update as sent
    if message.guild is None or message.edited_at is None:
        return None
    if not _written_by_member(message, bot_user_id):  # False, too, without an author
        return None
    return MessageEdited(
        community=community_ref(message.guild.id),
        at=message.edited_at,
        raw=payload,
        actor=member_actor(message.author),
        message=_message_ref(message),
        text=message.content if content_readable else None,
    )


def member_joined(member: discord.Member) -> MemberJoined | None:
    """Return a person joining a guild; None for bots."""
    if member.bot:
        return None
    return MemberJoined(
        community=community_ref(member.guild.id),
        at=member.joined_at or discord.utils.utcnow(),
        raw=member,
        actor=member_actor(member),
    )


def member_left(payload: discord.RawMemberRemoveEvent) -> MemberLeft | None:
    """Return a person leaving (or removed from) a guild; None for bots."""
    if payload.user.bot:
        return None
    return MemberLeft(
        community=community_ref(payload.guild_id),
        at=discord.utils.utcnow(),  # Discord does not say when
        raw=payload,
        actor=member_actor(payload.user),
    )


def button_pressed(interaction: discord.Interaction) -> ButtonPressed | None:
    """Return a button press in a guild, its custom id as the action id; None otherwise."""
    if interaction.type is not discord.InteractionType.component:
        return None
    data = _as_dict(interaction.data)
    action_id = data.get("custom_id")
    if data.get("component_type") != BUTTON or not isinstance(action_id, str) or not action_id:
        return None
    origin = _origin(interaction) or _direct_message_origin(interaction, action_id)
    if origin is None or interaction.message is None:
        return None
    return ButtonPressed(
        community=origin.community,
        at=interaction.created_at,
        raw=interaction,
        actor=origin.actor,
        interaction=origin.ref,
        action_id=action_id,
        message=MessageRef(PLATFORM, origin.ref.channel.id, str(interaction.message.id)),
        parent_channel=thread_parent(interaction),
        in_direct_message=interaction.guild_id is None,
    )


def form_submitted(interaction: discord.Interaction) -> FormSubmitted | None:
    """Return a submitted modal with its text inputs' values by custom id; None otherwise.

    A form opened from a direct message is submitted from there, without a guild: it is placed
    like a button press in a DM (the form id names its community after `@`).
    """
    if interaction.type is not discord.InteractionType.modal_submit:
        return None
    data = _as_dict(interaction.data)
    form_id = data.get("custom_id")
    values = _text_inputs(data.get("components"))
    if not isinstance(form_id, str) or not form_id or values is None:
        return None
    origin = _origin(interaction) or _direct_message_origin(interaction, form_id)
    if origin is None:
        return None
    return FormSubmitted(
        community=origin.community,
        at=interaction.created_at,
        raw=interaction,
        actor=origin.actor,
        interaction=origin.ref,
        form_id=form_id,
        values=values,
        parent_channel=thread_parent(interaction),
        in_direct_message=interaction.guild_id is None,
    )


def message_reported(interaction: discord.Interaction) -> MessageReported | None:
    """Return a use of the "Report to moderators" message command; None otherwise.

    The author and excerpt come from the message Discord resolved with the command; should it
    send none, the report still stands on the message id alone.
    """
    if interaction.type is not discord.InteractionType.application_command:
        return None
    data = _as_dict(interaction.data)
    target = data.get("target_id")
    if data.get("type") != MESSAGE_COMMAND or data.get("name") != REPORT_COMMAND:
        return None
    origin = _origin(interaction)
    if not isinstance(target, str | int) or not str(target) or origin is None:
        return None
    resolved = _as_dict(_as_dict(_as_dict(data.get("resolved")).get("messages")).get(str(target)))
    author_id = _as_dict(resolved.get("author")).get("id")
    return MessageReported(
        community=origin.community,
        at=interaction.created_at,
        raw=interaction,
        actor=origin.actor,
        interaction=origin.ref,
        message=MessageRef(PLATFORM, origin.ref.channel.id, str(target)),
        author=UserRef(PLATFORM, str(author_id)) if isinstance(author_id, str | int) else None,
        reason=None,
        excerpt=_excerpt(resolved.get("content")),
    )


def automod_flagged(action: discord.AutoModAction) -> MessageFlagged | None:
    """Return Discord AutoMod blocking a message, or alerting on one, as a flag.

    Discord sends one event per action of the matching rule. Timeouts (and blocked member
    interactions) are skipped, so a rule that blocks and times out makes one flag; one that
    blocks and alerts makes two (one `removed`), as no event names its rule's other actions.
    """
    kind = action.action.type
    if kind not in _FLAGGING_ACTIONS:
        return None
    channel = ChannelRef(PLATFORM, str(action.channel_id)) if action.channel_id else None
    message = None
    if channel is not None and action.message_id:
        message = MessageRef(PLATFORM, channel.id, str(action.message_id))
    if action.matched_keyword:
        rule = f'Discord AutoMod: matched "{action.matched_keyword}"'
    else:
        rule = f"Discord AutoMod: {action.rule_trigger_type.name.replace('_', ' ')}"
    return MessageFlagged(
        community=community_ref(action.guild_id),
        at=discord.utils.utcnow(),  # Discord does not say when
        raw=action,
        author=UserRef(PLATFORM, str(action.user_id)),
        channel=channel,
        message=message,
        excerpt=_excerpt(action.content or action.matched_content),
        rule=rule,
        removed=kind is discord.AutoModRuleActionType.block_message,
    )


class _Origin(NamedTuple):
    community: CommunityRef
    actor: Actor
    ref: InteractionRef


def _origin(interaction: discord.Interaction) -> _Origin | None:
    """Return where an interaction came from and who sent it; None outside a guild channel."""
    user: object = interaction.user  # a sentinel, not None, when Discord sent no user
    guild_id = interaction.guild_id
    if guild_id is None or _channel_id(interaction) is None:
        return None
    if not isinstance(user, discord.Member | discord.User):
        return None
    actor, ref = interaction_actor(interaction), interaction_ref(interaction)
    return _Origin(community_ref(guild_id), actor, ref)


def _direct_message_origin(interaction: discord.Interaction, action_id: str) -> _Origin | None:
    """Return the origin of a press in a direct message, which Discord sends without a guild.

    A button the core sends in a direct message may carry its community at the end of its
    action id (`nudge:fine:12@<guild id>`); otherwise the press belongs to the one server the
    member shares with the bot (a welcome's "Introduce myself", a notice's "I understand", a
    buddy check-in sent by DM). A member in several of the bot's servers must press a button
    that names its community. Whether the person and the bot are both in the named server is
    the core's check (the member cache is not complete without chunking).
    """
    user: object = interaction.user
    if interaction.guild_id is not None or _channel_id(interaction) is None:
        return None
    if not isinstance(user, discord.Member | discord.User):
        return None
    found = _COMMUNITY_SUFFIX.search(action_id)
    guild_id = int(found.group(1)) if found is not None else _only_shared_guild(user)
    if guild_id is None:
        return None
    actor = member_actor(user)  # a bare user: a member; the core adds what it knows
    return _Origin(community_ref(guild_id), actor, interaction_ref(interaction))


def _only_shared_guild(user: discord.Member | discord.User) -> int | None:
    """Return the id of the one server the bot shares with `user` (from its cache), if one."""
    shared = user.mutual_guilds
    return shared[0].id if len(shared) == 1 else None


_COMMUNITY_SUFFIX = re.compile(r"@(\d{1,20})$")


def _channel_id(interaction: discord.Interaction) -> str | None:
    channel_id = interaction.channel_id
    return None if channel_id is None else str(channel_id)


def _written_by_member(message: discord.Message, bot_user_id: int) -> bool:
    """Return whether a person wrote this message (not a bot, a webhook or Discord itself)."""
    author: discord.Member | discord.User | None = getattr(message, "author", None)
    return (
        author is not None
        and message.webhook_id is None
        and message.type in _MEMBER_MESSAGES
        and not author.bot
        and not author.system
        and author.id != bot_user_id
    )


def _message_ref(message: discord.Message) -> MessageRef:
    return MessageRef(PLATFORM, str(message.channel.id), str(message.id))


def _thread_root(message: discord.Message) -> MessageRef | None:
    """Return the message a thread grew from, for a reply in that thread.

    A thread started from a message has that message's id. In a text channel the message sits
    in the parent; a forum post's opening message sits in the thread itself, and is the root,
    not a reply.
    """
    thread = message.channel
    if not isinstance(thread, discord.Thread) or thread.type not in _ROOTED_THREADS:
        return None
    if message.id == thread.id:
        return None
    home = thread.id if isinstance(thread.parent, discord.ForumChannel) else thread.parent_id
    return MessageRef(PLATFORM, str(home), str(thread.id))


def _text_inputs(components: object) -> dict[str, str] | None:
    """Return a modal's text inputs by custom id, walking action rows and labels.

    Other components (selects, file uploads, text displays) are skipped; a malformed text
    input makes the whole form unreadable (None).
    """
    if not isinstance(components, list):
        return None
    values: dict[str, str] = {}
    for component in components:
        if not isinstance(component, dict):
            return None
        kind = component.get("type")
        if kind == ACTION_ROW:
            inner = _text_inputs(component.get("components"))
        elif kind == LABEL:
            inner = _text_inputs([component.get("component")])
        elif kind == TEXT_INPUT:
            custom_id, value = component.get("custom_id"), component.get("value")
            if not isinstance(custom_id, str) or not isinstance(value, str):
                return None
            inner = {custom_id: value}
        else:
            continue
        if inner is None:
            return None
        values.update(inner)
    return values


def _excerpt(content: object) -> str | None:
    return shortened(content, EXCERPT_LIMIT) if isinstance(content, str) and content else None


def _as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}
