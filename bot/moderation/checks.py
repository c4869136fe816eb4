"""What moderation refuses before it acts: oneself, an equal or higher level, a platform limit."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from bot.errors import PermissionDenied, UnsupportedOnPlatform, UserFacingError
from bot.i18n import _
from bot.moderation.cases import CaseKind
from bot.moderation.ladder import MAX_TIMEOUT
from bot.platform import Capability, Platform, require

if TYPE_CHECKING:
    from bot.moderation.actions import Action

_NEEDS = {
    CaseKind.TIMEOUT: Capability.TIMEOUT,
    CaseKind.UNTIMEOUT: Capability.TIMEOUT,
    CaseKind.KICK: Capability.KICK,
    CaseKind.BAN: Capability.BAN,
    CaseKind.UNBAN: Capability.BAN,
    CaseKind.DELETE: Capability.DELETE_MEMBER_MESSAGES,
}


def check_allowed(platform: Platform, action: Action) -> None:
    """Refuse acting on oneself, on an equal or higher level, or beyond the platform."""
    target, moderator = action.target, action.moderator
    if target is not None and moderator is not None:
        if target.member_id == moderator.member_id:
            raise PermissionDenied(_("You cannot moderate yourself. Nothing was done."))
        if action.kind != CaseKind.NOTE and target.level >= moderator.level:
            raise PermissionDenied(
                _(
                    "{member} is {level}, and you are {own_level}: moderators can act only "
                    "on members below their own level. Nothing was done."
                ).format(
                    member=platform.mention(target.user),
                    level=target.level.with_article,
                    own_level=moderator.level.with_article,
                )
            )
    needed = _NEEDS.get(action.kind)
    if needed is not None:
        _require(platform, needed)
    if action.kind == CaseKind.TIMEOUT:
        if action.duration is None or action.duration <= timedelta(0):
            raise UserFacingError(_("Say how long the timeout lasts, like 1h or 2d."))
        if action.duration > MAX_TIMEOUT:
            raise UserFacingError(_("Timeouts last at most 28 days (28d). Nothing was done."))


def _require(platform: Platform, capability: Capability) -> None:
    """`require`, saying what still works where a platform cannot time out or ban."""
    try:
        require(platform, capability)
    except UnsupportedOnPlatform as error:
        removable = Capability.KICK in platform.capabilities
        if capability in (Capability.TIMEOUT, Capability.BAN) and removable:
            refusal = _(
                "{problem} Nothing was done. /mod kick still works here, and /mod warn records "
                "a warning."
            )
        else:
            refusal = _("{problem} Nothing was done.")
        raise UnsupportedOnPlatform(refusal.format(problem=error)) from error
