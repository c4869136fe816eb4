"""The fake Discord's REST routes: each answers one request on the guild's state, as Discord."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.adapters.discord import fake_scheduled_events as scheduled_events
from tests.adapters.discord.fake_payloads import (
    DISCORD_EPOCH_MS,
    MAX_TIMEOUT,
    FakeGuild,
    StoredMessage,
    snowflake,
    user_payload,
)


def _unknown(thing: str, code: int) -> tuple[int, Any]:
    return 404, {"message": f"Unknown {thing}", "code": code}


def _missing_permissions() -> tuple[int, Any]:
    return 403, {"message": "Missing Permissions", "code": 50013}


def _me(g: FakeGuild, *_: Any) -> tuple[int, Any]:
    return 200, g.bot


def _application(g: FakeGuild, *_: Any) -> tuple[int, Any]:
    return 200, {
        "id": g.application_id,
        "name": "Cohort",
        "icon": None,
        "description": "",
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": g.app_flags,
        "owner": user_payload(g.owner_id, "owner"),
        "team": None,
    }


def _gateway_bot(g: FakeGuild, *_: Any) -> tuple[int, Any]:
    limit = {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1}
    url = g.advertised_gateway or g.gateway_url
    return 200, {"url": url, "shards": 1, "session_start_limit": limit}


def _put_commands(
    g: FakeGuild, body: Any, _q: Any, _app: str, scope: str = "global"
) -> tuple[int, Any]:
    stored = [
        {**command, "id": snowflake(), "application_id": g.application_id, "version": "1"}
        for command in body
    ]
    g.commands[scope] = stored
    return 200, stored


def _get_commands(
    g: FakeGuild, _b: Any, _q: Any, _app: str, scope: str = "global"
) -> tuple[int, Any]:
    return 200, g.commands.get(scope, [])


def _post_message(g: FakeGuild, body: Any, _q: Any, channel_id: str) -> tuple[int, Any]:
    if channel_id not in g.channels:
        return _unknown("Channel", 10003)
    nonce = None if body.get("nonce") is None else str(body["nonce"])
    if nonce is not None and body.get("enforce_nonce"):
        # Discord: the same author's message with this nonce (made in the past few minutes)
        # is returned instead of creating another.
        for stored in g.messages.values():
            if (stored.channel_id, stored.author_id, stored.nonce) == (
                channel_id,
                g.application_id,
                nonce,
            ):
                return 200, {**g.message_payload(stored), "nonce": nonce}
    stored = g.store(channel_id, g.application_id, body, nonce=nonce)
    return 200, {**g.message_payload(stored), "nonce": nonce}


def _live(g: FakeGuild, channel_id: str, message_id: str) -> StoredMessage | None:
    stored = g.messages.get(message_id)
    if stored is None or stored.deleted or stored.channel_id != channel_id:
        return None
    return stored


def _edit_message(
    g: FakeGuild, body: Any, _q: Any, channel_id: str, message_id: str
) -> tuple[int, Any]:
    stored = _live(g, channel_id, message_id)
    if stored is None:
        return _unknown("Message", 10008)
    if stored.author_id != g.application_id:
        return 403, {"message": "Cannot edit a message authored by another user", "code": 50005}
    stored.content = body.get("content", stored.content)
    stored.embeds = body.get("embeds", stored.embeds)
    stored.components = body.get("components", stored.components)
    return 200, g.message_payload(stored)


def _delete_message(
    g: FakeGuild, _b: Any, _q: Any, channel_id: str, message_id: str
) -> tuple[int, Any]:
    stored = _live(g, channel_id, message_id)
    if stored is None:
        return _unknown("Message", 10008)
    stored.deleted = True
    return 204, None


def _history(g: FakeGuild, _b: Any, query: dict[str, str], channel_id: str) -> tuple[int, Any]:
    before = int(query.get("before", 1 << 63))
    limit = int(query.get("limit", 50))
    found = [
        m
        for m in g.messages.values()
        if m.channel_id == channel_id and not m.deleted and int(m.id) < before
    ]
    found.sort(key=lambda m: int(m.id), reverse=True)
    return 200, [g.message_payload(m) for m in found[:limit]]


def _bulk_delete(g: FakeGuild, body: Any, _q: Any, channel_id: str) -> tuple[int, Any]:
    ids = body.get("messages", [])
    if not 2 <= len(ids) <= 100:
        return 400, {"message": "Invalid Form Body", "code": 50035}
    cutoff = datetime.now(UTC) - timedelta(days=14)
    for message_id in ids:
        stored = _live(g, channel_id, str(message_id))
        if stored is None:
            return _unknown("Message", 10008)
        millis = (int(message_id) >> 22) + DISCORD_EPOCH_MS
        if datetime.fromtimestamp(millis / 1000, UTC) < cutoff:
            return 400, {
                "message": "You can only bulk delete messages that are under 14 days old.",
                "code": 50034,
            }
    for message_id in ids:
        g.messages[str(message_id)].deleted = True
    return 204, None


def _thread_from_message(
    g: FakeGuild, body: Any, _q: Any, channel_id: str, message_id: str
) -> tuple[int, Any]:
    if _live(g, channel_id, message_id) is None:
        return _unknown("Message", 10008)
    if message_id in g.channels:
        return 400, {
            "message": "A thread has already been created for this message",
            "code": 160004,
        }
    g.add_channel(body["name"], kind=11, id=message_id, parent_id=channel_id)
    return 201, g.channels[message_id]


def _private_thread(g: FakeGuild, body: Any, _q: Any, channel_id: str) -> tuple[int, Any]:
    if channel_id not in g.channels:
        return _unknown("Channel", 10003)
    thread_id = g.add_channel(body["name"], kind=body.get("type", 12), parent_id=channel_id)
    g.thread_members[thread_id] = {g.application_id}
    return 201, g.channels[thread_id]


def _add_thread_member(
    g: FakeGuild, _b: Any, _q: Any, thread_id: str, user_id: str
) -> tuple[int, Any]:
    if thread_id not in g.thread_members:
        return _unknown("Channel", 10003)
    g.thread_members[thread_id].add(user_id)
    return 204, None


def _dm_channel(g: FakeGuild, body: Any, *_: Any) -> tuple[int, Any]:
    recipient = str(body["recipient_id"])
    existing = next(
        (
            c
            for c in g.channels.values()
            if c["type"] == 1 and c["recipients"][0]["id"] == recipient
        ),
        None,
    )
    if existing is None:
        channel_id = snowflake()
        existing = {
            "id": channel_id,
            "type": 1,
            "recipients": [g.users.get(recipient) or user_payload(recipient, "x")],
            "last_message_id": None,
        }
        g.channels[channel_id] = existing
    return 200, existing


def _outranked(g: FakeGuild, user_id: str) -> bool:
    if user_id == g.owner_id:
        return True
    top = max(
        (g.roles[r]["position"] for r in g.member_roles.get(user_id, []) if r in g.roles), default=0
    )
    return top >= g.roles[g.bot_role]["position"]


def _get_member(g: FakeGuild, _b: Any, _q: Any, _guild: str, user_id: str) -> tuple[int, Any]:
    if user_id not in g.users:
        return _unknown("Member", 10007)
    return 200, g.member_payload(user_id)


def _list_members(g: FakeGuild, _b: Any, query: dict[str, str], _guild: str) -> tuple[int, Any]:
    # Discord: members in user id order, after `after`, `limit` (1-1000, default 1) at a time.
    if not g.members_intent:
        return 403, {"message": "Missing Access", "code": 50001}
    limit, after = int(query.get("limit", 1)), int(query.get("after", 0))
    if not 1 <= limit <= 1000:
        return 400, {"message": "Invalid Form Body", "code": 50035}
    gone = {*g.kicked, *g.bans}
    ids = sorted(int(uid) for uid in [g.application_id, *g.users] if uid not in gone)
    return 200, [g.member_payload(str(uid)) for uid in ids if uid > after][:limit]


def _edit_member(g: FakeGuild, body: Any, _q: Any, _guild: str, user_id: str) -> tuple[int, Any]:
    if user_id not in g.users:
        return _unknown("Member", 10007)
    if _outranked(g, user_id):
        return _missing_permissions()
    until = body.get("communication_disabled_until")
    if until and datetime.fromisoformat(until) - datetime.now(UTC) > MAX_TIMEOUT + timedelta(
        minutes=1
    ):
        return 400, {"message": "Invalid Form Body", "code": 50035}
    g.timeouts[user_id] = until
    return 200, g.member_payload(user_id)


def _kick(g: FakeGuild, _b: Any, _q: Any, _guild: str, user_id: str) -> tuple[int, Any]:
    if user_id not in g.users:
        return _unknown("Member", 10007)
    if _outranked(g, user_id):
        return _missing_permissions()
    g.kicked.append(user_id)
    return 204, None


def _ban(g: FakeGuild, _b: Any, _q: Any, _guild: str, user_id: str) -> tuple[int, Any]:
    if user_id in g.users and _outranked(g, user_id):
        return _missing_permissions()
    g.bans.add(user_id)
    return 204, None


def _unban(g: FakeGuild, _b: Any, _q: Any, _guild: str, user_id: str) -> tuple[int, Any]:
    if user_id not in g.bans:
        return _unknown("Ban", 10026)
    g.bans.discard(user_id)
    return 204, None


def _callback(g: FakeGuild, body: Any, _q: Any, interaction_id: str, token: str) -> tuple[int, Any]:
    interaction = g.interactions.get(interaction_id)
    if interaction is None or interaction.token != token:
        return _unknown("interaction", 10062)
    if interaction.callbacks:
        return 400, {"message": "Interaction has already been acknowledged.", "code": 40060}
    interaction.callbacks.append(body)
    data = body.get("data") or {}
    kind = body["type"]
    resource: dict[str, Any] = {"type": kind}
    message_id = None
    if kind == 4:
        stored = g.store(
            interaction.channel_id, g.application_id, data, interaction_id=interaction_id
        )
        resource["message"] = g.message_payload(stored)
        message_id = stored.id
    return 200, {
        "interaction": {
            "id": interaction_id,
            "type": 2,
            "response_message_id": message_id,
            "response_message_loading": kind == 5,
            "response_message_ephemeral": bool((data.get("flags") or 0) & 64),
        },
        "resource": resource,
    }


def _follow_up(g: FakeGuild, body: Any, _q: Any, _app: str, token: str) -> tuple[int, Any]:
    interaction = next((i for i in g.interactions.values() if i.token == token), None)
    if interaction is None:
        return _unknown("Webhook", 10015)
    stored = g.store(interaction.channel_id, g.application_id, body, interaction_id=interaction.id)
    return 200, g.message_payload(stored)


def _delete_original(g: FakeGuild, _b: Any, _q: Any, _app: str, token: str) -> tuple[int, Any]:
    return 204, None


_S = r"([0-9]+)"
_ROUTES: list[tuple[str, re.Pattern[str], Any]] = [
    (method, re.compile(pattern), handler)
    for method, pattern, handler in [
        ("GET", r"/users/@me", _me),
        ("GET", r"/oauth2/applications/@me", _application),
        ("GET", r"/gateway/bot", _gateway_bot),
        ("PUT", rf"/applications/{_S}/commands", _put_commands),
        ("GET", rf"/applications/{_S}/commands", _get_commands),
        ("PUT", rf"/applications/{_S}/guilds/{_S}/commands", _put_commands),
        ("GET", rf"/applications/{_S}/guilds/{_S}/commands", _get_commands),
        ("POST", rf"/channels/{_S}/messages", _post_message),
        ("GET", rf"/channels/{_S}/messages", _history),
        ("POST", rf"/channels/{_S}/messages/bulk-delete", _bulk_delete),
        ("PATCH", rf"/channels/{_S}/messages/{_S}", _edit_message),
        ("DELETE", rf"/channels/{_S}/messages/{_S}", _delete_message),
        ("POST", rf"/channels/{_S}/messages/{_S}/threads", _thread_from_message),
        ("POST", rf"/channels/{_S}/threads", _private_thread),
        ("PUT", rf"/channels/{_S}/thread-members/{_S}", _add_thread_member),
        ("POST", r"/users/@me/channels", _dm_channel),
        ("GET", rf"/guilds/{_S}/members", _list_members),
        ("GET", rf"/guilds/{_S}/members/{_S}", _get_member),
        ("PATCH", rf"/guilds/{_S}/members/{_S}", _edit_member),
        ("DELETE", rf"/guilds/{_S}/members/{_S}", _kick),
        ("PUT", rf"/guilds/{_S}/bans/{_S}", _ban),
        ("DELETE", rf"/guilds/{_S}/bans/{_S}", _unban),
        ("POST", rf"/interactions/{_S}/([^/]+)/callback", _callback),
        ("POST", rf"/webhooks/{_S}/([^/]+)", _follow_up),
        ("DELETE", rf"/webhooks/{_S}/([^/]+)/messages/@original", _delete_original),
    ]
]

_ROUTES += scheduled_events.ROUTES


def handle(
    g: FakeGuild, method: str, path: str, body: Any, query: dict[str, str]
) -> tuple[int, Any]:
    """Answer one REST request on the guild `g`: (status, JSON body)."""
    for route_method, pattern, handler in _ROUTES:
        match = pattern.fullmatch(path)
        if match and route_method == method:
            return handler(g, body or {}, query, *match.groups())
    return 404, {"message": "404: Not Found", "code": 0}
