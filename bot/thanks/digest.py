"""Thanks in the hosts' weekly digest: counts only, and who answered topics unthanked.

Counts of the last seven days (given, received, members thanked at least once) and the names
of members who replied to a topic in the last 30 days and were never thanked: people whose help
may go unnoticed. Names as `@name`, never mentions (the digest is a channel post).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.i18n import _, ngettext
from bot.storage.database import Database
from bot.storage.id_lists import Ids
from bot.thanks import store

WEEK = timedelta(days=7)
ANSWERS_WITHIN = timedelta(days=30)
NAMES_SHOWN = 10


class ThanksDigest:
    """The digest's lines about thanks, for a community or a cohort's members."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def lines(self, community_id: int, now: datetime, members: Ids | None) -> list[str]:
        """Return the thanks lines as of `now`, counting only `members` (None: everyone)."""
        async with self._database.reading() as connection:
            counts = await store.counts(connection, community_id, now - WEEK, members)
            unthanked = await store.answered_never_thanked(
                connection, community_id, now - ANSWERS_WITHIN, members
            )
        thanked = ngettext(
            "{count} member thanked at least once",
            "{count} members thanked at least once",
            counts.thanked,
        ).format(count=counts.thanked)
        lines = [
            _("• Thanks in 7 days: {given} given, {received} received; {thanked}").format(
                given=counts.given, received=counts.received, thanked=thanked
            )
        ]
        if unthanked:
            lines.append(_unthanked_line(unthanked))
        return lines


def _unthanked_line(names: list[str]) -> str:
    shown = ", ".join(f"@{name}" for name in names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    if more <= 0:
        return _("• Answered topics but never thanked: {names}").format(names=shown)
    return ngettext(
        "• Answered topics but never thanked: {names} and {count} more",
        "• Answered topics but never thanked: {names} and {count} more",
        more,
    ).format(names=shown, count=more)
