"""Who takes part in each weekly round: a core that stays, and members who come for a few weeks.

Every round has MEMBERS opted-in members: CORE of them stay the whole time, the other seats are
held by members who come for STAY_WEEKS (2 to 8 weeks) and leave, each seat then taken by a
newcomer. Over a year of weekly rounds about 50,000 members take part; a core member has met
about 52 others by the end, a newcomer nobody. Ids run from 1 in order of joining, so a database
that inserts the members in that order gives them the same ids.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from itertools import combinations

from bot.pairing.preferences import Candidate, pair_key

MEMBERS = 10_000
CORE = 6_000
STAY_WEEKS = (2, 8)
OFFSETS = (-8.0, -7.0, -6.0, -5.0, -3.0, 0.0, 1.0, 2.0, 3.0, 5.5, 8.0, 9.0, 10.0)
INTERESTS = tuple(f"topic{n}" for n in range(20))

History = dict[tuple[int, int], int]
Groups = Sequence[Sequence[int]]


def attendance(rounds: int, seed: int = 2026) -> Iterator[list[int]]:
    """Yield the ids present in each of `rounds` rounds (MEMBERS each)."""
    rng = random.Random(seed)
    newest = MEMBERS
    seats = [(CORE + n + 1, rng.randint(1, STAY_WEEKS[1])) for n in range(MEMBERS - CORE)]
    core = list(range(1, CORE + 1))
    for _number in range(rounds):
        yield core + [member for member, _left in seats]
        renewed = []
        for member, left in seats:
            if left > 1:
                renewed.append((member, left - 1))
            else:  # they leave; a newcomer takes the seat
                newest += 1
                renewed.append((newest, rng.randint(*STAY_WEEKS)))
        seats = renewed


def everyone(rounds: int) -> int:
    """Return how many members took part in `rounds` rounds (the highest id)."""
    return max(max(present) for present in attendance(rounds))


def candidate(member: int) -> Candidate:
    """Return member `member` as the grouping sees them: a zone, up to three interests and an
    activity level, the same every round."""
    rng = random.Random(member)
    interests = frozenset(rng.sample(INTERESTS, rng.randint(0, 3)))
    return Candidate(member, rng.choice(OFFSETS), interests, rng.random())


def random_rounds(rounds: int, seed: int) -> Iterator[tuple[int, list[int], Groups]]:
    """Yield (number, present, groups) for rounds 1..`rounds`, the present paired at random (one
    trio when odd): a stand-in for recorded rounds where only their size matters."""
    rng = random.Random(seed)
    for number, present in enumerate(attendance(rounds), start=1):
        order = list(present)
        rng.shuffle(order)
        groups = [order[i : i + 2] for i in range(0, len(order) - 1, 2)]
        if len(order) % 2:
            groups[-1].append(order[-1])
        yield number, present, groups


def remember(history: History, groups: Groups, number: int) -> None:
    """Add a round's groups to the history."""
    for group in groups:
        for a, b in combinations(group, 2):
            history[pair_key(a, b)] = number
