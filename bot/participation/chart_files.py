"""The participation chart as a PNG file, with its facts in words beside it."""

from __future__ import annotations

from datetime import datetime

from bot.charts import chart_file, summary
from bot.i18n import _
from bot.messages import OutboundFile
from bot.participation.stats import CohortAudience, StatsService


async def participation_chart(
    stats: StatsService, community_id: int, now: datetime, cohort: CohortAudience | None = None
) -> OutboundFile:
    """Return the chart of the community (or `cohort`) as of `now`: a PNG and its summary."""
    data = await stats.chart_data(community_id, now, cohort)
    return await chart_file(data, "\n".join([_("📈 The chart in words:"), summary(data)]))
