"""Nearness by the zones' current UTC offsets: half-hour zones and summer time count as they are
on the day asked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.peers.zones import hours_apart, near

WINTER = datetime(2026, 1, 15, 12, tzinfo=UTC)
MARCH_GAP = datetime(2026, 3, 20, 12, tzinfo=UTC)  # the US on summer time, Europe not yet


def test_half_hour_zones_are_measured_to_the_half_hour() -> None:
    assert hours_apart("Asia/Kolkata", "Asia/Dubai", WINTER) == timedelta(hours=1, minutes=30)
    assert near("Asia/Kolkata", "Asia/Dubai", WINTER)
    assert hours_apart("Asia/Kolkata", "Europe/Berlin", WINTER) == timedelta(hours=4, minutes=30)
    assert not near("Asia/Kolkata", "Europe/Berlin", WINTER)
    assert near("America/St_Johns", "America/New_York", WINTER)  # 1.5 hours


def test_summer_time_changes_what_is_near() -> None:
    # New York to Sao Paulo: 2 hours in January, 1 in March (New York moved, Brazil has no DST).
    assert hours_apart("America/New_York", "America/Sao_Paulo", WINTER) == timedelta(hours=2)
    assert hours_apart("America/New_York", "America/Sao_Paulo", MARCH_GAP) == timedelta(hours=1)
    # London to New York: five hours most of the year, four in the weeks between the switches.
    assert not near("Europe/London", "America/New_York", WINTER, timedelta(hours=4))
    assert near("Europe/London", "America/New_York", MARCH_GAP, timedelta(hours=4))


def test_three_hours_apart_is_still_near() -> None:
    assert near("Europe/London", "Europe/Moscow", WINTER)  # exactly three hours
    assert not near("Europe/London", "Asia/Dubai", WINTER)  # four
