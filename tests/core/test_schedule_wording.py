"""How a break and a schedule's timing read: whole sentences, counted nouns in the right form."""

from __future__ import annotations

from datetime import date, time

from bot.recurrence import WeeklyRule
from bot.shared.breaks import BreakDates
from bot.shared.schedules import describe_timing


def test_a_break_counts_its_days_in_the_singular_and_the_plural() -> None:
    assert BreakDates(date(2026, 1, 12), date(2026, 1, 12)).describe() == (
        "2026-01-12 to 2026-01-12 (1 day)"
    )
    assert BreakDates(date(2026, 12, 21), date(2027, 1, 3)).describe() == (
        "2026-12-21 to 2027-01-03 (14 days)"
    )


def test_a_weekly_timing_names_its_cadence_only_beyond_one_week() -> None:
    weekly = WeeklyRule(0, time(9, 0), 1, date(2026, 1, 5), "UTC")
    fortnightly = WeeklyRule(2, time(18, 30), 2, date(2026, 1, 7), "UTC")
    assert describe_timing(weekly) == "every Monday at 09:00"
    assert describe_timing(fortnightly) == "every Wednesday at 18:30 (every 2 weeks)"
