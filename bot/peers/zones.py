"""Whether two members live within a few hours of each other, by their current UTC offsets.

Offsets, not zone names: half-hour zones (India, Newfoundland) and summer time count as they
are on the day asked (Europe/London and America/New_York are five hours apart most of the year,
four for a few weeks in spring and autumn).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

NEAR = timedelta(hours=3)


def utc_offset(zone: str, at: datetime) -> timedelta:
    """Return `zone`'s offset from UTC at the moment `at` (aware)."""
    offset = at.astimezone(ZoneInfo(zone)).utcoffset()
    assert offset is not None  # a ZoneInfo always has one
    return offset


def hours_apart(first: str, second: str, at: datetime) -> timedelta:
    """Return how far apart two zones' clocks are at `at`."""
    return abs(utc_offset(first, at) - utc_offset(second, at))


def near(first: str, second: str, at: datetime, within: timedelta = NEAR) -> bool:
    """Return whether two zones' clocks are at most `within` apart at `at`."""
    return hours_apart(first, second, at) <= within
