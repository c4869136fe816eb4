"""The reasons Cohort itself gives a case, kept so each reader sees them in their language.

A moderator's reason is stored as typed. A reason Cohort writes (a reported message, a filter,
an escalation, a purge) is read in the mod log in the community's language, in a notice in the
member's, in `/mod cases` in the moderator's: so it is stored as what it says (a small JSON
object, `{"cohort": "escalation", "count": 3}`) and written out when it is read (`render`).
"""

from __future__ import annotations

import json
from typing import Any

from bot.i18n import _, ngettext

_KEY = "cohort"


def _stored(kind: str, **values: str | int | None) -> str:
    return json.dumps({_KEY: kind, **values}, ensure_ascii=False, sort_keys=True)


def reported(reason: str | None) -> str:
    """A member reported the message (with the reason they gave, if any)."""
    return _stored("reported", reason=reason)


def platform_rule(rule: str | None) -> str:
    """The platform's own filter (Discord AutoMod) flagged the message."""
    return _stored("automod", rule=rule)


def filter_rule(rule: str | None) -> str:
    """One of Cohort's filters flagged the message; a moderator acted on its card."""
    return _stored("filter", rule=rule)


def automatic_filter(rule: str) -> str:
    """One of Cohort's filters timed the author out by itself."""
    return _stored("automatic-filter", rule=rule)


def escalation(count: int) -> str:
    """Enough active warnings called for an automatic timeout."""
    return _stored("escalation", count=count)


def purged(count: int, channel: str) -> str:
    """A purge deleted `count` messages in `channel` (a mention)."""
    return _stored("purged", count=count, channel=channel)


def render(stored: str | None) -> str | None:
    """Return a case's reason in the current language: Cohort's own written out, a
    moderator's as typed."""
    if not stored or not stored.startswith("{"):
        return stored
    try:
        values = json.loads(stored)
    except ValueError:
        return stored
    if not isinstance(values, dict):
        return stored
    written = _written(values)
    return stored if written is None else written


def _written(values: dict[str, Any]) -> str | None:
    """Return a Cohort reason in the current language (None: not one of Cohort's)."""
    match values.get(_KEY):
        case "reported":
            if values.get("reason"):
                return _("Reported message: {reason}").format(reason=values["reason"])
            return _("Reported message")
        case "automod":
            return _("AutoMod rule {rule}").format(rule=_rule(values))
        case "filter":
            return _("Filter {rule}").format(rule=_rule(values))
        case "automatic-filter":
            return _("Automatic filter: {rule}").format(rule=_rule(values))
        case "escalation":
            count = int(values.get("count") or 0)
            return ngettext(
                "Escalation: {count} active warning", "Escalation: {count} active warnings", count
            ).format(count=count)
        case "purged":
            count = int(values.get("count") or 0)
            return ngettext(
                "{count} message deleted in {channel}",
                "{count} messages deleted in {channel}",
                count,
            ).format(count=count, channel=values.get("channel") or "")
    return None


def _rule(values: dict[str, Any]) -> str:
    """Return the rule a filter reason names, `(unnamed)` when the platform gave none."""
    return str(values.get("rule") or _("(unnamed)"))
