"""When a weekly schedule falls due: pure date arithmetic in the community's time zone.

A schedule names a weekday and a local wall-clock time, every `n` weeks counted from the local
date of its first occurrence (the anchor). Daylight saving is handled by building each
occurrence from its local date and time, then converting to UTC:

- a local time that does not exist (02:30 on a spring-forward night) happens at the same
  distance past the transition, 03:30 local — the moment 02:30 standard time would have been;
- a local time that happens twice (02:30 on a fall-back night) happens once, the first time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MAX_EVERY_WEEKS = 52


@dataclass(frozen=True, slots=True)
class WeeklyRule:
    """Every `every_weeks` weeks on `weekday` (Monday = 0) at `at`, local to `zone`."""

    weekday: int
    at: time
    every_weeks: int
    anchor: date
    zone: str

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")
        if not 1 <= self.every_weeks <= MAX_EVERY_WEEKS:
            raise ValueError(f"every_weeks must be 1 to {MAX_EVERY_WEEKS}")
        if self.anchor.weekday() != self.weekday:
            raise ValueError("the anchor date must fall on the schedule's weekday")

    def due_on(self, day: date) -> datetime:
        """Return the UTC moment of the occurrence on local date `day`."""
        local = datetime.combine(day, self.at, tzinfo=ZoneInfo(self.zone))  # fold=0: first
        return local.astimezone(UTC)

    def next_after(self, moment: datetime) -> datetime:
        """Return the first occurrence strictly after `moment`."""
        return next(self._from(moment, strictly_after=True))

    def due_between(self, start: datetime, end: datetime) -> list[datetime]:
        """Return the occurrences in `[start, end]`, oldest first."""
        found = []
        for due in self._from(start, strictly_after=False):
            if due > end:
                break
            found.append(due)
        return found

    def _from(self, moment: datetime, *, strictly_after: bool) -> Iterator[datetime]:
        local_day = moment.astimezone(ZoneInfo(self.zone)).date() - timedelta(days=1)
        day = max(self._first_on_or_after(local_day), self.anchor)
        while True:
            due = self.due_on(day)
            if due > moment or (due == moment and not strictly_after):
                yield due
            day += timedelta(weeks=self.every_weeks)

    def _first_on_or_after(self, day: date) -> date:
        """Return the first date on or after `day` that is in the cadence."""
        day += timedelta(days=(self.weekday - day.weekday()) % 7)
        weeks = (day - self.anchor).days // 7
        behind = weeks % self.every_weeks
        return day + timedelta(weeks=(self.every_weeks - behind) % self.every_weeks)


def first_anchor(weekday: int, at: time, zone: str, now: datetime) -> date:
    """Return the local date of the first occurrence after `now` of a new weekly schedule."""
    local_now = now.astimezone(ZoneInfo(zone))
    day = local_now.date() + timedelta(days=(weekday - local_now.weekday()) % 7)
    rule = WeeklyRule(weekday, at, 1, day, zone)
    if rule.due_on(day) <= now:
        day += timedelta(weeks=1)
    return day
