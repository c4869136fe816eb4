"""Which guideline a moderator's reason cites: only when it starts with `N:`, `rule N` or `#N`.

A reason that merely starts with a number (`3 spam links`) is plain text. A citation of a rule
the community does not have is refused, with the numbers it does have.
"""

from __future__ import annotations

import re

from bot.errors import UserFacingError

_CITATION = re.compile(
    r"^\s*(?:(?:rule\s*|#)(?P<named>\d{1,3})\b|(?P<colon>\d{1,3})\s*:)[\s:.,\-–—]*",
    re.IGNORECASE,
)


def cited_number(reason: str | None) -> int | None:
    """Return the rule number a reason cites, None when it cites none."""
    match = _CITATION.match(reason or "")
    if match is None:
        return None
    return int(match.group("named") or match.group("colon"))


def without_citation(reason: str) -> str:
    """Return a reason without its citation prefix (`2: spam` -> `spam`)."""
    match = _CITATION.match(reason)
    return reason if match is None else reason[match.end() :].strip() or reason


def cite(rules: list[str], reason: str | None) -> str | None:
    """Return the guideline a reason cites (`2. Stay on topic`); refuse a rule not there."""
    number = cited_number(reason)
    if number is None:
        return None
    if not 1 <= number <= len(rules):
        raise UserFacingError(
            f"There is no rule {number}: {_numbers(len(rules))}. Nothing was done."
        )
    return f"{number}. {rules[number - 1]}"


def _numbers(count: int) -> str:
    if count == 0:
        return "this community has no guidelines yet (an admin sets them with /guidelines set)"
    if count == 1:
        return "the guidelines have rule 1 only (see /guidelines)"
    if count == 2:
        return "the guidelines have rules 1 and 2 (see /guidelines)"
    return f"the guidelines have rules 1 to {count} (see /guidelines)"
