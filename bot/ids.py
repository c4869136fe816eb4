"""Reading the row ids that buttons carry in their action ids.

An action id comes back from the platform as text, and a forged or mangled one may hold any
number. A number no row can have must not reach the database: PostgreSQL refuses integers past
its INTEGER columns (2^31 - 1) and SQLite past 2^63 - 1, and the member would be told that
something went wrong instead of that the thing is gone.
"""

from __future__ import annotations

from bot.errors import NotFoundError, UserFacingError
from bot.i18n import N_, _

MAX_ID = 2**31 - 1  # the largest INTEGER on PostgreSQL: no row has a larger id
GONE = N_("That is not there any more; nothing was changed.")
NOT_OURS = N_("This button is not one Cohort made.")


def read_id(text: str) -> int | None:
    """Return `text` as a row id (ASCII digits, 1 to MAX_ID), or None if no row can have it."""
    if not text.isascii() or not text.isdigit():
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


def button_id(text: str) -> int:
    """Return the row id a button carries; refuse one Cohort never made, or one no row has."""
    if not text.isascii() or not text.isdigit():
        raise UserFacingError(_(NOT_OURS))
    number = read_id(text)
    if number is None:
        raise NotFoundError(_(GONE))
    return number
