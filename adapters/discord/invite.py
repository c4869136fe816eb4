"""The install link, with exactly the permissions the bot uses (the README says what for)."""

from __future__ import annotations

import base64
import binascii
from urllib.parse import urlencode

import discord

# Each permission the bot asks for, and why; the README's table is written from this list.
PERMISSIONS: dict[str, str] = {
    "view_channel": "see the channels it posts in and the commands typed there",
    "send_messages": "post topics, welcomes and answers",
    "attach_files": "send a session's calendar file (.ics) by DM",
    "manage_events": "show each study session as a server event, kept in step",
    "send_messages_in_threads": "answer in discussion and buddy threads",
    "create_public_threads": "open a thread under each discussion topic",
    "create_private_threads": "give buddy pairs and trios a private thread",
    "embed_links": "show fields (who reported, why) beside a message",
    "read_message_history": "find recent messages for /mod purge",
    "manage_messages": "remove flagged messages and purge spam",
    "moderate_members": "time members out (/mod timeout)",
    "kick_members": "/mod kick",
    "ban_members": "/mod ban and /mod unban",
}

AUTHORIZE_URL = "https://discord.com/oauth2/authorize"


def permission_bits() -> int:
    """Return the permissions integer Discord expects in the install link."""
    return discord.Permissions(**dict.fromkeys(PERMISSIONS, True)).value


def invite_url(application_id: int) -> str:
    """Return the link that adds the bot (with slash commands) to a server."""
    query = {
        "client_id": str(application_id),
        "scope": "bot applications.commands",
        "permissions": str(permission_bits()),
        "integration_type": "0",
    }
    return f"{AUTHORIZE_URL}?{urlencode(query)}"


def application_id_from_token(token: str) -> int | None:
    """Return the bot's id, which a bot token carries base64-encoded before its first dot."""
    head = token.split(".", 1)[0]
    try:
        decoded = base64.b64decode(head + "=" * (-len(head) % 4), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return int(decoded) if decoded.isdigit() else None
