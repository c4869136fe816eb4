"""Participation's scheduled work: the weekly digest job (the nudge sweep is `nudge_sweep.py`)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.clock import Clock
from bot.cohorts import CohortService
from bot.cohorts.scope import Scope
from bot.errors import PlatformError
from bot.i18n import _
from bot.messages import OutboundMessage
from bot.occurrences import OccurrenceWork
from bot.participation.chart_files import participation_chart
from bot.participation.cohort_audience import cohort_audience
from bot.participation.stats import CohortAudience, Figures, StatsService
from bot.participation.stats_text import render
from bot.platform import Capability, Platform
from bot.refs import ChannelRef, CommunityRef
from bot.shared.breaks import BreakService
from bot.shared.schedules import ScheduleInfo
from bot.storage.id_lists import Ids

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DigestScope:
    """Whose digest is being posted, and when: what another feature's lines are about."""

    community_id: int
    cohort_id: int | None
    """None: the whole community's digest."""
    members: Ids | None
    """The cohort's members (None: everyone)."""
    now: datetime


DigestSection = Callable[[DigestScope], Awaitable[list[str]]]
"""Another feature's lines for a scope's digest (the week's announcements with their read
counts, thanks given and received), appended under the participation figures."""


class DigestJob:
    """A digest schedule's occurrence: post the figures to the schedule's channel (hosts).

    A schedule of the whole community posts the community's figures; a cohort's schedule
    (`ScheduleInfo.cohort_id`) posts that cohort's, headed with its name, with its term's
    current week and figures per week.
    """

    def __init__(
        self,
        stats: StatsService,
        clock: Clock,
        breaks: BreakService,
        cohorts: CohortService | None = None,
        sections: Sequence[DigestSection] = (),
    ) -> None:
        self._stats = stats
        self._clock = clock
        self._breaks = breaks
        self._cohorts = cohorts
        self._sections = tuple(sections)

    async def post(self, info: ScheduleInfo, platform: Platform, done: OccurrenceWork) -> str:
        """Post the scope's figures; return the ledger's note."""
        read = await self._figures(info, platform)
        if read is None:
            return "skipped: the cohort is gone"
        scope, figures, audience = read
        text = render(figures, scope.says(_("📊 Weekly participation digest")))
        members = None if audience is None else audience.members
        about = DigestScope(scope.community_id, scope.cohort_id, members, self._clock.now())
        for section in self._sections:
            text = "\n".join([text, *await section(about)])
        channel = ChannelRef(info.platform, info.channel_id)
        message = await done.post(platform, channel, OutboundMessage(text))
        if Capability.FILES not in platform.capabilities:
            return f"posted {message.id}"
        return f"posted {message.id}, {await self._chart(platform, channel, about, audience)}"

    async def _chart(
        self,
        platform: Platform,
        channel: ChannelRef,
        about: DigestScope,
        audience: CohortAudience | None,
    ) -> str:
        """Post the scope's chart under its digest; return the ledger's note. A chart that
        does not go is logged: the digest's text has gone."""
        chart = await participation_chart(self._stats, about.community_id, about.now, audience)
        try:
            await platform.post_file(channel, chart)
        except PlatformError as error:
            log.warning("digest in %s: the chart did not go: %s", channel.id, error)
            return "the chart did not go"
        return "with its chart"

    async def _figures(
        self, info: ScheduleInfo, platform: Platform
    ) -> tuple[Scope, Figures, CohortAudience | None] | None:
        now = self._clock.now()
        if info.cohort_id is None:
            figures = await self._stats.figures(info.community_id, now)
            return Scope(info.community_id), figures, None
        cohort = None if self._cohorts is None else await self._cohorts.get(info.cohort_id)
        if self._cohorts is None or cohort is None:
            log.warning("digest schedule %s: cohort %s not found", info.id, info.cohort_id)
            return None
        community = CommunityRef(info.platform, info.community_external_id)
        audience = await cohort_audience(self._cohorts, self._breaks, cohort, platform, community)
        figures = await self._stats.figures(info.community_id, now, audience)
        return Scope(info.community_id, cohort), figures, audience
