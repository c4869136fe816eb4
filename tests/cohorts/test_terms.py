"""A term's weeks: numbered from the first day, a week wholly inside a break gets no number."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.shared.breaks import BreakDates
from bot.shared.terms import Phase, Term, WeekOf, calendar_weeks, last_day, week_of

TERM = Term(date(2027, 1, 4), 10)  # a Monday


def test_weeks_count_from_the_first_day() -> None:
    assert week_of(TERM, [], date(2027, 1, 3)) == WeekOf(Phase.BEFORE)
    assert week_of(TERM, [], date(2027, 1, 4)) == WeekOf(Phase.WEEK, 1)
    assert week_of(TERM, [], date(2027, 1, 10)) == WeekOf(Phase.WEEK, 1)
    assert week_of(TERM, [], date(2027, 1, 11)) == WeekOf(Phase.WEEK, 2)
    assert week_of(TERM, [], date(2027, 3, 14)) == WeekOf(Phase.WEEK, 10)
    assert week_of(TERM, [], date(2027, 3, 15)) == WeekOf(Phase.AFTER)
    assert last_day(TERM, []) == date(2027, 3, 14)


def test_a_week_inside_a_break_has_no_number_and_lengthens_the_term() -> None:
    breaks = [BreakDates(date(2027, 1, 18), date(2027, 1, 24))]  # all of week 3's days
    assert week_of(TERM, breaks, date(2027, 1, 17)) == WeekOf(Phase.WEEK, 2)
    assert week_of(TERM, breaks, date(2027, 1, 20)) == WeekOf(Phase.BREAK)
    assert week_of(TERM, breaks, date(2027, 1, 25)) == WeekOf(Phase.WEEK, 3)
    assert week_of(TERM, breaks, date(2027, 3, 21)) == WeekOf(Phase.WEEK, 10)
    assert last_day(TERM, breaks) == date(2027, 3, 21)


def test_a_break_covering_part_of_a_week_leaves_it_numbered() -> None:
    breaks = [BreakDates(date(2027, 1, 18), date(2027, 1, 23))]  # Sunday the 24th is not in it
    assert week_of(TERM, breaks, date(2027, 1, 20)) == WeekOf(Phase.WEEK, 3)
    assert last_day(TERM, breaks) == date(2027, 3, 14)


def test_two_breaks_together_can_cover_a_week() -> None:
    breaks = [
        BreakDates(date(2027, 1, 14), date(2027, 1, 20)),
        BreakDates(date(2027, 1, 21), date(2027, 1, 26)),
    ]
    assert week_of(TERM, breaks, date(2027, 1, 18)) == WeekOf(Phase.BREAK)
    assert week_of(TERM, breaks, date(2027, 1, 25)) == WeekOf(Phase.WEEK, 3)


@given(
    weeks=st.integers(1, 52),
    offsets=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 40)), max_size=4),
)
def test_every_numbered_week_appears_once_and_the_term_ends_after_the_last(
    weeks: int, offsets: list[tuple[int, int]]
) -> None:
    term = Term(date(2027, 1, 4), weeks)
    breaks = _breaks(term, offsets)
    end = last_day(term, breaks)
    days = [term.start + timedelta(days=n) for n in range((end - term.start).days + 1)]
    numbers = {week_of(term, breaks, day).number for day in days} - {None}
    assert numbers == set(range(1, weeks + 1))
    assert week_of(term, breaks, end).number == weeks
    assert week_of(term, breaks, end + timedelta(days=1)).phase is Phase.AFTER


@given(
    weeks=st.integers(1, 52),
    offsets=st.lists(st.tuples(st.integers(0, 400), st.integers(0, 40)), max_size=4),
)
def test_the_calendar_weeks_agree_with_week_of_day_by_day(
    weeks: int, offsets: list[tuple[int, int]]
) -> None:
    term = Term(date(2027, 1, 4), weeks)
    breaks = _breaks(term, offsets)
    listed = list(calendar_weeks(term, breaks))
    assert [number for _, number in listed if number is not None] == list(range(1, weeks + 1))
    assert listed[-1][0] + timedelta(days=6) == last_day(term, breaks)
    for first, number in listed:
        expected = WeekOf(Phase.BREAK) if number is None else WeekOf(Phase.WEEK, number)
        assert week_of(term, breaks, first + timedelta(days=3)) == expected


def _breaks(term: Term, offsets: list[tuple[int, int]]) -> list[BreakDates]:
    """Return breaks starting `start` days into the term and lasting `length` more days."""
    return [
        BreakDates(term.start + timedelta(days=start), term.start + timedelta(days=start + length))
        for start, length in offsets
    ]
