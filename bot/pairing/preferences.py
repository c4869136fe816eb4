"""How well two members suit each other for a round: new partners first, then preferences.

A pair's weight is lexicographic in effect: a pair who never met outweighs any repeat, a repeat
from long ago outweighs a recent one, and among equals the preferences decide (time zones that
share waking hours, shared interests, a quieter member with a more active one), with a small
seeded jitter so that ties break differently from round to round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

WAKING_HOURS = 14.0  # 08:00 to 22:00 local
"""Two waking windows of 14 hours on a 24-hour day always overlap by at least 4 hours."""
MIN_OVERLAP = 2 * WAKING_HOURS - 24.0
TIME_ZONE_WEIGHT = 4.0
INTEREST_WEIGHT = 2.0
ACTIVITY_WEIGHT = 1.0
JITTER = 0.5
INTERESTS_COUNTED = 3
PREFERENCE_SPAN = TIME_ZONE_WEIGHT + INTEREST_WEIGHT + ACTIVITY_WEIGHT + JITTER
"""The most the preferences can add to a pair's weight."""
RECENCY_CAP = 1_000
"""Repeats older than this many rounds count as equally old."""
NEW_PAIR = 1e9
"""Far above any sum of repeat and preference weights in a round: new pairs always win."""


@dataclass(frozen=True, slots=True)
class Candidate:
    """An eligible member as the grouping sees them."""

    id: int
    utc_offset: float = 0.0
    """Hours east of UTC at the time of the round (their own zone, else the community's)."""
    interests: frozenset[str] = frozenset()
    """Case-folded."""
    activity: float = 0.0
    """0 for a quiet member up to 1 for a very active one."""


def pair_key(a: int, b: int) -> tuple[int, int]:
    """Return the history key of a pair: the smaller id first."""
    return (a, b) if a < b else (b, a)


def shared_waking_hours(offset_a: float, offset_b: float) -> float:
    """Return how many hours of the day both are awake (08:00 to 22:00 local), 4 to 14."""
    gap = abs(offset_a - offset_b) % 24.0
    if gap > 12.0:
        gap = 24.0 - gap
    return (WAKING_HOURS - gap if gap < WAKING_HOURS else 0.0) + (
        gap - (24.0 - WAKING_HOURS) if gap > 24.0 - WAKING_HOURS else 0.0
    )


class Weigher:
    """Weighs pairs for one round: history, preferences and the round's seeded jitter.

    Called for every pair considered (hundreds of thousands at scale), so it reads the history
    as given and keeps each member's features in a tuple.
    """

    def __init__(
        self,
        candidates: Iterable[Candidate],
        history: Mapping[tuple[int, int], int],
        round_number: int,
        salt: int,
    ) -> None:
        self.by_id = {candidate.id: candidate for candidate in candidates}
        self._history = history
        self._round = round_number
        self._salt = salt & 0xFFFFFFFF
        self._features = {
            candidate.id: (candidate.utc_offset, candidate.interests, candidate.activity)
            for candidate in self.by_id.values()
        }

    def rounds_since(self, a: int, b: int) -> int | None:
        """Return how many rounds ago `a` and `b` last met, or None if never."""
        last = self._history.get((a, b) if a < b else (b, a))
        return None if last is None else max(1, self._round - last)

    def earliest_pairs(self) -> list[tuple[int, int]]:
        """Return the pairs among the candidates from the earliest round any of them met in."""
        ids = self.by_id
        among = [
            (pair, last)
            for pair, last in self._history.items()
            if pair[0] in ids and pair[1] in ids
        ]
        if not among:
            return []
        first = min(last for _, last in among)
        return sorted(pair for pair, last in among if last == first)

    def is_repeat(self, a: int, b: int) -> bool:
        """Return whether `a` and `b` met before."""
        return ((a, b) if a < b else (b, a)) in self._history

    def weight(self, a: int, b: int) -> float:
        """Return the pair's weight: history first, then preferences."""
        ago = self.rounds_since(a, b)
        base = NEW_PAIR if ago is None else min(ago, RECENCY_CAP) * PREFERENCE_SPAN * 2
        return base + self.preference(a, b)

    def weights_among(self, ids: list[int]) -> dict[tuple[int, int], float]:
        """Return the weight of every pair of `ids` (keyed in `ids` order): `weight`, inlined.

        The blocks of a large round weigh a few hundred thousand pairs; one loop without calls
        halves the time.
        """
        rows = [(member, *self._features[member]) for member in ids]
        history, number, salt = self._history, self._round, self._salt
        zone_scale = TIME_ZONE_WEIGHT / (WAKING_HOURS - MIN_OVERLAP)
        weights: dict[tuple[int, int], float] = {}
        for index, (a, offset_a, interests_a, activity_a) in enumerate(rows):
            for b, offset_b, interests_b, activity_b in rows[index + 1 :]:
                low, high = (a, b) if a < b else (b, a)
                last = history.get((low, high))
                if last is None:
                    total = NEW_PAIR
                else:
                    total = min(max(1, number - last), RECENCY_CAP) * PREFERENCE_SPAN * 2
                gap = abs(offset_a - offset_b) % 24.0
                if gap > 12.0:
                    gap = 24.0 - gap
                overlap = (WAKING_HOURS - gap if gap < WAKING_HOURS else 0.0) + (
                    gap - (24.0 - WAKING_HOURS) if gap > 24.0 - WAKING_HOURS else 0.0
                )
                total += zone_scale * (overlap - MIN_OVERLAP)
                if interests_a and interests_b:
                    shared = len(interests_a & interests_b)
                    total += INTEREST_WEIGHT * min(shared, INTERESTS_COUNTED) / INTERESTS_COUNTED
                total += ACTIVITY_WEIGHT * abs(activity_a - activity_b)
                mixed = (low * 0x9E3779B1 ^ high * 0x85EBCA77 ^ salt) & 0xFFFFFFFF
                mixed = ((mixed ^ (mixed >> 15)) * 0x2C1B3C6D) & 0xFFFFFFFF
                mixed = ((mixed ^ (mixed >> 12)) * 0x297A2D39) & 0xFFFFFFFF
                weights[(a, b)] = total + JITTER * (mixed ^ (mixed >> 15)) / 0x100000000
        return weights

    def preference(self, a: int, b: int) -> float:
        """Return how much the pair is preferred, history aside (0 to PREFERENCE_SPAN)."""
        offset_a, interests_a, activity_a = self._features[a]
        offset_b, interests_b, activity_b = self._features[b]
        overlap = shared_waking_hours(offset_a, offset_b)
        score = TIME_ZONE_WEIGHT * (overlap - MIN_OVERLAP) / (WAKING_HOURS - MIN_OVERLAP)
        if interests_a and interests_b:
            shared = len(interests_a & interests_b)
            score += INTEREST_WEIGHT * min(shared, INTERESTS_COUNTED) / INTERESTS_COUNTED
        score += ACTIVITY_WEIGHT * abs(activity_a - activity_b)
        return score + JITTER * self._jitter(a, b)

    def _jitter(self, a: int, b: int) -> float:
        low, high = (a, b) if a < b else (b, a)
        mixed = (low * 0x9E3779B1 ^ high * 0x85EBCA77 ^ self._salt) & 0xFFFFFFFF
        mixed = ((mixed ^ (mixed >> 15)) * 0x2C1B3C6D) & 0xFFFFFFFF
        mixed = ((mixed ^ (mixed >> 12)) * 0x297A2D39) & 0xFFFFFFFF
        return (mixed ^ (mixed >> 15)) / 0x100000000
