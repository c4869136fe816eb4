"""The per-week activity of a cohort's settled weeks, kept in memory so `/stats` reads it once.

A week whose last day is before yesterday (UTC) is settled: its `daily_activity` rows no longer
change (activity is flushed within seconds, and a message's day is the day it was posted), so
its active members and messages change only when the cohort's membership does, or when a
member is forgotten (their rows go, and so does their cohort membership). Each cohort's weeks
are kept under its membership signature (`store.weekly.membership`, read once a `/stats`)
and the weeks' dates (a changed term or break moves them); a changed signature drops them.
Only the weeks not kept (the current one, yesterday's, a new membership's) are read live.
Topic figures per week stay live: a reply to a past week's post can still arrive.

Per process and bounded (`COHORTS_KEPT`, least recently used first out); an entry is read again
after `KEPT_FOR` even so, which bounds what a flush delayed by more than a day (a database
unreachable that long) could leave unseen.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.store import weekly
from bot.participation.store.weekly import ActiveWeek, Membership
from bot.participation.weekly import WeekSpan
from bot.shared.activity_batch import utc_day
from bot.storage.id_lists import Ids

COHORTS_KEPT = 1024
"""How many cohorts' settled weeks one process keeps."""
KEPT_FOR = timedelta(hours=1)
"""How long a cohort's settled weeks are served before they are read again."""
NO_ACTIVITY: ActiveWeek = (0, 0)


@dataclass(frozen=True, slots=True)
class _Kept:
    """A cohort's settled weeks as read under one membership, and when the first was read."""

    membership: Membership
    weeks: dict[WeekSpan, ActiveWeek]
    read_at: datetime


class SettledWeeks:
    """Cohorts' per-week activity: settled weeks from memory, the others from the database."""

    def __init__(self, limit: int = COHORTS_KEPT, kept_for: timedelta = KEPT_FOR) -> None:
        self._kept: OrderedDict[int, _Kept] = OrderedDict()
        self._limit = limit
        self._kept_for = kept_for

    async def active_weeks(
        self,
        connection: AsyncConnection,
        community_id: int,
        cohort_id: int,
        members: Ids,
        start: date,
        spans: Sequence[WeekSpan],
        now: datetime,
        signed: Awaitable[Membership],
    ) -> dict[int, ActiveWeek]:
        """Return, by week number, how many of the cohort's `members` posted in each of `spans`
        (weeks of a term starting on `start`) and how many messages, as of `now`; `signed`
        gives their membership signature (read once for every figure that needs it)."""
        membership = await signed
        kept = self._current(cohort_id, membership, now)
        known = {span.number: kept.weeks[span] for span in spans if span in kept.weeks}
        missing = [span for span in spans if span.number not in known]
        read = await weekly.active_weeks(connection, community_id, members, start, missing)
        settled = {
            span: read.get(span.number, NO_ACTIVITY)
            for span in missing
            if span.last < settled_before(now)
        }
        # Kept only if the membership did not change while they were read (a change and its
        # undoing would bring back a signature they were not read under).
        if settled and await weekly.membership(connection, members) == membership:
            self._keep(cohort_id, _Kept(membership, {**kept.weeks, **settled}, kept.read_at))
        return {**known, **read}

    def _current(self, cohort_id: int, membership: Membership, now: datetime) -> _Kept:
        """Return what is kept for the cohort under `membership` and still fresh (or nothing)."""
        kept = self._kept.get(cohort_id)
        if kept is None or kept.membership != membership or now - kept.read_at >= self._kept_for:
            return _Kept(membership, {}, now)
        self._kept.move_to_end(cohort_id)
        return kept

    def _keep(self, cohort_id: int, kept: _Kept) -> None:
        self._kept[cohort_id] = kept
        self._kept.move_to_end(cohort_id)
        while len(self._kept) > self._limit:
            self._kept.popitem(last=False)


def settled_before(now: datetime) -> date:
    """Return the first day whose activity may still change as of `now`: yesterday (UTC)."""
    return utc_day(now) - timedelta(days=1)
