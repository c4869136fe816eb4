"""Grouping a round's members: pairs, one trio when the count is odd. Pure and deterministic
under a seed.

Two regimes, chosen by size:

- Up to `EXACT_LIMIT` members (a class, a study group) the grouping is exact. The first round
  is a maximum-weight matching over every pair (networkx, as Yelp's Beans does): the best
  preferences. Later rounds take a factor of a round-robin schedule (the circle method) built
  so that the earliest round the members remember is its first factor: with the same members
  every round, the factors never share a pair, so 10 members meet 9 different partners in 9
  rounds, and among the unused factors the preferences choose. When no factor is free of
  repeats (members came and went, or everyone has met), the maximum-weight matching finds the
  grouping with the fewest repeats, then the least recent ones, then the best preferences.
- Above it (up to tens of thousands) full-graph blossom is far too slow, so members are sorted
  by UTC offset (shuffled within an offset) and cut into blocks of `BLOCK` neighbours in time;
  each block is matched greedily by weight and improved by swapping partners between pairs,
  and a block left with a repeat is matched exactly. Members still in repeated pairs are then
  pooled across blocks and grouped again, which removes what repeats a block could not.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

from bot.pairing.preferences import Candidate, Weigher

EXACT_LIMIT = 80
BLOCK = 32
SWAP_PASSES = 3
TRIO_TRIES = 3
TRY_EVERY_SPARE_UP_TO = 24

Group = tuple[int, ...]
_PairUp = Callable[[list[int], Weigher], list[Group]]


@dataclass(frozen=True, slots=True)
class Grouping:
    """A round's groups (member ids, ascending), how many pairs in them met before, the seed."""

    groups: tuple[Group, ...]
    repeats: int
    seed: int
    unpaired: tuple[int, ...] = ()
    """A lone eligible member, when there is only one."""


def group_members(
    candidates: Sequence[Candidate],
    history: Mapping[tuple[int, int], int],
    round_number: int,
    seed: int,
) -> Grouping:
    """Group `candidates` for round `round_number`.

    `history` maps each pair that met (smaller id first) to the number of the latest round they
    met in; rounds are numbered from 1 and `round_number` is the one being grouped.
    """
    rng = random.Random(seed)
    weigher = Weigher(candidates, history, round_number, rng.getrandbits(32))
    ids = sorted(weigher.by_id)
    if len(ids) < 2:
        return Grouping((), 0, seed, tuple(ids))
    solve = _exact if len(ids) <= EXACT_LIMIT else _blocked
    groups = solve(ids, weigher, rng)
    ordered = tuple(sorted(tuple(sorted(group)) for group in groups))
    return Grouping(ordered, count_repeats(ordered, weigher), seed)


def count_repeats(groups: Sequence[Group], weigher: Weigher) -> int:
    """Return how many pairs within `groups` met before."""
    return sum(weigher.is_repeat(a, b) for group in groups for a, b in combinations(group, 2))


def _score(groups: Sequence[Group], weigher: Weigher) -> tuple[int, float]:
    """Return (repeats, -total weight): smaller is better."""
    total = sum(weigher.weight(a, b) for group in groups for a, b in combinations(group, 2))
    return count_repeats(groups, weigher), -total


# --- Exact: round-robin factors, else maximum-weight matching -----------------------------


def _exact(ids: list[int], weigher: Weigher, rng: random.Random) -> list[Group]:
    earliest = weigher.earliest_pairs()
    if not earliest:
        return _with_trio(ids, weigher, rng, _max_weight_pairs, _trio_tries(ids))
    factor = _best_factor(_arrangement(ids, earliest), weigher)
    if factor is not None and count_repeats(factor, weigher) == 0:
        return factor
    matched = _with_trio(ids, weigher, rng, _max_weight_pairs, _trio_tries(ids))
    if factor is not None and _score(factor, weigher) <= _score(matched, weigher):
        return factor
    return matched


def _trio_tries(ids: list[int]) -> int:
    return len(ids) if len(ids) <= TRY_EVERY_SPARE_UP_TO else TRIO_TRIES


def _arrangement(ids: list[int], earliest: list[tuple[int, int]]) -> list[int]:
    """Order `ids` so that the circle method's first factor is `earliest`, if it pairs them all.

    The earliest round the members remember was the first of their round-robin; rebuilding the
    same schedule from it keeps every later round free of repeats. Otherwise: ascending ids.
    """
    placed = [member for pair in earliest for member in pair]
    if len(ids) % 2 or sorted(placed) != ids:
        return ids
    # Factor 0 of the circle method pairs (hub, ring[0]) and (ring[i], ring[size - i]).
    (hub, first), *rest = earliest
    size = len(ids) - 1
    ring: list[int] = [0] * size
    ring[0] = first
    for index, (low, high) in enumerate(rest, start=1):
        ring[index], ring[size - index] = low, high
    return [*ring, hub]


def _best_factor(ids: list[int], weigher: Weigher) -> list[Group] | None:
    """Return the circle-method factor with the fewest repeats, then the best weight."""
    best: tuple[tuple[int, float], list[Group]] | None = None
    for pairs, spare in circle_factors(ids):
        groups: list[Group] = list(pairs)
        if spare is not None:
            groups = _attach(spare, groups, weigher)
        scored = (_score(groups, weigher), groups)
        if best is None or scored[0] < best[0]:
            best = scored
    return None if best is None else best[1]


def circle_factors(ids: Sequence[int]) -> list[tuple[list[Group], int | None]]:
    """Return the rounds of a round-robin over `ids` (the circle method), in order.

    Each round pairs everyone; with an odd count one member is spare (given back beside the
    pairs). Over all rounds every two members are paired exactly once.
    """
    slots: list[int | None] = [*ids, None] if len(ids) % 2 else list(ids)
    hub, ring = slots[-1], slots[:-1]
    size = len(ring)
    rounds = []
    for turn in range(size):
        pairs = [(hub, ring[turn])]
        pairs += [
            (ring[(turn - i) % size], ring[(turn + i) % size]) for i in range(1, size // 2 + 1)
        ]
        spare = None
        groups: list[Group] = []
        for a, b in pairs:
            if a is None or b is None:
                spare = b if a is None else a
            else:
                groups.append((a, b))
        rounds.append((groups, spare))
    return rounds


def _max_weight_pairs(ids: list[int], weigher: Weigher) -> list[Group]:
    graph = nx.Graph()
    graph.add_weighted_edges_from((a, b, weigher.weight(a, b)) for a, b in combinations(ids, 2))
    matching = nx.max_weight_matching(graph, maxcardinality=True)
    return [tuple(sorted(pair)) for pair in matching]


# --- Odd counts: one trio -------------------------------------------------------------------


def _with_trio(
    ids: list[int],
    weigher: Weigher,
    rng: random.Random,
    pair_up: _PairUp,
    tries: int,
) -> list[Group]:
    """Pair `ids`; with an odd count, set one member aside and add them to the best pair."""
    if len(ids) % 2 == 0:
        return pair_up(ids, weigher)
    best: tuple[tuple[int, float], list[Group]] | None = None
    for spare in rng.sample(ids, min(tries, len(ids))):
        rest = [member for member in ids if member != spare]
        groups = _attach(spare, pair_up(rest, weigher), weigher)
        scored = (_score(groups, weigher), groups)
        if best is None or scored[0] < best[0]:
            best = scored
    assert best is not None
    return best[1]


def _attach(spare: int, pairs: list[Group], weigher: Weigher) -> list[Group]:
    """Make the pair that suits `spare` best (fewest repeats, then weight) a trio."""

    def fit(pair: Group) -> tuple[int, float]:
        repeats = sum(weigher.is_repeat(spare, member) for member in pair)
        return repeats, -sum(weigher.weight(spare, member) for member in pair)

    if not pairs:
        return [(spare,)]
    chosen = min(range(len(pairs)), key=lambda index: fit(pairs[index]))
    return [(*pair, spare) if index == chosen else pair for index, pair in enumerate(pairs)]


# --- At scale: blocks by time zone, greedy with swaps, then a pooled repair -------------------


def _blocked(ids: list[int], weigher: Weigher, rng: random.Random) -> list[Group]:
    by_id = weigher.by_id
    keys = {member: (round(by_id[member].utc_offset), rng.random()) for member in ids}
    ordered = sorted(ids, key=keys.__getitem__)
    groups: list[Group] = []
    for block in _blocks(ordered):
        groups += _with_trio(block, weigher, rng, _block_pairs, 1)
    return _repair(groups, weigher, rng)


def _blocks(ordered: list[int]) -> list[list[int]]:
    """Cut into blocks of BLOCK (even); a short remainder joins the last block."""
    blocks = [ordered[start : start + BLOCK] for start in range(0, len(ordered), BLOCK)]
    if len(blocks) > 1 and len(blocks[-1]) < BLOCK // 2:
        blocks[-2] += blocks.pop()
    return blocks


def _block_pairs(ids: list[int], weigher: Weigher) -> list[Group]:
    weights = weigher.weights_among(ids)
    pairs = _greedy(weights)
    pairs = _improve_by_swaps(pairs, weights)
    if any(weigher.is_repeat(a, b) for a, b in pairs) and len(ids) <= EXACT_LIMIT:
        return _max_weight_pairs(ids, weigher)
    return pairs


def _greedy(weights: dict[tuple[int, int], float]) -> list[Group]:
    taken: set[int] = set()
    pairs: list[Group] = []
    for (a, b), _weight in sorted(weights.items(), key=lambda item: -item[1]):
        if a not in taken and b not in taken:
            taken.update((a, b))
            pairs.append((a, b))
    return pairs


def _improve_by_swaps(pairs: list[Group], weights: dict[tuple[int, int], float]) -> list[Group]:
    """Swap partners between two pairs while that raises the total weight (2-opt)."""

    def weight(a: int, b: int) -> float:
        return weights[(a, b) if (a, b) in weights else (b, a)]

    pairs = list(pairs)
    for _ in range(SWAP_PASSES):
        improved = False
        for i, j in combinations(range(len(pairs)), 2):
            (a, b), (c, d) = pairs[i], pairs[j]
            current = weight(a, b) + weight(c, d)
            crossed, mixed = weight(a, c) + weight(b, d), weight(a, d) + weight(b, c)
            if crossed > current and crossed >= mixed:
                pairs[i], pairs[j], improved = (a, c), (b, d), True
            elif mixed > current:
                pairs[i], pairs[j], improved = (a, d), (b, c), True
        if not improved:
            break
    return pairs


def _repair(groups: list[Group], weigher: Weigher, rng: random.Random) -> list[Group]:
    """Group again, across blocks, the members of groups with a repeat."""
    troubled = [group for group in groups if count_repeats([group], weigher)]
    if not troubled:
        return groups
    kept = [group for group in groups if not count_repeats([group], weigher)]
    pool = sorted(member for group in troubled for member in group)
    # Partners from other blocks: new pairs are far more likely once the pool is mixed.
    rng.shuffle(pool)
    pair_up = _max_weight_pairs if len(pool) <= EXACT_LIMIT else _block_pairs_unbounded
    regrouped = _with_trio(pool, weigher, rng, pair_up, 1)
    if _score(regrouped, weigher) < _score(troubled, weigher):
        return kept + regrouped
    return groups


def _block_pairs_unbounded(ids: list[int], weigher: Weigher) -> list[Group]:
    return [pair for block in _blocks(ids) for pair in _block_pairs(block, weigher)]
