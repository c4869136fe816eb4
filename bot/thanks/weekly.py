"""The weekly "thanks this week" post (`/thanks weekly on`): names the thanked, never counts.

A public count would rank members, and a leaderboard rewards those who already dominate; the
post only says who was thanked, in alphabetical order. A week without thanks posts nothing.
"""

from __future__ import annotations

from datetime import timedelta

from bot.clock import Clock
from bot.i18n import _, publicly
from bot.messages import OutboundMessage
from bot.occurrences import OccurrenceWork
from bot.platform import Platform
from bot.refs import ChannelRef
from bot.shared.schedules import ScheduleInfo
from bot.storage.database import Database
from bot.thanks import store

THANKS_SCHEDULE = "thanks"
"""The schedule kind whose occurrences post the week's thanked members."""
WEEK = timedelta(days=7)


class WeeklyThanks:
    """Posts who was thanked in the seven days before each occurrence."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock

    async def post(self, info: ScheduleInfo, platform: Platform, done: OccurrenceWork) -> str:
        """Post the week's thanked members; return the ledger's note."""
        async with self._database.reading() as connection:
            names = await store.thanked_names(
                connection, info.community_id, self._clock.now() - WEEK
            )
        if not names:
            return "skipped: nobody was thanked this week"
        with publicly():
            text = _(
                "🙏 Thanks this week went to {names}. Thank you for helping each other learn; "
                "you can thank someone too with /thanks."
            ).format(names=", ".join(f"@{name}" for name in names))
        channel = ChannelRef(info.platform, info.channel_id)
        message = await done.post(platform, channel, OutboundMessage(text))
        return f"posted {message.id}"
