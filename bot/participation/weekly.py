"""A cohort's figures week by week of its term: which weeks, and what each one counts.

Pure: the dates of the numbered weeks so far come from the term and the community's breaks
(a week wholly inside a break has no number), the counts from `store/weekly.py`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.shared.breaks import BreakDates
from bot.shared.terms import Term, WeekOf, calendar_weeks, last_day, week_of


@dataclass(frozen=True, slots=True)
class WeekSpan:
    """A numbered week of a term: its number and its first and last local dates."""

    number: int
    first: date
    last: date


@dataclass(frozen=True, slots=True)
class TermPlace:
    """Where a cohort stands in its term today, and the numbered weeks begun so far."""

    term: Term
    today: WeekOf
    ends: date
    weeks: tuple[WeekSpan, ...]


@dataclass(frozen=True, slots=True)
class WeekFigures:
    """What one week of a term counts, for the cohort's members: no names, counts only."""

    number: int
    topic_posts: int
    replies: int
    """Replies by the cohort's members to the topic posts of that week."""
    responders: int
    active: int
    """Members who posted at least once that week."""
    messages: int


def term_place(term: Term, breaks: Sequence[BreakDates], today: date) -> TermPlace:
    """Return where `today` lies in `term`, with the numbered weeks that have begun by then."""
    return TermPlace(
        term, week_of(term, breaks, today), last_day(term, breaks), weeks_begun(term, breaks, today)
    )


def weeks_begun(term: Term, breaks: Sequence[BreakDates], today: date) -> tuple[WeekSpan, ...]:
    """Return the numbered weeks of `term` whose first day is `today` or earlier."""
    return tuple(
        WeekSpan(number, first, first + timedelta(days=6))
        for first, number in calendar_weeks(term, breaks)
        if number is not None and first <= today
    )
