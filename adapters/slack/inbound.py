"""Inbound translation: Slack payloads as core events, or None for what Cohort ignores.

Pure functions: no I/O. The caller looks the acting person up (users.info, cached) and passes
the `Actor` in. Anything unexpected yields None rather than an error.
"""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.events import (
    Actor,
    ButtonPressed,
    CommandInvoked,
    FormSubmitted,
    MemberJoined,
    MemberLeft,
    MessageEdited,
    MessagePosted,
    MessageReported,
    ReactionAdded,
)
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, UserRef

PLATFORM = "slack"
REPORT_CALLBACK = "report_to_moderators"
THANK_CALLBACK = "thank_the_author"
MAX_EXCERPT = 300
_POST_SUBTYPES = frozenset({None, "thread_broadcast", "file_share", "me_message"})
_CHANNEL_TYPES = frozenset({"channel", "group"})
_MENTIONS = ("<@", "<!subteam^", "<!here", "<!channel", "<!everyone")


@functools.lru_cache(maxsize=4096)
def community_ref(team_id: str) -> CommunityRef:
    """Return the community a workspace id names (one object per workspace: every message
    names one, and a frozen dataclass costs more to build than to look up)."""
    return CommunityRef(PLATFORM, team_id)


def level_from_user(user: dict[str, Any]) -> Level:
    """Return admin for workspace owners and admins, member otherwise."""
    if user.get("is_owner") or user.get("is_primary_owner") or user.get("is_admin"):
        return Level.ADMIN
    return Level.MEMBER


def actor_from_user(user: dict[str, Any], group_ids: frozenset[str] = frozenset()) -> Actor:
    """Return the person users.info describes, with the user groups they belong to."""
    profile = user.get("profile") or {}
    name = (
        profile.get("display_name")
        or profile.get("real_name")
        or user.get("real_name")
        or user.get("name")
        or str(user.get("id", ""))
    )
    return Actor(
        user=UserRef(PLATFORM, str(user.get("id", ""))),
        display_name=str(name),
        platform_level=level_from_user(user),
        role_ids=group_ids,
        is_bot=bool(user.get("is_bot")) or user.get("id") == "USLACKBOT",
        timezone=_known_zone(user.get("tz")),
        locale=str(user["locale"]) if user.get("locale") else None,
    )


def user_id_of(body: dict[str, Any]) -> str | None:
    """Return who acted in a slash command, interactive payload or event."""
    if body.get("user_id"):
        return str(body["user_id"])
    user = body.get("user")
    if isinstance(user, dict) and user.get("id"):
        return str(user["id"])
    event = body.get("event") or {}
    event_user = event.get("user") or (event.get("message") or {}).get("user")
    if isinstance(event_user, dict):
        event_user = event_user.get("id")
    return str(event_user) if event_user else None


def team_id_of(body: dict[str, Any]) -> str | None:
    """Return the workspace a payload belongs to."""
    team = body.get("team_id") or (body.get("team") or {}).get("id")
    if not team and isinstance(body.get("user"), dict):
        team = body["user"].get("team_id")
    return str(team) if team else None


def delivery_keys(body: dict[str, Any]) -> list[str]:
    """Return the ids that name a delivery, the same each time Slack sends it again.

    An event keeps its `event_id` through Slack's retries; a command, button, form or shortcut
    keeps its `trigger_id`.
    """
    keys = []
    if body.get("event_id"):
        keys.append(f"{PLATFORM}:event:{body['event_id']}")
    if body.get("trigger_id"):
        keys.append(f"{PLATFORM}:trigger:{body['trigger_id']}")
    return keys


def command_invoked(
    body: dict[str, Any], actor: Actor, *, prefix: str = ""
) -> CommandInvoked | None:
    """Return a slash command as the core's command line (`/cohort-topic add X` → `topic add X`).

    Slack sends a command typed in a thread with the thread's channel only (no `thread_ts`):
    `channel_id` is the channel it belongs to, so there is no `parent_channel`.
    """
    command = str(body.get("command") or "")
    team, channel = team_id_of(body), body.get("channel_id")
    if not command.startswith("/" + prefix) or not team or not channel:
        return None
    group = command.removeprefix("/" + prefix)
    text = f"{group} {body.get('text') or ''}".strip()
    return CommandInvoked(
        community=community_ref(team),
        at=datetime.now(UTC),
        raw=body,
        actor=actor,
        interaction=_interaction(body, str(channel)),
        text=text,
    )


def button_pressed(body: dict[str, Any], actor: Actor) -> ButtonPressed | None:
    """Return a button press from a block_actions payload; the action id names what it acts on."""
    actions = body.get("actions") or []
    if body.get("type") != "block_actions" or not actions or actions[0].get("type") != "button":
        return None
    action = actions[0]
    container = body.get("container") or {}
    channel = (body.get("channel") or {}).get("id") or container.get("channel_id")
    ts = container.get("message_ts") or (body.get("message") or {}).get("ts")
    team = team_id_of(body)
    if not channel or not ts or not team or not action.get("action_id"):
        return None
    return ButtonPressed(
        community=community_ref(team),
        at=_time(action.get("action_ts")),
        raw=body,
        actor=actor,
        interaction=_interaction(body, str(channel)),
        action_id=str(action["action_id"]),
        message=MessageRef(PLATFORM, str(channel), str(ts)),
    )


def form_submitted(body: dict[str, Any], actor: Actor) -> FormSubmitted | None:
    """Return a submitted modal with its values by input id."""
    view = body.get("view") or {}
    team = team_id_of(body) or view.get("team_id")
    if body.get("type") != "view_submission" or not view.get("callback_id") or not team:
        return None
    channel = _metadata_channel(view.get("private_metadata"))
    interaction = InteractionRef(
        PLATFORM,
        str(view.get("id") or body.get("trigger_id") or ""),
        "",  # a view submission has no response URL: the answer goes to the channel
        ChannelRef(PLATFORM, channel),
        actor.user,
    )
    return FormSubmitted(
        community=community_ref(str(team)),
        at=datetime.now(UTC),
        raw=body,
        actor=actor,
        interaction=interaction,
        form_id=str(view["callback_id"]),
        values=_values(view),
    )


def message_reported(body: dict[str, Any], actor: Actor) -> MessageReported | None:
    """Return a report made with the "Report to moderators" message shortcut."""
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id")
    team = team_id_of(body)
    if body.get("type") != "message_action" or body.get("callback_id") != REPORT_CALLBACK:
        return None
    if not channel or not team or not (message.get("ts") or body.get("message_ts")):
        return None
    author = message.get("user")
    return MessageReported(
        community=community_ref(team),
        at=_time(body.get("action_ts")),
        raw=body,
        actor=actor,
        interaction=_interaction(body, str(channel)),
        message=MessageRef(PLATFORM, str(channel), str(message.get("ts") or body["message_ts"])),
        author=UserRef(PLATFORM, str(author)) if author else None,
        reason=None,
        excerpt=_excerpt(message.get("text")),
    )


def thanks_invoked(body: dict[str, Any], actor: Actor) -> CommandInvoked | None:
    """Return the "Thank the author" message shortcut as `/thanks give` naming the author.

    Its answer goes to the payload's response URL, privately, like a slash command's.
    """
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id")
    team = team_id_of(body)
    if body.get("type") != "message_action" or body.get("callback_id") != THANK_CALLBACK:
        return None
    author = message.get("user")
    if not channel or not team or not isinstance(author, str) or not author:
        return None
    return CommandInvoked(
        community=community_ref(team),
        at=_time(body.get("action_ts")),
        raw=body,
        actor=actor,
        interaction=_interaction(body, str(channel)),
        text=f"thanks give <@{author}>",
    )


def message_posted(
    event: dict[str, Any], *, team_id: str, bot_user_id: str, actor: Actor
) -> MessagePosted | None:
    """Return a member's post in a channel; None for bots, DMs, notices and hidden events."""
    if not _a_members_post(event, bot_user_id) or event.get("subtype") not in _POST_SUBTYPES:
        return None
    channel, ts = str(event["channel"]), str(event["ts"])
    thread = event.get("thread_ts")
    text = str(event.get("text") or "")
    return MessagePosted(
        community=community_ref(team_id),
        at=_time(ts),
        raw=event,
        actor=actor,
        message=MessageRef(PLATFORM, channel, ts),
        text=text,
        thread_root=MessageRef(PLATFORM, channel, str(thread)) if thread and thread != ts else None,
        mention_count=_mention_count(text),
    )


def message_edited(
    event: dict[str, Any], *, team_id: str, bot_user_id: str, actor: Actor
) -> MessageEdited | None:
    """Return a member's edit (a message_changed event) in a channel."""
    changed = event.get("message") or {}
    if event.get("subtype") != "message_changed" or event.get("channel_type") not in _CHANNEL_TYPES:
        return None
    if changed.get("bot_id") or not changed.get("user") or changed.get("user") == bot_user_id:
        return None
    if not event.get("channel") or not changed.get("ts"):
        return None
    return MessageEdited(
        community=community_ref(team_id),
        at=_time(event.get("event_ts")),
        raw=event,
        actor=actor,
        message=MessageRef(PLATFORM, str(event["channel"]), str(changed["ts"])),
        text=str(changed.get("text") or ""),
    )


def member_joined(event: dict[str, Any], *, team_id: str, actor: Actor) -> MemberJoined | None:
    """Return a person joining the workspace (team_join) or a channel (member_joined_channel)."""
    if event.get("type") not in ("team_join", "member_joined_channel") or actor.is_bot:
        return None
    if not actor.user.id:
        return None  # a join that names nobody (a malformed team_join) is no one's join
    user = event.get("user")
    if isinstance(user, dict) and (user.get("is_bot") or user.get("deleted")):
        return None
    channel = event.get("channel") if event["type"] == "member_joined_channel" else None
    return MemberJoined(
        community=community_ref(team_id),
        at=_time(event.get("event_ts")),
        raw=event,
        actor=actor,
        channel=ChannelRef(PLATFORM, str(channel)) if channel else None,
    )


def member_left(event: dict[str, Any], *, team_id: str, actor: Actor) -> MemberLeft | None:
    """Return a person leaving (or removed from) a channel (member_left_channel).

    Slack sends no event for leaving the workspace (a deactivation is a `user_change`), so every
    `MemberLeft` from Slack names its channel: the core does not read it as leaving the
    community.
    """
    channel = event.get("channel")
    if event.get("type") != "member_left_channel" or actor.is_bot:
        return None
    if not actor.user.id or not isinstance(channel, str) or not channel:
        return None
    return MemberLeft(
        community=community_ref(team_id),
        at=_time(event.get("event_ts")),
        raw=event,
        actor=actor,
        channel=ChannelRef(PLATFORM, channel),
    )


def _mention_count(text: str) -> int:
    # Every mention starts with "<": most messages have none, and are counted in one scan.
    return sum(text.count(marker) for marker in _MENTIONS) if "<" in text else 0


def _a_members_post(event: dict[str, Any], bot_user_id: str) -> bool:
    return (
        event.get("type") == "message"
        and event.get("channel_type") in _CHANNEL_TYPES
        and not event.get("bot_id")
        and not event.get("hidden")
        and bool(event.get("user"))
        and event.get("user") != bot_user_id
        and bool(event.get("channel"))
        and bool(event.get("ts"))
    )


def _interaction(body: dict[str, Any], channel: str) -> InteractionRef:
    return InteractionRef(
        PLATFORM,
        str(body.get("trigger_id") or ""),
        str(body.get("response_url") or ""),
        ChannelRef(PLATFORM, channel),
        UserRef(PLATFORM, user_id_of(body) or ""),
    )


def _values(view: dict[str, Any]) -> dict[str, str]:
    values: dict[str, str] = {}
    for inputs in ((view.get("state") or {}).get("values") or {}).values():
        for action_id, element in (inputs or {}).items():
            if isinstance(element, dict) and element.get("type") == "plain_text_input":
                values[str(action_id)] = str(element.get("value") or "")
    return values


def _metadata_channel(metadata: Any) -> str:
    try:
        loaded = json.loads(metadata or "{}")
    except (TypeError, ValueError):
        return ""
    return str(loaded.get("channel") or "") if isinstance(loaded, dict) else ""


def _time(ts: Any) -> datetime:
    try:
        return datetime.fromtimestamp(float(ts), UTC)
    except (TypeError, ValueError, OverflowError):
        return datetime.now(UTC)


def _excerpt(text: Any) -> str | None:
    if not text:
        return None
    text = str(text)
    return text if len(text) <= MAX_EXCERPT else text[: MAX_EXCERPT - 1] + "…"


def _known_zone(name: Any) -> str | None:
    if not isinstance(name, str) or not name or name == "localtime":
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


def reaction_added(event: dict[str, Any], *, team_id: str, actor: Actor) -> ReactionAdded | None:
    """Return a member's reaction to a message (`reaction_added`); None for bots and for
    reactions to files. Which emoji (`reaction`) is not carried: only counts are kept."""
    item = event.get("item") or {}
    if event.get("type") != "reaction_added" or item.get("type") != "message":
        return None
    if actor.is_bot or not team_id or not item.get("channel") or not item.get("ts"):
        return None
    return ReactionAdded(
        community=community_ref(team_id),
        at=_time(event.get("event_ts")),
        raw=event,
        actor=actor,
        message=MessageRef(PLATFORM, str(item["channel"]), str(item["ts"])),
    )
