"""Participation's scheduled work: the weekly digest job (the nudge sweep is `nudge_sweep.py`)."""

from __future__ import annotations

from bot.clock import Clock
from bot.i18n import _
from bot.messages import OutboundMessage
from bot.occurrences import OccurrenceWork
from bot.participation.stats import StatsService
from bot.participation.stats_text import render
from bot.platform import Platform
from bot.refs import ChannelRef
from bot.shared.schedules import ScheduleInfo


class DigestJob:
    """A digest schedule's occurrence: post the figures to the schedule's channel (hosts)."""

    def __init__(self, stats: StatsService, clock: Clock) -> None:
        self._stats = stats
        self._clock = clock

    async def post(self, info: ScheduleInfo, platform: Platform, done: OccurrenceWork) -> str:
        """Post the community's figures; return the ledger's note."""
        figures = await self._stats.figures(info.community_id, self._clock.now())
        text = render(figures, _("📊 Weekly participation digest"))
        channel = ChannelRef(info.platform, info.channel_id)
        message = await done.post(platform, channel, OutboundMessage(text))
        return f"posted {message.id}"
