"""The pairing benchmark's year: who takes part in each round, and the process's memory."""

from __future__ import annotations

from benchmarks.pairing_parts import rss
from benchmarks.pairing_parts.year import (
    CORE,
    MEMBERS,
    STAY_WEEKS,
    attendance,
    candidate,
    everyone,
    random_rounds,
)


def test_every_round_has_the_core_and_a_full_house() -> None:
    rounds = list(attendance(20))
    assert all(len(present) == len(set(present)) == MEMBERS for present in rounds)
    assert all(set(range(1, CORE + 1)) <= set(present) for present in rounds)


def test_the_others_come_for_a_few_weeks_and_do_not_come_back() -> None:
    rounds = [set(present) - set(range(1, CORE + 1)) for present in attendance(30)]
    weeks: dict[int, list[int]] = {}
    for number, present in enumerate(rounds):
        for member in present:
            weeks.setdefault(member, []).append(number)
    for member, attended in weeks.items():
        assert attended == list(range(attended[0], attended[-1] + 1)), member  # no gap
        if attended[0] > 0 and attended[-1] < len(rounds) - 1:  # came and went in the window
            assert STAY_WEEKS[0] <= len(attended) <= STAY_WEEKS[1]
    assert everyone(30) == max(weeks) > MEMBERS + (MEMBERS - CORE) * 29 // STAY_WEEKS[1]


def test_the_same_year_every_time() -> None:
    assert list(attendance(5)) == list(attendance(5))
    assert candidate(42) == candidate(42)
    first = [groups for _n, _present, groups in random_rounds(3, seed=1)]
    again = [groups for _n, _present, groups in random_rounds(3, seed=1)]
    assert first == again


def test_random_rounds_pair_everyone_present_once() -> None:
    for _number, present, groups in random_rounds(2, seed=3):
        grouped = [member for group in groups for member in group]
        assert sorted(grouped) == sorted(present)
        assert all(len(group) in (2, 3) for group in groups)


def test_the_watch_sees_memory_held_during_its_step() -> None:
    watch = rss.Watch()
    held = bytearray(64 * 2**20)
    held[::4096] = b"\x01" * len(held[::4096])  # touch every page so it is resident
    figures = watch.figures()
    del held
    assert figures["rss_peak_mb"] >= figures["rss_before_mb"]
    if figures["rss_peak_isolated"]:
        assert figures["rss_growth_mb"] >= 60
