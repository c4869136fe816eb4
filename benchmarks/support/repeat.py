"""Repetitions: a benchmark runs its measurement at least three times and reports the median,
so one lucky or unlucky run neither flatters nor condemns the code."""

from __future__ import annotations

import statistics
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

REPETITIONS = 3
Result = TypeVar("Result")


def median(values: Sequence[float]) -> float:
    """Return the median of `values` (the middle one of an odd count)."""
    if not values:
        raise ValueError("no values to take the median of")
    return statistics.median(values)


def percentile(sorted_values: Sequence[float], share: float) -> float:
    """Return the value below which `share` (0..1) of `sorted_values` lie, nearest rank."""
    if not sorted_values:
        raise ValueError("no values")
    rank = max(1, round(share * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def repeated(run: Callable[[int], Result], times: int = REPETITIONS) -> list[Result]:
    """Call `run(repetition)` `times` times (at least three) and return every result."""
    return [run(number) for number in range(max(times, REPETITIONS))]


async def repeated_async(
    run: Callable[[int], Awaitable[Result]], times: int = REPETITIONS
) -> list[Result]:
    """Await `run(repetition)` `times` times (at least three), one after another."""
    return [await run(number) for number in range(max(times, REPETITIONS))]
