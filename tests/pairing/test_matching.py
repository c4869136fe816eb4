"""The grouping algorithm: everyone once, pairs and at most one trio, no repeats while avoidable,
preferences visible, reproducible from its seed."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.pairing.matching import EXACT_LIMIT, Grouping, circle_factors, group_members
from bot.pairing.preferences import Candidate, pair_key, shared_waking_hours

History = dict[tuple[int, int], int]


def people(count: int, start: int = 1) -> list[Candidate]:
    return [Candidate(member) for member in range(start, start + count)]


def remember(history: History, grouping: Grouping, number: int) -> None:
    for group in grouping.groups:
        for a, b in combinations(group, 2):
            history[pair_key(a, b)] = number


def run_rounds(candidates: list[Candidate], rounds: int, seed: int = 7) -> tuple[int, History]:
    history: History = {}
    repeats = 0
    for number in range(1, rounds + 1):
        grouping = group_members(candidates, history, number, seed * 1000 + number)
        repeats += grouping.repeats
        remember(history, grouping, number)
    return repeats, history


def assert_well_formed(grouping: Grouping, eligible: set[int]) -> None:
    placed = [member for group in grouping.groups for member in group]
    assert sorted(placed) == sorted(eligible)  # everyone, exactly once, nobody else
    assert all(len(group) in (2, 3) for group in grouping.groups)
    assert sum(len(group) == 3 for group in grouping.groups) == len(eligible) % 2


candidate_lists = st.lists(
    st.builds(
        Candidate,
        id=st.integers(1, 10_000),
        utc_offset=st.sampled_from([-8.0, -5.0, 0.0, 1.0, 5.5, 9.0, 12.0]),
        interests=st.frozensets(st.sampled_from(["python", "music", "chess", "art"]), max_size=3),
        activity=st.floats(0, 1),
    ),
    min_size=2,
    max_size=120,
    unique_by=lambda candidate: candidate.id,
)


@settings(max_examples=60, deadline=None)
@given(
    candidates=candidate_lists,
    gone=st.sets(st.integers(1, 10_000), max_size=20),
    past=st.lists(st.tuples(st.integers(1, 10_000), st.integers(1, 10_000)), max_size=200),
    seed=st.integers(0, 2**63 - 1),
)
def test_every_eligible_member_is_in_exactly_one_pair_or_the_one_trio(
    candidates: list[Candidate],
    gone: set[int],
    past: list[tuple[int, int]],
    seed: int,
) -> None:
    # The paused and departed never reach the algorithm: the service passes the eligible only.
    eligible = [candidate for candidate in candidates if candidate.id not in gone]
    history = {pair_key(a, b): 1 for a, b in past if a != b}
    grouping = group_members(eligible, history, 2, seed)
    if len(eligible) < 2:
        assert grouping.groups == ()
        return
    assert_well_formed(grouping, {candidate.id for candidate in eligible})
    assert not gone & {member for group in grouping.groups for member in group}


def test_a_lone_member_is_left_unpaired() -> None:
    assert group_members(people(1), {}, 1, 0).unpaired == (1,)
    assert group_members([], {}, 1, 0) == Grouping((), 0, 0)


def test_ten_members_meet_nine_different_partners_in_nine_rounds() -> None:
    repeats, history = run_rounds(people(10), 9)
    assert repeats == 0
    assert len(history) == 45  # every pair met exactly once


def test_even_groups_of_every_size_meet_everyone_before_anyone_repeats() -> None:
    for size in (2, 4, 6, 8, 12, 20, 50):
        repeats, history = run_rounds(people(size), size - 1, seed=size)
        assert repeats == 0, size
        assert len(history) == size * (size - 1) // 2, size


@settings(max_examples=15, deadline=None)
@given(size=st.integers(2, 40).map(lambda n: n * 2), seed=st.integers(0, 2**32))
def test_full_participation_never_repeats_within_a_cycle(size: int, seed: int) -> None:
    repeats, _ = run_rounds(people(size), size - 1, seed)
    assert repeats == 0


def test_after_a_full_cycle_the_least_recent_partners_come_round_again() -> None:
    candidates = people(6)
    _, history = run_rounds(candidates, 5)
    first_round = {pair for pair, number in history.items() if number == 1}
    grouping = group_members(candidates, history, 6, 99)
    again = {pair_key(*group) for group in grouping.groups}
    assert grouping.repeats == 3
    assert again == first_round


def test_no_repeat_when_members_come_and_go_while_a_fresh_grouping_exists() -> None:
    history: History = {}
    cast = people(12)
    for number in range(1, 6):
        present = [c for c in cast if c.id != number]  # one different member away each round
        present = present[: len(present) - (len(present) % 2)]
        grouping = group_members(present, history, number, number)
        assert grouping.repeats == 0
        remember(history, grouping, number)


def test_odd_counts_form_one_trio_and_avoid_repeats_early_on() -> None:
    repeats, _ = run_rounds(people(11), 3)
    assert repeats == 0


def test_shared_waking_hours_fall_with_the_gap_between_zones() -> None:
    assert shared_waking_hours(1.0, 1.0) == 14.0
    assert shared_waking_hours(1.0, 2.0) == 13.0
    assert shared_waking_hours(-5.0, 9.0) == 4.0  # twelve hours apart: mornings and evenings
    assert shared_waking_hours(11.0, -11.0) == shared_waking_hours(0.0, 2.0)  # wraps round


def test_members_are_paired_with_those_whose_time_zones_share_waking_hours() -> None:
    tokyo = [Candidate(member, 9.0) for member in (1, 4, 5, 8)]
    new_york = [Candidate(member, -5.0) for member in (2, 3, 6, 7)]
    for seed in range(5):
        grouping = group_members(tokyo + new_york, {}, 1, seed)
        zones = [{9.0 if member in (1, 4, 5, 8) else -5.0 for member in g} for g in grouping.groups]
        assert all(len(zone) == 1 for zone in zones), grouping.groups


def test_time_zones_also_steer_large_communities() -> None:
    size = EXACT_LIMIT * 4
    candidates = [Candidate(member, 9.0 if member % 2 else -5.0) for member in range(size)]
    grouping = group_members(candidates, {}, 1, 3)
    assert_well_formed(grouping, set(range(size)))
    mixed = [g for g in grouping.groups if len({m % 2 for m in g}) > 1]
    assert not mixed


def test_shared_interests_bring_members_together() -> None:
    interests = {1: "chess", 2: "music", 3: "chess", 4: "music", 5: "art", 6: "art"}
    candidates = [Candidate(m, 0.0, frozenset({topic})) for m, topic in interests.items()]
    for seed in range(5):
        grouping = group_members(candidates, {}, 1, seed)
        assert all(len({interests[m] for m in group}) == 1 for group in grouping.groups)


def test_a_quiet_member_is_paired_with_a_more_active_one() -> None:
    candidates = [Candidate(1, activity=0.0), Candidate(2, activity=0.05)]
    candidates += [Candidate(3, activity=0.95), Candidate(4, activity=1.0)]
    for seed in range(5):
        grouping = group_members(candidates, {}, 1, seed)
        assert all({m <= 2 for m in group} == {True, False} for group in grouping.groups)


def test_history_outweighs_preferences() -> None:
    tokyo = [Candidate(1, 9.0), Candidate(2, 9.0)]
    new_york = [Candidate(3, -5.0), Candidate(4, -5.0)]
    history = {pair_key(1, 2): 1, pair_key(3, 4): 1}
    grouping = group_members(tokyo + new_york, history, 2, 0)
    assert grouping.repeats == 0


def test_the_same_seed_gives_the_same_grouping_and_others_vary() -> None:
    for size in (9, 30, 300):
        candidates = people(size)
        first = group_members(candidates, {}, 1, 1234)
        assert group_members(list(reversed(candidates)), {}, 1, 1234) == first
        others = {group_members(candidates, {}, 1, seed).groups for seed in range(6)}
        assert len(others) > 1, size


def test_the_circle_method_pairs_everyone_once() -> None:
    for size in (4, 5, 10):
        seen: set[tuple[int, int]] = set()
        for pairs, spare in circle_factors(list(range(size))):
            assert (spare is None) == (size % 2 == 0)
            for pair in pairs:
                key = pair_key(*pair)
                assert key not in seen
                seen.add(key)
        assert len(seen) == size * (size - 1) // 2


def test_the_inlined_block_weights_equal_the_pair_weights() -> None:
    from bot.pairing.preferences import Weigher

    candidates = [
        Candidate(7, 9.0, frozenset({"go", "art"}), 0.2),
        Candidate(3, -5.0, frozenset({"go"}), 0.9),
        Candidate(5, 5.5, frozenset(), 0.0),
        Candidate(1, 12.0, frozenset({"art", "go", "jazz"}), 1.0),
    ]
    weigher = Weigher(candidates, {(3, 7): 2, (1, 5): 4}, 6, 1234)
    weights = weigher.weights_among([7, 3, 5, 1])
    assert len(weights) == 6
    for (a, b), weight in weights.items():
        assert weight == pytest.approx(weigher.weight(a, b))


@pytest.mark.parametrize(("cast", "rounds"), [(40, 12), (41, 45), (3 * EXACT_LIMIT, 20)])
def test_pairs_with_anyone_outside_the_pool_change_nothing(cast: int, rounds: int) -> None:
    # The store reads only the pool's own pairs; the grouping must not depend on the others.
    _, history = run_rounds(people(cast), rounds)
    pool = [c for c in people(cast) if c.id % 5]  # a fifth of the members left or paused
    ids = {c.id for c in pool}
    own = {pair: last for pair, last in history.items() if set(pair) <= ids}
    assert len(own) < len(history)
    everyone = group_members(pool, history, rounds + 1, 31)
    theirs = group_members(pool, own, rounds + 1, 31)
    assert theirs == everyone
