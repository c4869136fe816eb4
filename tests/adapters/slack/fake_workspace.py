"""The fake Slack's workspace: people, channels, messages, and the Web API methods over them."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

Answer = dict[str, Any]
_counter = itertools.count(1)


def _ts() -> str:
    # Slack timestamps are unique per channel; a counter in the microseconds keeps them so.
    return f"{int(time.time())}.{next(_counter):06d}"


@dataclass
class StoredMessage:
    """A message as the fake keeps it."""

    channel: str
    ts: str
    user: str
    text: str
    blocks: list[dict[str, Any]] = field(default_factory=list)
    thread_ts: str | None = None
    deleted: bool = False
    by_bot: bool = False
    metadata: dict[str, Any] | None = None


class Workspace:
    """One Slack workspace with #general, an admin and the bot.

    `tag` goes into every id it makes, so that several workspaces of one fake keep Slack's
    promise that ids are unique across workspaces (the first workspace has none).
    """

    def __init__(self, team_id: str = "T0COHORT", tag: str = "") -> None:
        self.team_id = team_id
        self.tag = tag
        self.enterprise_id: str | None = None  # set: the app is installed org-wide
        self.bot_user_id = f"UBOT{tag}"
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, dict[str, Any]] = {}
        self.messages: dict[tuple[str, str], StoredMessage] = {}
        self.views: list[dict[str, Any]] = []
        self.groups: dict[str, list[str]] = {}
        self.plan_has_groups = True
        """False: a free workspace, where every user group method is plan_upgrade_required."""
        self.granted: set[str] | None = None
        """The bot token's scopes, when a test narrows them (None: every scope asked for)."""
        self._names: dict[str, str] = {}
        self._conversations: dict[frozenset[str], str] = {}
        self.admin = self.add_user("admin", admin=True)
        self.general = self.add_channel("general")

    def add_user(
        self,
        name: str,
        *,
        admin: bool = False,
        bot: bool = False,
        tz: str = "Europe/Berlin",
        locale: str = "en-US",
    ) -> str:
        """Add a person called `name` (once); return their id."""
        if name in self._names:
            return self._names[name]
        user_id = f"U{self.tag}{len(self._names) + 1:04d}{name.upper()[:4]}"
        self._names[name] = user_id
        self.users[user_id] = {
            "id": user_id,
            "team_id": self.team_id,
            "name": name,
            "real_name": name.capitalize(),
            "tz": tz,
            "locale": locale,
            "is_admin": admin,
            "is_owner": admin,
            "is_primary_owner": False,
            "is_bot": bot,
            "deleted": False,
            "profile": {"display_name": name.capitalize(), "real_name": name.capitalize()},
        }
        for channel in self.channels.values():
            if not channel["is_im"] and not channel["is_mpim"]:
                channel["members"].add(user_id)
        return user_id

    def add_group(self, handle: str, users: list[str]) -> str:
        """Add a user group with these members; return its id (`S...`)."""
        group_id = f"S{len(self.groups) + 1:04d}{handle.upper()[:4]}"
        self.groups[group_id] = list(users)
        return group_id

    def user_id(self, name: str) -> str:
        """Return the id of the person called `name`, adding them if new."""
        return self.add_user(name)

    def add_channel(self, name: str) -> str:
        """Add a public channel with everyone and the bot in it; return its id."""
        channel_id = f"C{self.tag}{len(self.channels) + 1:04d}{name.upper()[:4]}"
        members = {*self.users, self.bot_user_id}
        self.channels[channel_id] = _channel(channel_id, name, members)
        return channel_id

    def channel_id(self, name: str) -> str:
        """Return the id of the channel called `name`."""
        return next(c["id"] for c in self.channels.values() if c.get("name") == name)

    def store(self, channel: str, user: str, text: str, **extra: Any) -> StoredMessage:
        """Store a message in `channel`."""
        message = StoredMessage(channel, _ts(), user, text, **extra)
        self.messages[(channel, message.ts)] = message
        return message

    def live(self, channel: str, ts: str) -> StoredMessage | None:
        """Return the message, unless it never existed or was deleted."""
        message = self.messages.get((channel, ts))
        return None if message is None or message.deleted else message

    def call(self, method: str, arguments: dict[str, Any], *, admin: bool) -> Answer:
        """Answer one Web API method."""
        handler = _METHODS.get(method)
        if handler is None:
            return {"ok": False, "error": "unknown_method"}
        return handler(self, arguments, admin)

    def conversation_for(self, people: frozenset[str]) -> str:
        """Return the DM (one person) or multi-person DM for exactly these people."""
        if people not in self._conversations:
            prefix = "D" if len(people) == 1 else "G"
            channel_id = f"{prefix}{self.tag}{len(self._conversations) + 1:04d}"
            channel = _channel(channel_id, None, {*people, self.bot_user_id})
            channel["is_im"], channel["is_mpim"] = len(people) == 1, len(people) > 1
            self.channels[channel_id] = channel
            self._conversations[people] = channel_id
        return self._conversations[people]

    def payload(self, message: StoredMessage, *, with_metadata: bool = True) -> dict[str, Any]:
        """Return a stored message as the Web API shows it."""
        shown: dict[str, Any] = {
            "type": "message",
            "user": message.user,
            "text": message.text,
            "ts": message.ts,
        }
        if message.blocks:
            shown["blocks"] = message.blocks
        if message.by_bot:
            shown["bot_id"] = "BCOHORT"
        if message.thread_ts:
            shown["thread_ts"] = message.thread_ts
        if message.metadata and with_metadata:
            shown["metadata"] = message.metadata
        return shown


def _channel(channel_id: str, name: str | None, members: set[str]) -> dict[str, Any]:
    return {
        "id": channel_id,
        "name": name,
        "is_channel": name is not None,
        "is_im": False,
        "is_mpim": False,
        "members": members,
    }


def _auth_test(w: Workspace, _args: dict[str, Any], _admin: bool) -> Answer:
    return {
        "ok": True,
        "url": "https://cohort-test.slack.com/",
        "team": "Cohort test",
        "user": "cohort",
        "team_id": w.team_id,
        "user_id": w.bot_user_id,
        "bot_id": f"BCOHORT{w.tag}",
        "enterprise_id": w.enterprise_id,
        "is_enterprise_install": w.enterprise_id is not None,
    }


def _users_info(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    user = w.users.get(str(args.get("user")))
    if not user:
        return {"ok": False, "error": "user_not_found"}
    # As Slack: the locale is in the answer only when `include_locale` asks for it.
    if str(args.get("include_locale", "")).lower() not in {"true", "1"}:
        user = {key: value for key, value in user.items() if key != "locale"}
    return {"ok": True, "user": user}


def _group_refusal(w: Workspace) -> Answer | None:
    if w.granted is not None and "usergroups:read" not in w.granted:
        provided = ",".join(sorted(w.granted))
        return {"ok": False, "error": "missing_scope", "needed": "usergroups:read",
                "provided": provided}  # fmt: skip
    if not w.plan_has_groups:
        return {"ok": False, "error": "plan_upgrade_required"}
    return None


def _usergroups_users_list(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    refused = _group_refusal(w)
    if refused is not None:
        return refused
    users = w.groups.get(str(args.get("usergroup")))
    if users is None:
        return {"ok": False, "error": "no_such_subteam"}
    return {"ok": True, "users": list(users)}


def _usergroups_list(w: Workspace, _args: dict[str, Any], _admin: bool) -> Answer:
    refused = _group_refusal(w)
    if refused is not None:
        return refused
    groups = [{"id": gid, "handle": gid.lower(), "users": users} for gid, users in w.groups.items()]
    return {"ok": True, "usergroups": groups}


def _post(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    channel = str(args.get("channel"))
    if channel not in w.channels:
        return {"ok": False, "error": "channel_not_found"}
    thread = args.get("thread_ts")
    message = w.store(
        channel,
        w.bot_user_id,
        str(args.get("text") or ""),
        blocks=args.get("blocks") or [],
        thread_ts=str(thread) if thread else None,
        by_bot=True,
        metadata=args.get("metadata") or None,
    )
    return {"ok": True, "channel": channel, "ts": message.ts, "message": w.payload(message)}


def _post_ephemeral(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    channel, user = str(args.get("channel")), str(args.get("user"))
    if channel not in w.channels:
        return {"ok": False, "error": "channel_not_found"}
    if user not in w.channels[channel]["members"]:
        return {"ok": False, "error": "user_not_in_channel"}
    return {"ok": True, "message_ts": _ts()}


def _update(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    message = w.live(str(args.get("channel")), str(args.get("ts")))
    if message is None:
        return {"ok": False, "error": "message_not_found"}
    if not message.by_bot:
        return {"ok": False, "error": "cant_update_message"}
    message.text = str(args.get("text") or "")
    message.blocks = args.get("blocks") or []
    return {"ok": True, "channel": message.channel, "ts": message.ts, "text": message.text}


def _delete(w: Workspace, args: dict[str, Any], admin: bool) -> Answer:
    message = w.live(str(args.get("channel")), str(args.get("ts")))
    if message is None:
        return {"ok": False, "error": "message_not_found"}
    if not message.by_bot and not admin:
        return {"ok": False, "error": "cant_delete_message"}
    message.deleted = True
    return {"ok": True, "channel": message.channel, "ts": message.ts}


def _open(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    people = frozenset(part for part in str(args.get("users", "")).split(",") if part)
    if not people or not people <= set(w.users):
        return {"ok": False, "error": "user_not_found"}
    return {"ok": True, "channel": {"id": w.conversation_for(people)}}


def _kick(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    channel = w.channels.get(str(args.get("channel")))
    user = str(args.get("user"))
    if channel is None:
        return {"ok": False, "error": "channel_not_found"}
    if user == w.bot_user_id:
        return {"ok": False, "error": "cant_kick_self"}
    if user not in channel["members"]:
        return {"ok": False, "error": "not_in_channel"}
    channel["members"].discard(user)
    return {"ok": True}


def _history(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    channel = str(args.get("channel"))
    if channel not in w.channels:
        return {"ok": False, "error": "channel_not_found"}
    found = [m for m in w.messages.values() if m.channel == channel and not m.deleted]
    found.sort(key=lambda m: m.ts, reverse=True)
    limit = int(args.get("limit") or 100)
    # Slack shows messages' metadata in the history only when asked to.
    metadata = str(args.get("include_all_metadata")).lower() in ("true", "1")
    shown = [w.payload(m, with_metadata=metadata) for m in found[:limit]]
    return {"ok": True, "messages": shown, "has_more": False}


def _replies(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    channel, ts = str(args.get("channel")), str(args.get("ts"))
    root = w.live(channel, ts)
    if root is None:
        return {"ok": False, "error": "thread_not_found"}
    thread = [m for m in w.messages.values() if m.channel == channel and m.thread_ts == ts]
    return {"ok": True, "messages": [w.payload(root), *map(w.payload, thread)]}


def _user_conversations(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    user = str(args.get("user") or w.bot_user_id)
    found = [
        {"id": c["id"], "name": c["name"]}
        for c in w.channels.values()
        if c["is_channel"] and user in c["members"] and w.bot_user_id in c["members"]
    ]
    return {"ok": True, "channels": found, "response_metadata": {"next_cursor": ""}}


def _views_open(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    if not str(args.get("trigger_id", "")).startswith("trigger."):
        return {"ok": False, "error": "invalid_trigger_id"}
    view = args.get("view") or {}
    w.views.append(view)
    return {"ok": True, "view": {**view, "id": f"V{len(w.views):04d}"}}


def _conversations_info(w: Workspace, args: dict[str, Any], _admin: bool) -> Answer:
    channel = w.channels.get(str(args.get("channel")))
    if channel is None:
        return {"ok": False, "error": "channel_not_found"}
    shown = {key: value for key, value in channel.items() if key != "members"}
    return {"ok": True, "channel": shown}


_METHODS: dict[str, Callable[[Workspace, dict[str, Any], bool], Answer]] = {
    "auth.test": _auth_test,
    "conversations.info": _conversations_info,
    "users.info": _users_info,
    "usergroups.list": _usergroups_list,
    "usergroups.users.list": _usergroups_users_list,
    "chat.postMessage": _post,
    "chat.postEphemeral": _post_ephemeral,
    "chat.update": _update,
    "chat.delete": _delete,
    "conversations.open": _open,
    "conversations.kick": _kick,
    "conversations.history": _history,
    "conversations.replies": _replies,
    "users.conversations": _user_conversations,
    "views.open": _views_open,
}
