"""Pure figures of participation: how evenly messages are spread among members."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

from bot.i18n import ngettext

TOP_SHARE_WARNING = 0.5
GINI_WARNING = 0.6
MIN_POSTERS_FOR_WARNING = 5


def gini(values: Sequence[int]) -> float:
    """Return the Gini coefficient of `values`: 0 when all are equal, towards 1 when one has all.

    Uses the sorted-rank formula G = 2·Σ i·x_i / (n·Σx) − (n+1)/n (i from 1, x ascending).
    An empty or all-zero list is perfectly even (0).
    """
    ordered = sorted(values)
    n, total = len(ordered), sum(ordered)
    if n == 0 or total == 0:
        return 0.0
    ranked = sum(rank * value for rank, value in enumerate(ordered, start=1))
    return 2 * ranked / (n * total) - (n + 1) / n


def top_share(values: Sequence[int], fraction: float = 0.1) -> float:
    """Return the share of the total held by the top `fraction` of members (at least one)."""
    total = sum(values)
    if not values or total == 0:
        return 0.0
    count = max(1, math.ceil(len(values) * fraction))
    return sum(sorted(values, reverse=True)[:count]) / total


def monopolized(values: Sequence[int]) -> bool:
    """Return whether a few members dominate: the top 10 % write half, or the Gini is high."""
    if len(values) < MIN_POSTERS_FOR_WARNING:
        return False
    return top_share(values) >= TOP_SHARE_WARNING or gini(values) >= GINI_WARNING


def median(durations: Sequence[timedelta]) -> timedelta | None:
    """Return the median of `durations`, or None when there are none."""
    if not durations:
        return None
    ordered = sorted(durations)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def describe_duration(duration: timedelta) -> str:
    """Return `3 days`, `5 hours` or `12 minutes`, rounded down, in the current language."""
    if duration >= timedelta(days=2):
        return ngettext("{count} day", "{count} days", duration.days).format(count=duration.days)
    hours = int(duration.total_seconds() // 3600)
    if hours >= 2:
        return ngettext("{count} hour", "{count} hours", hours).format(count=hours)
    minutes = max(0, int(duration.total_seconds() // 60))
    return ngettext("{count} minute", "{count} minutes", minutes).format(count=minutes)
