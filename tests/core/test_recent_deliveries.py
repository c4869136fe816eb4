"""The in-memory window of deliveries a process saw: Discord's high-rate dispatches."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.clock import VirtualClock
from bot.shared.deliveries import RecentDeliveries

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


async def test_a_key_seen_within_the_window_is_not_new_and_is_new_again_after_it() -> None:
    clock = VirtualClock(START)
    recent = RecentDeliveries(clock, keep=timedelta(minutes=5))
    assert recent.first_time("message:1")
    assert not recent.first_time("message:1")
    assert recent.first_time("message:2")
    await clock.advance_to(START + timedelta(minutes=5, seconds=1))
    assert recent.first_time("message:1")


def test_the_oldest_keys_go_first_when_the_window_is_full() -> None:
    recent = RecentDeliveries(VirtualClock(START), most=3)
    for key in ("a", "b", "c", "d"):
        assert recent.first_time(key)
    assert recent.first_time("a")  # pushed out by "d"
    assert not recent.first_time("d")
