"""A cohort's audience for the figures: its members now and where its term stands today."""

from __future__ import annotations

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
    """Return whose figures a cohort's `/stats` and digest count, and its term's place."""
    members = await cohorts.members(cohort, platform, community)
    if cohort.term is None:
        return CohortAudience(cohort.id, members)
    today = await cohorts.today(cohort.community_id)
    place = term_place(cohort.term, await breaks.list(cohort.community_id), today)
    return CohortAudience(cohort.id, members, place)
