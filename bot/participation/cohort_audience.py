"""A cohort's audience for the figures: its members now and where its term stands today."""

from __future__ import annotations

import asyncio

from bot.cohorts import CohortInfo, CohortService
from bot.participation.stats import CohortAudience
from bot.participation.weekly import term_place
from bot.platform import Platform
from bot.refs import CommunityRef
from bot.shared.breaks import BreakService


async def cohort_audience(
    cohorts: CohortService,
    breaks: BreakService,
    cohort: CohortInfo,
    platform: Platform,
    community: CommunityRef,
) -> CohortAudience:
    """Return whose figures a cohort's `/stats` and digest count, and its term's place (its
    members, today and the breaks read at the same time)."""
    if cohort.term is None:
        return CohortAudience(cohort.id, await cohorts.members(cohort, platform, community))
    members, today, dates = await asyncio.gather(
        cohorts.members(cohort, platform, community),
        cohorts.today(cohort.community_id),
        breaks.list(cohort.community_id),
    )
    return CohortAudience(cohort.id, members, term_place(cohort.term, dates, today))
