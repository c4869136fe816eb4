"""Which guideline a moderator's reason cites: only when it starts with `N:`, `rule N` or `#N`.

A reason that merely starts with a number (`3 spam links`) is plain text. A citation of a rule
the community does not have is refused, with the numbers it does have.
"""

from __future__ import annotations

import re

from bot.errors import UserFacingError
from bot.i18n import _

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
        raise UserFacingError(_no_such_rule(number, len(rules)))
    return f"{number}. {rules[number - 1]}"


def _no_such_rule(number: int, rules: int) -> str:
    """Return the refusal of a rule the guidelines do not have, saying which they have."""
    if rules == 0:
        return _(
            "There is no rule {number}: this community has no guidelines yet (an admin sets "
            "them with /guidelines set). Nothing was done."
        ).format(number=number)
    if rules == 1:
        return _(
            "There is no rule {number}: the guidelines have rule 1 only (see /guidelines). "
            "Nothing was done."
        ).format(number=number)
    if rules == 2:
        return _(
            "There is no rule {number}: the guidelines have rules 1 and 2 (see /guidelines). "
            "Nothing was done."
        ).format(number=number)
    return _(
        "There is no rule {number}: the guidelines have rules 1 to {last} (see /guidelines). "
        "Nothing was done."
    ).format(number=number, last=rules)
