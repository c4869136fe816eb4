"""Discord's documented payloads for the inbound tests, completed where discord.py needs it.

The samples come from Discord's docs (copied into samples/, CC BY-SA 4.0 / MIT,
see SOURCES.md there). Where discord.py 2.7 needs fields a sample lacks, or a test needs a
variation, the builder completes the sample with a visible `sample | {...}` and says why.
"""

from __future__ import annotations

import json
from typing import Any

from adapters.discord import inbound
from adapters.discord.app_commands import REPORT_COMMAND_NAME
from tests.adapters.discord.objects import BOT_USER_ID, DiscordObjects
from tests.adapters.discord.openapi import SAMPLES

GUILD_ID = "290926798626357999"  # the guild of the button and slash command samples
REPORT_GUILD_ID = "772904309264089089"  # the guild of the modal and message command samples
OWNER_ID = "73193882359173120"  # the guild sample's owner
GENERAL_ID = "290926798999357250"  # the message sample's channel
THREAD_ID = "334385199974967042"  # a thread started from the message sample: same id
PRIVATE_THREAD_ID = "334385199974967100"
FORUM_ID = "290926798999357300"
FORUM_POST_ID = "334385199974967200"
AUTHOR_ID = "53908099506183680"  # the message sample's author
MODERATOR_ROLE = "400000000000000001"
MESSAGES_ROLE = "400000000000000002"
ADMIN_ROLE = "400000000000000003"
HOST_ROLE = "400000000000000004"
ATTACHMENT_SIZE_LIMIT = 8388608

# Every interaction payload Discord sends carries these; the docs' samples lack some, and
# discord.py 2.7 raises KeyError without them.
REQUIRED = {"version": 1, "attachment_size_limit": ATTACHMENT_SIZE_LIMIT}


def sample(name: str) -> dict[str, Any]:
    """Return one of Discord's documented payloads, freshly parsed."""
    loaded: dict[str, Any] = json.loads((SAMPLES / name).read_text())
    return loaded


def role(role_id: str, name: str, permissions: int) -> dict[str, Any]:
    """Return a role payload."""
    return {"id": role_id, "name": name, "permissions": str(permissions), "position": 1}


def text_channel(channel_id: str, guild_id: str, name: str = "general") -> dict[str, Any]:
    """Return the docs' text channel with another id."""
    return sample("channel__guild_text__docs.json") | {
        "id": channel_id,
        "guild_id": guild_id,
        "name": name,
    }


def thread(thread_id: str, parent_id: str, kind: int) -> dict[str, Any]:
    """Return the docs' thread with other ids and type (11 public, 12 private)."""
    return sample("channel__thread__docs.json") | {
        "id": thread_id,
        "guild_id": GUILD_ID,
        "parent_id": parent_id,
        "owner_id": AUTHOR_ID,
        "type": kind,
    }


def guild_payload(guild_id: str) -> dict[str, Any]:
    """Return the docs' guild as GUILD_CREATE would: with its roles, channels and threads."""
    return sample("guild__example__docs.json") | {
        "id": guild_id,
        "roles": [
            role(guild_id, "@everyone", 1024),  # view channel
            role(MODERATOR_ROLE, "mods", 1 << 40),  # moderate members
            role(MESSAGES_ROLE, "tidiers", 1 << 13),  # manage messages
            role(ADMIN_ROLE, "admins", 1 << 3),  # administrator
            role(HOST_ROLE, "hosts", 0),
        ],
        "channels": [
            text_channel(GENERAL_ID, guild_id),
            text_channel(FORUM_ID, guild_id, "questions") | {"type": 15},
        ],
        "threads": [
            thread(THREAD_ID, GENERAL_ID, 11),
            thread(PRIVATE_THREAD_ID, GENERAL_ID, 12),
            thread(FORUM_POST_ID, FORUM_ID, 11),
        ],
    }


def known_guilds() -> DiscordObjects:
    """Return an unconnected client's state that knows both sample guilds."""
    return DiscordObjects([guild_payload(GUILD_ID), guild_payload(REPORT_GUILD_ID)])


def member_data(roles: list[str], *, nick: str | None = None) -> dict[str, Any]:
    """Return the `member` a guild message carries (no user; discord.py needs `flags`)."""
    joined_at = "2017-03-13T19:19:14.040000+00:00"
    return {"roles": roles, "nick": nick, "joined_at": joined_at, "flags": 0}


def message_payload(**changes: Any) -> dict[str, Any]:
    """Return the docs' message as MESSAGE_CREATE in the guild (it adds guild_id and member)."""
    return (
        sample("message__example_message__docs.json")
        | {"guild_id": GUILD_ID, "member": member_data([GUILD_ID])}
        | changes
    )


def sample_author(**changes: Any) -> dict[str, Any]:
    """Return the message sample's author, changed."""
    return sample("message__example_message__docs.json")["author"] | changes


def posted(objects: DiscordObjects, *, readable: bool = True, **changes: Any) -> Any:
    """Translate a MESSAGE_CREATE built from the docs' message."""
    message = objects.message(message_payload(**changes))
    return inbound.message_posted(message, bot_user_id=BOT_USER_ID, content_readable=readable)


# --- interactions: buttons -------------------------------------------------------------------


def button_payload(**changes: Any) -> dict[str, Any]:
    """Return the docs' button click, completed as Discord sends it today.

    Added: what discord.py requires (`attachment_size_limit`, `flags` on the member) and the
    `channel` object, the only place discord.py reads an interaction's channel from.
    """
    payload = sample("interaction_create__button_click__docs_2025.json")
    channel = {"id": payload["channel_id"], "type": 0, "guild_id": GUILD_ID, "name": "general"}
    return (
        payload
        | REQUIRED
        | {"channel": channel | {"position": 0}, "member": payload["member"] | {"flags": 0}}
        | changes
    )


# --- forms -----------------------------------------------------------------------------------


def modal_payload(**changes: Any) -> dict[str, Any]:
    """Return the docs' modal submission with what discord.py requires added."""
    payload = sample("interaction_create__modal_submit__docs_2025.json")
    return payload | REQUIRED | {"member": payload["member"] | {"flags": 0}} | changes


# --- reports: the message command ------------------------------------------------------------


def message_command_payload(name: str = REPORT_COMMAND_NAME, **changes: Any) -> dict[str, Any]:
    """Return the docs' message command, renamed, with what discord.py requires added.

    Added: `attachment_size_limit`, the member's `flags` and the `channel` object.
    """
    payload = sample("interaction_create__message_command__docs.json")
    channel = modal_payload()["channel"]  # the same channel, in the same guild
    return (
        payload
        | REQUIRED
        | {
            "data": payload["data"] | {"name": name},
            "member": payload["member"] | {"flags": 0},
            "channel": channel,
        }
        | changes
    )


def without(payload: dict[str, Any], key: str) -> dict[str, Any]:
    """Return `payload` without `key`."""
    return {name: value for name, value in payload.items() if name != key}
