"""Gateway events a test pushes through the fake Discord: joins, messages, reactions,
interactions, AutoMod."""

from __future__ import annotations

import secrets
from typing import Any

from tests.adapters.discord.fake_payloads import (
    THREAD_KINDS,
    FakeGuild,
    Interaction,
    StoredMessage,
    snowflake,
)

ADMINISTRATOR = 1 << 3


def member_add(guild: FakeGuild, name: str) -> dict[str, Any]:
    """Return GUILD_MEMBER_ADD for a new member called `name`."""
    user_id = guild.add_member(name)
    return {**guild.member_payload(user_id), "guild_id": guild.id}


def member_remove(guild: FakeGuild, name: str) -> dict[str, Any]:
    """Return GUILD_MEMBER_REMOVE for the member called `name`."""
    return {"guild_id": guild.id, "user": guild.users[guild.user_id(name)]}


def message_create(
    guild: FakeGuild, name: str, channel_id: str, content: str, *, content_intent: bool
) -> dict[str, Any]:
    """Store and return MESSAGE_CREATE; without the content intent Discord blanks the text."""
    user_id = guild.add_member(name)
    stored = guild.store(channel_id, user_id, {"content": content})
    payload = guild.message_payload(stored)
    if not content_intent and f"<@{guild.application_id}>" not in content:
        payload["content"] = ""
    member = guild.member_payload(user_id)
    del member["user"]
    return {**payload, "member": member}


def reaction_add(guild: FakeGuild, name: str, message_id: str, emoji: str) -> dict[str, Any]:
    """Return MESSAGE_REACTION_ADD by the member `name` on a stored message, as Discord sends
    it in a guild (with the reacting member)."""
    user_id = guild.add_member(name)
    stored = guild.messages[message_id]
    return {
        "type": 0,
        "user_id": user_id,
        "channel_id": stored.channel_id,
        "message_id": message_id,
        "guild_id": guild.id,
        "member": guild.member_payload(user_id),
        "emoji": {"id": None, "name": emoji},
        "burst": False,
        "burst_colors": [],
        "message_author_id": stored.author_id,
    }


def interaction(
    guild: FakeGuild,
    kind: int,
    name: str,
    channel_id: str,
    data: dict[str, Any],
    *,
    permissions: int = 0,
    message: StoredMessage | None = None,
) -> dict[str, Any]:
    """Store and return INTERACTION_CREATE of `kind` by the member `name`."""
    user_id = guild.add_member(name)
    if user_id == guild.owner_id:
        permissions |= ADMINISTRATOR
    interaction_id = snowflake()
    token = secrets.token_urlsafe(16)
    guild.interactions[interaction_id] = Interaction(interaction_id, token, user_id, channel_id)
    payload: dict[str, Any] = {
        "id": interaction_id,
        "application_id": guild.application_id,
        "type": kind,
        "data": data,
        "guild_id": guild.id,
        "channel_id": channel_id,
        "channel": _channel_object(guild, channel_id),
        "member": {**guild.member_payload(user_id), "permissions": str(permissions)},
        "token": token,
        "version": 1,
        "app_permissions": str((1 << 41) - 1),
        "locale": guild.locales.get(user_id, "en-US"),
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": guild.id},
        "context": 0,
        "attachment_size_limit": 26214400,
    }
    if message is not None:
        payload["message"] = guild.message_payload(message)
    return payload


def _channel_object(guild: FakeGuild, channel_id: str) -> dict[str, Any]:
    """Return the partial channel an interaction carries; a thread's is the whole thread, with
    its `parent_id` (as Discord sends it: the fields discord.py reads a `Thread` from)."""
    channel = guild.channels[channel_id]
    if channel["type"] in THREAD_KINDS:
        return dict(channel)
    return {"id": channel_id, "type": channel["type"], "guild_id": guild.id}


def slash_data(guild: FakeGuild, path: str, options: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the `data` of a slash command typed as `path` (`"guidelines add"`)."""
    words = path.split()
    nested = options
    for word in reversed(words[1:]):
        nested = [{"type": 1, "name": word, "options": nested}]
    command = next(
        (c for c in guild.commands.get("global", []) if c["name"] == words[0]), {"id": snowflake()}
    )
    return {"id": command["id"], "name": words[0], "type": 1, "options": nested}


def automod_execution(
    guild: FakeGuild, name: str, channel_id: str, content: str, keyword: str, *, blocked: bool
) -> dict[str, Any]:
    """Return AUTO_MODERATION_ACTION_EXECUTION for a keyword hit."""
    return {
        "guild_id": guild.id,
        "action": {"type": 1 if blocked else 2, "metadata": {}},
        "rule_id": snowflake(),
        "rule_trigger_type": 1,
        "user_id": guild.add_member(name),
        "channel_id": channel_id,
        "message_id": None if blocked else snowflake(),
        "alert_system_message_id": None,
        "content": content,
        "matched_keyword": keyword,
        "matched_content": keyword,
    }
