"""Durations: one reader and one writer, and the escalation ladder that reads them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.durations import MAX_DURATION, format_duration, parse_duration
from bot.moderation.ladder import Step, parse_ladder


@pytest.mark.parametrize(
    ("duration", "written"),
    [
        (timedelta(hours=1), "1h"),
        (timedelta(minutes=90), "1h30m"),
        (timedelta(days=14), "2w"),
        (timedelta(days=8, minutes=5), "1w1d5m"),
        (timedelta(seconds=30), "0m"),
    ],
)
def test_format_writes_what_people_type(duration: timedelta, written: str) -> None:
    assert format_duration(duration) == written


@given(st.integers(min_value=1, max_value=int(MAX_DURATION.total_seconds() // 60)))
def test_what_is_written_reads_back(minutes: int) -> None:
    duration = timedelta(minutes=minutes)
    assert parse_duration(format_duration(duration)) == duration


def test_the_default_ladder_and_a_longer_one() -> None:
    assert parse_ladder("3=24h") == (Step(3, timedelta(hours=24)),)
    assert parse_ladder(" 3=1h , 5=7d ") == (
        Step(3, timedelta(hours=1)),
        Step(5, timedelta(days=7)),
    )
    assert parse_ladder("") == ()


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("3", "should read <warnings>=<duration>"),
        ("0=1h", "should read <warnings>=<duration>"),
        ("3=soon", "write durations like 30m"),
        ("3=0h", "more than zero"),
        ("3=29d", "at most 28 days"),
        ("5=1h, 3=2h", "smallest first"),
    ],
)
def test_a_bad_ladder_says_what_is_wrong(text: str, complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        parse_ladder(text)
