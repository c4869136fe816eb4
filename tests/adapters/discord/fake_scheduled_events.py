"""The fake Discord's guild scheduled events, as Discord documents them.

Creating or editing one needs Manage Events (1 << 33) on the bot's role, else 403 Missing
Permissions (50013). An external event (`entity_type` 3) needs `entity_metadata.location` and
`scheduled_end_time`, after the start. (Discord also refuses a start in its past; the fake
does not, as the bot runs on a virtual clock in the tests.) Status moves from SCHEDULED (1)
to ACTIVE (2) or CANCELED (4) only; an unknown event is 404 Unknown Guild Scheduled Event
(10070).
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from tests.adapters.discord.fake_payloads import FakeGuild, snowflake

MANAGE_EVENTS = 1 << 33
SCHEDULED, ACTIVE, COMPLETED, CANCELED = 1, 2, 3, 4
EXTERNAL = 3
_NEXT = {SCHEDULED: {ACTIVE, CANCELED}, ACTIVE: {COMPLETED}}


def _invalid(message: str) -> tuple[int, Any]:
    return 400, {"message": "Invalid Form Body", "code": 50035, "errors": message}


def _refused(g: FakeGuild) -> tuple[int, Any] | None:
    if not int(g.roles[g.bot_role]["permissions"]) & MANAGE_EVENTS:
        return 403, {"message": "Missing Permissions", "code": 50013}
    return None


def _checked(event: dict[str, Any]) -> str | None:
    """Return why an event (as it would be stored) is invalid, or None."""
    if not 1 <= len(event.get("name") or "") <= 100:
        return "name: 1 to 100 characters"
    if event.get("privacy_level") != 2:
        return "privacy_level: must be GUILD_ONLY (2)"
    start = datetime.fromisoformat(event["scheduled_start_time"])
    if event.get("entity_type") == EXTERNAL:
        if not (event.get("entity_metadata") or {}).get("location"):
            return "entity_metadata.location: required for an external event"
        if not event.get("scheduled_end_time"):
            return "scheduled_end_time: required for an external event"
    end = event.get("scheduled_end_time")
    if end and datetime.fromisoformat(end) <= start:
        return "scheduled_end_time: must be after the start"
    return None


def _create(g: FakeGuild, body: Any, _q: Any, _guild: str) -> tuple[int, Any]:
    refused = _refused(g)
    if refused is not None:
        return refused
    if not body.get("scheduled_start_time"):
        return _invalid("scheduled_start_time: required")
    event = {
        "id": snowflake(),
        "guild_id": g.id,
        "channel_id": None,
        "creator_id": g.application_id,
        "creator": g.bot,
        "entity_id": None,
        "status": SCHEDULED,
        "user_count": 0,
        "image": None,
        "description": None,
        "scheduled_end_time": None,
        "entity_metadata": None,
        **body,
    }
    problem = _checked(event)
    if problem is not None:
        return _invalid(problem)
    g.scheduled_events[event["id"]] = event
    return 200, event


def _edit(g: FakeGuild, body: Any, _q: Any, _guild: str, event_id: str) -> tuple[int, Any]:
    event = g.scheduled_events.get(event_id)
    if event is None:
        return 404, {"message": "Unknown Guild Scheduled Event", "code": 10070}
    refused = _refused(g)
    if refused is not None:
        return refused
    status = body.get("status", event["status"])
    if status != event["status"] and status not in _NEXT.get(event["status"], set()):
        return _invalid(f"status: cannot go from {event['status']} to {status}")
    changed = {**event, **body}
    problem = _checked(changed)
    if problem is not None:
        return _invalid(problem)
    event.update(changed)
    return 200, event


def _list(g: FakeGuild, *_: Any) -> tuple[int, Any]:
    return 200, list(g.scheduled_events.values())


_S = r"([0-9]+)"
ROUTES: list[tuple[str, re.Pattern[str], Any]] = [
    ("POST", re.compile(rf"/guilds/{_S}/scheduled-events"), _create),
    ("GET", re.compile(rf"/guilds/{_S}/scheduled-events"), _list),
    ("PATCH", re.compile(rf"/guilds/{_S}/scheduled-events/{_S}"), _edit),
]
