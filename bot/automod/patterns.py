"""Regex rules: moderators' own patterns, checked when added (matched in `scan.py`).

Every rule is compiled by RE2 (see `regex.py`), so a pattern that would backtrack
catastrophically in Python's `re` — `(a+)+$`, `(a|aa)*b` — is matched in time linear in the
message here, and constructs that only a backtracking engine can run (backreferences,
lookarounds) are refused when the rule is added, with a message saying why. Rules ignore case.
"""

from __future__ import annotations

import re

import re2

from bot.automod.model import Limit
from bot.automod.regex import PATTERN_MEMORY, RegexError, options
from bot.errors import UserFacingError
from bot.i18n import _, ngettext

_BACKREFERENCE = re.compile(r"\\[1-9]|\\g<|\(\?P=")


def check_pattern(raw: str) -> str:
    """Return the rule as it will be stored, or raise UserFacingError saying what is wrong."""
    pattern = raw.strip()
    if len(pattern) > 2 and pattern.startswith("/") and pattern.endswith("/"):
        pattern = pattern[1:-1]  # /spam/ as in many chat tools
    if not pattern:
        raise UserFacingError(_("Give a pattern, like /automod regex add free\\s+nitro"))
    if len(pattern) > Limit.PATTERN_LENGTH:
        raise UserFacingError(
            ngettext(
                "Keep a pattern under {count} character.",
                "Keep a pattern under {count} characters.",
                Limit.PATTERN_LENGTH,
            ).format(count=Limit.PATTERN_LENGTH)
        )
    try:
        compiled = re2.compile(pattern, options(ignore_case=True, max_mem=PATTERN_MEMORY))
    except RegexError as error:
        raise UserFacingError(_refusal(pattern, _reason(error))) from None
    if compiled.search("") is not None:
        raise UserFacingError(
            _(
                "That pattern matches an empty message, so it would match every message. "
                "Make at least one part of it required (+ instead of *)."
            )
        )
    return pattern


def _reason(error: Exception) -> str:
    reason = error.args[0] if error.args else str(error)
    return reason.decode("utf-8", "replace") if isinstance(reason, bytes) else str(reason)


def _refusal(pattern: str, reason: str) -> str:
    if _BACKREFERENCE.search(pattern):
        return _(
            "Backreferences (\\1, (?P=name)) are not supported: patterns are matched in linear "
            "time so that no message can slow the bot. Write the alternatives out instead. "
            "Nothing was changed."
        )
    if "perl operator" in reason:
        return _(
            "Lookarounds ((?=...), (?!...), (?<=...), (?<!...)) and atomic groups are not "
            "supported: patterns are matched in linear time so that no message can slow the "
            "bot, and those need backtracking. Nothing was changed."
        )
    if "too large" in reason or "repetition size" in reason:
        return _(
            "That pattern is too large to match quickly (repetitions like {1000} multiply its "
            "size). Use smaller counts. Nothing was changed."
        )
    return _("That is not a pattern I can use ({reason}). Nothing was changed.").format(
        reason=reason
    )
