"""The virtual clock runs due timers in time order, each at its own moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.clock import RealClock, VirtualClock

START = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)


def test_real_clock_is_aware_utc() -> None:
    now = RealClock().now()
    assert now.tzinfo is UTC


def test_virtual_clock_refuses_naive_start() -> None:
    with pytest.raises(ValueError, match="aware"):
        VirtualClock(datetime(2026, 1, 5, 8, 0))  # noqa: DTZ001 - the point of the test


def test_start_in_another_zone_is_normalised_to_utc() -> None:
    clock = VirtualClock(datetime(2026, 1, 5, 9, 0, tzinfo=ZoneInfo("Europe/Berlin")))
    assert clock.now() == START
    assert clock.now().tzinfo is UTC


async def test_timers_run_in_due_order_at_their_own_time() -> None:
    clock = VirtualClock(START)
    seen: list[tuple[str, datetime]] = []

    def timer(name: str):  # type: ignore[no-untyped-def]
        async def run() -> None:
            seen.append((name, clock.now()))

        return run

    clock.call_at(START + timedelta(hours=3), timer("third"))
    clock.call_at(START + timedelta(hours=1), timer("first"))
    clock.call_at(START + timedelta(hours=2), timer("second"))
    clock.call_at(START + timedelta(days=2), timer("later"))
    ran = await clock.advance_to(START + timedelta(days=1))
    assert ran == 3
    assert seen == [
        ("first", START + timedelta(hours=1)),
        ("second", START + timedelta(hours=2)),
        ("third", START + timedelta(hours=3)),
    ]
    assert clock.now() == START + timedelta(days=1)
    assert clock.pending() == 1


async def test_timers_due_at_the_same_moment_run_in_the_order_armed() -> None:
    clock = VirtualClock(START)
    order: list[int] = []
    for number in range(5):

        async def run(number: int = number) -> None:
            order.append(number)

        clock.call_at(START + timedelta(minutes=1), run)
    await clock.advance_to(START + timedelta(minutes=1))
    assert order == [0, 1, 2, 3, 4]


async def test_a_timer_may_arm_another_that_falls_due_in_the_same_advance() -> None:
    clock = VirtualClock(START)
    seen: list[datetime] = []

    async def weekly() -> None:
        seen.append(clock.now())
        clock.call_at(clock.now() + timedelta(weeks=1), weekly)

    clock.call_at(START + timedelta(days=1), weekly)
    await clock.advance_to(START + timedelta(weeks=3))
    assert seen == [START + timedelta(days=1 + 7 * n) for n in range(3)]


async def test_clock_cannot_go_backwards() -> None:
    clock = VirtualClock(START)
    with pytest.raises(ValueError, match="backwards"):
        await clock.advance_to(START - timedelta(seconds=1))
    assert clock.now() == START


async def test_reset_sets_the_time_before_timers_are_armed_only() -> None:
    clock = VirtualClock(START)
    clock.reset(START - timedelta(days=3))
    assert clock.now() == START - timedelta(days=3)

    async def nothing() -> None:
        return None

    clock.call_at(START, nothing)
    with pytest.raises(RuntimeError, match="armed"):
        clock.reset(START)
    assert clock.now() == START - timedelta(days=3)
