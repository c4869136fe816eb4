"""Inbound translation: discord.py objects as core events, or None for what Cohort ignores.

Pure functions: no I/O, nothing awaited. Anything unexpected (a partial payload, a kind of
interaction Cohort does not use) yields None rather than an error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import discord

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
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, UserRef

PLATFORM = "discord"
REPORT_COMMAND = "Report to moderators"
MAX_EXCERPT = 300

_MEMBER_MESSAGES = frozenset({discord.MessageType.default, discord.MessageType.reply})
_THREADS = frozenset({discord.ChannelType.public_thread, discord.ChannelType.private_thread})
_ACTION_ROW, _TEXT_INPUT, _LABEL = 1, 4, 18
_BUTTON = 2
_MESSAGE_COMMAND = 3


def community_ref(guild_id: int) -> CommunityRef:
    """Return the community a guild id names."""
    return CommunityRef(PLATFORM, str(guild_id))


def level_from_permissions(permissions: discord.Permissions, *, is_owner: bool) -> Level:
    """Return the level Discord's own permissions give: admin, moderator or member."""
    if is_owner or permissions.administrator:
        return Level.ADMIN
    if permissions.moderate_members or permissions.manage_messages:
        return Level.MODERATOR
    return Level.MEMBER


def member_actor(member: discord.Member | discord.User) -> Actor:
    """Return the person behind a member (or bare user) object."""
    return _actor(member, _guild_permissions(member))


def interaction_actor(interaction: discord.Interaction) -> Actor:
    """Return who interacted, judged by the permissions Discord sent with the interaction."""
    return _actor(interaction.user, interaction.permissions)


def interaction_ref(interaction: discord.Interaction) -> InteractionRef:
    """Return what the core needs to answer this interaction."""
    return InteractionRef(
        PLATFORM,
        str(interaction.id),
        interaction.token,
        ChannelRef(PLATFORM, str(interaction.channel_id)),
        UserRef(PLATFORM, str(interaction.user.id)),
    )


def message_posted(
    message: discord.Message, *, bot_user_id: int, content_readable: bool
) -> MessagePosted | None:
    """Return a member's message in a server; None for bots, webhooks, DMs and system messages."""
    if not _from_a_member(message, bot_user_id) or message.type not in _MEMBER_MESSAGES:
        return None
    assert message.guild is not None
    return MessagePosted(
        community=community_ref(message.guild.id),
        at=message.created_at,
        raw=message,
        actor=member_actor(message.author),
        message=_ref(message.channel.id, message.id),
        text=message.content if content_readable else None,
        thread_root=_thread_root(message.channel),
        mention_count=len(message.raw_mentions)
        + len(message.raw_role_mentions)
        + int(message.mention_everyone),
    )


def message_edited(
    payload: discord.RawMessageUpdateEvent, *, bot_user_id: int, content_readable: bool
) -> MessageEdited | None:
    """Return a member's edit of their message in a server; None otherwise."""
    data: Any = payload.data
    author = data.get("author") or {}
    if payload.guild_id is None or not author.get("id") or author.get("bot"):
        return None
    if int(author["id"]) == bot_user_id or "content" not in data:
        return None
    actor = member_actor(payload.message.author) if payload.message else _bare_actor(author)
    return MessageEdited(
        community=community_ref(payload.guild_id),
        at=_parse_time(data.get("edited_timestamp")) or discord.utils.utcnow(),
        raw=payload,
        actor=actor,
        message=_ref(payload.channel_id, payload.message_id),
        text=data["content"] if content_readable else None,
    )


def member_joined(member: discord.Member) -> MemberJoined | None:
    """Return a person joining a server; None for bots."""
    if member.bot:
        return None
    return MemberJoined(
        community=community_ref(member.guild.id),
        at=member.joined_at or discord.utils.utcnow(),
        raw=member,
        actor=member_actor(member),
    )


def member_left(payload: discord.RawMemberRemoveEvent) -> MemberLeft | None:
    """Return a person leaving (or removed from) a server; None for bots."""
    if payload.user.bot:
        return None
    return MemberLeft(
        community=community_ref(payload.guild_id),
        at=discord.utils.utcnow(),  # Discord does not say when
        raw=payload,
        actor=Actor(UserRef(PLATFORM, str(payload.user.id)), payload.user.display_name),
    )


def button_pressed(interaction: discord.Interaction) -> ButtonPressed | None:
    """Return a button press (the custom id is the action id); None for anything else."""
    data: Any = interaction.data or {}
    if interaction.type is not discord.InteractionType.component or interaction.guild_id is None:
        return None
    if data.get("component_type") != _BUTTON or not data.get("custom_id"):
        return None
    if interaction.message is None:
        return None
    return ButtonPressed(
        community=community_ref(interaction.guild_id),
        at=discord.utils.snowflake_time(interaction.id),
        raw=interaction,
        actor=interaction_actor(interaction),
        interaction=interaction_ref(interaction),
        action_id=str(data["custom_id"]),
        message=_ref(interaction.message.channel.id, interaction.message.id),
    )


def form_submitted(interaction: discord.Interaction) -> FormSubmitted | None:
    """Return a submitted modal with its values by input id; None for anything else."""
    data: Any = interaction.data or {}
    if interaction.type is not discord.InteractionType.modal_submit:
        return None
    if interaction.guild_id is None or not data.get("custom_id"):
        return None
    return FormSubmitted(
        community=community_ref(interaction.guild_id),
        at=discord.utils.snowflake_time(interaction.id),
        raw=interaction,
        actor=interaction_actor(interaction),
        interaction=interaction_ref(interaction),
        form_id=str(data["custom_id"]),
        values=dict(_text_inputs(data.get("components") or [])),
    )


def message_reported(interaction: discord.Interaction) -> MessageReported | None:
    """Return a report made with the "Report to moderators" message command; None otherwise."""
    data: Any = interaction.data or {}
    if interaction.type is not discord.InteractionType.application_command:
        return None
    if data.get("type") != _MESSAGE_COMMAND or data.get("name") != REPORT_COMMAND:
        return None
    target = str(data.get("target_id") or "")
    reported = ((data.get("resolved") or {}).get("messages") or {}).get(target)
    if interaction.guild_id is None or not target or not reported:
        return None
    author_id = (reported.get("author") or {}).get("id")
    return MessageReported(
        community=community_ref(interaction.guild_id),
        at=discord.utils.snowflake_time(interaction.id),
        raw=interaction,
        actor=interaction_actor(interaction),
        interaction=interaction_ref(interaction),
        message=_ref(reported.get("channel_id") or interaction.channel_id or "", target),
        author=UserRef(PLATFORM, str(author_id)) if author_id else None,
        reason=None,
        excerpt=_excerpt(reported.get("content")),
    )


def automod_flagged(action: discord.AutoModAction) -> MessageFlagged | None:
    """Return an AutoMod hit as a flag; one per hit, from its block or alert action.

    A rule with several actions sends one event per action; the timeout action is skipped so a
    rule that blocks, alerts and times out still makes one flag (the block, or else the alert).
    """
    kind = action.action.type
    if kind not in (
        discord.AutoModRuleActionType.block_message,
        discord.AutoModRuleActionType.send_alert_message,
    ):
        return None
    matched = action.matched_keyword or action.rule_trigger_type.name.replace("_", " ")
    channel_id = action.channel_id
    return MessageFlagged(
        community=community_ref(action.guild_id),
        at=discord.utils.utcnow(),
        raw=action,
        author=UserRef(PLATFORM, str(action.user_id)),
        channel=ChannelRef(PLATFORM, str(channel_id)) if channel_id else None,
        message=_ref(channel_id, action.message_id) if channel_id and action.message_id else None,
        excerpt=_excerpt(action.content or action.matched_content),
        rule=f'Discord AutoMod: matched "{matched}"',
        removed=kind is discord.AutoModRuleActionType.block_message,
    )


def _actor(user: discord.Member | discord.User, permissions: discord.Permissions) -> Actor:
    is_owner = isinstance(user, discord.Member) and user.guild.owner_id == user.id
    roles: frozenset[str] = frozenset()
    if isinstance(user, discord.Member):
        roles = frozenset(str(role_id) for role_id in user._roles if role_id != user.guild.id)
    return Actor(
        user=UserRef(PLATFORM, str(user.id)),
        display_name=user.display_name,
        platform_level=level_from_permissions(permissions, is_owner=is_owner),
        role_ids=roles,
        is_bot=user.bot,
    )


def _bare_actor(author: dict[str, Any]) -> Actor:
    name = author.get("global_name") or author.get("username") or str(author["id"])
    return Actor(UserRef(PLATFORM, str(author["id"])), name)


def _guild_permissions(user: discord.Member | discord.User) -> discord.Permissions:
    if isinstance(user, discord.Member):
        return user.guild_permissions
    return discord.Permissions.none()


def _from_a_member(message: discord.Message, bot_user_id: int) -> bool:
    author = message.author
    return (
        message.guild is not None
        and message.webhook_id is None
        and not author.bot
        and author.id != bot_user_id
    )


def _thread_root(channel: Any) -> MessageRef | None:
    # A thread started from a message has that message's id; its parent is where the root is.
    if getattr(channel, "type", None) not in _THREADS or channel.parent_id is None:
        return None
    return _ref(channel.parent_id, channel.id)


def _text_inputs(components: list[Any]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for component in components:
        kind = component.get("type")
        if kind == _TEXT_INPUT and component.get("custom_id"):
            found.append((str(component["custom_id"]), str(component.get("value") or "")))
        elif kind == _ACTION_ROW:
            found += _text_inputs(component.get("components") or [])
        elif kind == _LABEL and isinstance(component.get("component"), dict):
            found += _text_inputs([component["component"]])
    return found


def _ref(channel_id: int | str, message_id: int | str) -> MessageRef:
    return MessageRef(PLATFORM, str(channel_id), str(message_id))


def _excerpt(text: str | None) -> str | None:
    if not text:
        return None
    return text if len(text) <= MAX_EXCERPT else text[: MAX_EXCERPT - 1] + "…"


def _parse_time(value: str | None) -> datetime | None:
    return discord.utils.parse_time(value) if value else None
