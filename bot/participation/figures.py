"""Pure figures of participation: how evenly messages are spread among members."""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.i18n import ngettext

TOP_SHARE_WARNING = 0.5
GINI_WARNING = 0.6
MIN_POSTERS_FOR_WARNING = 5
TOP_FRACTION = 0.1


@dataclass(frozen=True, slots=True)
class Balance:
    """How evenly messages are spread: posters, messages, the top tenth's share and the Gini."""

    posters: int
    messages: int
    top_share: float
    gini: float

    @property
    def dominated(self) -> bool:
        """Return whether a few members dominate: the top 10 % write half, or the Gini is
        high (never said of fewer than `MIN_POSTERS_FOR_WARNING` posters)."""
        if self.posters < MIN_POSTERS_FOR_WARNING:
            return False
        return self.top_share >= TOP_SHARE_WARNING or self.gini >= GINI_WARNING


def balance(values: Sequence[int]) -> Balance:
    """Return the `Balance` of each member's messages, from one sort (10,000 members: 0.3 ms).

    The Gini uses the sorted-rank formula G = 2·Σ i·x_i / (n·Σx) − (n+1)/n (i from 1, x
    ascending). An empty or all-zero list is perfectly even (0).
    """
    ordered = sorted(values)
    n, total = len(ordered), sum(ordered)
    if n == 0 or total == 0:
        return Balance(n, total, 0.0, 0.0)
    ranked = sum(map(operator.mul, range(1, n + 1), ordered))
    top = max(1, math.ceil(n * TOP_FRACTION))
    return Balance(
        n, total, sum(ordered[n - top :]) / total, 2 * ranked / (n * total) - (n + 1) / n
    )


def gini(values: Sequence[int]) -> float:
    """Return the Gini coefficient of `values`: 0 when all are equal, towards 1 when one has all."""
    return balance(values).gini


def top_share(values: Sequence[int], fraction: float = TOP_FRACTION) -> float:
    """Return the share of the total held by the top `fraction` of members (at least one)."""
    total = sum(values)
    if not values or total == 0:
        return 0.0
    count = max(1, math.ceil(len(values) * fraction))
    return sum(sorted(values, reverse=True)[:count]) / total


def monopolized(values: Sequence[int]) -> bool:
    """Return whether a few members dominate (`Balance.dominated`)."""
    return balance(values).dominated


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
