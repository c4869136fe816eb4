"""A cohort's messages by member over the last 30 days, its settled days kept in memory.

The same reasoning as `settled_weeks.py`: the days before yesterday (UTC) no longer change but
with the cohort's membership. Each cohort keeps its members' totals over the window's settled
days (from the window's first day to the day before yesterday), under its membership signature
and those two days: a new day, a new membership or `KEPT_FOR` later they are read again. The
rest (yesterday and today) is read live and added member by member to the kept totals, which
are also kept counted by total, so only the members who posted since move. Bounded by the
number of members' totals kept (`TOTALS_KEPT`), least recently used cohort first out.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Awaitable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncConnection

from bot.participation.settled_weeks import KEPT_FOR, settled_before
from bot.participation.store import stats as store
from bot.participation.store import weekly
from bot.participation.store.weekly import Membership
from bot.shared.activity_batch import utc_day
from bot.storage.id_lists import Ids

TOTALS_KEPT = 200_000
"""How many members' totals one process keeps, over all cohorts (a few tens of MB at most)."""


@dataclass(frozen=True, slots=True)
class _Kept:
    """A cohort's members' totals over settled days, as read under one membership."""

    membership: Membership
    days: tuple[date, date]
    """The first and the last day counted."""
    totals: dict[int, int]
    """Messages by member id (members with no day in the range are absent)."""
    by_total: Counter[int]
    """How many members have each total."""
    read_at: datetime


class SettledMessages:
    """Cohorts' messages by member: settled days from memory, yesterday and today live."""

    def __init__(self, limit: int = TOTALS_KEPT, kept_for: timedelta = KEPT_FOR) -> None:
        self._kept: OrderedDict[int, _Kept] = OrderedDict()
        self._limit = limit
        self._totals = 0
        self._kept_for = kept_for

    async def by_member(
        self,
        connection: AsyncConnection,
        community_id: int,
        cohort_id: int,
        members: Ids,
        since: date,
        now: datetime,
        signed: Awaitable[Membership],
    ) -> list[int]:
        """Return each of the cohort's `members`' number of messages from the day `since` on
        (members unnamed), largest first, as `store.stats.messages_by_member` does; `signed`
        gives their membership signature."""
        live_from = settled_before(now)
        if since >= live_from:
            return await store.messages_by_member(connection, community_id, since, members)
        window = (since, live_from)
        scope = (community_id, cohort_id)
        kept = await self._settled(connection, scope, members, window, now, await signed)
        live = await store.message_totals(
            connection, community_id, members, live_from, utc_day(now)
        )
        by_total = kept.by_total.copy()
        for member, messages in live.items():
            before = kept.totals.get(member)
            if before is not None:
                by_total[before] -= 1
            by_total[(before or 0) + messages] += 1
        return [
            total for total, count in sorted(by_total.items(), reverse=True) for _ in range(count)
        ]

    async def _settled(
        self,
        connection: AsyncConnection,
        scope: tuple[int, int],
        members: Ids,
        window: tuple[date, date],
        now: datetime,
        membership: Membership,
    ) -> _Kept:
        """Return the cohort's (`scope`: its community and its id) totals from `window`'s first
        day to the day before its second, kept or read (and kept when the membership did not
        change while they were read)."""
        community_id, cohort_id = scope
        days = (window[0], window[1] - timedelta(days=1))
        kept = self._kept.get(cohort_id)
        fresh = kept is not None and now - kept.read_at < self._kept_for
        if kept is not None and fresh and (kept.membership, kept.days) == (membership, days):
            self._kept.move_to_end(cohort_id)
            return kept
        totals = await store.message_totals(connection, community_id, members, *days)
        kept = _Kept(membership, days, totals, Counter(totals.values()), now)
        if await weekly.membership(connection, members) == membership:
            self._keep(cohort_id, kept)
        return kept

    def _keep(self, cohort_id: int, kept: _Kept) -> None:
        """Keep the cohort's totals, dropping the least recently used past `limit` totals."""
        if (before := self._kept.pop(cohort_id, None)) is not None:
            self._totals -= len(before.totals)
        self._kept[cohort_id] = kept
        self._totals += len(kept.totals)
        while self._totals > self._limit and len(self._kept) > 1:
            _, dropped = self._kept.popitem(last=False)
            self._totals -= len(dropped.totals)
