"""The figures a chart draws (`bot/charts`), read for a community or one cohort.

A cohort with a term begun shows its numbered weeks so far ("W1", "W2", ...); a community, or a
cohort without a term, its last `CHART_WEEKS` weeks from Monday, each named by its first day.
Three reads on one connection: the weeks' activity (one grouped read, `store/chart.py`), each
poster's messages over the last 30 days (the balance `/stats` names) and the newest topics'
replies. Counts only: the sole member-written text is topic titles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.charts import ChartData, LorenzBalance, TopicReplies, lorenz_points
from bot.i18n import _
from bot.participation.figures import balance
from bot.participation.stats import WINDOW, CohortAudience
from bot.participation.store import stats as store
from bot.participation.store.chart import activity_by_period
from bot.shared.activity_batch import utc_day
from bot.storage.database import Database

CHART_WEEKS = 12
"""The weeks a chart shows when there is no term to show."""
TOPICS_DRAWN = 8
"""The newest topic posts whose replies a chart shows."""


@dataclass(frozen=True, slots=True)
class ChartWeek:
    """One week a chart shows: its label and its first and last dates."""

    label: str
    first: date
    last: date


async def read_chart_data(
    database: Database, community_id: int, now: datetime, cohort: CohortAudience | None = None
) -> ChartData:
    """Return what the chart of the community (or of `cohort`) shows as of `now`."""
    weeks = chart_weeks(now.date(), cohort)
    members = None if cohort is None else cohort.members
    cohort_id = None if cohort is None else cohort.cohort_id
    start, end = weeks[0].first, weeks[-1].last
    async with database.reading() as connection:
        by_period = await activity_by_period(connection, community_id, members, start, end)
        per_member = await store.messages_by_member(
            connection, community_id, utc_day(now - WINDOW), members
        )
        threads = await store.topic_threads(
            connection, community_id, TOPICS_DRAWN, cohort_id, members
        )
    series = [by_period.get((week.first - start).days // 7, (0, 0, 0)) for week in weeks]
    spread = balance(per_member)
    return ChartData(
        weeks=tuple(week.label for week in weeks),
        active=tuple(active for active, _posts, _replies in series),
        posts=tuple(posts for _active, posts, _replies in series),
        replies=tuple(replies for _active, _posts, replies in series),
        balance=LorenzBalance(
            lorenz_points(per_member), spread.gini, spread.top_share, spread.posters, WINDOW.days
        ),
        topics=tuple(TopicReplies(text, int(replies)) for text, _at, replies, _who in threads)[
            ::-1
        ],
    )


def chart_weeks(today: date, cohort: CohortAudience | None = None) -> Sequence[ChartWeek]:
    """Return the weeks a chart shows: a cohort's term weeks begun, else the last
    `CHART_WEEKS` weeks from Monday, the current one last."""
    place = None if cohort is None else cohort.term
    if place is not None and place.weeks:
        return [
            ChartWeek(_("W{number}").format(number=span.number), span.first, span.last)
            for span in place.weeks
        ]
    monday = today - timedelta(days=today.weekday())
    firsts = [monday - timedelta(weeks=back) for back in range(CHART_WEEKS - 1, -1, -1)]
    return [ChartWeek(first.isoformat()[5:], first, first + timedelta(days=6)) for first in firsts]
