"""The grouping alone (`group_members`), in memory: a year of rounds as the bot would run them,
then the rounds after it timed; and the repeats of small pools with full participation."""

from __future__ import annotations

import time
import tracemalloc
from typing import Any

from benchmarks.pairing_parts import rss
from benchmarks.pairing_parts.year import MEMBERS, History, attendance, candidate, remember
from benchmarks.support.repeat import REPETITIONS, median
from bot.pairing.matching import Grouping, group_members
from bot.pairing.preferences import Candidate

HISTORY_ROUNDS = 52
CYCLES = (10, 20, 50)


class Rounds:
    """The rounds of the year and after it, grouped one after another with their history."""

    def __init__(self, last: int) -> None:
        self.history: History = {}
        self.known: dict[int, Candidate] = {}
        self.cpu_seconds: list[float] = []
        """Each round's CPU seconds: what the grouping costs, whatever else the machine runs."""
        self._present = enumerate(attendance(last), start=1)

    def next(self) -> tuple[float, Grouping]:
        """Group the next round; return its seconds and grouping (now in the history)."""
        number, present = next(self._present)
        members = [self.known.get(m) or self.known.setdefault(m, candidate(m)) for m in present]
        started, cpu_started = time.perf_counter(), time.process_time()
        grouping = group_members(members, self.history, number, seed=number)
        seconds = time.perf_counter() - started
        self.cpu_seconds.append(time.process_time() - cpu_started)
        remember(self.history, grouping.groups, number)
        return seconds, grouping


def a_year_then_rounds() -> dict[str, Any]:
    """Group a year of weekly rounds (the history the bot would have recorded), then time
    REPETITIONS more rounds (RSS watched), then trace one more (tracemalloc)."""
    rounds = Rounds(HISTORY_ROUNDS + REPETITIONS + 1)
    year = [rounds.next() for _ in range(HISTORY_ROUNDS)]
    history_pairs = len(rounds.history)
    watch = rss.Watch()
    timed = [rounds.next() for _ in range(REPETITIONS)]
    memory = watch.figures()
    tracemalloc.start()  # it slows Python down: a round of its own
    rounds.next()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    seconds = [round(each, 3) for each, _grouping in timed]
    year_seconds = [each for each, _grouping in year]
    return {
        "members": MEMBERS,
        "members_who_took_part": max(rounds.known),
        "history_pairs": history_pairs,
        "seconds_per_round": round(median(seconds), 3),
        "each_seconds": seconds,
        "cpu_seconds_per_round": round(median(rounds.cpu_seconds[-REPETITIONS - 1 : -1]), 3),
        "year_median_seconds": round(median(year_seconds), 3),
        "year_max_seconds": round(max(year_seconds), 3),
        "peak_memory_mb": round(peak / 2**20, 1),
        "repeats": sum(grouping.repeats for _seconds, grouping in timed),
        "year_repeats": sum(grouping.repeats for _seconds, grouping in year),
        **memory,
    }


def cycle_repeats(size: int) -> int:
    """Return the repeats over rounds 1..size-1 with the same `size` members every round."""
    members = [Candidate(member) for member in range(1, size + 1)]
    history: History = {}
    repeats = 0
    for number in range(1, size):
        grouping = group_members(members, history, number, seed=size * 1000 + number)
        repeats += grouping.repeats
        remember(history, grouping.groups, number)
    return repeats


def cycles() -> dict[str, int]:
    """Return the repeats of each of CYCLES' full-participation pools, by size."""
    return {str(size): cycle_repeats(size) for size in CYCLES}
