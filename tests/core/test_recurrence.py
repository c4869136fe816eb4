"""Weekly recurrence in local time, across daylight-saving changes and multi-week cadences."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.recurrence import WeeklyRule, first_anchor

NEW_YORK = "America/New_York"
BERLIN = "Europe/Berlin"


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def test_a_0230_schedule_on_the_spring_forward_day_fires_once_at_0330_local() -> None:
    # 2026-03-08 is a Sunday; New York skips from 02:00 to 03:00 that night.
    rule = WeeklyRule(6, time(2, 30), 1, date(2026, 3, 1), NEW_YORK)
    week = rule.due_between(utc(2026, 3, 7), utc(2026, 3, 9))
    assert week == [utc(2026, 3, 8, 7, 30)]
    local = week[0].astimezone(ZoneInfo(NEW_YORK))
    assert (local.hour, local.minute) == (3, 30)
    assert rule.next_after(week[0]) == utc(2026, 3, 15, 6, 30)  # 02:30 EDT the week after


def test_a_0230_schedule_on_the_fall_back_day_in_berlin_fires_once() -> None:
    # 2026-10-25 is a Sunday; Berlin goes from 03:00 CEST back to 02:00 CET: 02:30 happens twice.
    rule = WeeklyRule(6, time(2, 30), 1, date(2026, 10, 18), BERLIN)
    assert rule.due_between(utc(2026, 10, 24), utc(2026, 10, 26)) == [utc(2026, 10, 25, 0, 30)]
    before, after = rule.due_on(date(2026, 10, 18)), rule.due_on(date(2026, 11, 1))
    assert before == utc(2026, 10, 18, 0, 30)  # CEST, UTC+2
    assert after == utc(2026, 11, 1, 1, 30)  # CET, UTC+1: same local time, one hour later in UTC


def test_every_two_weeks_counts_from_the_anchor() -> None:
    rule = WeeklyRule(0, time(9, 0), 2, date(2026, 1, 5), BERLIN)
    dues = rule.due_between(utc(2026, 1, 1), utc(2026, 2, 28))
    assert [due.date() for due in dues] == [
        date(2026, 1, 5),
        date(2026, 1, 19),
        date(2026, 2, 2),
        date(2026, 2, 16),
    ]
    assert rule.next_after(utc(2026, 1, 5, 8, 0)) == utc(2026, 1, 19, 8, 0)
    assert rule.next_after(utc(2025, 6, 1)) == utc(2026, 1, 5, 8, 0)  # never before the anchor


def test_next_after_is_strict_and_due_between_is_inclusive() -> None:
    rule = WeeklyRule(2, time(18, 0), 1, date(2026, 1, 7), "UTC")
    due = utc(2026, 1, 14, 18, 0)
    assert rule.next_after(due) == due + timedelta(weeks=1)
    assert rule.next_after(due - timedelta(seconds=1)) == due
    assert rule.due_between(due, due) == [due]


def test_the_first_anchor_is_today_if_the_time_is_still_ahead() -> None:
    monday_morning = datetime(2026, 1, 5, 8, 0, tzinfo=ZoneInfo(BERLIN))
    assert first_anchor(0, time(9, 0), BERLIN, monday_morning) == date(2026, 1, 5)
    assert first_anchor(0, time(8, 0), BERLIN, monday_morning) == date(2026, 1, 12)
    assert first_anchor(4, time(8, 0), BERLIN, monday_morning) == date(2026, 1, 9)


def test_a_rule_refuses_impossible_values() -> None:
    with pytest.raises(ValueError, match="anchor"):
        WeeklyRule(0, time(9, 0), 1, date(2026, 1, 6), BERLIN)
    with pytest.raises(ValueError, match="every_weeks"):
        WeeklyRule(0, time(9, 0), 0, date(2026, 1, 5), BERLIN)


@given(
    weekday=st.integers(0, 6),
    hour=st.integers(0, 23),
    minute=st.integers(0, 59),
    every=st.integers(1, 4),
    zone=st.sampled_from([NEW_YORK, BERLIN, "Australia/Lord_Howe", "Asia/Kolkata", "UTC"]),
    offset_hours=st.integers(0, 24 * 400),
)
def test_occurrences_keep_their_local_weekday_and_cadence(
    weekday: int, hour: int, minute: int, every: int, zone: str, offset_hours: int
) -> None:
    anchor = first_anchor(weekday, time(hour, minute), zone, utc(2026, 1, 1))
    rule = WeeklyRule(weekday, time(hour, minute), every, anchor, zone)
    start = utc(2026, 1, 1) + timedelta(hours=offset_hours)
    first = rule.next_after(start)
    second = rule.next_after(first)
    assert first > start
    for due in (first, second):
        local = due.astimezone(ZoneInfo(zone))
        assert local.weekday() == weekday
        assert (local.date() - anchor).days % (7 * every) == 0
    gap = second.astimezone(ZoneInfo(zone)).date() - first.astimezone(ZoneInfo(zone)).date()
    assert gap == timedelta(weeks=every)
    assert rule.due_between(start + timedelta(microseconds=1), second) == [first, second]
