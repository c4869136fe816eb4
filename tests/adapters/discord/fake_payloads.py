"""The fake Discord's state: one guild, its people and messages (fake_routes.py answers REST).

Payloads follow Discord's documented shapes with the fields discord.py 2.7 requires (see
../shared/TESTING.md). Ids are snowflakes made from the current time, so the bot's age checks
(bulk delete only under 14 days) see real ages.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

DISCORD_EPOCH_MS = 1420070400000
MAX_TIMEOUT = timedelta(days=28)
THREAD_KINDS = frozenset({10, 11, 12})  # announcement, public and private threads
_ids = itertools.count(1)


def snowflake(at: datetime | None = None) -> str:
    """Return a new, unique snowflake id for the moment `at` (default: now)."""
    moment = at or datetime.now(UTC)
    millis = int(moment.timestamp() * 1000) - DISCORD_EPOCH_MS
    return str((millis << 22) | (next(_ids) & 0x3FFFFF))


def snowflake_on_shard(shard: int, count: int) -> str:
    """Return a new snowflake of a server on `shard` of `count`: (id >> 22) % count == shard."""
    millis = int(datetime.now(UTC).timestamp() * 1000) - DISCORD_EPOCH_MS
    millis += (shard - millis) % count  # the timestamp part decides the shard
    return str((millis << 22) | (next(_ids) & 0x3FFFFF))


def user_payload(user_id: str, name: str, *, bot: bool = False) -> dict[str, Any]:
    """Return a Discord user object."""
    return {
        "id": user_id,
        "username": name,
        "global_name": name.capitalize(),
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
        "public_flags": 0,
        "flags": 0,
        "primary_guild": None,
    }


@dataclass
class StoredMessage:
    """A message as the fake keeps it."""

    id: str
    channel_id: str
    author_id: str
    content: str
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    flags: int = 0
    deleted: bool = False
    interaction_id: str | None = None
    nonce: str | None = None
    attachments: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Interaction:
    """An interaction the fake sent, and how the bot answered it."""

    id: str
    token: str
    user_id: str
    channel_id: str
    callbacks: list[dict[str, Any]] = field(default_factory=list)


class FakeGuild:
    """Everything the fake Discord knows, and its REST routes."""

    def __init__(
        self, *, app_flags: int, application_id: str | None = None, guild_id: str | None = None
    ) -> None:
        """Make a server; `application_id`: the bot of another server (one bot in several)."""
        self.app_flags = app_flags
        self.gateway_url = ""
        self.advertised_gateway: str | None = None  # what GET /gateway/bot says, if not the fake
        self.application_id = application_id or snowflake()
        self.id = guild_id or snowflake()
        self.bot = user_payload(self.application_id, "cohort", bot=True)
        self.users: dict[str, dict[str, Any]] = {}
        self.member_roles: dict[str, list[str]] = {}
        self.locales: dict[str, str] = {}
        """The language each member's Discord app is set to (their interactions' `locale`)."""
        self.roles: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.thread_members: dict[str, set[str]] = {}
        self.messages: dict[str, StoredMessage] = {}
        self.interactions: dict[str, Interaction] = {}
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.scheduled_events: dict[str, dict[str, Any]] = {}
        self.bans: set[str] = set()
        self.kicked: list[str] = []
        self.timeouts: dict[str, str | None] = {}
        self.large = False
        """A large server: GUILD_CREATE carries only the bot's member (Discord sends a large
        server's offline members only when asked), so discord.py's cache is not complete."""
        self.members_intent = True
        """Whether the Server Members intent is on: off, listing members is 403 Missing Access."""
        self._by_name: dict[str, str] = {}
        self.bot_role = self.add_role("Cohort", permissions=(1 << 41) - 1 - 8, position=5)
        self.owner_id = self.add_member("owner")
        self.general = self.add_channel("general")

    # --- people and places ------------------------------------------------------------------

    def add_member(self, name: str, *, roles: tuple[str, ...] = (), bot: bool = False) -> str:
        """Add a member called `name` (once; `bot`: a bot account); return their user id."""
        if name in self._by_name:
            return self._by_name[name]
        user_id = snowflake()
        self._by_name[name] = user_id
        self.users[user_id] = user_payload(user_id, name, bot=bot)
        self.member_roles[user_id] = list(roles)
        return user_id

    def user_id(self, name: str) -> str:
        """Return the id of the member called `name`."""
        return self._by_name[name]

    def add_role(self, name: str, *, permissions: int = 0, position: int = 1) -> str:
        """Add a role; return its id."""
        role_id = snowflake()
        self.roles[role_id] = {
            "id": role_id,
            "name": name,
            "color": 0,
            "hoist": False,
            "position": position,
            "permissions": str(permissions),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }
        return role_id

    def add_channel(self, name: str, *, kind: int = 0, **extra: Any) -> str:
        """Add a channel (text by default); return its id."""
        channel_id = extra.pop("id", None) or snowflake()
        self.channels[channel_id] = {
            "id": channel_id,
            "type": kind,
            "name": name,
            "guild_id": self.id,
            "position": len(self.channels),
            "permission_overwrites": [],
            **(self._thread_fields() if kind in THREAD_KINDS else {}),
            **extra,
        }
        return channel_id

    def _thread_fields(self) -> dict[str, Any]:
        """What Discord adds to a thread channel: its owner (the bot here), counts, metadata."""
        return {
            "owner_id": self.application_id,
            "message_count": 0,
            "member_count": 1,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 10080,
                "archive_timestamp": "2026-01-01T00:00:00+00:00",
                "locked": False,
            },
        }

    def member_payload(self, user_id: str) -> dict[str, Any]:
        """Return the guild member object of a user."""
        return {
            "user": self.users.get(user_id) or self.bot,
            "roles": self.member_roles.get(user_id, [self.bot_role]),
            "joined_at": "2026-01-05T08:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "nick": None,
            "communication_disabled_until": self.timeouts.get(user_id),
            "avatar": None,
            "banner": None,
            "pending": False,
            "premium_since": None,
        }

    # --- gateway payloads -------------------------------------------------------------------

    def ready(self, identify: dict[str, Any]) -> dict[str, Any]:
        """Return READY for an IDENTIFY."""
        return {
            "v": 10,
            "user": self.bot,
            "guilds": [{"id": self.id, "unavailable": True}],
            "session_id": "session-" + snowflake(),
            "resume_gateway_url": self.gateway_url,
            "shard": identify.get("shard", [0, 1]),
            "application": {"id": self.application_id, "flags": self.app_flags},
        }

    def guild_create(self) -> dict[str, Any]:
        """Return GUILD_CREATE with roles, channels and members."""
        everyone = {**self._role_everyone()}
        members = [self.member_payload(uid) for uid in [self.application_id, *self.users]]
        count = len(members)
        if self.large:
            members = members[:1]  # the bot's own
        return {
            "id": self.id,
            "name": "Cohort test server",
            "icon": None,
            "owner_id": self.owner_id,
            "roles": [everyone, *self.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "channels": [c for c in self.channels.values() if c["type"] in (0, 5)],
            "threads": [],
            "members": members,
            "member_count": count,
            "large": self.large,
            "unavailable": False,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "premium_tier": 0,
            "preferred_locale": "en-US",
            "nsfw_level": 0,
            "system_channel_flags": 0,
            "joined_at": "2026-01-05T08:00:00+00:00",
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
        }

    def members_chunk(self, request: dict[str, Any]) -> dict[str, Any]:
        """Return GUILD_MEMBERS_CHUNK answering a member request."""
        members = [self.member_payload(uid) for uid in [self.application_id, *self.users]]
        return {
            "guild_id": self.id,
            "members": members,
            "chunk_index": 0,
            "chunk_count": 1,
            "nonce": request.get("nonce"),
        }

    def _role_everyone(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": "@everyone",
            "color": 0,
            "hoist": False,
            "position": 0,
            "permissions": str((1 << 10) | (1 << 11)),
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }

    def message_payload(self, stored: StoredMessage) -> dict[str, Any]:
        """Return a stored message as Discord sends it."""
        author = self.users.get(stored.author_id) or self.bot
        payload: dict[str, Any] = {
            "id": stored.id,
            "channel_id": stored.channel_id,
            "author": author,
            "content": stored.content,
            "timestamp": datetime.now(UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [_attachment(stored, one) for one in stored.attachments],
            "embeds": stored.embeds,
            "components": stored.components,
            "pinned": False,
            "type": 0,
            "flags": stored.flags,
        }
        if self.channels.get(stored.channel_id, {}).get("guild_id"):
            payload["guild_id"] = self.id
        return payload

    def store(
        self, channel_id: str, author_id: str, body: dict[str, Any], **extra: Any
    ) -> StoredMessage:
        """Store a message posted in `channel_id`."""
        stored = StoredMessage(
            snowflake(),
            channel_id,
            author_id,
            body.get("content") or "",
            embeds=body.get("embeds") or [],
            components=body.get("components") or [],
            flags=body.get("flags") or 0,
            attachments=body.get("attachments") or [],
            **extra,
        )
        self.messages[stored.id] = stored
        return stored


def _attachment(stored: StoredMessage, sent: dict[str, Any]) -> dict[str, Any]:
    """Return an attachment as Discord shows it on a message."""
    name = sent["filename"]
    url = f"https://cdn.discordapp.com/attachments/{stored.channel_id}/{stored.id}/{name}"
    return {"id": snowflake(), "filename": sent["filename"], "size": sent["size"], "url": url,
            "proxy_url": url}  # fmt: skip
