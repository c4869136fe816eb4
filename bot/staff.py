"""Who changes something without a chat interaction (a dashboard POST): a plain actor.

A button or a command carries its caller in its context, and the router checks the caller's
level before the handler runs. A change made elsewhere (the web dashboard) calls the same
service functions with a `Staff` and the same level the command or button declares, checked
by `require`, so both paths share one permission rule.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import PermissionDenied
from bot.i18n import _
from bot.levels import Level, may_use


@dataclass(frozen=True, slots=True)
class Staff:
    """A member acting on their community: its row id, their row id and platform id, level."""

    community_id: int
    member_id: int
    external_id: str
    level: Level


def require(staff: Staff, needed: Level) -> None:
    """Refuse `staff` below `needed`, in the words the router uses for a button."""
    if not may_use(staff.level, needed):
        raise PermissionDenied(
            _("This button needs the {level} level; you are {caller}.").format(
                level=needed.shown, caller=staff.level.with_article
            )
        )
