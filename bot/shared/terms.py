"""A cohort's term in weeks: pure date arithmetic, with the community's breaks.

Shared: the cohorts feature sets terms, topics number their posts by week, and the scheduler
pauses a cohort's scheduled work outside its term.

Week N is floor((local date - first day) / 7) + 1, counting only the weeks that are not wholly
inside a break: such a week gets no number and lengthens the term by a week.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from bot.shared.breaks import BreakDates

MIN_WEEKS = 1
MAX_WEEKS = 52
"""A term lasts a week at least and a year at most (longer plans are several terms)."""

WEEK = timedelta(days=7)


class Phase(StrEnum):
    """Where a day lies in a term."""

    BEFORE = "before"
    WEEK = "week"
    BREAK = "break"
    AFTER = "after"


@dataclass(frozen=True, slots=True)
class Term:
    """A term: its first day and its length in numbered weeks."""

    start: date
    weeks: int


@dataclass(frozen=True, slots=True)
class WeekOf:
    """Where a day lies in a term; `number` is set only in a numbered week."""

    phase: Phase
    number: int | None = None

    @property
    def active(self) -> bool:
        """Return whether the cohort's scheduled work runs on that day."""
        return self.phase is Phase.WEEK


def is_break_week(first_day: date, breaks: Sequence[BreakDates]) -> bool:
    """Return whether all seven days from `first_day` lie inside breaks."""
    days = (first_day + timedelta(days=offset) for offset in range(7))
    return all(any(one.covers(day) for one in breaks) for day in days)


def week_of(term: Term, breaks: Sequence[BreakDates], day: date) -> WeekOf:
    """Return where `day` lies in `term`: before it, in week N, in a break week, or after it."""
    if day < term.start:
        return WeekOf(Phase.BEFORE)
    index = (day - term.start).days // 7
    skipped = sum(is_break_week(term.start + WEEK * earlier, breaks) for earlier in range(index))
    number = index + 1 - skipped
    if number > term.weeks:
        return WeekOf(Phase.AFTER)
    if is_break_week(term.start + WEEK * index, breaks):
        return WeekOf(Phase.BREAK)
    return WeekOf(Phase.WEEK, number)


def calendar_weeks(term: Term, breaks: Sequence[BreakDates]) -> Iterator[tuple[date, int | None]]:
    """Yield each week of the term, breaks included: its first day and its number (None for a
    week wholly inside a break), until the last numbered week."""
    numbered, first = 0, term.start
    while numbered < term.weeks:
        if is_break_week(first, breaks):
            yield first, None
        else:
            numbered += 1
            yield first, numbered
        first += WEEK


def last_day(term: Term, breaks: Sequence[BreakDates]) -> date:
    """Return the term's last day: the end of its last numbered week, breaks included."""
    numbered, index = 0, 0
    while numbered < term.weeks:
        if not is_break_week(term.start + WEEK * index, breaks):
            numbered += 1
        index += 1
    return term.start + WEEK * index - timedelta(days=1)
